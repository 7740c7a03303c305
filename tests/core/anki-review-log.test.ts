import {describe, expect, it} from 'vitest';
import {type AnkiReview, AnkiReviewLog} from '../../src/core/interchange/anki/review-log.js';

const review = (cardId: number, id: number): AnkiReview => ({id, cardId, ease: 3, interval: -600, factor: 2500, time: 6000, type: 0});

describe('an Anki review log', () => {
	it('hands out each card\'s reviews as they were added', () => {
		const log = new AnkiReviewLog(5);
		for (const each of [review(11, 1), review(11, 5), review(21, 2), review(1_700_000_000_031, 3), review(1_700_000_000_031, 4)]) log.add(each);
		expect(log.size).toBe(5);
		// Each with its place in the log, where a worker wrote its event id (review-ids-ahead.ts).
		expect(log.of(11)).toEqual([{...review(11, 1), row: 0}, {...review(11, 5), row: 1}]);
		expect(log.of(1_700_000_000_031)).toEqual([{...review(1_700_000_000_031, 3), row: 3}, {...review(1_700_000_000_031, 4), row: 4}]);
		for (const missing of [1, 12, 22, 1_700_000_000_032]) expect(log.of(missing)).toEqual([]);
		for (const cardId of [1, 11, 12, 21, 22, 1_700_000_000_030, 1_700_000_000_031, 1_700_000_000_032]) expect(log.countOf(cardId)).toBe(log.of(cardId).length);
	});

	it('refuses reviews out of card order, and more than it was sized for', () => {
		const log = new AnkiReviewLog(2);
		log.add(review(21, 5));
		expect(() => log.add(review(11, 6))).toThrow('out of card order');
		expect(() => log.add(review(21, 4))).toThrow('out of card order');
		log.add(review(21, 6));
		expect(() => log.add(review(31, 7))).toThrow('more reviews than counted');
	});
});
