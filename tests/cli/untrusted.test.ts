/*
Attacks through the shared decks and sync folders, run against the real built CLI (issue 15).
Whoever can push to a decks repository can place any file there: these tests place what such a
stranger could, and check that fluency skips it with one line instead of hanging, crashing or
writing outside the folder.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN, cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {holdOpenInWalMode, insertReviews, overwriteDeckProblems} from '../helpers/raw-database.js';

const made: TempDecks[] = [];
afterEach(() => {
	for (const temp of made.splice(0)) rmSync(temp.root, {recursive: true, force: true});
});

// A deck as a user writes it, its title carrying what a hostile one would: a C1 CSI and a right-to-left override.
const HOSTILE_TITLE_DECK = '---\ntitle: "Evil\u009b31m \u202eeman"\n---\n\nQ: What does CI stand for?\nA: Continuous integration.\n';

function home(files: Record<string, string> = {}): TempDecks {
	const temp = makeTempDecks(files);
	made.push(temp);
	writeFileSync(join(temp.root, 'config.yaml'), `decks: [${JSON.stringify(temp.decks)}]\n`);
	return temp;
}

/** Run the CLI with a time limit, so a hang fails the test instead of stalling the suite. */
function runWithin(args: readonly string[], temp: TempDecks, ms = 8000) {
	const result = spawnSync(process.execPath, [BIN, ...args], {env: cliEnv(temp.root), cwd: temp.root, encoding: 'utf8', input: '', timeout: ms});
	return {code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr};
}

