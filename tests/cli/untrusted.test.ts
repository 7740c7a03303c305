/*
Attacks through the shared decks and sync folders, run against the real built CLI (issue 15).
Whoever can push to a decks repository can place any file there: these tests place what such a
stranger could, and check that fluency skips it with one line instead of hanging, crashing or
writing outside the folder.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN, cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';

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
