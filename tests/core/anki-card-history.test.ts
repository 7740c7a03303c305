import {describe, expect, it} from 'vitest';
import {ankiCardHistory, type HistoryTally} from '../../src/core/interchange/anki/card-history.js';
import type {AnkiCard} from '../../src/core/interchange/anki/collection.js';
import {type AnkiReview, AnkiReviewLog} from '../../src/core/interchange/anki/review-log.js';

// A collection created 2023-11-14 22:13:20 UTC (Anki's `col.crt`, in seconds), with one card's
// review log rows as rslib writes them: ids are epoch milliseconds, learning rows type 0.
const CREATED = 1_700_000_000;
const DAY_MS = 86_400_000;
const CARD_ID = 1_700_000_100_000;
const target = {device: 'device-1', card: 'card-1', key: 'id:n1#0', deck: 'topics/one'};

const row = (id: number, ease: number, type: number): AnkiReview => ({id, cardId: CARD_ID, ease, interval: type === 0 ? -600 : 3, factor: type === 0 ? 0 : 2500, time: 7000, type});
const learned = [row(CREATED * 1000 + 1000, 3, 0), row(CREATED * 1000 + 700_000, 3, 0), row(CREATED * 1000 + 3 * DAY_MS, 3, 1)];

function collectionOf(rows: readonly AnkiReview[]) {
	const reviews = new AnkiReviewLog(rows.length);
	for (const each of rows) reviews.add(each);
	return {created: CREATED, reviews};
}

const card = (fields: Partial<AnkiCard>): AnkiCard => ({id: CARD_ID, noteId: 1, deckId: 1, ordinal: 0, type: 2, queue: 2, due: 10, interval: 7, originalDue: 0, originalDeckId: 0, ...fields});
const emptyTally = (): HistoryTally => ({reviewsBeforeLastStart: 0, cardsWithoutLearningStart: 0, studiedCardsWithoutHistory: 0});

describe("an Anki card's history as log events", () => {
	it('holds its graded reviews with ids that are the same on every import, and the day Anki had it due', () => {
		const first = ankiCardHistory(collectionOf(learned), card({}), target, false, emptyTally());
		const again = ankiCardHistory(collectionOf(learned), card({}), target, false, emptyTally());
		expect(first).toEqual(again);
		expect(first?.events.map((event) => [event.type, event.at, event.type === 'review' ? event.rating : 0])).toEqual(learned.map((each) => ['review', each.id, 3]));
		expect(first?.events[0]).toMatchObject({device: 'device-1', card: 'card-1', key: 'id:n1#0', deck: 'topics/one', durationMs: 7000});
		expect(new Set(first?.events.map((event) => event.id)).size).toBe(3);
		// A review card is due a number of days after the collection's creation.
		expect(first?.due).toBe((CREATED + 10 * 86_400) * 1000);
	});

	it("reads a card's due date where Anki keeps it: in seconds while learning, the original one in a filtered deck", () => {
		const dueOf = (fields: Partial<AnkiCard>) => ankiCardHistory(collectionOf(learned), card(fields), target, false, emptyTally())?.due;
		expect(dueOf({type: 1, queue: 1, due: CREATED + 600})).toBe((CREATED + 600) * 1000);
		expect(dueOf({originalDeckId: 9, due: -100_000, originalDue: 12})).toBe((CREATED + 12 * 86_400) * 1000);
		expect(dueOf({type: 0, queue: 0, due: 5})).toBeUndefined();
	});

	it('adds a suspension and a leech tag timed just after the last review, and nothing for a new card without them', () => {
		const history = ankiCardHistory(collectionOf(learned), card({queue: -1}), target, true, emptyTally());
		const after = learned.at(-1)!.id + 1;
		expect(history?.events.slice(3).map((event) => [event.type, event.at])).toEqual([
			['suspend', after],
			['tag', after],
		]);
		expect(ankiCardHistory(collectionOf([]), card({type: 0, queue: 0}), target, false, emptyTally())).toBeUndefined();
		// A new card suspended in Anki: its suspension is timed after the collection's creation.
		expect(ankiCardHistory(collectionOf([]), card({type: 0, queue: -1}), target, false, emptyTally())?.events.map((event) => [event.type, event.at])).toEqual([['suspend', CREATED * 1000 + 1]]);
	});

	it('counts what the report says of the history it leaves out', () => {
		const tally = emptyTally();
		// Reviewed, relearned from scratch (a new learning run), then reviewed: the first run is left out.
		const relearned = [...learned, row(CREATED * 1000 + 10 * DAY_MS, 3, 0), row(CREATED * 1000 + 11 * DAY_MS, 3, 1)];
		expect(ankiCardHistory(collectionOf(relearned), card({}), target, false, tally)?.events).toHaveLength(2);
		// No learning row: an incomplete history.
		ankiCardHistory(collectionOf([row(CREATED * 1000 + DAY_MS, 3, 1)]), card({}), target, false, tally);
		// Studied in Anki with no review left: new here.
		ankiCardHistory(collectionOf([]), card({}), target, false, tally);
		expect(tally).toEqual({reviewsBeforeLastStart: 3, cardsWithoutLearningStart: 1, studiedCardsWithoutHistory: 1});
	});
});
