import {describe, expect, it} from 'vitest';
import {studyDayAt} from '../../src/core/scheduling/day.js';
import {addDays, daysBetween, isCalendarDate, offsetChanges, startOfLastDays, startOfStudyDay, studyDaysBetween, weekdayOf} from '../../src/core/stats/calendar.js';

// Paris: clocks go from 02:00 CET (+01:00) to 03:00 CEST (+02:00) at 01:00 UTC on 2026-03-29.
const SPRING_FORWARD = Date.parse('2026-03-29T01:00:00Z');
const paris = (at: number) => (at < SPRING_FORWARD ? 60 : 120);
const iso = (at: number) => new Date(at).toISOString();

describe('study days across a daylight-saving change', () => {
	it('lists days that start at 04:00 local time and end where the next starts', () => {
		const days = studyDaysBetween(Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T12:00:00Z'), 4, paris);
		// 04:00 CET is 03:00 UTC; from the 29th, 04:00 CEST is 02:00 UTC: the 28th lasts 23 hours.
		expect(days.map((day) => [day.key, iso(day.start), iso(day.end)])).toEqual([
			['2026-03-28', '2026-03-28T03:00:00.000Z', '2026-03-29T02:00:00.000Z'],
			['2026-03-29', '2026-03-29T02:00:00.000Z', '2026-03-30T02:00:00.000Z'],
			['2026-03-30', '2026-03-30T02:00:00.000Z', '2026-03-31T02:00:00.000Z'],
		]);
	});

	it('finds the start of the last N days and of a dated day', () => {
		const today = studyDayAt(Date.parse('2026-03-30T12:00:00Z'), 4, paris);
		expect(iso(startOfLastDays(today, 1, 4, paris))).toBe('2026-03-30T02:00:00.000Z');
		expect(iso(startOfLastDays(today, 3, 4, paris))).toBe('2026-03-28T03:00:00.000Z');
		expect(iso(startOfStudyDay('2026-03-28', 4, paris))).toBe('2026-03-28T03:00:00.000Z');
		expect(iso(startOfStudyDay('2026-03-29', 4, paris))).toBe('2026-03-29T02:00:00.000Z');
		// A day that starts at 23:00 (the day before, by the calendar).
		expect(iso(startOfStudyDay('2026-06-10', 23, () => 0))).toBe('2026-06-10T23:00:00.000Z');
	});

	it('finds the moment the offset changes, to the millisecond', () => {
		expect(offsetChanges(Date.parse('2026-03-20T00:00:00Z'), Date.parse('2026-04-05T00:00:00Z'), paris)).toEqual([SPRING_FORWARD]);
		expect(offsetChanges(0, 30 * 86_400_000, () => 330)).toEqual([]);
	});
});

describe('calendar dates', () => {
	it('knows weekdays, Monday first, and steps over days', () => {
		expect(weekdayOf('2026-11-23')).toBe(0);
		expect(weekdayOf('2026-11-24')).toBe(1);
		expect(weekdayOf('2026-11-29')).toBe(6);
		expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(daysBetween('2025-12-30', '2026-01-02')).toBe(3);
	});

	it('accepts only real dates written YYYY-MM-DD', () => {
		expect(isCalendarDate('2024-02-29')).toBe(true);
		for (const wrong of ['2026-02-29', '2026-02-31', '2026-13-01', '2026-1-01', '26-01-01', 'yesterday', '2026-01-01T00:00']) expect(isCalendarDate(wrong)).toBe(false);
	});
});