describe('JSON output from hostile deck text', () => {
	it('escapes C1 controls and bidi overrides in decks --json', () => {
		const temp = home({'evil.md': HOSTILE_TITLE_DECK});
		const result = runCli(['decks', '--json'], cliEnv(temp.root));
		expect(result.code).toBe(0);
		expect(result.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
		expect(result.stdout).toContain('\\u009b');
		expect(result.stdout).toContain('\\u202e');
		expect(JSON.parse(result.stdout).decks[0].title).toBe('Evil\u009b31m \u202eeman');
	});
});

describe('files of the wrong kind', () => {
	it('skips a directory named like a log with one line', () => {
		const temp = home({'d.md': 'Q: a?\nA: b.\n'});
		mkdirSync(join(temp.decks, '.fluency', 'x.jsonl'), {recursive: true});
		const result = runWithin(['decks'], temp);
		expect(result.code).toBe(0);
		expect(result.stderr).not.toContain('internal error');
		const sync = runWithin(['sync'], temp);
		expect(sync.stdout).toMatch(/x\.jsonl:\d+: .*skipped: .*directory/);
	});

	it('never hangs on a FIFO named like a log', () => {
		const temp = home({'d.md': 'Q: a?\nA: b.\n'});
		mkdirSync(join(temp.decks, '.fluency'), {recursive: true});
		execFileSync('mkfifo', [join(temp.decks, '.fluency', 'pipe.jsonl')]);
		const result = runWithin(['decks'], temp);
		expect(result.signal).toBeNull();
		expect(result.code).toBe(0);
		const sync = runWithin(['sync'], temp);
		expect(sync.signal).toBeNull();
		expect(sync.stdout).toMatch(/pipe\.jsonl:\d+: .*skipped: .*FIFO/);
	});

	it('never hangs on a FIFO deck, in the decks folder or named on the command line', () => {
		const temp = home({'d.md': 'Q: a?\nA: b.\n'});
		execFileSync('mkfifo', [join(temp.decks, 'pipe.md')]);
		const decks = runWithin(['decks'], temp);
		expect(decks.signal).toBeNull();
		expect(decks.code).toBe(0);
		const sync = runWithin(['sync'], temp);
		expect(sync.stdout).toMatch(/pipe\.md:1: .*skipped: .*FIFO/);
		const check = runWithin(['check', join(temp.decks, 'pipe.md')], temp);
		expect(check.signal).toBeNull();
		expect(check.code).toBe(1);
		expect(check.stdout + check.stderr).toMatch(/pipe\.md:1: .*FIFO/);
	});
});

describe('forged dates', () => {
	const STRANGER = '0190aaaa-0000-7000-8000-000000000001';

	it('skips a review dated +275760 with its file and line; every command still works', () => {
		const temp = home({'d.md': 'Q: What does CI stand for?\nA: Continuous integration.\n'});
		expect(runCli(['decks'], cliEnv(temp.root)).code).toBe(0);
		mkdirSync(join(temp.decks, '.fluency'), {recursive: true});
		// What another device's log holds, with the date changed to JavaScript's last one.
		writeFileSync(
			join(temp.decks, '.fluency', `${STRANGER}.jsonl`),
			`{"type":"device","device":"${STRANGER}","name":"x","created":"2026-11-24T09:00:00.000Z"}\n` +
				`{"type":"review","id":"0190cccc-0000-7000-8000-000000000001","device":"${STRANGER}","at":"+275760-09-13T00:00:00.000Z","card":"c","key":"q:what does ci stand for#0","deck":"d","rating":3,"ms":1}\n`,
		);
		for (const command of [['decks'], ['stats'], ['doctor']]) {
			const result = runCli(command, cliEnv(temp.root));
			expect(result.stderr).not.toContain('internal error');
			expect(result.code).toBe(0);
		}
		expect(runCli(['sync'], cliEnv(temp.root)).stdout).toMatch(new RegExp(`${STRANGER}\\.jsonl:2: skipped: event time .* more than a day ahead`));
	});

	it('keeps stats working over an answer dated -271821 that an older fluency stored, and doctor --repair removes it', () => {
		const temp = home({'d.md': 'Q: What does CI stand for?\nA: Continuous integration.\n'});
		expect(runCli(['decks'], cliEnv(temp.root)).code).toBe(0);
		// The row an older fluency stored from a forged line: a review with the earliest date JavaScript has.
		const store = Store.open(join(temp.root, 'data', 'fluency.db'));
		const card = rowsOf(store, 'cards')[0]!['id'] as string;
		const at = Date.parse('-271821-04-20T00:00:00.000Z');
		insertReviews(store.db, [
			{
				id: '0190cccc-0000-7000-8000-000000000002', card_id: card, device_id: STRANGER, reviewed_at: at, rating: 3, duration_ms: 1000, state_before: 'new',
				stability_before: 0, difficulty_before: 0, scheduled_days_before: 0, elapsed_days: 0, retrievability: null, state_after: 'review', stability_after: 1, difficulty_after: 5, scheduled_days: 1, due_after: at,
			},
		]);
		store.close();
		const stats = runCli(['stats'], cliEnv(temp.root));
		expect(stats.stderr).not.toContain('internal error');
		expect(stats.code).toBe(0);
		const doctor = runCli(['doctor'], cliEnv(temp.root));
		expect(doctor.code).toBe(1);
		expect(doctor.stdout).toContain('1 answers with an impossible time');
		expect(runCli(['doctor', '--repair'], cliEnv(temp.root)).code).toBe(0);
		expect(runCli(['doctor'], cliEnv(temp.root)).code).toBe(0);
	});
});

describe('a database this user cannot write (issue 15, item 7)', () => {
	// Root may write anything: when the tests run as root, the CLI runs as root without the
	// capabilities that override file permissions, so a file's mode binds it as it binds any owner.
	// (Running it as nobody instead fails for a reason of its own when the checkout sits in a 0700 folder.)
	const asRoot = process.getuid?.() === 0;
	const WITHOUT_OVERRIDES = ['--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];

	function ownedHome(): TempDecks {
		const temp = home({'d.md': 'Q: What does CI stand for?\nA: Continuous integration.\n'});
		expect(runCli(['decks'], cliEnv(temp.root)).code).toBe(0);
		return temp;
	}
	function runAsUser(args: readonly string[], temp: TempDecks) {
		const started = Date.now();
		const command = asRoot ? ['setpriv', [...WITHOUT_OVERRIDES, process.execPath, BIN, ...args]] as const : [process.execPath, [BIN, ...args]] as const;
		const result = spawnSync(command[0], command[1], {env: cliEnv(temp.root), cwd: temp.root, encoding: 'utf8', input: '', timeout: 10_000});
		return {code: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started};
	}
	const data = (temp: TempDecks) => join(temp.root, 'data');

	it('says the database file is read-only, exit 1, in one line: not damaged, not a bug', () => {
		const temp = ownedHome();
		chmodSync(join(data(temp), 'fluency.db'), 0o444);
		const result = runAsUser(['decks'], temp);
		expect(result.code).toBe(1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/fluency\.db is read-only for this user/);
		expect(result.stderr).not.toMatch(/internal error|damaged/);
	});

	it('says which file beside the database is read-only when -wal and -shm are', () => {
		const temp = ownedHome();
		// A connection held open keeps the -wal and -shm files, as a running fluency or `sudo fluency` leaves them.
		const holder = holdOpenInWalMode(join(data(temp), 'fluency.db'));
		try {
			for (const name of ['fluency.db', 'fluency.db-wal', 'fluency.db-shm']) {
				chmodSync(join(data(temp), name), 0o444);
			}
			const result = runAsUser(['decks'], temp);
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/is read-only for this user/);
			expect(result.stderr).not.toMatch(/internal error|damaged/);
			expect(result.ms).toBeLessThan(8000);
		} finally {
			holder.close();
		}
	});

	it('says the folder is read-only when SQLite cannot create its files beside the database', () => {
		const temp = ownedHome();
		for (const name of readdirSync(data(temp))) if (name.startsWith('fluency.db-')) rmSync(join(data(temp), name));
		chmodSync(data(temp), 0o555);
		try {
			const result = runAsUser(['decks'], temp);
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/the folder .*data is read-only for this user/);
			expect(result.stderr).not.toMatch(/internal error|damaged/);
		} finally {
			chmodSync(data(temp), 0o755);
		}
	});
});

