import {describe, expect, it} from 'vitest';
import {cardCounts, type CardStanding, dueTimes, memoryDistributions} from '../../src/core/stats/cards.js';
import {
	byHour,
	calibration,
	dailyMinutes,
	forecast,
	heatmap,
	histogram,
	type QuarterCounts,
	retentionBetween,
	retentionByDeck,
	retentionOf,
	retentionSince,
	streaks,
	weeklyTrend,
} from '../../src/core/stats/figures.js';

/** 96 quarters of zero counts, with some set: {quarter: [notReview, youngAgain, youngPassed, matureAgain, maturePassed]}. */
function quarters(set: Record<number, number[]>): number[][] {
	return Array.from({length: 96}, (_, quarter) => set[quarter] ?? [0, 0, 0, 0, 0]);
}

describe('true retention', () => {
	it('is the share of review answers not rated Again, young and mature apart', () => {
		// 3 answers outside review state count nowhere; young 4 of 5 passed, mature 6 of 8, all 10 of 13.
		expect(retentionOf([3, 1, 4, 2, 6])).toEqual({
			young: {answers: 5, passed: 4, rate: 0.8},
			mature: {answers: 8, passed: 6, rate: 0.75},
			all: {answers: 13, passed: 10, rate: 10 / 13},
		});
		expect(retentionOf([7, 0, 0, 0, 0]).all).toEqual({answers: 0, passed: 0, rate: null});
	});

	it('adds up the stretches that start inside a window', () => {
		const stretches: QuarterCounts[] = [
			{start: 100, offsetMinutes: 0, counts: quarters({0: [1, 1, 1, 0, 0]})},
			{start: 200, offsetMinutes: 0, counts: quarters({5: [0, 0, 2, 1, 1], 6: [4, 0, 0, 0, 0]})},
		];
		// Only the second stretch: young 2 of 2, mature 1 of 2.
		expect(retentionSince(stretches, 150)).toEqual({
			young: {answers: 2, passed: 2, rate: 1},
			mature: {answers: 2, passed: 1, rate: 0.5},
			all: {answers: 4, passed: 3, rate: 0.75},
		});
		// Both: young 1 + 1 in the first and 2 in the second, 1 of them Again.
		expect(retentionSince(stretches, 0).young).toEqual({answers: 4, passed: 3, rate: 0.75});
	});

	it('is given per deck, the weakest first, leaving out decks without review answers', () => {
		const decks = retentionByDeck([
			{deck: 'b', counts: [0, 0, 2, 0, 0]},
			{deck: 'a', counts: [0, 1, 3, 0, 0]},
			{deck: 'a', counts: [0, 0, 0, 1, 1]},
			{deck: 'c', counts: [5, 0, 0, 0, 0]},
		]);
		// a: young 3 of 4, mature 1 of 2, all 4 of 6; b: 2 of 2.
		expect(decks.map((deck) => [deck.deck, deck.young.rate, deck.mature.rate, deck.all.rate])).toEqual([
			['a', 0.75, 0.5, 4 / 6],
			['b', 1, null, 1],
		]);
	});

	it('orders decks of the same retention and answers by name as the deck list does (code units, capitals first)', () => {
		const decks = retentionByDeck(['ml/zeta', 'Ml/alpha', 'ml-ops', 'ml/Beta', 'ml/alpha'].map((deck) => ({deck, counts: [0, 1, 1, 0, 0] as const})));
		expect(decks.map((deck) => deck.deck)).toEqual(['Ml/alpha', 'ml-ops', 'ml/Beta', 'ml/alpha', 'ml/zeta']);
	});
});

describe('answers by local hour', () => {
	it('maps quarters of the UTC day to local hours with each stretch its own offset', () => {
		const hours = byHour([
			// Paris in winter (+01:00): 00:00 UTC is 01:00, 23:45 UTC is 00:45.
			{start: 0, offsetMinutes: 60, counts: quarters({0: [1, 1, 1, 0, 0], 95: [2, 0, 0, 0, 0]})},
			// India (+05:30): 00:15 UTC is 05:45, 00:30 UTC is 06:00.
			{start: 1, offsetMinutes: 330, counts: quarters({1: [0, 0, 0, 0, 3], 2: [0, 0, 0, 1, 0]})},
			// New York in winter (-05:00): 01:00 UTC is 20:00 the day before.
			{start: 2, offsetMinutes: -300, counts: quarters({4: [0, 0, 1, 0, 1]})},
		]);
		expect(hours).toHaveLength(24);
		expect(hours[1]).toEqual({hour: 1, answers: 3, retention: {answers: 2, passed: 1, rate: 0.5}});
		expect(hours[0]).toEqual({hour: 0, answers: 2, retention: {answers: 0, passed: 0, rate: null}});
		expect(hours[5]).toEqual({hour: 5, answers: 3, retention: {answers: 3, passed: 3, rate: 1}});
		expect(hours[6]).toEqual({hour: 6, answers: 1, retention: {answers: 1, passed: 0, rate: 0}});
		expect(hours[20]).toEqual({hour: 20, answers: 2, retention: {answers: 2, passed: 2, rate: 1}});
		expect(hours.reduce((sum, hour) => sum + hour.answers, 0)).toBe(11);
	});
});

