/*
The log lines of an import, written as its events are stored and appended to this device's log
once they are committed (src/app/sync/import-log.ts): on real stores, real deck files and real
logs in temporary folders.
*/
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {startImportLog} from '../../src/app/sync/import-log.js';
import {logFileName} from '../../src/app/sync/log-files.js';
import {exportEvents} from '../../src/app/sync/own-log-export.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {stableEventId} from '../../src/core/sync/event-id.js';
import {encodeEvent, type SyncEvent} from '../../src/core/sync/event-log.js';
import {type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import type {ImportedCardHistory} from '../../src/core/interchange/anki/card-history.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {importCardHistories} from '../../src/store/interchange/history-import.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {eventsToExport, syncFileStates} from '../../src/store/sync/events.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowsOf} from '../../src/store/inspect.js';

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const scheduler = new Scheduler(settings);
const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A release to a small share of traffic first.\n\nR: Idempotent\nA: Same effect once or many times.\n';
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;

type Device = {root: string; decks: string; syncDir: string; scratch: string; store: Store};
const devices: Device[] = [];
let root: string;
beforeEach(() => {
	root = makeTempDir('fluency-import-log-');
});
afterEach(() => {
	for (const device of devices.splice(0)) device.store.close();
	rmSync(root, {recursive: true, force: true});
});

function device(name: string): Device {
	const decks = join(root, name, 'decks');
	mkdirSync(decks, {recursive: true});
	writeFileSync(join(decks, 'backend.md'), DECK);
	const scratch = join(root, name, 'scratch');
	mkdirSync(scratch);
	const made = {root: join(root, name), decks, syncDir: join(decks, '.fluency'), scratch, store: Store.open(join(root, name, 'fluency.db'))};
	devices.push(made);
	loadDecks(made.store, findDeckFiles([decks], made.root).files, t0);
	return made;
}

const cardOf = (on: Device, prompt: string) => {
	const card = activeCards(on.store).find((each) => each.prompt === prompt)!;
	return {...card, identityKey: String(rowsOf(on.store, 'cards').find((row) => row['id'] === card.id)!['identity_key'])};
};
const ownLog = (on: Device) => join(on.syncDir, logFileName(on.store.deviceId));
const logText = (on: Device) => (existsSync(ownLog(on)) ? readFileSync(ownLog(on), 'utf8') : '');
/** The log's event lines, the device line left out. */
const loggedLines = (on: Device) => logText(on).split('\n').filter((line) => line !== '' && JSON.parse(line).type !== 'device');
/** Every event of this device as a whole export of the database writes it. */
const exportedLines = (on: Device) => eventsToExport(on.store, true).events.map(encodeEvent);

/** A card's history as an Anki import hands it over: three reviews, a leech tag and Anki's due date. */
function ankiHistory(on: Device, prompt: string, source: string): ImportedCardHistory {
	const card = cardOf(on, prompt);
	const base = {device: on.store.deviceId, card: card.id, key: card.identityKey, deck: 'backend'};
	const reviews: Array<[number, Rating]> = [
		[t0 - 30 * DAY, 3],
		[t0 - 29 * DAY, 1],
		[t0 - 20 * DAY, 4],
	];
	const events: SyncEvent[] = reviews.map(([at, rating]) => ({...base, type: 'review', id: stableEventId(at, `${source}:${at}`), at, rating, durationMs: 6000}));
	events.push({...base, type: 'tag', id: stableEventId(t0 - 20 * DAY, `${source}:leech`), at: t0 - 20 * DAY, tag: 'leech'});
	return {cardId: card.id, events, due: t0 + 40 * DAY};
}

/** What `fluency import` does with a device's log: lines kept as events are stored, appended after the commit. */
function importWithLog(on: Device, histories: ImportedCardHistory[], unlogged: ImportedCardHistory[] = []) {
	const log = on.store.transaction(() => {
		const started = startImportLog(on.store, on.syncDir, on.scratch, t0);
		importCardHistories(on.store, histories, scheduler, started ? {stored: started.stored} : {});
		importCardHistories(on.store, unlogged, scheduler);
		started?.storedAll();
		return started;
	});
	return log;
}

describe("an import's history in this device's log", () => {
	it('is appended after the commit, as the export would have written it, and not read back by the next sync', () => {
		const a = device('a');
		const log = importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci'), ankiHistory(a, 'Idempotent', 'idem')]);
		expect(log).toBeDefined();
		// Committed, but not appended yet: the shared log holds nothing of it.
		expect(loggedLines(a)).toEqual([]);
		expect(log!.append()).toBe(true);
		// Three reviews, a tag and a carried-over due date for each card.
		expect(loggedLines(a)).toHaveLength(10);
		expect([...loggedLines(a)].sort()).toEqual([...exportedLines(a)].sort());
		expect(logText(a).split('\n')[0]).toMatch(/"type":"device"/);
		expect(exportEvents(a.store, a.syncDir, t0 + 1).written).toBe(0);
		expect(syncFileStates(a.store).get(logFileName(a.store.deviceId))).toMatchObject({offset: statSync(ownLog(a)).size, events: 10});
		expect(syncEventLogs(a.store, settings, a.syncDir, t0 + 2)).toMatchObject({exported: 0, imported: 0});
	});

	it('reaches another device, which schedules the cards the same way', () => {
		const a = device('a');
		const b = device('b');
		importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!.append();
		mkdirSync(b.syncDir, {recursive: true});
		writeFileSync(join(b.syncDir, logFileName(a.store.deviceId)), logText(a));
		expect(syncEventLogs(b.store, settings, b.syncDir, t0 + 1).imported).toBe(5);
		const memory = (on: Device) => cardOf(on, 'What does CI stand for?').memory;
		expect(memory(b)).toEqual(memory(a));
		expect(memory(a)).toMatchObject({due: t0 + 40 * DAY, reps: 3});
	});

	it("writes this device's pending answers first, and each event once", () => {
		const a = device('a');
		const card = cardOf(a, 'What is a canary release?');
		const {reviewId} = recordAnswer(a.store, {cardId: card.id, rating: 3, at: t0, durationMs: 2000}, (memory, at) => scheduler.answer(memory, 3, at, card.id));
		importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!.append();
		const lines = loggedLines(a);
		expect(JSON.parse(lines[0]!)).toMatchObject({type: 'review', id: reviewId, rating: 3});
		expect(lines).toHaveLength(6);
		expect([...lines].sort()).toEqual([...exportedLines(a)].sort());
	});

	it('writes nothing when an export ran between the commit and the append: that export wrote the events', () => {
		const a = device('a');
		const log = importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!;
		// Another fluency process on this database, closing.
		expect(exportEvents(a.store, a.syncDir, t0 + 1).written).toBe(5);
		expect(log.append()).toBe(false);
		expect([...loggedLines(a)].sort()).toEqual([...exportedLines(a)].sort());
		expect(loggedLines(a)).toHaveLength(5);
	});

	it('leaves to the export the events of an import when one was stored without a line', () => {
		const a = device('a');
		const log = importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')], [ankiHistory(a, 'Idempotent', 'idem')])!;
		expect(log.append()).toBe(false);
		expect(loggedLines(a)).toEqual([]);
		expect(exportEvents(a.store, a.syncDir, t0 + 1).written).toBe(10);
		expect([...loggedLines(a)].sort()).toEqual([...exportedLines(a)].sort());
	});

	it('writes nothing to a log changed behind its back since the import began; the export then repairs it', () => {
		const a = device('a');
		const card = cardOf(a, 'What is a canary release?');
		recordAnswer(a.store, {cardId: card.id, rating: 3, at: t0, durationMs: 2000}, (memory, at) => scheduler.answer(memory, 3, at, card.id));
		const log = importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!;
		const before = logText(a);
		// A `git checkout` of an older log: its last line is gone.
		writeFileSync(ownLog(a), `${before.trimEnd().split('\n').slice(0, -1).join('\n')}\n`);
		expect(log.append()).toBe(false);
		expect(exportEvents(a.store, a.syncDir, t0 + 1)).toMatchObject({written: 6, restored: 1});
		expect([...loggedLines(a)].sort()).toEqual([...exportedLines(a)].sort());
	});

	it('does not start on a log that is a link, and writes nothing through it', () => {
		const a = device('a');
		const outside = join(root, 'outside.txt');
		writeFileSync(outside, 'not yours\n');
		mkdirSync(a.syncDir, {recursive: true});
		symlinkSync(outside, ownLog(a));
		expect(importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])).toBeUndefined();
		expect(readFileSync(outside, 'utf8')).toBe('not yours\n');
		// The history is stored all the same; the export reports the link, as it does for every command.
		expect(exportedLines(a)).toHaveLength(5);
		expect(exportEvents(a.store, a.syncDir, t0 + 1).problem?.message).toMatch(/symbolic link/);
	});

	it('writes nothing through a link put in the log\'s place after the import began', () => {
		const a = device('a');
		exportEvents(a.store, a.syncDir, t0);
		const log = importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!;
		const outside = join(root, 'outside.txt');
		writeFileSync(outside, 'not yours\n');
		mkdirSync(a.syncDir, {recursive: true});
		symlinkSync(outside, ownLog(a));
		expect(log.append()).toBe(false);
		expect(readFileSync(outside, 'utf8')).toBe('not yours\n');
	});

	it('appends an import run again with nothing new as nothing', () => {
		const a = device('a');
		importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!.append();
		const before = logText(a);
		expect(importWithLog(a, [ankiHistory(a, 'What does CI stand for?', 'ci')])!.append()).toBe(false);
		expect(logText(a)).toBe(before);
		expect(exportEvents(a.store, a.syncDir, t0 + 1).written).toBe(0);
	});

	it('keeps a long import in whole lines, more than one chunk of them', () => {
		const a = device('a');
		const card = cardOf(a, 'What does CI stand for?');
		const base = {device: a.store.deviceId, card: card.id, key: card.identityKey, deck: 'backend'};
		// Some 1.5 MB of lines.
		const events: SyncEvent[] = Array.from({length: 6000}, (_, index) => {
			const at = t0 - 6000 * 60_000 + index * 60_000;
			return {...base, type: 'review', id: stableEventId(at, `long:${index}`), at, rating: 3, durationMs: 2000};
		});
		importWithLog(a, [{cardId: card.id, events}])!.append();
		expect(loggedLines(a)).toEqual(exportedLines(a));
		expect(exportEvents(a.store, a.syncDir, t0 + 1).written).toBe(0);
	});
});

describe('an import that was rolled back', () => {
	it('appends nothing of it', () => {
		const a = device('a');
		// The log's mark is set before the import, as any command sets it.
		exportEvents(a.store, a.syncDir, t0);
		let log: ReturnType<typeof startImportLog>;
		expect(() =>
			a.store.transaction(() => {
				log = startImportLog(a.store, a.syncDir, a.scratch, t0);
				importCardHistories(a.store, [ankiHistory(a, 'What does CI stand for?', 'ci')], scheduler, {stored: log!.stored});
				log!.storedAll();
				throw new Error('the disk is full');
			}),
		).toThrow('the disk is full');
		expect(log!.append()).toBe(false);
		expect(loggedLines(a)).toEqual([]);
		expect(exportedLines(a)).toEqual([]);
	});
});
