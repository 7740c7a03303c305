import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {NEW_MEMORY, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards, getCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {buryCard, recordAnswer, reviewsOfCard, studiedToday, suspendCard, undoAnswer} from '../../src/store/review/reviews.js';
import {makeTempDir} from '../helpers/temp.js';
import {plansByIndex} from './query-plans.js';

let root: string;
let store: Store;
let cardId: string;
const t0 = Date.parse('2026-11-24T09:00:00Z');
const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});

beforeEach(() => {
	root = makeTempDir('fluency-answer-');
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'backend.md'), 'Q: What is CI?\nA: Continuous integration.\n\nQ: What is CD?\nA: Continuous delivery.\n');
	store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, t0);
	cardId = activeCards(store)[0]!.id;
});
afterEach(() => store.close());

const answer = (rating: Rating, at: number, id = cardId) => recordAnswer(store, {cardId: id, rating, at, durationMs: 3500}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, id));

describe('answering', () => {
	it('records the review and the new state together, with the figures the log keeps', () => {
		const {reviewId, outcome} = answer(3, t0);
		const row = store.db.prepare('SELECT * FROM reviews WHERE id = ?').get(reviewId) as Record<string, unknown>;
		expect(row).toMatchObject({card_id: cardId, device_id: store.deviceId, reviewed_at: t0, rating: 3, duration_ms: 3500, state_before: 'new', elapsed_days: 0, state_after: 'learning', undone_at: null});
		expect(row['retrievability']).toBeNull();
		expect(getCard(store, cardId)!.memory).toEqual(outcome.after);
		expect(outcome.after.due).toBe(t0 + 10 * 60_000);
	});

	it('builds on the state another process wrote meanwhile', () => {
		answer(3, t0);
		const other = Store.open(store.path);
		recordAnswer(other, {cardId, rating: 3, at: t0 + 600_000, durationMs: 1}, (memory, at) => scheduler.answer(memory, 3, at, cardId));
		other.close();
		const third = answer(3, t0 + 3 * 86_400_000);
		expect(third.outcome.before.reps).toBe(2);
		expect(reviewsOfCard(store, cardId)).toHaveLength(3);
	});

	it('matches a replay of the same history exactly, fuzz included', () => {
		const times = [t0, t0 + 600_000, t0 + 3 * 86_400_000, t0 + 12 * 86_400_000, t0 + 40 * 86_400_000];
		const ratings: Rating[] = [3, 3, 1, 3, 4];
		times.forEach((at, index) => answer(ratings[index]!, at));
		const replayed = scheduler.replay(times.map((at, index) => ({at, rating: ratings[index]!})), cardId);
		expect(getCard(store, cardId)!.memory).toEqual(replayed.memory);
	});
});

describe('undo', () => {
	it('restores exactly the state before the answer and keeps the review, marked undone', () => {
		answer(3, t0);
		const before = getCard(store, cardId)!.memory;
		const {reviewId} = answer(1, t0 + 600_000);
		expect(getCard(store, cardId)!.memory).not.toEqual(before);
		expect(undoAnswer(store, reviewId, t0 + 700_000, () => scheduler)!.memory).toEqual(before);
		expect(getCard(store, cardId)!.memory).toEqual(before);
		const reviews = reviewsOfCard(store, cardId);
		expect(reviews.map((review) => review.undoneAt)).toEqual([null, t0 + 700_000]);
		expect(store.db.prepare("SELECT kind, target_id FROM card_events WHERE card_id = ?").all(cardId)).toEqual([{kind: 'undo', target_id: reviewId}]);
	});

	it('undoes several answers in a row, back to a new card', () => {
		const first = answer(3, t0);
		const second = answer(3, t0 + 600_000);
		undoAnswer(store, second.reviewId, t0 + 700_000, () => scheduler);
		undoAnswer(store, first.reviewId, t0 + 710_000, () => scheduler);
		expect(getCard(store, cardId)!.memory).toEqual(NEW_MEMORY);
	});

	it('refuses to undo twice, or to undo an answer that a later one built on', () => {
		const first = answer(3, t0);
		const second = answer(3, t0 + 600_000);
		expect(undoAnswer(store, first.reviewId, t0 + 700_000, () => scheduler)).toBeUndefined();
		expect(undoAnswer(store, second.reviewId, t0 + 700_000, () => scheduler)).toBeDefined();
		expect(undoAnswer(store, second.reviewId, t0 + 710_000, () => scheduler)).toBeUndefined();
	});

	it('gives the undone answer back to the daily limits', () => {
		const day = {start: t0 - 3_600_000, end: t0 + 20 * 3_600_000, key: '2026-11-24'};
		const {reviewId} = answer(3, t0);
		expect(studiedToday(store, day).newCards).toBe(1);
		undoAnswer(store, reviewId, t0 + 1, () => scheduler);
		expect(studiedToday(store, day).newCards).toBe(0);
	});

	it("reads the notes answered today from an index of the cards' notes (migration 17), never a card's row", () => {
		const day = {start: t0 - 3_600_000, end: t0 + 20 * 3_600_000, key: '2026-11-24'};
		answer(3, t0);
		let seen: ReadonlySet<string> = new Set();
		const plans = plansByIndex(store, () => void (seen = studiedToday(store, day).notesSeen));
		expect(seen).toEqual(new Set([getCard(store, cardId)!.noteKey]));
		expect(plans).toEqual([['cards_deck_by_id', expect.stringMatching(/SEARCH cards USING COVERING INDEX cards_deck_by_id \(id=\?\)/)]]);
	});
});

describe('suspend and bury', () => {
	it('record the change on the card and as an event', () => {
		suspendCard(store, cardId, true, t0);
		expect(getCard(store, cardId)!.suspended).toBe(true);
		suspendCard(store, cardId, false, t0 + 1);
		buryCard(store, cardId, t0 + 86_400_000, t0 + 2);
		expect(getCard(store, cardId)).toMatchObject({suspended: false, buriedUntil: t0 + 86_400_000});
		expect((store.db.prepare('SELECT kind FROM card_events ORDER BY at').all() as Array<{kind: string}>).map((row) => row.kind)).toEqual(['suspend', 'unsuspend', 'bury']);
	});
});
