import {describe, expect, it} from 'vitest';
import {answersBeforeRefit, healthCheck, verdict} from '../../src/core/scheduling/metrics.js';
import {DEFAULT_WEIGHTS, parameterBounds} from '../../src/core/scheduling/scheduler.js';
import type {TrainingItem} from '../../src/core/scheduling/training.js';

/** `count` items whose last answer recalled with probability `retention` (every tenth is Again at 0.9). */
const items = (count: number, retention: number): TrainingItem[] =>
	Array.from({length: count}, (_, index) => ({at: index, reviews: [{rating: 3, deltaT: 0}, {rating: (index % 100) / 100 < retention ? 3 : 1, deltaT: 3}]}));

describe("Anki's health check after a fit", () => {
	it('passes a fit whose out-of-sample figures are typical for the retention shown', () => {
		const check = healthCheck(items(1000, 0.9), {logLoss: 0.33, rmseBins: 0.05}, DEFAULT_WEIGHTS, parameterBounds());
		expect(check).toMatchObject({stable: true, extreme: [], passed: true});
		expect(check.adjustedLogLoss).toBeCloseTo(0.33 / (0.623 * (4 * 0.9 * 0.1) ** 0.738), 6);
	});

	it('fails a fit that predicts much worse than typical on both figures', () => {
		const check = healthCheck(items(1000, 0.9), {logLoss: 0.6, rmseBins: 0.3}, DEFAULT_WEIGHTS, parameterBounds());
		expect(check.stable).toBe(false);
		expect(check.passed).toBe(false);
	});

	it('does not judge stability on 300 items or fewer, as Anki', () => {
		expect(healthCheck(items(300, 0.9), {logLoss: 0.6, rmseBins: 0.3}, DEFAULT_WEIGHTS, parameterBounds())).toMatchObject({stable: null, passed: true});
	});

	it('names parameters pinned at a bound of their range, but not the defaults', () => {
		const weights = [...DEFAULT_WEIGHTS];
		weights[8] = 4.5; // the top of w8's range
		weights[20] = 0.1; // the flattest forgetting curve allowed
		expect(healthCheck(items(1000, 0.9), {logLoss: 0.33, rmseBins: 0.05}, weights, parameterBounds())).toMatchObject({extreme: [8, 20], passed: false});
	});
});

describe('the figures in plain words', () => {
	it('says whether reviews are predicted well or poorly, and when to fit again', () => {
		expect(verdict(items(1000, 0.9), {logLoss: 0.33, rmseBins: 0.05})).toBe(
			'Your reviews are predicted well: on average the predicted chance of recall is within 5.0 points of how often you recalled; fit again after 200 more answers.',
		);
		expect(verdict(items(120, 0.9), {logLoss: 0.7, rmseBins: 0.3})).toMatch(/^Your reviews are predicted poorly: .* off by 30\.0 points on average; fit again after 280 more answers\.$/);
	});

	it('asks for a full fit first, then a fifth more history', () => {
		expect(answersBeforeRefit(50)).toBe(350);
		expect(answersBeforeRefit(400)).toBe(100);
		expect(answersBeforeRefit(5000)).toBe(1000);
	});
});
