import {describe, expect, it} from 'vitest';
import {recallMetrics} from '../../src/core/metrics.js';
import {predictRecall} from '../../src/core/scheduler.js';

describe('scoring predicted recall as the FSRS benchmark does', () => {
	const items = [
		// Recalled after 2 days, predicted 0.9.
		{reviews: [{rating: 3 as const, deltaT: 0}, {rating: 3 as const, deltaT: 2}]},
		// Forgotten after 2 days, predicted 0.8: same bin as the first.
		{reviews: [{rating: 3 as const, deltaT: 0}, {rating: 1 as const, deltaT: 2}]},
		// Recalled after 30 days with two earlier reviews on other days and one lapse, predicted 0.7: a bin of its own.
		{reviews: [{rating: 3 as const, deltaT: 0}, {rating: 3 as const, deltaT: 1}, {rating: 1 as const, deltaT: 5}, {rating: 3 as const, deltaT: 30}]},
	];

	it('computes log loss and RMSE over bins on a worked example', () => {
		const metrics = recallMetrics(items, [0.9, 0.8, 0.7]);
		// Log loss: (-ln 0.9 - ln 0.2 - ln 0.7) / 3.
		expect(metrics.logLoss).toBeCloseTo(0.6904911, 6);
		// Bin 1: mean prediction 0.85, mean outcome 0.5 (2 items); bin 2: 0.7 against 1 (1 item).
		expect(metrics.rmseBins).toBeCloseTo(Math.sqrt((2 * 0.35 ** 2 + 0.3 ** 2) / 3), 10);
	});

	it('predicts recall from FSRS-6: after one Good, 2 days later, with the default parameters', () => {
		// S = w2 = 2.3065; R = (1 + factor * t / S) ^ -decay with decay w20 = 0.1542 and factor = 0.9^(-1/decay) - 1.
		expect(predictRecall([items[0]!.reviews])[0]).toBeCloseTo(0.9094933, 5);
	});
});
