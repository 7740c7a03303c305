import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import Database from 'better-sqlite3';
import {beforeEach, describe, expect, it} from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/fluency');
let home: string;
let db: string;
let env: Record<string, string>;

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), 'fluency-review-cli-'));
	db = join(home, 'review.db');
	mkdirSync(join(home, 'decks'));
	writeFileSync(join(home, 'decks', 'backend.md'), 'Q: What does CI stand for?\n\nA: Continuous integration.\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n\nQ: What is a saga?\n\nA: Local transactions with compensations.\n');
	env = {PATH: process.env['PATH'] ?? '', HOME: home, TERM: 'xterm-256color', FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'none.yaml')};
});

/** The real binary in a real terminal: `script` gives it a pseudo-terminal, as a shell would. */
function inTerminal(args: string) {
	const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} review --db ${db} --decks ${join(home, 'decks')} ${args}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']});
	let screen = '';
	child.stdout.on('data', (chunk: Buffer) => (screen += chunk.toString()));
	const exited = new Promise<number | null>((done) => child.on('exit', done));
	const waitFor = async (text: string) => {
		for (let waited = 0; waited < 15_000 && !screen.includes(text); waited += 50) await new Promise((done) => setTimeout(done, 50));
		expect(screen).toContain(text);
	};
	return {child, waitFor, exited, screen: () => screen};
}

describe('fluency review from a shell', () => {
	it('refuses to start without a terminal, in one line with exit code 2', () => {
		const result = spawnSync(process.execPath, [BIN, 'review', '--db', db], {env, encoding: 'utf8', input: ''});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('fluency: review needs an interactive terminal (stdin is not a TTY)\n');
	});

	it('says when nothing is due and when the next card is, and exits 0', async () => {
		writeFileSync(join(home, 'none.yaml'), 'newPerDay: 0\n');
		const {waitFor, exited} = inTerminal('');
		await waitFor('Nothing due now; no card is waiting for a review yet.');
		await waitFor('New cards are limited to 0 a day');
		expect(await exited).toBe(0);
	});

	it('loses at most the card on screen when killed with SIGKILL', async () => {
		const {child, waitFor, exited} = inTerminal('');
		await waitFor('What does CI stand for?');
		child.stdin.write(' ');
		await waitFor('Continuous integration.');
		child.stdin.write('3');
		await waitFor('What is a canary release?');
		child.stdin.write(' ');
		await waitFor('A small share of traffic first.');
		child.stdin.write('4');
		await waitFor('What is a saga?');
		// The fluency process itself, not just the terminal around it.
		const pid = execFileSync('pgrep', ['-f', `review --db ${db}`], {encoding: 'utf8'}).trim().split('\n').filter((line) => line !== String(child.pid));
		for (const id of pid) process.kill(Number(id), 'SIGKILL');
		await exited;
		const saved = new Database(db, {readonly: true});
		expect(saved.prepare('SELECT rating FROM reviews ORDER BY reviewed_at').all()).toEqual([{rating: 3}, {rating: 4}]);
		expect(saved.pragma('integrity_check', {simple: true})).toBe('ok');
		saved.close();
	});
});
