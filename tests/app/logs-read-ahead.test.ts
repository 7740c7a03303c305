/*
A sync whose other devices' logs hold much that is new reads them on a worker while the decks load
(src/app/sync/logs-read-ahead.ts). These tests run the built worker (npm test builds it first):
what it hands over must be exactly what reading the log on the sync's own thread gives, and
whenever it cannot help (it failed, was closed, or read from positions the database no longer
holds) the sync reads the log itself.
*/
import {appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {basename, join} from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {type ReadLog, readLog} from '../../src/app/sync/log-reader.js';
import {LogsReadAhead} from '../../src/app/sync/logs-read-ahead.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {stableEventId} from '../../src/core/sync/event-id.js';
import {encodeEvent, encodeHeader, type SyncEvent} from '../../src/core/sync/event-log.js';
import type {SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {makeTempDir} from '../helpers/temp.js';

const WORKER = new URL('../../dist/app/sync/log-reading-worker.js', import.meta.url);
const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const LAPTOP = '01a25204-f29b-7095-9a49-21aad58ce90d';
const OTHER = '01a25204-f29b-7095-9a49-21aad58ce90e';
const CARDS = 200;
const DECK = Array.from({length: CARDS}, (_, index) => `Q: What does topic ${index} cover?\nA: Part ${index} of the course.`).join('\n\n');

beforeAll(() => {
	if (!existsSync(fileURLToPath(WORKER))) throw new Error('no built worker: run `npm run build` (npm test does) first');
});

const opened: Store[] = [];
afterEach(() => {
	for (const store of opened.splice(0)) store.close();
});

/** A machine with the deck loaded and nothing studied: its decks folder, sync folder and database. */
function machine(root: string, name: string): {decks: string; syncDir: string; store: Store} {
	const decks = join(root, name, 'decks');
	mkdirSync(decks, {recursive: true});
	writeFileSync(join(decks, 'topics.md'), `${DECK}\n`);
	const store = Store.open(join(root, name, 'fluency.db'));
	opened.push(store);
	loadDecks(store, findDeckFiles([decks], join(root, name)).files, t0);
	return {decks, syncDir: join(decks, '.fluency'), store};
}

/**
The laptop's log as a long-used device writes it (about 5 MB: enough for a read ahead): answers to
every card, a due date moved, and the lines a stranger's log may hold that the read skips.
*/
function writeLaptopLog(syncDir: string, cards: ReadonlyArray<{id: string; key: string; deck: string}>): string {
	mkdirSync(syncDir, {recursive: true});
	const lines = [encodeHeader({type: 'device', device: LAPTOP, name: 'laptop', created: t0 - 400 * DAY})];
	for (let round = 0; round < 100; round++) {
		cards.forEach((card, index) => {
			const at = t0 - 300 * DAY + round * 3 * DAY + index * 60_000;
			const event: SyncEvent = {type: 'review', id: stableEventId(at, `ahead:${card.id}:${round}`), device: LAPTOP, at, card: card.id, key: card.key, deck: card.deck, rating: round % 9 === 0 ? 1 : 3, durationMs: 4000 + index};
			lines.push(encodeEvent(event));
		});
		if (round === 50) {
			const card = cards[3]!;
			const at = t0 - 140 * DAY;
			lines.push(encodeEvent({type: 'due', id: stableEventId(at, 'ahead:due'), device: LAPTOP, at, card: card.id, key: card.key, deck: card.deck, due: at + 9 * DAY}));
			lines.push('{"type":"review","id":"not a uuid"}');
			lines.push(encodeEvent({type: 'review', id: stableEventId(at, 'ahead:stranger'), device: OTHER, at, card: card.id, key: card.key, deck: card.deck, rating: 3, durationMs: 1}));
		}
	}
	const path = join(syncDir, `${LAPTOP}.jsonl`);
	writeFileSync(path, `${lines.join('\n')}\n`);
	return path;
}

/** Everything a ReadLog holds, its events as the objects they stand for. */
const plain = (read: ReadLog | null | undefined) => read && {...read, events: [...read.events], ids: Array.from({length: read.events.length}, (_, row) => read.events.id(row))};

function laptopLogOn(root: string) {
	const desktop = machine(root, 'desktop');
	const keys = new Map(rowsOf(desktop.store, 'cards').map((row) => [row['id'], String(row['identity_key'])]));
	const cards = activeCards(desktop.store).map((card) => ({id: card.id, key: keys.get(card.id)!, deck: card.deck}));
	const path = writeLaptopLog(desktop.syncDir, cards);
	return {desktop, path, name: `${LAPTOP}.jsonl`};
}

describe('reading the other devices’ logs ahead of a sync', () => {
	it('hands over exactly what reading the log on this thread gives, skipped lines and read position included', () => {
		const {desktop, path, name} = laptopLogOn(makeTempDir('fluency-read-ahead-'));
		const ahead = LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map(), t0, WORKER);
		expect(ahead).toBeDefined();
		const reports: Array<[number, number]> = [];
		const taken = ahead!.take(name, undefined, t0, (done, total) => void reports.push([done, total]));
		ahead!.close();
		const here = readLog(path, name, LAPTOP, undefined, t0);
		expect(taken).toBeDefined();
		expect(taken!.events.length).toBe(CARDS * 100 + 1);
		expect(taken!.lasting.length + taken!.problems.length).toBe(2);
		expect(plain(taken)).toEqual(plain(here));
		for (const [done, total] of reports) expect(done).toBeLessThanOrEqual(total);
		// The last report says the whole log was read, as a read on this thread ends.
		expect(reports.at(-1)).toEqual([statSync(path).size, statSync(path).size]);
	});

	it('leaves the log to the sync when the database holds another read position by then, or the log was not read ahead', () => {
		const {desktop, path, name} = laptopLogOn(makeTempDir('fluency-read-ahead-'));
		const ahead = LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map(), t0, WORKER)!;
		const moved = readLog(path, name, LAPTOP, undefined, t0)!.state;
		expect(ahead.take(name, moved, t0)).toBeUndefined();
		expect(ahead.take('someone-else.jsonl', undefined, t0)).toBeUndefined();
		ahead.close();

		// Another clock than the read's: its future lines are not the same.
		const again = LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map(), t0, WORKER)!;
		expect(again.take(name, undefined, t0 + 1)).toBeUndefined();
		again.close();
	});

	it('starts no worker for little that is new, nor for this device’s own log', () => {
		const {desktop, path, name} = laptopLogOn(makeTempDir('fluency-read-ahead-'));
		expect(LogsReadAhead.start(desktop.syncDir, [name], name, new Map(), t0, WORKER)).toBeUndefined();
		const state = readLog(path, name, LAPTOP, undefined, t0)!.state;
		// Read up to its end before: a few new lines are read by the sync itself.
		appendFileSync(path, `${encodeEvent({type: 'review', id: stableEventId(t0, 'ahead:late'), device: LAPTOP, at: t0 - DAY, card: 'c', key: 'k', deck: 'topics', rating: 3, durationMs: 1})}\n`);
		expect(LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map([[name, state]]), t0, WORKER)).toBeUndefined();
	});

	it('lets the sync read the log itself when the worker fails, or was closed before it', () => {
		const root = makeTempDir('fluency-read-ahead-');
		const {desktop, name} = laptopLogOn(root);
		const broken = join(root, 'broken-worker.mjs');
		writeFileSync(broken, "throw new Error('the worker could not load');\n");
		const failing = LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map(), t0, new URL(`file://${broken}`))!;
		expect(failing.take(name, undefined, t0)).toBeUndefined();
		failing.close();

		const closed = LogsReadAhead.start(desktop.syncDir, [name], 'own.jsonl', new Map(), t0, WORKER)!;
		closed.close();
		expect(closed.take(name, undefined, t0)).toBeUndefined();
	});

	it('gives a second device’s first sync the same history as reading every log itself', () => {
		const root = makeTempDir('fluency-read-ahead-');
		const {desktop} = laptopLogOn(root);
		const other = machine(root, 'other');
		const {syncDir} = other;
		mkdirSync(syncDir, {recursive: true});
		writeFileSync(join(syncDir, `${LAPTOP}.jsonl`), '');
		// The same log on both: written for the desktop's cards, which the other machine has too (same deck, same ids).
		appendFileSync(join(syncDir, `${LAPTOP}.jsonl`), readFileSync(join(desktop.syncDir, `${LAPTOP}.jsonl`), 'utf8'));

		const ahead = LogsReadAhead.start(desktop.syncDir, [`${LAPTOP}.jsonl`], 'own.jsonl', new Map(), t0, WORKER)!;
		// Seen handing its read over: the sync below is the read ahead's, not one it fell back from.
		const take = ahead.take.bind(ahead);
		const handed: unknown[] = [];
		ahead.take = (...args) => {
			const read = take(...args);
			handed.push(read);
			return read;
		};
		const withAhead = syncEventLogs(desktop.store, settings, desktop.syncDir, t0, undefined, ahead);
		ahead.close();
		expect(handed).toHaveLength(1);
		expect(handed[0]).toBeInstanceOf(Object);
		const alone = syncEventLogs(other.store, settings, syncDir, t0);
		expect(withAhead.imported).toBeGreaterThanOrEqual(CARDS * 100);
		const comparable = (report: typeof alone) => ({...report, ownLog: '', problems: report.problems.map((problem) => ({...problem, file: basename(problem.file)}))});
		expect(comparable(withAhead)).toEqual(comparable(alone));
		const figures = (store: Store) => ({
			reviews: rowsOf(store, 'reviews').map(({device_id: _device, ...row}) => row),
			cards: rowsOf(store, 'cards').map(({updated_at: _updated, ...row}) => row),
		});
		expect(figures(desktop.store)).toEqual(figures(other.store));
	});
});
