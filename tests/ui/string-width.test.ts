import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import fastStringWidth, {STANDS_ALONE} from '../../src/ui/string-width.js';

/** Every character of the Basic Multilingual Plane the fast path answers for. */
const standingAlone = Array.from({length: 0x10000}, (_, code) => String.fromCharCode(code)).filter((character) => STANDS_ALONE.test(character));

/** Text of characters the fast path takes, characters it must leave to string-width (marks, joiners, emoji, CJK, controls), and colour codes. */
const mixedText = fc
	.array(
		fc.oneof(
			fc.constantFrom(...standingAlone),
			fc.constantFrom('\u0301', '\u200d', '\ufe0f', '\u00ad', '\u200b', '\t', '\u0007', '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '漢', 'ｶﾞ', '한', '\u1100\u1161', 'e\u0301'),
			fc.constantFrom('\u001b[1m', '\u001b[2m', '\u001b[22m', '\u001b[31m', '\u001b[39m', '\u009b31m'),
			fc.string({unit: 'grapheme', maxLength: 3}),
		),
		{maxLength: 30},
	)
	.map((parts) => parts.join(''));

describe('string width with a fast path for characters that stand alone', () => {
	it("gives each such character string-width's own width, ambiguous ones narrow or wide as asked", () => {
		expect(standingAlone.length).toBeGreaterThan(3000);
		const differing = standingAlone.filter(
			(character) => fastStringWidth(character) !== stringWidth(character) || fastStringWidth(character, {ambiguousIsNarrow: false}) !== stringWidth(character, {ambiguousIsNarrow: false}),
		);
		expect(differing).toEqual([]);
	});

	it('measures any text as string-width does, colour codes and characters it does not take included', () => {
		fc.assert(
			fc.property(mixedText, fc.boolean(), fc.boolean(), (text, ambiguousIsNarrow, countAnsiEscapeCodes) => {
				expect(fastStringWidth(text, {ambiguousIsNarrow, countAnsiEscapeCodes})).toBe(stringWidth(text, {ambiguousIsNarrow, countAnsiEscapeCodes}));
			}),
			{numRuns: 2000},
		);
	});
});
