import {describe, expect, it} from 'vitest';
import {lightestDay, weekdayOf} from '../../src/core/scheduling/load-balance.js';
import {studyDayNumber} from '../../src/core/scheduling/day.js';

const today = studyDayNumber(Date.parse('2026-12-04T12:00:00Z'), 4, () => 0); // a Friday
const loads = (byOffset: Record<number, number>) => (day: number) => byOffset[day - today] ?? 0;

describe('load balancing', () => {
	it('knows the weekday of a study day', () => {
		expect(weekdayOf(today)).toBe('friday');
		expect(weekdayOf(today + 1)).toBe('saturday');
		expect(weekdayOf(today + 9)).toBe('sunday');
	});

	it('picks the day of the fuzz range with the fewest cards due', () => {
		expect(lightestDay({min: 6, max: 10, interval: 8}, today, {dueOn: loads({6: 5, 7: 4, 8: 6, 9: 2, 10: 3}), easyDays: {}})).toBe(9);
	});

	it('keeps the interval FSRS computed when the loads are equal, else the nearest of the lightest days', () => {
		expect(lightestDay({min: 6, max: 10, interval: 8}, today, {dueOn: () => 3, easyDays: {}})).toBe(8);
		expect(lightestDay({min: 6, max: 10, interval: 8}, today, {dueOn: loads({6: 1, 7: 5, 8: 5, 9: 1, 10: 1}), easyDays: {}})).toBe(9);
	});

	it('keeps easy days light: a day off takes nothing while another day is free, a reduced day half the load', () => {
		// Days 8 and 9 from this Friday are Saturday and Sunday.
		const range = {min: 7, max: 10, interval: 8};
		expect(lightestDay(range, today, {dueOn: loads({7: 9, 8: 0, 9: 0, 10: 9}), easyDays: {saturday: 0, sunday: 0}})).toBe(7);
		expect(lightestDay(range, today, {dueOn: loads({7: 9, 8: 4, 9: 9, 10: 9}), easyDays: {saturday: 0.5}})).toBe(8);
		expect(lightestDay(range, today, {dueOn: loads({7: 9, 8: 5, 9: 9, 10: 9}), easyDays: {saturday: 0.5}})).toBe(7);
	});

	it('still schedules a card when every day of its range is a day off', () => {
		expect(lightestDay({min: 8, max: 9, interval: 8}, today, {dueOn: loads({8: 3, 9: 1}), easyDays: {saturday: 0, sunday: 0}})).toBe(9);
	});
});
