import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {beforeEach, describe, expect, it} from 'vitest';
import {BIN, cliEnv, runCli} from '../helpers/cli.js';
import {setCardMemory, versionOneDatabaseKilledMidWrite} from '../helpers/raw-database.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';
import {inTerminal} from '../helpers/terminal.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';

const DECK = `---
title: Backend
---

${['CI', 'CD', 'a canary', 'a saga', 'an outbox', 'idempotency', 'a webhook', 'an SLO'].map((term) => `Q: What is ${term}?\n\nA: Something.`).join('\n\n')}
`;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let temp: TempDecks;
let env: Record<string, string>;

beforeEach(() => {
	temp = makeTempDecks({'backend.md': DECK}, 'fluency-status-');
	env = cliEnv(temp.root);
	// Two new cards a day, so the limit shows in {new}.
	writeFileSync(env['FLUENCY_CONFIG']!, 'newPerDay: 2\n');
});

const status = (...args: string[]) => runCli(['status', '--db', temp.db, '--decks', temp.decks, ...args], env);

/** Give the cards asked for a stored memory, by their question: due reviews, learning steps, reviews not due. */
function setMemories(memories: Readonly<Record<string, {state: string; due: number}>>): void {
	const store = Store.open(temp.db);
	const ids = new Map(rowsOf(store, 'cards').map((card) => [String(card['prompt']), String(card['id'])]));
	store.close();
	const db = new Database(temp.db);
	for (const [prompt, memory] of Object.entries(memories)) {
		const id = ids.get(prompt);
		if (id === undefined) throw new Error(`no card ${prompt} among ${[...ids.keys()].join(', ')}`);
		setCardMemory(db, {...memory, stability: 3, difficulty: 5, last_review: Date.now() - 3 * DAY}, id);
	}
	db.close();
}

