import {type ChildProcess, spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {examine} from '../../src/app/safety/doctor.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {encodeEvent, encodeHeader} from '../../src/core/sync/event-log.js';
import {seededRandom} from '../../src/core/random.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {reviewIds} from '../../src/store/inspect.js';
import {LATEST_VERSION, MIGRATIONS} from '../../src/store/migrations.js';
import {reviewCount} from '../../src/store/review/reviews.js';
import {schemaVersionOf} from '../../src/store/safety/backup-file.js';
import {cardCount} from '../../src/store/sync/events.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {versionOneDatabaseWithCards} from '../helpers/raw-database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
A process can die anywhere: killed from another terminal, out of battery, a crash. These tests
kill a real fluency process with SIGKILL at many points of its work, then check that the
database opens, is consistent, and holds exactly what the process said it had committed (plus at
most the one commit in flight when it died). Each kill waits for the child to say it has started
its work, so a child that fails before it gets there fails the test instead of passing as "killed
before it did anything".
*/

const CHILD = resolve(import.meta.dirname, 'child.mjs');
const BIN = resolve(import.meta.dirname, '../../bin/fluency');
const KILLS = 8;
const scheduler = new Scheduler();

const random = seededRandom(Number(process.env['FLUENCY_KILL_SEED'] ?? 20261124));

type Running = {child: ChildProcess; output: () => string; errors: () => string; exited: Promise<number | null>};

/*
Each child gets a temp folder of its own, removed with the test. SQLite spills a big statement
journal or sort (a migration's UPDATE over thousands of cards does) to an `etilqs_*` file there and
unlinks it right after opening it; a SIGKILL that lands between the two leaves the file behind, as
it would after any killed SQLite program. That is the kill's doing, not a leak the run's
temp-folder check should report.
*/
function start(args: readonly string[]): Running {
	const temp = makeTempDir('fluency-kill-tmp-');
	const env = {...process.env, TMPDIR: temp, TMP: temp, TEMP: temp};
	const child = spawn(process.execPath, [CHILD, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env});
	let output = '';
	let errors = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
	const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
	return {child, output: () => output, errors: () => errors, exited};
}

/** Resolves once the child has printed `line`; fails, with what the child said, if it exits first. */
function printed(running: Running, line: string): Promise<void> {
	return new Promise((done, fail) => {
		const check = () => {
			if (running.output().split('\n').includes(line)) done();
		};
		running.child.stdout!.on('data', check);
		check();
		void running.exited.then(() => {
			check();
			fail(new Error(`the child exited before printing "${line}"; it printed ${JSON.stringify(running.output())} and said ${JSON.stringify(running.errors())}`));
		});
	});
}

/**
Start the child, wait until it prints `waitFor`, let it work `afterMs` more, kill it. Returns what
it printed. A child that exits on its own must have exited cleanly (it finished before the kill).
*/
async function runAndKill(args: readonly string[], waitFor: 'started' | 'ready', afterMs: number): Promise<string> {
	const running = start(args);
	await printed(running, waitFor);
	await new Promise((done) => setTimeout(done, afterMs));
	running.child.kill('SIGKILL');
	const code = await running.exited;
	if (code !== null) expect({code, errors: running.errors()}).toEqual({code: 0, errors: ''});
	return running.output();
}

/** The one number the child printed after `word` once its work was committed, if it got that far. */
function reported(output: string, word: string): number | undefined {
	const match = new RegExp(`^${word} (\\d+)$`, 'm').exec(output);
	return match ? Number(match[1]) : undefined;
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
		loadDecks(setup, findDeckFiles([decksDir(2, 20)], root).files, Date.now());
		setup.close();
		const acknowledged: string[] = [];
		let storedBefore = 0;
		for (let kill = 0; kill < KILLS; kill++) {
			const output = await runAndKill(['answer', dbPath, '10'], 'ready', Math.floor(random() * 300));
			const committed = [...output.matchAll(/^committed (\S+)$/gm)].map((match) => match[1]!);
			acknowledged.push(...committed);
			const store = assertConsistent(dbPath);
			const stored = reviewIds(store);
			expect(acknowledged.filter((id) => !new Set(stored).has(id))).toEqual([]);
			// What this child said it committed, and at most the one answer it was committing when killed.
			expect(stored.length - storedBefore - committed.length).toBeGreaterThanOrEqual(0);
			expect(stored.length - storedBefore - committed.length).toBeLessThanOrEqual(1);
			storedBefore = stored.length;
			store.close();
		}
		expect(acknowledged.length).toBeGreaterThan(KILLS);
	});

	it('leaves a deck sync either fully done or not done at all', async () => {
		const decks = decksDir(30, 120);
		for (let kill = 0; kill < KILLS; kill++) {
			const dbPath = join(makeTempDir('fluency-kill-sync-'), 'fluency.db');
			const output = await runAndKill(['sync', dbPath, decks], 'ready', Math.floor(random() * 400));
			const store = assertConsistent(dbPath);
			const added = reported(output, 'synced');
			// Said committed: all of it is there. Killed first: none of it, or all if the commit was in flight.
			if (added === undefined) expect([0, 3600]).toContain(activeCards(store).length);
			else expect([added, activeCards(store).length]).toEqual([3600, 3600]);
			loadDecks(store, findDeckFiles([decks]).files, Date.now());
			expect(activeCards(store)).toHaveLength(3600);
			store.close();
		}
	});

	it('leaves a migration done, not started, or stopped between two whole steps, with the history intact', async () => {
		for (let kill = 0; kill < KILLS; kill++) {
			const dbPath = join(makeTempDir('fluency-kill-migrate-'), 'fluency.db');
			versionOneDatabaseWithCards(dbPath, 3000);
			const output = await runAndKill(['open', dbPath], 'started', Math.floor(random() * 250));
			// Said opened: the upgrade is complete. Killed first: each step commits with its version, so
			// the file is at some whole step between the old version and the latest, never between two.
			if (output.split('\n').includes('opened')) expect(schemaVersionOf(dbPath)).toBe(LATEST_VERSION);
			else expect(MIGRATIONS.map((step) => step.version)).toContain(schemaVersionOf(dbPath));
			const store = assertConsistent(dbPath);
			expect(schemaVersionOf(dbPath)).toBe(LATEST_VERSION);
			expect(cardCount(store)).toBe(3000);
			store.close();
		}
	});

	it('leaves an event-log import either fully done or not done at all', async () => {
		const root = makeTempDir('fluency-kill-events-');
		const decks = decksDir(4, 100);
		const source = Store.open(join(root, 'source.db'));
		loadDecks(source, findDeckFiles([decks]).files, Date.now());
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
			loadDecks(setup, findDeckFiles([decks]).files, Date.now());
			setup.close();
			const output = await runAndKill(['events', dbPath, syncDir], 'ready', Math.floor(random() * 700));
			const store = assertConsistent(dbPath);
			const imported = reported(output, 'imported');
			// Said committed: all of it is there. Killed first: none of it, or all if the commit was in flight.
			if (imported === undefined) expect([0, 4000]).toContain(reviewCount(store));
			else expect([imported, reviewCount(store)]).toEqual([4000, 4000]);
			store.close();
		}
	});
});

describe('two processes on one database', () => {
	it('both stay correct: no "database is locked", no lost answer', async () => {
		const root = makeTempDir('fluency-two-');
		const dbPath = join(root, 'fluency.db');
		const setup = Store.open(dbPath);
		loadDecks(setup, findDeckFiles([decksDir(1, 30)], root).files, Date.now());
		setup.close();
		const first = start(['answer', dbPath, '2']);
		const second = start(['answer', dbPath, '2']);
		expect(await first.exited).toBe(0);
		expect(await second.exited).toBe(0);
		const acknowledged = [first.output(), second.output()].flatMap((output) => [...output.matchAll(/^committed (\S+)$/gm)].map((match) => match[1]!));
		const store = assertConsistent(dbPath);
		expect(reviewIds(store)).toEqual([...acknowledged].sort());
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
