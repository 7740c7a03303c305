import {describe, expect, it} from 'vitest';
import {type PaceAnswer, paceOf, timeLeftMs} from '../../src/core/review/pace.js';

const DAY = 86_400_000;
const dayOf = (at: number) => Math.floor(at / DAY);
const answer = (cardId: string, at: number, stateBefore: string, durationMs: number): PaceAnswer => ({cardId, at, stateBefore, durationMs});

describe("the pace of the user's own answers", () => {
	it("takes a card's time on a day as all its answers that day, in the queue its first answer came from", () => {
		const answers: PaceAnswer[] = [];
		for (let n = 0; n < 5; n++) {
			// A new card: three answers on its learning steps (given out of order), 30 s in all.
			answers.push(answer(`new${n}`, 1000 + n, 'learning', 10_000), answer(`new${n}`, 10 + n, 'new', 15_000), answer(`new${n}`, 2000 + n, 'learning', 5000));
			answers.push(answer(`rev${n}`, 100 + n, 'review', 6000));
			// The same card on another day is another card-day.
			answers.push(answer(`new${n}`, DAY + n, 'review', 4000));
		}
		const pace = paceOf(answers, dayOf);
		expect(pace).toEqual({newCards: 30_000, reviews: 5000, learning: (5 * 30_000 + 10 * 5000) / 15});
		expect(timeLeftMs({newCards: 2, learning: 0, reviews: 3}, pace)).toBe(75_000);
	});

	it('says nothing without enough answers, and fills a queue with too few from the pace of all cards', () => {
		expect(paceOf([], dayOf)).toEqual({newCards: undefined, learning: undefined, reviews: undefined});
		expect(timeLeftMs({newCards: 1, learning: 0, reviews: 0}, paceOf([], dayOf))).toBeUndefined();
		expect(timeLeftMs({newCards: 0, learning: 0, reviews: 0}, paceOf([], dayOf))).toBe(0);
		const reviews = Array.from({length: 5}, (_, n) => answer(`r${n}`, n, 'review', 8000));
		expect(paceOf(reviews, dayOf)).toEqual({newCards: 8000, learning: 8000, reviews: 8000});
	});
});