describe('fluency status', () => {
	it('prints "0 due" and creates no database when there is none yet', () => {
		const result = runCli(['status'], env);
		expect(result).toEqual({code: 0, stdout: '0 due\n', stderr: ''});
		expect(runCli(['status', '--db', temp.db], env)).toEqual({code: 0, stdout: '0 due\n', stderr: ''});
		expect(runCli(['status', '--quiet'], env)).toEqual({code: 0, stdout: '', stderr: ''});
		expect(existsSync(temp.db)).toBe(false);
		expect(existsSync(env['FLUENCY_DATA_DIR']!)).toBe(false);
	});

	it('counts what `fluency review` shows, from the same queue', async () => {
		expect(runCli(['sync', '--db', temp.db, '--decks', temp.decks], env).code).toBe(0);
		const now = Date.now();
		setMemories({
			'What is CI?': {state: 'review', due: now - DAY},
			'What is CD?': {state: 'review', due: now - 2 * DAY},
			'What is a canary?': {state: 'review', due: now + 5 * DAY},
			'What is a saga?': {state: 'learning', due: now - MINUTE},
			// Beyond the learn-ahead time: a learning card today (when the study day lasts that long), not due now.
			'What is an outbox?': {state: 'relearning', due: now + 50 * MINUTE},
		});
		const counts = status('--format', '{new} new · {learning} learn · {review} due · {total} left · {due} now');
		expect(counts.stderr).toBe('');
		const [, newCards, learning, reviews, total, dueNow] = /^(\d+) new · (\d+) learn · (\d+) due · (\d+) left · (\d+) now\n$/.exec(counts.stdout)!.map(Number);
		expect({newCards, reviews, dueNow}).toEqual({newCards: 2, reviews: 2, dueNow: 3});
		expect(total).toBe(newCards! + learning! + reviews!);

		// The review's header counts the same queue (the card on screen included).
		const terminal = inTerminal(['review', '--db', temp.db, '--decks', temp.decks], env, {columns: 100});
		await terminal.waitFor(/\d+ new · \d+ learn · \d+ review/);
		const shown = /(\d+) new · (\d+) learn · (\d+) review/.exec(terminal.text())!.slice(1).map(Number);
		terminal.type('q');
		expect(await terminal.exited).toBe(0);
		expect(shown).toEqual([newCards, learning, reviews]);
		expect(status().stdout).toBe(`${dueNow} due · ${newCards} new\n`);
	});

	it('fills --format, and answers an unknown placeholder with one line and exit code 2', () => {
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		expect(status('--format', 'fluency: {due}/{total} ({new} new, {learning} learning, {review} reviews)')).toEqual({
			code: 0,
			stdout: 'fluency: 0/2 (2 new, 0 learning, 0 reviews)\n',
			stderr: '',
		});
		for (const format of ['{due} {bogus}', '{}', '{Due}']) {
			const result = status('--format', format);
			expect(result.code).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^fluency: unknown placeholder \{\w*\} in --format; the placeholders are \{due\} \{new\} \{learning\} \{review\} \{total\}\n$/);
		}
		// Checked before anything is read: also without a database.
		expect(runCli(['status', '--format', '{nope}'], env).code).toBe(2);
	});

	it('prints nothing with --quiet when nothing is waiting, and the line when something is', () => {
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		expect(status('--quiet')).toEqual({code: 0, stdout: '0 due · 2 new\n', stderr: ''});
		const later = Date.now() + 3 * DAY;
		setMemories(Object.fromEntries(['CI', 'CD', 'a canary', 'a saga', 'an outbox', 'idempotency', 'a webhook', 'an SLO'].map((term) => [`What is ${term}?`, {state: 'review', due: later}])));
		expect(status('--quiet')).toEqual({code: 0, stdout: '', stderr: ''});
		expect(status('-q', '--format', '{due}')).toEqual({code: 0, stdout: '', stderr: ''});
		expect(status()).toEqual({code: 0, stdout: '0 due\n', stderr: ''});
	});

	it('reads its options in every spelling commander takes, and leaves help and wrong usage to commander', () => {
		temp.write('ml.md', '---\ntitle: ML\n---\n\nQ: What is a baseline?\n\nA: The simplest model.\n');
		const second = makeTempDecks({'data.md': '---\ntitle: Data\n---\n\nQ: What is a metric?\n\nA: A number that matters.\n'}, 'fluency-status-second-');
		writeFileSync(env['FLUENCY_CONFIG']!, 'newPerDay: 20\n');
		expect(runCli(['sync', '--db', temp.db, '--decks', temp.decks, '--decks', second.decks], env).code).toBe(0);
		// Repeated --decks, --opt=value, options after the operands, and `--` before an operand.
		expect(runCli(['status', `--db=${temp.db}`, `--decks=${temp.decks}`, '--decks', second.decks, '--format={new}'], env)).toEqual({code: 0, stdout: '10\n', stderr: ''});
		expect(runCli(['status', 'ml', '--db', temp.db, '--format', '{total}'], env)).toEqual({code: 0, stdout: '1\n', stderr: ''});
		expect(runCli(['status', '--db', temp.db, '--format', '{total}', '--', 'data'], env)).toEqual({code: 0, stdout: '1\n', stderr: ''});
		// Global options before the command go through commander, and agree.
		expect(runCli(['--db', temp.db, 'status', '--format', '{new}'], env)).toEqual({code: 0, stdout: '10\n', stderr: ''});
		// What the shortcut cannot parse, commander says, as for any command.
		expect(runCli(['status', '--db', temp.db, '--bogus'], env)).toEqual({code: 2, stdout: '', stderr: "fluency: unknown option '--bogus'\n"});
		expect(runCli(['status', '--db', temp.db, '--format'], env)).toEqual({code: 2, stdout: '', stderr: "fluency: option '--format <text>' argument missing\n"});
		const help = runCli(['status', '--help'], env);
		expect(help.code).toBe(0);
		expect(help.stdout).toMatch(/^Usage: fluency status \[options\] \[deck-or-tag\.\.\.\]/);
		expect(help.stdout).toContain('{total}     {new} + {learning} + {review}');
		expect(runCli(['status', '-h'], env).stdout).toBe(help.stdout);
	});

	it('stops quietly with exit code 0 when the reader of its output has gone, through the shortcut and through commander', () => {
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		// `| true` closes the pipe long before fluency writes; bash says each side's exit code.
		const intoClosedPipe = (...args: string[]) => {
			const command = [process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ');
			return spawnSync('bash', ['-c', `${command} | true; echo "\${PIPESTATUS[0]}"`], {env, encoding: 'utf8'});
		};
		for (const args of [['status', '--db', temp.db], ['--db', temp.db, 'status'], ['decks', '--db', temp.db, '--decks', temp.decks], ['--version']]) {
			const result = intoClosedPipe(...args);
			expect({args, stdout: result.stdout, stderr: result.stderr}).toEqual({args, stdout: '0\n', stderr: ''});
		}
	});

	it('reads the database only: no deck file read, nothing written, no notice', () => {
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		const before = readFileSync(temp.db);
		temp.write('more.md', '---\ntitle: More\n---\n\nQ: One more?\n\nA: Yes.\n');
		// The new deck counts once a command that reads the decks has run.
		expect(status('--format', '{total}')).toEqual({code: 0, stdout: '2\n', stderr: ''});
		expect(readFileSync(temp.db).equals(before)).toBe(true);
		expect(readdirSync(temp.root).filter((name) => name.startsWith('fluency.db-') && !/-(wal|shm)$/.test(name))).toEqual([]);
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		expect(status('--format', '{new} {total}').stdout).toBe('2 2\n');
		writeFileSync(env['FLUENCY_CONFIG']!, 'newPerDay: 20\n');
		expect(status('--format', '{new} {total}').stdout).toBe('9 9\n');
	});

	it('counts the decks or tags named, and says so in one line when one does not exist', () => {
		temp.write('ml.md', '---\ntitle: ML\n---\n\nQ: What is a baseline?\n\nA: The simplest model.\n');
		writeFileSync(env['FLUENCY_CONFIG']!, 'newPerDay: 20\n');
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		expect(status('ml').stdout).toBe('0 due · 1 new\n');
		expect(status('backend', 'ml').stdout).toBe('0 due · 9 new\n');
		expect(status('nope')).toEqual({code: 2, stdout: '', stderr: 'fluency: no deck or tag named `nope` (see `fluency decks`)\n'});
		expect(runCli(['status', '--db', temp.db, '--decks', join(temp.root, 'missing')], env)).toMatchObject({code: 2, stderr: `fluency: decks directory ${join(temp.root, 'missing')} does not exist\n`});
	});

	it('reads its config file, and says in one line when the file is not YAML or names an unknown setting', () => {
		runCli(['sync', '--db', temp.db, '--decks', temp.decks], env);
		// The status line is bundled on its own: its YAML parser and its errors are its own copies.
		expect(status()).toEqual({code: 0, stdout: '0 due · 2 new\n', stderr: ''});
		writeFileSync(env['FLUENCY_CONFIG']!, 'newPerDay: [2\n');
		expect(status()).toEqual({code: 1, stdout: '', stderr: `fluency: ${env['FLUENCY_CONFIG']}:2: not valid YAML\n`});
		writeFileSync(env['FLUENCY_CONFIG']!, 'new_cards_per_day: 2\n');
		expect(status()).toMatchObject({code: 1, stdout: '', stderr: expect.stringMatching(/^fluency: .*config\.yaml: unknown setting `new_cards_per_day` \(known: .*\)\n$/)});
	});

	it('says in one line when the database is not one it can read', () => {
		writeFileSync(temp.db, 'not a database, but text that is long enough to look like a header of a file '.repeat(20));
		const result = status();
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr.split('\n')).toHaveLength(2);
		expect(result.stderr).toMatch(/^fluency: .*fluency\.db is damaged or is not a SQLite database/);
	});

	it('says in one line what to do with a database an older fluency was killed in the middle of writing, and leaves it as it is', () => {
		versionOneDatabaseKilledMidWrite(temp.db);
		const before = readFileSync(temp.db);
		const result = status();
		expect(result).toEqual({code: 1, stdout: '', stderr: `fluency: ${temp.db} holds a write an older fluency was stopped in the middle of; the next \`fluency sync\` rolls it back and upgrades the database, after a backup\n`});
		expect(readFileSync(temp.db).equals(before)).toBe(true);
		expect(existsSync(`${temp.db}-journal`)).toBe(true);
	});
});
