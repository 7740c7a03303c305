import {describe, expect, it} from 'vitest';
import {countedSpan, spanLabel} from '../../src/core/stats/span.js';

describe('the span a figure counts', () => {
	const limits = {today: '2026-12-05', firstAnswer: '2026-11-27', periodFrom: null};

	it('starts no earlier than the first answer, and is all time when nothing before it is left out', () => {
		// A year asked for, 9 days of answers: the year is all time, since the first answer (issue 17's "since 2025-12-05" under "since 2026-11-27").
		expect(spanLabel(countedSpan('2025-12-06', limits))).toBe('all time, since 2026-11-27');
		expect(spanLabel(countedSpan(null, limits))).toBe('all time, since 2026-11-27');
		// The first answer's own day asked for is still all time.
		expect(spanLabel(countedSpan('2026-11-27', limits))).toBe('all time, since 2026-11-27');
	});

	it('is the last N days, today included, when it starts after the first answer', () => {
		expect(countedSpan('2026-11-29', limits)).toEqual({from: '2026-11-29', lead: 'last 7 days'});
		expect(spanLabel(countedSpan('2026-12-05', limits))).toBe('last 1 day, since 2026-12-05');
	});

	it('starts no earlier than the period', () => {
		const period = {...limits, periodFrom: '2026-12-01'};
		expect(spanLabel(countedSpan(null, period))).toBe('last 5 days, since 2026-12-01');
		expect(spanLabel(countedSpan('2026-11-06', period))).toBe('last 5 days, since 2026-12-01');
		expect(spanLabel(countedSpan('2026-12-04', period))).toBe('last 2 days, since 2026-12-04');
		// A period from before the first answer leaves nothing out.
		expect(spanLabel(countedSpan(null, {...limits, periodFrom: '2026-01-01'}))).toBe('all time, since 2026-11-27');
	});

	it('is today alone when there are no answers yet', () => {
		expect(countedSpan(null, {today: '2026-12-05', firstAnswer: null, periodFrom: null})).toEqual({from: '2026-12-05', lead: 'last 1 day'});
	});
});
