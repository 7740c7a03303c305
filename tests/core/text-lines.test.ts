import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {TextLines} from '../../src/core/decks/text-lines.js';

const linesOf = (lines: TextLines) => Array.from({length: lines.length}, (_, index) => lines.at(index));

describe("a deck file's lines by index", () => {
	it('are the lines split at \\r\\n, \\n and \\r, for any text', () => {
		const text = fc.array(fc.constantFrom('a', 'Q: q', ' ', '\r', '\n', '\r\n', '\n\r', '\u2028', 'é'), {maxLength: 40}).map((parts) => parts.join(''));
		fc.assert(
			fc.property(text, (given) => {
				expect(linesOf(new TextLines(given))).toEqual(given.split(/\r\n|\n|\r/));
			}),
			{numRuns: 3000},
		);
	});

	it('count from the end for a negative index, and are undefined past either end', () => {
		const lines = new TextLines('one\r\ntwo\n');
		expect([lines.length, lines.at(-1), lines.at(-2), lines.at(3), lines.at(-4)]).toEqual([3, '', 'two', undefined, undefined]);
		expect(linesOf(new TextLines(''))).toEqual(['']);
	});
});