describe('days', () => {
	const days = [
		{day: '2026-11-10', answers: 1, ms: 0},
		{day: '2026-11-11', answers: 1, ms: 0},
		{day: '2026-11-12', answers: 1, ms: 0},
		{day: '2026-11-13', answers: 1, ms: 0},
		{day: '2026-11-20', answers: 3, ms: 0},
		{day: '2026-11-21', answers: 0, ms: 0},
		{day: '2026-11-22', answers: 2, ms: 0},
		{day: '2026-11-23', answers: 1, ms: 0},
	];

	it('counts the current streak up to yesterday while today is open, and the longest', () => {
		// 11-22 and 11-23; 11-21 had none. The longest run is 11-10 to 11-13.
		expect(streaks(days, '2026-11-24')).toEqual({current: 2, longest: 4});
		expect(streaks([...days, {day: '2026-11-24', answers: 1, ms: 0}], '2026-11-24')).toEqual({current: 3, longest: 4});
		// Nothing yesterday or today: the streak is broken.
		expect(streaks(days, '2026-11-25')).toEqual({current: 0, longest: 4});
	});

	it('lays days out in Monday-first weeks ending with today', () => {
		// 2026-11-24 is a Tuesday: two weeks start on Mondays 11-16 and 11-23.
		const weeks = heatmap(days, '2026-11-24', {weeks: 2});
		expect(weeks).toEqual([
			{monday: '2026-11-16', days: [0, 0, 0, 0, 3, 0, 2]},
			{monday: '2026-11-23', days: [1, 0, null, null, null, null, null]},
		]);
		// Days before the period are blank, not zero.
		expect(heatmap(days, '2026-11-24', {weeks: 2, from: '2026-11-20'})[0]!.days).toEqual([null, null, null, null, 3, 0, 2]);
		expect(heatmap(days, '2026-11-24')).toHaveLength(53);
	});

	it('forecasts due cards per day, overdue ones today', () => {
		// Days [0, 10), [10, 20), [20, 30): -5, 0 and 9 fall on the first, 10 on the second, 25 and 29 on the third; 30 is past the end.
		expect(forecast([-5, 0, 9, 10, 25, 30, 29], [0, 10, 20, 30])).toEqual([3, 1, 2]);
	});
});

describe('the trend', () => {
	// Stretches starting at 0, 100 and 200 (moments); weeks start at 0 (days 11-10 to 11-16) and 100 (11-17 on).
	const stretches: QuarterCounts[] = [
		{start: 0, offsetMinutes: 0, counts: quarters({0: [2, 1, 3, 0, 0]})},
		{start: 100, offsetMinutes: 0, counts: quarters({1: [0, 0, 1, 1, 2]})},
		{start: 200, offsetMinutes: 0, counts: quarters({2: [1, 1, 0, 0, 0]})},
	];
	const days = [
		{day: '2026-11-10', answers: 4, ms: 120_000},
		{day: '2026-11-16', answers: 2, ms: 60_000},
		{day: '2026-11-17', answers: 4, ms: 30_000},
		{day: '2026-11-20', answers: 2, ms: 30_000},
	];

	it('counts true retention between two moments, the end left out', () => {
		// Only the stretch at 100: young 1 of 1, mature 2 of 3.
		expect(retentionBetween(stretches, 100, 200).all).toEqual({answers: 4, passed: 3, rate: 0.75});
		expect(retentionBetween(stretches, 0, 100).all).toEqual({answers: 4, passed: 3, rate: 0.75});
		expect(retentionBetween(stretches, 300, Infinity).all).toEqual({answers: 0, passed: 0, rate: null});
	});

	it('adds answers, minutes and true retention up week by week, the last week open-ended', () => {
		expect(weeklyTrend([{from: '2026-11-10', start: 0}, {from: '2026-11-17', start: 100}], days, stretches)).toEqual([
			{from: '2026-11-10', answers: 6, minutes: 3, retention: {answers: 4, passed: 3, rate: 0.75}},
			// Stretches 100 and 200: 3 of 4 passed, then 1 Again: 3 of 5.
			{from: '2026-11-17', answers: 6, minutes: 1, retention: {answers: 5, passed: 3, rate: 0.6}},
		]);
		// A week without answers is there, empty.
		expect(weeklyTrend([{from: '2026-11-03', start: -100}], [], [])).toEqual([{from: '2026-11-03', answers: 0, minutes: 0, retention: {answers: 0, passed: 0, rate: null}}]);
	});

	it('gives the minutes of each of the last days, days without answers as 0', () => {
		expect(dailyMinutes(days, '2026-11-21', 5)).toEqual([
			{day: '2026-11-17', minutes: 0.5},
			{day: '2026-11-18', minutes: 0},
			{day: '2026-11-19', minutes: 0},
			{day: '2026-11-20', minutes: 0.5},
			{day: '2026-11-21', minutes: 0},
		]);
	});
});

