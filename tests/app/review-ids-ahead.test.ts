/*
A large Anki import has a worker work out its reviews' event ids ahead, while it writes the answers
(src/app/interchange/review-ids-ahead.ts). These tests run the built worker (npm test builds it
first): every id it hands over must be the one ankiReviewEventId gives, whether the import takes it
from the worker or works it out itself.
*/
import {existsSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {ReviewIdsAhead} from '../../src/app/interchange/review-ids-ahead.js';
import {ankiCardHistory, ankiReviewEventId} from '../../src/core/interchange/anki/card-history.js';
import type {AnkiCard} from '../../src/core/interchange/anki/collection.js';
import {AnkiReviewLog} from '../../src/core/interchange/anki/review-log.js';
import {makeTempDir} from '../helpers/temp.js';

const WORKER = new URL('../../dist/app/interchange/review-ids-worker.js', import.meta.url);
const CARDS = 2500;
const REVIEWS_PER_CARD = 9;

/** A review log as Anki's revlog is read (by card, then by time): card ids and review ids in Anki's millisecond form. */
function reviewLog(): {log: AnkiReviewLog; cardIds: number[]} {
	const log = new AnkiReviewLog(CARDS * REVIEWS_PER_CARD);
	const cardIds = Array.from({length: CARDS}, (_, index) => 1_600_000_000_000 + index * 7919);
	for (const cardId of cardIds) {
		for (let review = 0; review < REVIEWS_PER_CARD; review++) {
			log.add({id: 1_650_000_000_000 + cardId - 1_600_000_000_000 + review * 86_400_000, cardId, ease: review === 0 ? 1 : 3, interval: review, factor: 2500, time: 4000, type: review === 0 ? 0 : 1});
		}
	}
	return {log, cardIds};
}

/** Wait (blocking, as the import never does) until the worker has written every id. */
function untilAllWritten(ahead: ReviewIdsAhead): void {
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (let waited = 0; !ahead.allWritten(); waited += 10) {
		if (waited > 20_000) throw new Error('the worker wrote no ids in 20 s');
		Atomics.wait(pause, 0, 0, 10);
	}
}

describe("a large import's review ids, worked out ahead", () => {
	it('are the ids the import works out itself, for every review, in any order the cards are taken', () => {
		expect(existsSync(fileURLToPath(WORKER))).toBe(true);
		const {log, cardIds} = reviewLog();
		const order = [...cardIds].reverse();
		const ahead = ReviewIdsAhead.start(log, order, WORKER)!;
		expect(ahead).toBeDefined();
		untilAllWritten(ahead);
		for (const cardId of order) for (const review of log.of(cardId)) expect(ahead.eventIdOf(cardId, review)).toBe(ankiReviewEventId(cardId, review.id));
		ahead.close();
	});

	it('give a card the same history as ids worked out here', () => {
		const {log, cardIds} = reviewLog();
		const ahead = ReviewIdsAhead.start(log, cardIds, WORKER)!;
		untilAllWritten(ahead);
		const card: AnkiCard = {id: cardIds[42]!, noteId: 1, deckId: 1, ordinal: 0, type: 2, queue: 2, due: 900, interval: 30, originalDue: 0, originalDeckId: 0};
		const target = {device: '01a25204-f29b-7095-9a49-21aad58ce90d', card: 'c42', key: 'q:42#0', deck: 'ml'};
		const tally = () => ({reviewsBeforeLastStart: 0, cardsWithoutLearningStart: 0, studiedCardsWithoutHistory: 0});
		const collection = {created: 1_500_000_000, reviews: log};
		expect(ankiCardHistory(collection, card, target, false, tally(), ahead.eventIdOf)).toEqual(ankiCardHistory(collection, card, target, false, tally()));
		ahead.close();
	});

	it('are worked out here when the worker has not written them: it failed, or a log is too small to start one', () => {
		const {log, cardIds} = reviewLog();
		const broken = join(makeTempDir('fluency-review-ids-'), 'broken-worker.mjs');
		writeFileSync(broken, "throw new Error('the worker could not load');\n");
		const failing = ReviewIdsAhead.start(log, cardIds, new URL(`file://${broken}`))!;
		const [first] = log.of(cardIds[0]!);
		expect(failing.eventIdOf(cardIds[0]!, first!)).toBe(ankiReviewEventId(cardIds[0]!, first!.id));
		expect(failing.allWritten()).toBe(false);
		failing.close();

		const small = new AnkiReviewLog(10);
		small.add({id: 1_650_000_000_000, cardId: 1, ease: 3, interval: 1, factor: 2500, time: 1, type: 1});
		expect(ReviewIdsAhead.start(small, [1], WORKER)).toBeUndefined();
	});
});
