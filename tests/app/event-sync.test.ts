import {appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {logFileName} from '../../src/app/sync/log-files.js';
import {exportEvents} from '../../src/app/sync/own-log-export.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {syncStatus} from '../../src/app/sync/sync-status.js';
import {formatOwnLogRepair} from '../../src/app/sync/sync-summary.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {examine} from '../../src/app/safety/doctor.js';
import {forgetParameters, loadParameters, markScheduledWith, saveParameters, Schedulers, scheduledWith} from '../../src/app/scheduling/parameters.js';
import {reschedule} from '../../src/app/scheduling/reschedule.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {stableEventId} from '../../src/core/sync/event-id.js';
import {encodeEvent, type SyncEvent} from '../../src/core/sync/event-log.js';
import {DEFAULT_WEIGHTS, type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {metaWithPrefix, writeMeta} from '../../src/store/meta.js';
import {syncFileStates} from '../../src/store/sync/events.js';
import type {ImportedCardHistory} from '../../src/core/interchange/anki/card-history.js';
import {importCardHistories} from '../../src/store/interchange/history-import.js';
import {buryCard, recordAnswer, suspendCard, undoAnswer} from '../../src/store/review/reviews.js';
import {makeTempDir} from '../helpers/temp.js';
import {reviewIds, rowCount, rowsOf} from '../../src/store/inspect.js';
import {databaseAtVersion, setMeta} from '../helpers/raw-database.js';

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const scheduler = new Scheduler(settings);
const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A release to a small share of traffic first.\n\nR: Idempotent\nA: Same effect once or many times.\n';
const t0 = Date.parse('2026-11-24T09:00:00Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

type Device = {name: string; root: string; decks: string; syncDir: string; store: Store};
const devices: Device[] = [];
afterEach(() => {
	for (const device of devices.splice(0)) device.store.close();
});

function device(name: string, deck = DECK): Device {
	const root = makeTempDir(`fluency-${name}-`);
	const decks = join(root, 'decks');
	mkdirSync(decks);
	writeFileSync(join(decks, 'backend.md'), deck);
	const made = {name, root, decks, syncDir: join(decks, '.fluency'), store: Store.open(join(root, 'fluency.db'))};
	devices.push(made);
	loadDecks(made.store, findDeckFiles([decks], root).files, t0);
	return made;
}

const cardId = (on: Device, prompt: string) => activeCards(on.store).find((card) => card.prompt === prompt)!.id;
function answer(on: Device, prompt: string, rating: Rating, at: number): string {
	return recordAnswer(on.store, {cardId: cardId(on, prompt), rating, at, durationMs: 2000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, cardId(on, prompt))).reviewId;
}
const sync = (on: Device, at: number) => {
	loadDecks(on.store, findDeckFiles([on.decks], on.root).files, at);
	return syncEventLogs(on.store, settings, on.syncDir, at);
};
/** What a file-sync tool or `git pull` does: bring the other device's log files over. */
function copyLogs(from: Device, to: Device): void {
	mkdirSync(to.syncDir, {recursive: true});
	for (const name of readdirSync(from.syncDir)) if (name !== logFileName(to.store.deviceId)) copyFileSync(join(from.syncDir, name), join(to.syncDir, name));
}
/** Every card's state, keyed by its question, to compare devices card for card. */
function stateOf(on: Device) {
	return activeCards(on.store)
		.map((card) => ({
			prompt: card.prompt,
			memory: card.memory,
			suspended: card.suspended,
			buriedUntil: card.buriedUntil,
			reviews: rowsOf(on.store, 'reviews')
				.filter((review) => review['card_id'] === card.id)
				.sort((x, y) => Number(x['reviewed_at']) - Number(y['reviewed_at']) || (String(x['id']) < String(y['id']) ? -1 : 1))
				.map((review) => ({id: review['id'], rating: review['rating'], undone: review['undone_at'] === null ? 0 : 1, retrievability: review['retrievability']})),
		}))
		.sort((a, b) => (a.prompt < b.prompt ? -1 : 1));
}

describe('review history on several machines', () => {
	it('writes each device\'s events to its own log only', () => {
		const laptop = device('laptop');
		answer(laptop, 'What does CI stand for?', 3, t0);
		expect(sync(laptop, t0 + MINUTE).exported).toBe(1);
		const lines = readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8').trim().split('\n');
		expect(lines.map((line) => JSON.parse(line).type)).toEqual(['device', 'review']);
		expect(JSON.parse(lines[1]!)).toMatchObject({rating: 3, deck: 'backend', at: '2026-11-24T09:00:00.000Z', ms: 2000});
		expect(sync(laptop, t0 + 2 * MINUTE).exported).toBe(0);
	});

	/** `count` answers to one of the laptop's cards, a minute apart and ending before t0, imported as another program's history. */
	function importedAnswers(laptop: Device, count: number, source: string): SyncEvent[] {
		const card = cardId(laptop, 'What does CI stand for?');
		const key = String(rowsOf(laptop.store, 'cards').find((row) => row['id'] === card)!['identity_key']);
		const events: SyncEvent[] = Array.from({length: count}, (_, index) => {
			const at = t0 - count * MINUTE + index * MINUTE;
			return {type: 'review', id: stableEventId(at, `${source}:${index}`), device: laptop.store.deviceId, at, card, key, deck: 'backend', rating: 3, durationMs: 2000};
		});
		importCardHistories(laptop.store, [{cardId: card, events}], scheduler);
		return events;
	}

	it('writes a long history to the log a chunk at a time, and finds the log where it left it', () => {
		const laptop = device('laptop');
		// Some 1.5 MB of lines, more than one write.
		const events = importedAnswers(laptop, 6000, 'long');
		expect(sync(laptop, t0).exported).toBe(6000);
		const lines = readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8').split('\n');
		expect(lines.at(-1)).toBe('');
		expect(lines.slice(1, -1).map((line) => JSON.parse(line).id)).toEqual(events.map((event) => event.id));
		expect(sync(laptop, t0 + MINUTE)).toMatchObject({exported: 0, restored: 0, dropped: 0});
	});

	it('says how far a long export has got, of at most how many events, and says nothing when there is nothing to write', () => {
		const laptop = device('laptop');
		importedAnswers(laptop, 25_000, 'progress');
		const calls: Array<[number, number]> = [];
		expect(exportEvents(laptop.store, laptop.syncDir, t0, (written, atMost) => calls.push([written, atMost])).written).toBe(25_000);
		expect(calls).toEqual([
			[10_000, 25_000],
			[20_000, 25_000],
			[25_000, 25_000],
		]);
		const again: Array<[number, number]> = [];
		expect(exportEvents(laptop.store, laptop.syncDir, t0 + MINUTE, (written, atMost) => again.push([written, atMost])).written).toBe(0);
		expect(again).toEqual([]);
	});

	it('does not read back what it just wrote to its own log, yet reads a line added to it by others', () => {
		const laptop = device('laptop');
		const card = cardId(laptop, 'What does CI stand for?');
		const key = String(rowsOf(laptop.store, 'cards').find((row) => row['id'] === card)!['identity_key']);
		const review = (index: number): SyncEvent => {
			const at = t0 - 6000 * MINUTE + index * MINUTE;
			return {type: 'review', id: stableEventId(at, `own:${index}`), device: laptop.store.deviceId, at, card, key, deck: 'backend', rating: 3, durationMs: 2000};
		};
		importCardHistories(laptop.store, [{cardId: card, events: Array.from({length: 3000}, (_, index) => review(index))}], scheduler);
		// What a command does as it closes after a large import.
		exportEvents(laptop.store, laptop.syncDir, t0);
		const name = logFileName(laptop.store.deviceId);
		const file = join(laptop.syncDir, name);
		const {size} = statSync(file);
		expect(syncFileStates(laptop.store).get(name)).toMatchObject({offset: size, size, line: 3001, events: 3000, deviceId: laptop.store.deviceId});
		expect(sync(laptop, t0 + MINUTE)).toMatchObject({exported: 0, imported: 0});
		// A line this database never wrote (a copy of the log merged in by git): read as usual.
		appendFileSync(file, `${encodeEvent(review(3000))}\n`);
		expect(sync(laptop, t0 + 2 * MINUTE).imported).toBe(1);
	});

	it("steps past another device's answers once, and still writes its own answers given after them", () => {
		const laptop = device('laptop');
		const phone = device('phone');
		for (const [index, prompt] of ['What does CI stand for?', 'What is a canary release?'].entries()) answer(phone, prompt, 3, t0 + index * MINUTE);
		sync(phone, t0 + 5 * MINUTE);
		copyLogs(phone, laptop);
		expect(sync(laptop, t0 + 6 * MINUTE)).toMatchObject({imported: 2, exported: 0});
		// The next export steps past the phone's rows, so no later command reads them again looking for the laptop's own.
		expect(sync(laptop, t0 + 6 * MINUTE).exported).toBe(0);
		expect(metaWithPrefix(laptop.store, 'sync.exported_reviews_rowid')).toEqual([{key: 'sync.exported_reviews_rowid', value: String(rowCount(laptop.store, 'reviews'))}]);
		const own = answer(laptop, 'What does CI stand for?', 4, t0 + 7 * MINUTE);
		expect(sync(laptop, t0 + 8 * MINUTE).exported).toBe(1);
		const lines = readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8').trim().split('\n');
		expect(lines.slice(1).map((line) => JSON.parse(line).id)).toEqual([own]);
	});

	it('gives two devices the same state whichever order the logs arrive in', () => {
		const work = device('work');
		const home = device('home');
		// Interleaved: both answer the same card on the same day, and different cards.
		answer(work, 'What does CI stand for?', 3, t0);
		answer(home, 'What does CI stand for?', 1, t0 + 5 * MINUTE);
		answer(work, 'What does CI stand for?', 3, t0 + 11 * MINUTE);
		answer(home, 'What is a canary release?', 4, t0 + 20 * MINUTE);
		answer(work, 'Idempotent', 2, t0 + 30 * MINUTE);
		sync(work, t0 + DAY);
		sync(home, t0 + DAY);
		copyLogs(work, home);
		copyLogs(home, work);
		sync(home, t0 + DAY + MINUTE);
		sync(work, t0 + DAY + MINUTE);
		expect(stateOf(work)).toEqual(stateOf(home));
		const ci = stateOf(work).find((card) => card.prompt === 'What does CI stand for?')!;
		expect(ci.reviews).toHaveLength(3);
		expect(ci.memory.reps).toBe(3);
	});

	it('converges on three devices that pass logs around in different orders, losing no review', () => {
		const [a, b, c] = [device('a'), device('b'), device('c')];
		const given = [
			answer(a, 'What does CI stand for?', 3, t0),
			answer(b, 'What does CI stand for?', 3, t0 + 12 * MINUTE),
			answer(c, 'What is a canary release?', 1, t0 + 2 * MINUTE),
			answer(c, 'What is a canary release?', 3, t0 + 4 * MINUTE),
			answer(a, 'Idempotent', 3, t0 + 6 * MINUTE),
		];
		suspendCard(b.store, cardId(b, 'Idempotent'), true, t0 + 30 * MINUTE);
		for (const each of [a, b, c]) sync(each, t0 + DAY);
		// a hears from c first, then b; b hears from a (which already relays c's log); c hears from b, then a.
		copyLogs(c, a);
		sync(a, t0 + DAY + 1);
		copyLogs(b, a);
		sync(a, t0 + DAY + 2);
		copyLogs(a, b);
		sync(b, t0 + DAY + 3);
		copyLogs(b, c);
		sync(c, t0 + DAY + 4);
		copyLogs(a, c);
		sync(c, t0 + DAY + 5);
		expect(stateOf(a)).toEqual(stateOf(b));
		expect(stateOf(b)).toEqual(stateOf(c));
		expect(reviewIds(c.store)).toEqual([...given].sort());
		expect(stateOf(c).find((card) => card.prompt === 'Idempotent')!.suspended).toBe(true);
	});

	it('is idempotent: reading the same logs again adds nothing', () => {
		const a = device('a');
		const b = device('b');
		answer(a, 'What does CI stand for?', 3, t0);
		sync(a, t0 + 1);
		copyLogs(a, b);
		expect(sync(b, t0 + 2).imported).toBe(1);
		copyLogs(a, b);
		expect(sync(b, t0 + 3).imported).toBe(0);
		expect(rowCount(b.store, 'reviews')).toBe(1);
	});

	it('undoes, on every device, an answer undone on another device', () => {
		const a = device('a');
		const b = device('b');
		answer(a, 'What does CI stand for?', 3, t0);
		const mistaken = answer(a, 'What does CI stand for?', 1, t0 + 11 * MINUTE);
		sync(a, t0 + 12 * MINUTE);
		copyLogs(a, b);
		sync(b, t0 + 13 * MINUTE);
		// Undone on b, which received the answer from a.
		expect(undoAnswer(b.store, mistaken, t0 + 14 * MINUTE, () => scheduler)).toBeDefined();
		sync(b, t0 + 15 * MINUTE);
		copyLogs(b, a);
		sync(a, t0 + 16 * MINUTE);
		expect(stateOf(a)).toEqual(stateOf(b));
		const ci = stateOf(a).find((card) => card.prompt === 'What does CI stand for?')!;
		expect(ci.memory.reps).toBe(1);
		expect(ci.reviews.map((review) => (review as {undone: number}).undone)).toEqual([0, 1]);
	});

	it('applies an undo that arrives before the answer it undoes', () => {
		const a = device('a');
		const b = device('b');
		const c = device('c');
		const answered = answer(a, 'What does CI stand for?', 1, t0);
		sync(a, t0 + 1);
		copyLogs(a, b);
		sync(b, t0 + 2);
		undoAnswer(b.store, answered, t0 + 3, () => scheduler);
		sync(b, t0 + 4);
		// c gets b's log (with the undo) before a's log (with the answer).
		mkdirSync(c.syncDir, {recursive: true});
		copyFileSync(join(b.syncDir, logFileName(b.store.deviceId)), join(c.syncDir, logFileName(b.store.deviceId)));
		expect(sync(c, t0 + 5).pending).toBe(0);
		copyFileSync(join(a.syncDir, logFileName(a.store.deviceId)), join(c.syncDir, logFileName(a.store.deviceId)));
		sync(c, t0 + 6);
		expect(stateOf(c)).toEqual(stateOf(b));
		expect(stateOf(c).find((card) => card.prompt === 'What does CI stand for?')!.memory.state).toBe('new');
	});

	it('carries suspend, unsuspend, bury and unbury between devices', () => {
		const a = device('a');
		const b = device('b');
		suspendCard(a.store, cardId(a, 'What does CI stand for?'), true, t0);
		buryCard(a.store, cardId(a, 'What is a canary release?'), t0 + DAY, t0 + 1);
		sync(a, t0 + 2);
		copyLogs(a, b);
		sync(b, t0 + 3);
		expect(stateOf(b)).toEqual(stateOf(a));
		suspendCard(b.store, cardId(b, 'What does CI stand for?'), false, t0 + 4);
		buryCard(b.store, cardId(b, 'What is a canary release?'), null, t0 + 5);
		sync(b, t0 + 6);
		copyLogs(b, a);
		sync(a, t0 + 7);
		expect(stateOf(a)).toEqual(stateOf(b));
		expect(stateOf(a).every((card) => !card.suspended && card.buriedUntil === null)).toBe(true);
	});

	it('skips a line cut off by a crash, reports it with file:line, and reads it once it is whole', () => {
		const a = device('a');
		const b = device('b');
		answer(a, 'What does CI stand for?', 3, t0);
		answer(a, 'What is a canary release?', 3, t0 + 1);
		sync(a, t0 + 2);
		const logName = logFileName(a.store.deviceId);
		const full = readFileSync(join(a.syncDir, logName), 'utf8');
		mkdirSync(b.syncDir, {recursive: true});
		writeFileSync(join(b.syncDir, logName), full.slice(0, full.length - 40));
		const first = sync(b, t0 + 3);
		expect(first.imported).toBe(1);
		expect(first.problems.map((problem) => `${problem.line}: ${problem.message}`)).toEqual([
			'3: last line is incomplete (still being written, or cut off by a crash); it is read once it is whole',
		]);
		expect(first.problems[0]!.file).toMatch(new RegExp(`${logName}$`));
		writeFileSync(join(b.syncDir, logName), full);
		const second = sync(b, t0 + 4);
		expect(second).toMatchObject({imported: 1, problems: []});
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('skips a corrupt line from a bad merge, keeps everything else, and picks the line up once mended', () => {
		const a = device('a');
		const b = device('b');
		for (const [index, prompt] of ['What does CI stand for?', 'What is a canary release?', 'Idempotent'].entries()) answer(a, prompt, 3, t0 + index);
		sync(a, t0 + 10);
		const logName = logFileName(a.store.deviceId);
		const lines = readFileSync(join(a.syncDir, logName), 'utf8').split('\n');
		const damaged = [...lines];
		damaged[2] = `<<<<<<< HEAD\n${lines[2]!.slice(0, 30)}`;
		mkdirSync(b.syncDir, {recursive: true});
		writeFileSync(join(b.syncDir, logName), damaged.join('\n'));
		const first = sync(b, t0 + 11);
		expect(first.imported).toBe(2);
		expect(first.problems.map((problem) => problem.line)).toEqual([3, 4]);
		expect(first.problems[0]!.message).toMatch(/^skipped: not a complete JSON object/);
		writeFileSync(join(b.syncDir, logName), lines.join('\n'));
		expect(sync(b, t0 + 12)).toMatchObject({imported: 1, problems: []});
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('keeps events for a card this device does not have yet until its deck arrives', () => {
		const a = device('a', `${DECK}\nQ: What is a saga?\nA: A chain of local transactions with compensations.\n`);
		const b = device('b');
		answer(a, 'What is a saga?', 3, t0);
		sync(a, t0 + 1);
		copyLogs(a, b);
		expect(sync(b, t0 + 2)).toMatchObject({imported: 0, pending: 1});
		expect(syncStatus(b.store, b.syncDir).pendingImport).toBe(1);
		writeFileSync(join(b.decks, 'backend.md'), `${DECK}\nQ: What is a saga?\nA: A chain of local transactions with compensations.\n`);
		expect(sync(b, t0 + 3)).toMatchObject({imported: 1, pending: 0});
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('finds the card by its identity when the two devices gave it different ids', () => {
		// b first saw the question with a typo; it kept that card's id after the fix.
		const a = device('a');
		const b = device('b', DECK.replace('What does CI stand for?', 'What does CI stnad for?'));
		writeFileSync(join(b.decks, 'backend.md'), DECK);
		sync(b, t0);
		expect(cardId(b, 'What does CI stand for?')).not.toBe(cardId(a, 'What does CI stand for?'));
		answer(a, 'What does CI stand for?', 3, t0 + 1);
		sync(a, t0 + 2);
		copyLogs(a, b);
		expect(sync(b, t0 + 3).imported).toBe(1);
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('lists the devices it has read, with their last event', () => {
		const a = device('a');
		const b = device('b');
		answer(a, 'What does CI stand for?', 3, t0);
		sync(a, t0 + 1);
		copyLogs(a, b);
		sync(b, t0 + 2);
		const status = syncStatus(b.store, b.syncDir);
		expect(status.devices).toEqual([expect.objectContaining({deviceId: a.store.deviceId, events: 1, lastEventAt: t0, thisDevice: false})]);
		expect(existsSync(join(b.syncDir, logFileName(b.store.deviceId)))).toBe(false);
		answer(b, 'Idempotent', 3, t0 + 3);
		sync(b, t0 + 4);
		expect(syncStatus(b.store, b.syncDir).devices.map((device) => device.thisDevice).sort()).toEqual([false, true]);
	});

	it('writes its whole history again when its log was deleted', () => {
		const a = device('a');
		answer(a, 'What does CI stand for?', 3, t0);
		answer(a, 'Idempotent', 3, t0 + 1);
		sync(a, t0 + 2);
		rmSync(join(a.syncDir, logFileName(a.store.deviceId)));
		expect(sync(a, t0 + 3).exported).toBe(2);
	});
});

describe('a due date carried over by an import', () => {
	const ANKI_DUE = t0 + 40 * DAY;
	/** The Anki history of one card, as `fluency import` hands it over: reviews with ids that are the same on every import, and Anki's due date. */
	function ankiHistory(on: Device, prompt: string): ImportedCardHistory {
		const card = cardId(on, prompt);
		const key = String(rowsOf(on.store, 'cards').find((row) => row['id'] === card)!['identity_key']);
		const base = {device: on.store.deviceId, card, key, deck: 'backend'};
		const reviews: Array<[number, Rating]> = [
			[t0 - 30 * DAY, 3],
			[t0 - 29 * DAY, 3],
			[t0 - 20 * DAY, 4],
		];
		const events: SyncEvent[] = reviews.map(([at, rating]) => ({...base, type: 'review', id: stableEventId(at, `anki-revlog:11:${at}`), at, rating, durationMs: 6000}));
		return {cardId: card, events, due: ANKI_DUE};
	}
	const card = (on: Device, prompt: string) => activeCards(on.store).find((each) => each.prompt === prompt)!;
	const schedulingOf = (on: Device, prompt: string) => {
		const {state, due, stability, difficulty, reps, lastReview} = card(on, prompt).memory;
		return {state, due, stability, difficulty, reps, lastReview};
	};
	const rows = (on: Device) => ({reviews: rowCount(on.store, 'reviews'), events: rowCount(on.store, 'card_events')});

	it('reaches the other devices, so they schedule the card the same way', () => {
		const a = device('a');
		const b = device('b');
		const CI = 'What does CI stand for?';
		expect(importCardHistories(a.store, [ankiHistory(a, CI)], scheduler)).toEqual({reviews: 3, events: 1});
		expect(schedulingOf(a, CI)).toMatchObject({state: 'review', due: ANKI_DUE, reps: 3});
		// Without the carried-over date, the replayed reviews alone give another due date.
		expect(scheduler.replay(ankiHistory(a, CI).events.map((event) => ({at: event.at, rating: (event as {rating: Rating}).rating}))).memory.due).not.toBe(ANKI_DUE);

		sync(a, t0);
		const line = readFileSync(join(a.syncDir, logFileName(a.store.deviceId)), 'utf8').trim().split('\n').map((each) => JSON.parse(each)).find((each) => each.type === 'due');
		expect(line).toMatchObject({due: new Date(ANKI_DUE).toISOString(), at: new Date(t0 - 20 * DAY + 1).toISOString()});
		copyLogs(a, b);
		expect(sync(b, t0 + 1).imported).toBe(4);
		expect(schedulingOf(b, CI)).toEqual(schedulingOf(a, CI));
		expect(stateOf(b)).toEqual(stateOf(a));

		// Importing again adds nothing; replaying, rescheduling and repairing keep the date.
		expect(importCardHistories(a.store, [ankiHistory(a, CI)], scheduler)).toEqual({reviews: 0, events: 0});
		expect(rows(a)).toEqual({reviews: 3, events: 1});
		expect(reschedule(a.store, new Schedulers(settings, loadParameters(a.store)))).toMatchObject({cards: 1, dueChanged: 0});
		expect(examine(a.store, () => scheduler, true).repaired).toBe(0);
		expect(schedulingOf(a, CI).due).toBe(ANKI_DUE);
		expect(sync(a, t0 + 2)).toMatchObject({exported: 0, imported: 0});
		expect(schedulingOf(a, CI)).toEqual(schedulingOf(b, CI));
	});

	it('keeps what a card held before its first answers arrive: a suspension set here stays', () => {
		const a = device('a');
		const CI = 'What does CI stand for?';
		// Suspended in fluency before any answer: the card's history is that one card event.
		suspendCard(a.store, cardId(a, CI), true, t0 - 40 * DAY);
		importCardHistories(a.store, [ankiHistory(a, CI)], scheduler);
		expect(card(a, CI).suspended).toBe(true);
		expect(schedulingOf(a, CI)).toMatchObject({state: 'review', due: ANKI_DUE, reps: 3});
		expect(examine(a.store, () => scheduler, true).repaired).toBe(0);
	});

	it('gives a card only the answers stored for it when one of its answer ids is already another card\'s', () => {
		const a = device('a');
		const CI = 'What does CI stand for?';
		const canary = 'What is a canary release?';
		const history = ankiHistory(a, CI);
		// The first answer's id is already stored, for another card (imported before under another identity).
		importCardHistories(a.store, [{cardId: cardId(a, canary), events: history.events.slice(0, 1).map((event) => ({...event, card: cardId(a, canary)}))}], scheduler);
		importCardHistories(a.store, [history], scheduler);
		expect(schedulingOf(a, CI).reps).toBe(2);
		expect(examine(a.store, () => scheduler, true).repaired).toBe(0);
	});

	it('gives way to a later review, on every device', () => {
		const a = device('a');
		const b = device('b');
		const CI = 'What does CI stand for?';
		importCardHistories(a.store, [ankiHistory(a, CI)], scheduler);
		sync(a, t0);
		copyLogs(a, b);
		sync(b, t0 + 1);
		const carried = card(b, CI).memory;
		answer(b, CI, 3, t0 + 2 * DAY);
		const expected = scheduler.answer(carried, 3, t0 + 2 * DAY, cardId(b, CI)).after;
		expect(card(b, CI).memory).toEqual(expected);
		expect(expected.due).not.toBe(ANKI_DUE);
		sync(b, t0 + 2 * DAY + 1);
		copyLogs(b, a);
		expect(sync(a, t0 + 2 * DAY + 2).imported).toBe(1);
		expect(card(a, CI).memory).toEqual(expected);
		expect(stateOf(a)).toEqual(stateOf(b));
		// A replay on either device still ends at the review, not at the carried-over date.
		reschedule(b.store, new Schedulers(settings, loadParameters(b.store)));
		expect(card(b, CI).memory).toEqual(expected);
	});

	it('adds the date to a history imported before due events existed, when imported again', () => {
		const a = device('a');
		const CI = 'What does CI stand for?';
		const {due: _due, ...withoutDue} = ankiHistory(a, CI);
		importCardHistories(a.store, [withoutDue], scheduler);
		expect(schedulingOf(a, CI).due).not.toBe(ANKI_DUE);
		expect(importCardHistories(a.store, [ankiHistory(a, CI)], scheduler)).toEqual({reviews: 0, events: 1});
		expect(schedulingOf(a, CI).due).toBe(ANKI_DUE);
	});

	it('makes a card the history leaves new a review card due then, as Anki has a card it was given a date after a reset', () => {
		const a = device('a');
		const history = ankiHistory(a, 'Idempotent');
		const last = history.events.at(-1)!;
		const reset: SyncEvent = {...last, type: 'reset', id: stableEventId(last.at + 1, 'anki-reset'), at: last.at + 1};
		importCardHistories(a.store, [{...history, events: [...history.events, reset]}], scheduler);
		expect(card(a, 'Idempotent').memory).toMatchObject({state: 'review', due: ANKI_DUE, reps: 0});
	});
});

describe("this device's own log", () => {
	const ownLog = (on: Device) => join(on.syncDir, logFileName(on.store.deviceId));
	/** The event ids in this device's log, in file order (repeats included). */
	const loggedIds = (on: Device) =>
		readFileSync(ownLog(on), 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as {type: string; id?: string})
			.filter((line) => line.type !== 'device')
			.map((line) => line.id!);
	const ownEventIds = (on: Device) =>
		[...rowsOf(on.store, 'reviews'), ...rowsOf(on.store, 'card_events')].filter((row) => row['device_id'] === on.store.deviceId).map((row) => String(row['id'])).sort();
	function history(on: Device): void {
		answer(on, 'What does CI stand for?', 3, t0);
		answer(on, 'What is a canary release?', 1, t0 + MINUTE);
		answer(on, 'Idempotent', 4, t0 + 2 * MINUTE);
		suspendCard(on.store, cardId(on, 'Idempotent'), true, t0 + 3 * MINUTE);
	}

	it('writes again the events a git reset cut from it, once each, and they reach the other devices', () => {
		const a = device('a');
		const b = device('b');
		history(a);
		sync(a, t0 + 4 * MINUTE);
		const lines = readFileSync(ownLog(a), 'utf8').split('\n');
		// What `git checkout` of an older commit leaves: the same log, two lines shorter.
		writeFileSync(ownLog(a), `${lines.slice(0, -3).join('\n')}\n`);
		expect(loggedIds(a)).toHaveLength(2);
		expect(syncStatus(a.store, a.syncDir).pendingExport).toBe(2);

		const repaired = sync(a, t0 + 5 * MINUTE);
		expect(repaired).toMatchObject({exported: 2, restored: 2, dropped: 0});
		expect(formatOwnLogRepair(repaired)).toMatch(/\.jsonl: this device's log had lost 2 of its events \(a git checkout or reset, a bad merge\?\); they are written to it again$/);
		expect(loggedIds(a).sort()).toEqual(ownEventIds(a));
		expect(syncStatus(a.store, a.syncDir).pendingExport).toBe(0);
		// The next sync finds the log whole and writes nothing.
		expect(sync(a, t0 + 6 * MINUTE)).toMatchObject({exported: 0, restored: 0});
		expect(loggedIds(a)).toHaveLength(4);

		copyLogs(a, b);
		expect(sync(b, t0 + 7 * MINUTE).imported).toBe(4);
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('rewrites a log whose lines were mangled, keeping the good ones in order and repeating none', () => {
		const a = device('a');
		history(a);
		sync(a, t0 + 4 * MINUTE);
		const lines = readFileSync(ownLog(a), 'utf8').split('\n');
		// A bad merge: a conflict marker, a repeated line, and the last line cut off.
		writeFileSync(ownLog(a), [lines[0], '<<<<<<< HEAD', lines[1], lines[2], lines[1], lines[3]!.slice(0, 30)].join('\n'));
		const repaired = sync(a, t0 + 5 * MINUTE);
		expect(repaired).toMatchObject({exported: 2, restored: 2, dropped: 3});
		expect(formatOwnLogRepair(repaired)).toMatch(/they are written to it again; 3 cut-off, mangled or repeated lines were removed from it$/);
		const now = readFileSync(ownLog(a), 'utf8').split('\n');
		expect(now.slice(0, 3)).toEqual(lines.slice(0, 3));
		expect(loggedIds(a)).toHaveLength(4);
		expect(loggedIds(a).sort()).toEqual(ownEventIds(a));
		expect(readdirSync(a.syncDir)).toEqual([logFileName(a.store.deviceId)]);
	});

	it('does not write an event twice when the process died between writing the log and recording it', () => {
		const a = device('a');
		answer(a, 'What does CI stand for?', 3, t0);
		sync(a, t0 + 1);
		const recorded = metaWithPrefix(a.store, 'sync.');
		answer(a, 'Idempotent', 3, t0 + 2);
		sync(a, t0 + 3);
		// The log holds the second answer, but the database does not know it was written.
		for (const {key, value} of recorded) writeMeta(a.store, key, value);
		expect(sync(a, t0 + 4)).toMatchObject({exported: 0, restored: 0});
		expect(loggedIds(a).sort()).toEqual(ownEventIds(a));
		expect(loggedIds(a)).toHaveLength(2);
	});
});

describe('fitted parameters on several machines', () => {
	// Parameters that schedule visibly differently from FSRS's defaults: first answers last three times as long.
	const fitted = (factor: number) => DEFAULT_WEIGHTS.map((weight, index) => (index < 4 ? weight * factor : weight));
	const ownLog = (on: Device) => join(on.syncDir, logFileName(on.store.deviceId));
	const logLines = (on: Device) => readFileSync(ownLog(on), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
	/** What `fluency reschedule` does on the device that changed the parameters. */
	const rescheduleOn = (on: Device) => reschedule(on.store, new Schedulers(settings, loadParameters(on.store)));
	/** Both devices answered, and each has read the other's answers. */
	function sharedHistory(a: Device, b: Device): void {
		answer(a, 'What does CI stand for?', 3, t0);
		answer(b, 'What is a canary release?', 3, t0 + MINUTE);
		answer(a, 'What does CI stand for?', 3, t0 + 11 * MINUTE);
		answer(b, 'Idempotent', 2, t0 + 12 * MINUTE);
		sync(a, t0 + HOUR);
		sync(b, t0 + HOUR);
		copyLogs(a, b);
		copyLogs(b, a);
		sync(a, t0 + HOUR + 1);
		sync(b, t0 + HOUR + 1);
		expect(stateOf(a)).toEqual(stateOf(b));
	}
	const HOUR = 60 * MINUTE;

	it('reach the other device, which recomputes its cards with them and ends with the same state', () => {
		const a = device('a');
		const b = device('b');
		sharedHistory(a, b);
		const before = stateOf(b);
		saveParameters(a.store, fitted(3), undefined, t0 + DAY);
		rescheduleOn(a);
		sync(a, t0 + DAY + 1);
		expect(logLines(a).at(-1)).toMatchObject({type: 'parameters', device: a.store.deviceId, at: new Date(t0 + DAY).toISOString(), preset: '', weights: fitted(3)});
		expect(logLines(a).at(-1)).not.toHaveProperty('card');

		// What every command on b does: remember the settings its due dates were computed with.
		markScheduledWith(b.store, new Schedulers(settings, loadParameters(b.store)).fingerprint());
		copyLogs(a, b);
		const report = sync(b, t0 + DAY + 2);
		expect(report).toMatchObject({imported: 1, parametersChanged: [''], rescheduledCards: 3, replayedCards: 3, problems: []});
		expect(loadParameters(b.store)).toEqual(loadParameters(a.store));
		expect(stateOf(b)).not.toEqual(before);
		expect(stateOf(b)).toEqual(stateOf(a));
		// b's due dates are current for its new parameters: no "`fluency reschedule`" notice, and a reschedule changes nothing.
		expect(scheduledWith(b.store)).toBe(new Schedulers(settings, loadParameters(b.store)).fingerprint());
		expect(rescheduleOn(b).dueChanged).toBe(0);
		// Reading the same log again changes nothing.
		expect(sync(b, t0 + DAY + 3)).toMatchObject({imported: 0, parametersChanged: [], rescheduledCards: 0});
	});

	it('recompute only the cards of the deck whose preset changed', () => {
		const a = device('a');
		const b = device('b');
		for (const each of [a, b]) {
			writeFileSync(join(each.decks, 'mlops.md'), 'Q: What is drift?\nA: The data changing under a model.\n');
			loadDecks(each.store, findDeckFiles([each.decks], each.root).files, t0);
		}
		sharedHistory(a, b);
		answer(a, 'What is drift?', 3, t0 + 2 * HOUR);
		sync(a, t0 + 3 * HOUR);
		copyLogs(a, b);
		sync(b, t0 + 3 * HOUR);
		saveParameters(a.store, fitted(3), 'mlops', t0 + DAY);
		rescheduleOn(a);
		sync(a, t0 + DAY + 1);
		copyLogs(a, b);
		expect(sync(b, t0 + DAY + 2)).toMatchObject({parametersChanged: ['mlops'], rescheduledCards: 1});
		expect(stateOf(b)).toEqual(stateOf(a));
	});

	it('end as the later change on every device, whatever order the logs arrive in', () => {
		const [a, b, c] = [device('a'), device('b'), device('c')];
		sharedHistory(a, b);
		copyLogs(a, c);
		copyLogs(b, c);
		sync(c, t0 + HOUR + 2);
		saveParameters(a.store, fitted(3), undefined, t0 + DAY);
		saveParameters(b.store, fitted(0.5), undefined, t0 + DAY + HOUR);
		for (const each of [a, b]) sync(each, t0 + DAY + 2 * HOUR);
		// a hears of b's later change; b hears of a's earlier one, which changes nothing there.
		copyLogs(b, a);
		expect(sync(a, t0 + DAY + 3 * HOUR).parametersChanged).toEqual(['']);
		copyLogs(a, b);
		expect(sync(b, t0 + DAY + 3 * HOUR).parametersChanged).toEqual([]);
		// c reads b's log before a's.
		mkdirSync(c.syncDir, {recursive: true});
		copyFileSync(ownLog(b), join(c.syncDir, logFileName(b.store.deviceId)));
		sync(c, t0 + DAY + 4 * HOUR);
		copyFileSync(ownLog(a), join(c.syncDir, logFileName(a.store.deviceId)));
		expect(sync(c, t0 + DAY + 5 * HOUR).parametersChanged).toEqual([]);
		for (const each of [a, b, c]) expect(loadParameters(each.store)).toEqual({global: fitted(0.5), presets: new Map()});
		rescheduleOn(b);
		expect(stateOf(a)).toEqual(stateOf(b));
		expect(stateOf(c)).toEqual(stateOf(b));
	});

	it('a change made here wins over one read from a device whose clock runs ahead', () => {
		const a = device('a');
		const b = device('b');
		saveParameters(b.store, fitted(0.5), undefined, t0 + DAY);
		sync(b, t0 + DAY);
		copyLogs(b, a);
		sync(a, t0 + 1);
		saveParameters(a.store, fitted(3), undefined, t0 + 2);
		expect(loadParameters(a.store).global).toEqual(fitted(3));
		sync(a, t0 + 3);
		copyLogs(a, b);
		sync(b, t0 + DAY + 1);
		expect(loadParameters(b.store).global).toEqual(fitted(3));
	});

	it('forgotten with --reset, are forgotten on the other device too', () => {
		const a = device('a');
		const b = device('b');
		sharedHistory(a, b);
		saveParameters(a.store, fitted(3), 'backend', t0 + DAY);
		rescheduleOn(a);
		sync(a, t0 + DAY + 1);
		copyLogs(a, b);
		sync(b, t0 + DAY + 2);
		expect(loadParameters(b.store).presets.get('backend')).toEqual(fitted(3));
		const fittedState = stateOf(b);

		expect(forgetParameters(a.store, 'backend', t0 + 2 * DAY)).toBe(true);
		expect(forgetParameters(a.store, 'backend', t0 + 2 * DAY)).toBe(false);
		rescheduleOn(a);
		sync(a, t0 + 2 * DAY + 1);
		expect(logLines(a).at(-1)).toMatchObject({type: 'parameters', preset: 'backend', weights: null});
		copyLogs(a, b);
		expect(sync(b, t0 + 2 * DAY + 2)).toMatchObject({parametersChanged: ['backend'], rescheduledCards: 3});
		expect(loadParameters(b.store)).toEqual({presets: new Map()});
		expect(stateOf(b)).not.toEqual(fittedState);
		expect(stateOf(b)).toEqual(stateOf(a));
		expect(forgetParameters(b.store, 'backend', t0 + 3 * DAY)).toBe(false);
	});

	it('fitted by an older fluency (kept in the meta table) are kept, and travel like any change', () => {
		// A database as fluency left it before parameters were events: schema 5, parameters in meta.
		const root = makeTempDir('fluency-old-');
		const path = join(root, 'fluency.db');
		const raw = databaseAtVersion(path, 5);
		const oldDevice = '0190a000-0000-7000-8000-00000000000a';
		setMeta(raw, {device_id: oldDevice, 'fsrs.weights': JSON.stringify(fitted(3)), 'fsrs.preset:backend': JSON.stringify(fitted(0.5))});
		raw.close();

		const store = Store.open(path);
		const decks = join(root, 'decks');
		mkdirSync(decks);
		writeFileSync(join(decks, 'backend.md'), DECK);
		const old: Device = {name: 'old', root, decks, syncDir: join(decks, '.fluency'), store};
		devices.push(old);
		loadDecks(store, findDeckFiles([decks], root).files, t0);
		expect(store.deviceId).toBe(oldDevice);
		expect(loadParameters(store)).toEqual({global: fitted(3), presets: new Map([['backend', fitted(0.5)]])});
		expect(metaWithPrefix(store, 'fsrs.')).toEqual([]);

		sync(old, t0 + 1);
		const written = logLines(old).filter((line) => line['type'] === 'parameters');
		expect(written.sort((x, y) => String(x['preset']).localeCompare(String(y['preset'])))).toEqual([
			expect.objectContaining({device: oldDevice, at: '1970-01-01T00:00:00.000Z', preset: '', weights: fitted(3)}),
			expect.objectContaining({device: oldDevice, at: '1970-01-01T00:00:00.000Z', preset: 'backend', weights: fitted(0.5)}),
		]);
		const other = device('other');
		copyLogs(old, other);
		expect(sync(other, t0 + 2).parametersChanged).toEqual(['', 'backend']);
		expect(loadParameters(other.store)).toEqual(loadParameters(store));
		// Dated before anything, so any change made since wins over them.
		saveParameters(other.store, fitted(2), 'backend', t0 + 3);
		sync(other, t0 + 4);
		copyLogs(other, old);
		expect(sync(old, t0 + 5).parametersChanged).toEqual(['backend']);
	});

	it('skips a malformed parameters line with file:line, and applies the good ones', () => {
		const a = device('a');
		const other = '0190a000-0000-7000-8000-00000000000b';
		const line = (fields: Record<string, unknown>) => JSON.stringify({type: 'parameters', id: stableEventId(t0, JSON.stringify(fields)), device: other, at: new Date(t0).toISOString(), ...fields});
		const name = logFileName(other);
		mkdirSync(a.syncDir, {recursive: true});
		writeFileSync(
			join(a.syncDir, name),
			[
				JSON.stringify({type: 'device', device: other, name: 'other', created: new Date(t0).toISOString()}),
				line({preset: '', weights: [1, 2, 3]}),
				line({weights: fitted(3)}),
				line({preset: 'backend', weights: DEFAULT_WEIGHTS.map(() => 'x')}),
				line({preset: 'backend', weights: fitted(3)}),
				'',
			].join('\n'),
		);
		const report = sync(a, t0 + 1);
		expect(report.problems.map((problem) => `${problem.file.endsWith(name) ? name : problem.file}:${problem.line}: ${problem.message}`)).toEqual([
			`${name}:2: skipped: parameters weights must be 21 numbers, or null for forgotten ones`,
			`${name}:3: skipped: parameters must name their preset ("" for the global ones)`,
			`${name}:4: skipped: parameters weights must be 21 numbers, or null for forgotten ones`,
		]);
		expect(report).toMatchObject({imported: 1, parametersChanged: ['backend']});
		expect(loadParameters(a.store)).toEqual({presets: new Map([['backend', fitted(3)]])});
	});

	it("are written again to this device's log when a git reset cut them from it", () => {
		const a = device('a');
		answer(a, 'What does CI stand for?', 3, t0);
		sync(a, t0 + 1);
		const lines = readFileSync(ownLog(a), 'utf8');
		saveParameters(a.store, fitted(3), undefined, t0 + 2);
		sync(a, t0 + 3);
		writeFileSync(ownLog(a), lines);
		expect(sync(a, t0 + 4)).toMatchObject({exported: 1, restored: 1});
		expect(logLines(a).map((line) => line['type'])).toEqual(['device', 'review', 'parameters']);
	});
});
