import {describe, expect, it} from 'vitest';
import {answerTimeMs, MAX_ANSWER_MS} from '../../src/core/review/answer-time.js';

describe('answer time: one rule for the review screen, the store and the Anki export', () => {
	it('keeps whole milliseconds up to a minute and caps what is longer', () => {
		expect(MAX_ANSWER_MS).toBe(60_000);
		expect(answerTimeMs(59_999)).toBe(59_999);
		expect(answerTimeMs(60_000)).toBe(60_000);
		expect(answerTimeMs(60_001)).toBe(60_000);
		expect(answerTimeMs(59_999.6)).toBe(60_000);
		expect(answerTimeMs(3_499.5)).toBe(3_500);
		expect(answerTimeMs(Number.POSITIVE_INFINITY)).toBe(60_000);
	});

	it('never records a negative time (a clock set back) or no number at all', () => {
		expect(answerTimeMs(0)).toBe(0);
		expect(answerTimeMs(-1)).toBe(0);
		expect(answerTimeMs(-0.4)).toBe(0);
		expect(answerTimeMs(Number.NaN)).toBe(0);
	});
});