describe('distributions', () => {
	it('bins values below each edge', () => {
		// < 1: 0.5; 1-7: 1 and 6.9; 7-21: 7; 21-90: 21; 90-365: none; 365 and more: 400.
		expect(histogram([0.5, 1, 6.9, 7, 21, 400], [1, 7, 21, 90, 365])).toEqual([1, 2, 1, 1, 0, 1]);
	});

	const card = (overrides: Partial<CardStanding>): CardStanding => ({
		deck: 'd',
		state: 'review',
		due: 1000,
		stability: 10,
		difficulty: 5,
		lastReview: 0,
		suspended: false,
		buriedUntil: null,
		retired: false,
		...overrides,
	});
	const cards = [
		card({state: 'new', due: null, stability: 0, difficulty: 0, lastReview: null}),
		card({state: 'learning', due: 50, stability: 0.5, difficulty: 8.5}),
		card({stability: 100, difficulty: 3}),
		card({state: 'relearning', suspended: true, stability: 2}),
		card({retired: true}),
		card({buriedUntil: 5000}),
	];

	it('counts cards by state, suspended and retired ones apart', () => {
		expect(cardCounts(cards)).toEqual({new: 1, learning: 1, review: 2, relearning: 0, suspended: 1, retired: 1, total: 6});
	});

	it('shows a studied card when it is due, or when its burial ends', () => {
		expect(dueTimes(cards)).toEqual([50, 1000, 5000]);
	});

	it('spreads stability, difficulty and recall now over the studied cards', () => {
		// Studied and not retired: stabilities 0.5, 100, 2, 10; difficulties 8.5, 3, 5, 5 (bins 8-9, 3-4, 5-6 twice).
		const memory = memoryDistributions(cards, (standing) => (standing.stability >= 10 ? 0.97 : 0.6));
		expect(memory.stability.counts).toEqual([1, 1, 1, 0, 1, 0]);
		expect(memory.stability.mean).toBeCloseTo(112.5 / 4, 10);
		expect(memory.difficulty.counts).toEqual([0, 0, 1, 0, 2, 0, 0, 1, 0]);
		expect(memory.recall.counts).toEqual([0, 2, 0, 0, 0, 0, 2]);
		expect(memory.recall.mean).toBeCloseTo(0.785, 10);
	});
});

describe('calibration', () => {
	it('compares the mean prediction with the share recalled in each bin, with the weighted RMSE', () => {
		const figure = calibration([
			{from: 0.5, to: 0.6, answers: 0, predictedSum: 0, recalled: 0},
			{from: 0.8, to: 0.9, answers: 4, predictedSum: 3.4, recalled: 3},
			{from: 0.9, to: 1, answers: 6, predictedSum: 5.7, recalled: 6},
		]);
		// 0.8-0.9: predicted 0.85, recalled 0.75, gap -0.10; 0.9-1: predicted 0.95, recalled 1, gap +0.05.
		expect(figure.bins.map((bin) => [bin.from, bin.answers])).toEqual([
			[0.8, 4],
			[0.9, 6],
		]);
		expect(figure.bins[0]!.gap).toBeCloseTo(-0.1, 10);
		expect(figure.bins[1]!.gap).toBeCloseTo(0.05, 10);
		expect(figure.answers).toBe(10);
		expect(figure.predicted).toBeCloseTo(0.91, 10);
		expect(figure.recalled).toBeCloseTo(0.9, 10);
		// sqrt((4 × 0.1² + 6 × 0.05²) / 10) = sqrt(0.0055)
		expect(figure.rmse).toBeCloseTo(0.0741620, 6);
		expect(calibration([]).rmse).toBeNull();
	});
});
