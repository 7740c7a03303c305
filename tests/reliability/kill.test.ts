import {type ChildProcess, spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {examine} from '../../src/app/safety/doctor.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {encodeEvent, encodeHeader} from '../../src/core/sync/event-log.js';
import {seededRandom} from '../../src/core/random.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {syncDecks} from '../../src/app/decks/load-decks.js';
import {activeCards} from '../../src/store/cards.js';
import {APPLICATION_ID, Store} from '../../src/store/database.js';
import {LATEST_VERSION, MIGRATIONS} from '../../src/store/migrations.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';

/*
A process can die anywhere: killed from another terminal, out of battery, a crash. These tests
kill a real fluency process with SIGKILL at many points of its work, then check that the
database opens, is consistent, and lost nothing it had acknowledged.
*/

const CHILD = resolve(import.meta.dirname, 'child.mjs');
const BIN = resolve(import.meta.dirname, '../../bin/fluency');
const KILLS = 8;
const scheduler = new Scheduler();

const random = seededRandom(Number(process.env['FLUENCY_KILL_SEED'] ?? 20261124));

function start(args: readonly string[]): {child: ChildProcess; output: () => string; exited: Promise<number | null>} {
	const child = spawn(process.execPath, [CHILD, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	let errors = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	const exited = new Promise<number | null>((done) =>
		child.on('exit', (code) => {
			if (code !== null && code !== 0) output += `\nchild failed: ${errors}`;
			done(code);
		}),
	);
	return {child, output: () => output, exited};
}

async function runAndKill(args: readonly string[], afterMs: number): Promise<string> {
	const running = start(args);
	await new Promise((done) => setTimeout(done, afterMs));
	running.child.kill('SIGKILL');
	await running.exited;
	return running.output();
}

function assertConsistent(dbPath: string): Store {
	const store = Store.open(dbPath);
	const report = examine(store, () => scheduler);
	expect(report.findings.filter((finding) => !finding.ok)).toEqual([]);
	return store;
}

function decksDir(files: number, cardsPerFile: number): string {
	const dir = makeTempDir('fluency-kill-decks-');
	for (let file = 0; file < files; file++) {
		const cards = Array.from({length: cardsPerFile}, (_, card) => `Q: Question ${card} of deck ${file}: what is ${(card * 7919 + file) % 104729}?\nA: Answer ${card}.\n`);
		writeFileSync(join(dir, `deck-${String(file).padStart(3, '0')}.md`), `---\ntitle: Deck ${file}\n---\n\n${cards.join('\n')}`);
	}
	return dir;
}

describe('a process killed at any point', () => {
	it('loses no acknowledged answer and leaves a consistent database', async () => {
		const root = makeTempDir('fluency-kill-answer-');
		const dbPath = join(root, 'fluency.db');
		const setup = Store.open(dbPath);
		syncDecks(setup, findDeckFiles([decksDir(2, 20)], root).files, Date.now());
		setup.close();
		const acknowledged: string[] = [];
		for (let kill = 0; kill < KILLS; kill++) {
			const output = await runAndKill(['answer', dbPath, '10'], 150 + Math.floor(random() * 500));
			acknowledged.push(...[...output.matchAll(/^committed (\S+)$/gm)].map((match) => match[1]!));
			const store = assertConsistent(dbPath);
			const stored = new Set((store.db.prepare('SELECT id FROM reviews').all() as Array<{id: string}>).map((row) => row.id));
			expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
			store.close();
		}
		expect(acknowledged.length).toBeGreaterThan(KILLS);
	});

	it('leaves a deck sync either fully done or not done at all', async () => {
		const decks = decksDir(30, 120);
		for (let kill = 0; kill < KILLS; kill++) {
			const dbPath = join(makeTempDir('fluency-kill-sync-'), 'fluency.db');
			await runAndKill(['sync', dbPath, decks], 120 + Math.floor(random() * 700));
			const store = assertConsistent(dbPath);
			expect([0, 3600]).toContain(activeCards(store).length);
			syncDecks(store, findDeckFiles([decks]).files, Date.now());
			expect(activeCards(store)).toHaveLength(3600);
			store.close();
		}
	});

	it('leaves a migration either done or not started, with the history intact', async () => {
		for (let kill = 0; kill < KILLS; kill++) {
			const dbPath = join(makeTempDir('fluency-kill-migrate-'), 'fluency.db');
			const db = new Database(dbPath);
			MIGRATIONS[0]!.up(db);
			db.pragma(`application_id = ${APPLICATION_ID}`);
			db.pragma('user_version = 1');
			db.prepare("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'old', '/old.md', 'Old', 0)").run();
			const insert = db.prepare(
				`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, line, source, prompt, answer, question_text, answer_text, content_hash, created_at, updated_at)
				 VALUES (?, 1, ?, ?, 'basic', 0, 1, 'q', 'q', 'a', 'q', 'a', 'h', 0, 0)`,
			);
			db.transaction(() => {
				for (let card = 0; card < 3000; card++) insert.run(`card${card}`, `q:${card}#0`, `n${card}`);
			})();
			db.close();
			await runAndKill(['open', dbPath], 60 + Math.floor(random() * 250));
			const store = assertConsistent(dbPath);
			expect(store.db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
			expect(store.db.prepare('SELECT count(*) AS n FROM cards').get()).toEqual({n: 3000});
			store.close();
		}
	});

	it('leaves an event-log import either fully done or not done at all', async () => {
		const root = makeTempDir('fluency-kill-events-');
		const decks = decksDir(4, 100);
		const source = Store.open(join(root, 'source.db'));
		syncDecks(source, findDeckFiles([decks]).files, Date.now());
		const cards = activeCards(source);
		source.close();
		const syncDir = join(root, 'sync');
		mkdirSync(syncDir);
		const device = '0190a000-0000-7000-8000-000000000001';
		const start = Date.parse('2026-01-01T09:00:00Z');
		const lines = [encodeHeader({type: 'device', device, name: 'other', created: start})];
		for (let index = 0; index < 4000; index++) {
			const card = cards[index % cards.length]!;
			const id = `0190a000-0000-7000-8000-${String(index + 10).padStart(12, '0')}`;
			lines.push(encodeEvent({type: 'review', id, device, at: start + index * 3_600_000, card: card.id, key: 'unused', deck: card.deck, rating: 3, durationMs: 900}));
		}
		writeFileSync(join(syncDir, `${device}.jsonl`), `${lines.join('\n')}\n`);
		for (let kill = 0; kill < KILLS; kill++) {
			const dbPath = join(root, `kill-${kill}.db`);
			const setup = Store.open(dbPath);
			syncDecks(setup, findDeckFiles([decks]).files, Date.now());
			setup.close();
			await runAndKill(['events', dbPath, syncDir], 150 + Math.floor(random() * 900));
			const store = assertConsistent(dbPath);
			expect([0, 4000]).toContain((store.db.prepare('SELECT count(*) AS n FROM reviews').get() as {n: number}).n);
			store.close();
		}
	});
});

describe('two processes on one database', () => {
	it('both stay correct: no "database is locked", no lost answer', async () => {
		const root = makeTempDir('fluency-two-');
		const dbPath = join(root, 'fluency.db');
		const setup = Store.open(dbPath);
		syncDecks(setup, findDeckFiles([decksDir(1, 30)], root).files, Date.now());
		setup.close();
		const first = start(['answer', dbPath, '2']);
		const second = start(['answer', dbPath, '2']);
		expect(await first.exited).toBe(0);
		expect(await second.exited).toBe(0);
		const acknowledged = [first.output(), second.output()].flatMap((output) => [...output.matchAll(/^committed (\S+)$/gm)].map((match) => match[1]!));
		const store = assertConsistent(dbPath);
		expect((store.db.prepare('SELECT count(*) AS n FROM reviews').get() as {n: number}).n).toBe(acknowledged.length);
		expect(acknowledged.length).toBeGreaterThan(100);
		store.close();
	});
});

describe('several fluency commands started at once', () => {
	it('add each new card once, however their syncs interleave', async () => {
		const root = makeTempDir('fluency-many-');
		const decks = decksDir(2, 200);
		const env = {PATH: process.env['PATH'] ?? '', HOME: root, FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'none.yaml'), ...tempFolderEnv()};
		const fluency = () =>
			new Promise<number | null>((done) => spawn(process.execPath, [BIN, 'decks', '--decks', decks], {env, stdio: 'ignore'}).on('exit', done));
		expect(await fluency()).toBe(0);
		for (let file = 2; file < 4; file++) {
			const cards = Array.from({length: 200}, (_, card) => `Q: New question ${card} of deck ${file}?\nA: Answer ${card}.\n`);
			writeFileSync(join(decks, `deck-${String(file).padStart(3, '0')}.md`), `---\ntitle: Deck ${file}\n---\n\n${cards.join('\n')}`);
		}
		expect(await Promise.all(Array.from({length: 6}, fluency))).toEqual([0, 0, 0, 0, 0, 0]);
		const store = Store.open(join(root, 'data', 'fluency.db'));
		expect(activeCards(store)).toHaveLength(800);
		store.close();
	});
});

