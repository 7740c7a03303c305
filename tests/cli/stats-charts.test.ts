import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {columnChart, formatCount, formatMinutes, formatPercent, horizontalBar, scaledColumns, shadeLegend, shadeLevel} from '../../src/cli/stats/charts.js';

describe('block charts', () => {
	it('draws horizontal bars in eighths of a column, any count above zero visible', () => {
		expect(horizontalBar(10, 10, 4)).toBe('████');
		// 3/8 of 4 columns = 12 eighths: one full block and a half.
		expect(horizontalBar(3, 8, 4)).toBe('█▌');
		expect(horizontalBar(1, 1000, 4)).toBe('▏');
		expect(horizontalBar(0, 10, 4)).toBe('');
	});

	it('draws columns from the bottom up', () => {
		// Two rows of 8 eighths: 4 is the full height (16 eighths), 2 is 8 eighths, 1 is 4 eighths.
		expect(columnChart([4, 2, 1, 0], {height: 2})).toEqual(['█', '█ █ ▄']);
	});

	it('draws columns on a fixed scale, a blank for nothing and a sliver at the bottom of the scale', () => {
		// 2 rows = 16 eighths from 80% to 100%: 90% is 8 eighths, 100% all 16, 80% and below a sliver.
		expect(scaledColumns([0.9, 1, null, 0.8, 0.5], {height: 2, from: 0.8, to: 1})).toEqual([
			[' ', '█', ' ', ' ', ' '],
			['█', '█', ' ', '▁', '▁'],
		]);
	});

	it('shades days from the first answer to the busiest day, and says what each shade stands for', () => {
		expect([0, 1, 34, 67, 100].map((count) => shadeLevel(count, 100))).toEqual([0, 1, 2, 3, 4]);
		expect(shadeLegend(100)).toEqual(['░ 1-33', '▒ 34-66', '▓ 67-99', '█ 100']);
		// With at most 2 a day, one answer is the lightest shade and two the darkest.
		expect([shadeLevel(1, 2), shadeLevel(2, 2)]).toEqual([1, 4]);
		expect(shadeLegend(2)).toEqual(['░ 1', '█ 2']);
		expect(shadeLegend(1)).toEqual(['█ 1']);
		expect(shadeLegend(0)).toEqual([]);
	});

	it('formats times and shares', () => {
		expect(formatMinutes(44.6)).toBe('45 min');
		expect(formatMinutes(125)).toBe('2 h 05 min');
		expect(formatMinutes(60 * 250)).toBe('250 h');
		expect(formatPercent(0.8766)).toBe('87.7%');
		expect(formatPercent(null)).toBe('-');
	});

	it('writes counts as toLocaleString writes them in English, without asking ICU', () => {
		fc.assert(
			fc.property(fc.oneof(fc.integer(), fc.double({min: -1e15, max: 1e15, noNaN: true}), fc.constantFrom(0, 999, 1000, 999_999, 1_000_000, -1000)), (count) => {
				const expected = Math.round(count).toLocaleString('en-US');
				// toLocaleString writes a rounded-away negative fraction as -0; no count is below zero.
				expect(formatCount(count)).toBe(expected === '-0' ? '0' : expected);
			}),
			{numRuns: 2000},
		);
		expect([7, 1234, 1_000_000, 12_345.6].map(formatCount)).toEqual(['7', '1,234', '1,000,000', '12,346']);
	});
});