describe('add --editor and a deck that is a link', () => {
	it('writes no card through a link to a file outside the decks folder, and says so in one line', () => {
		const temp = home({'d.md': 'Q: a?\nA: b.\n'});
		const target = join(temp.root, '.bashrc');
		writeFileSync(target, 'alias ll="ls -l"\n', {mode: 0o600});
		symlinkSync(target, join(temp.decks, 'shell.md'));
		// An editor that writes one card into the draft it is given (its last argument), as a user would.
		const editor = join(temp.root, 'editor.sh');
		writeFileSync(editor, '#!/bin/sh\nfor last; do :; done\nprintf \'Q: What does ls -l show?\\nA: A long listing.\\n\' > "$last"\n', {mode: 0o755});
		const result = runCli(['add', 'shell', '--editor'], cliEnv(temp.root, {EDITOR: editor}));
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/shell\.md is a symbolic link; fluency does not write through links it did not create/);
		expect(result.stderr).not.toContain('internal error');
		// The card the user wrote is not lost: the draft stays where the message says.
		const kept = /your draft is kept in (.*card\.md)\)/.exec(result.stderr)?.[1];
		expect(kept && readFileSync(kept, 'utf8')).toBe('Q: What does ls -l show?\nA: A long listing.\n');
		rmSync(dirname(kept!), {recursive: true, force: true});
		expect(readFileSync(target, 'utf8')).toBe('alias ll="ls -l"\n');
		expect(statSync(target).mode & 0o777).toBe(0o600);
	});
});

describe('damage inside a row', () => {
	it('is reported as damage with the backup to restore, not as a bug', () => {
		const temp = home({'d.md': 'Q: What does CI stand for?\nA: Continuous integration.\n'});
		expect(runCli(['decks'], cliEnv(temp.root)).code).toBe(0);
		// What a bad sector inside a row leaves: bytes SQLite's checks cannot see, where fluency keeps JSON.
		overwriteDeckProblems(join(temp.root, 'data', 'fluency.db'), '\u00ff\u00ff]');
		const result = runCli(['decks'], cliEnv(temp.root));
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/fluency\.db is damaged \(damaged text where the problems of a deck should be\)/);
		expect(result.stderr).not.toContain('internal error');
	});
});
