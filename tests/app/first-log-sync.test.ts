import {copyFileSync, mkdirSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {logFileName} from '../../src/app/sync/log-files.js';
import {stableEventId} from '../../src/core/sync/event-id.js';
import type {SyncEvent} from '../../src/core/sync/event-log.js';
import {type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {indexDefinitions, rowsOf} from '../../src/store/inspect.js';
import {integrityProblems} from '../../src/store/safety/integrity.js';
import {importCardHistories} from '../../src/store/interchange/history-import.js';
import {suspendCard, recordAnswer, undoAnswer} from '../../src/store/review/reviews.js';
import {replayAndSave} from '../../src/store/scheduling/card-replay.js';
import {answerSlotMismatches} from '../../src/store/stats/answer-slots.js';
import {type Device, deviceWithDeck, syncDevice} from '../helpers/devices.js';

/*
A second device's first sync of a large history: the laptop imported a heavy Anki collection and
wrote its log; the desktop, with the same decks and nothing studied, reads that log whole. Each
card is then replayed from the events read and its answers written once, with the answers' indexes
built afterwards: what it stores must be exactly what replaying each card from the stored history
gives, as the sync wrote it before (every answer bare, then every card replayed).
*/

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const scheduler = new Scheduler(settings);
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const CARDS = 60;
const ANSWERS_PER_CARD = 180;

const devices: Device[] = [];
afterEach(() => {
	for (const device of devices.splice(0)) device.store.close();
});

const DECK = Array.from({length: CARDS}, (_, index) => `Q: What does service ${index} do?\nA: It serves request kind ${index}.`).join('\n\n');
const device = (name: string) => deviceWithDeck(name, {file: 'services.md', text: `${DECK}\n`}, t0, devices);
const sync = (on: Device, at: number) => syncDevice(on, settings, at);

/** A year of answers for every card, as an Anki import writes them: ratings of every kind, lapses among them. */
function importedHistories(on: Device) {
	const keys = new Map(rowsOf(on.store, 'cards').map((row) => [row['id'], String(row['identity_key'])]));
	return activeCards(on.store).map((card, cardIndex) => {
		const base = {device: on.store.deviceId, card: card.id, key: keys.get(card.id)!, deck: card.deck};
		const events: SyncEvent[] = Array.from({length: ANSWERS_PER_CARD}, (_, index) => {
			const at = t0 - 400 * DAY + index * 2 * DAY + cardIndex * 60_000;
			const rating = ((index * 7 + cardIndex) % 11 === 0 ? 1 : (index + cardIndex) % 5 === 0 ? 2 : (index + cardIndex) % 9 === 0 ? 4 : 3) as Rating;
			return {...base, type: 'review', id: stableEventId(at, `test-revlog:${card.id}:${index}`), at, rating, durationMs: 4000 + index};
		});
		return {cardId: card.id, events};
	});
}

/** Every answer's row and every card's row, in a stable order, times of writing left out. */
function stored(on: Device) {
	const reviews = rowsOf(on.store, 'reviews').sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : 1));
	const cards = rowsOf(on.store, 'cards')
		.map(({updated_at: _updated, created_at: _created, ...card}) => card)
		.sort((a, b) => (String(a['id']) < String(b['id']) ? -1 : 1));
	return {reviews, cards};
}

describe("a second device's first sync of a large log", () => {
	it('stores every answer and card exactly as replaying each card from its stored history does, and keeps every index', () => {
		const laptop = device('laptop');
		importCardHistories(laptop.store, importedHistories(laptop), scheduler);
		// Some of what a log holds besides answers: an answer undone, a suspension.
		const [first, second] = activeCards(laptop.store);
		const mistaken = recordAnswer(laptop.store, {cardId: first!.id, rating: 1, at: t0 + 1000, durationMs: 3000}, (memory, at) => scheduler.answer(memory, 1, at, first!.id)).reviewId;
		undoAnswer(laptop.store, mistaken, t0 + 2000, () => scheduler);
		suspendCard(laptop.store, second!.id, true, t0 + 3000);
		sync(laptop, t0 + 4000);
		const log = readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8').trim().split('\n');
		// The device line, every answer (the undone one too), the undo and the suspension.
		expect(log).toHaveLength(1 + CARDS * ANSWERS_PER_CARD + 1 + 1 + 1);

		const desktop = device('desktop');
		const indexesBefore = indexDefinitions(desktop.store);
		mkdirSync(desktop.syncDir, {recursive: true});
		for (const name of readdirSync(laptop.syncDir)) copyFileSync(join(laptop.syncDir, name), join(desktop.syncDir, name));
		const report = sync(desktop, t0 + 5000);
		expect(report).toMatchObject({imported: log.length - 1, pending: 0, replayedCards: CARDS, problems: []});

		const read = stored(desktop);
		expect(read.reviews).toHaveLength(CARDS * ANSWERS_PER_CARD + 1);
		expect(read.reviews.find((review) => review['id'] === mistaken)!['undone_at']).toBe(t0 + 2000);
		expect(read.cards.find((card) => card['id'] === second!.id)!['suspended']).toBe(1);
		expect(indexDefinitions(desktop.store)).toEqual(indexesBefore);
		expect(integrityProblems(desktop.store)).toEqual([]);
		expect(answerSlotMismatches(desktop.store)).toBe(0);

		desktop.store.transaction(() => {
			for (const card of activeCards(desktop.store)) replayAndSave(desktop.store, card.id, scheduler);
		});
		expect(stored(desktop)).toEqual(read);
		expect(answerSlotMismatches(desktop.store)).toBe(0);
	});
});
