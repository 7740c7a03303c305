import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {countWords, normalizeForIdentity} from '../../src/core/text.js';

/** The definition, in regular expressions, that the one-pass ASCII form must agree with. */
const byDefinition = (text: string) =>
	text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/<[^>]*>/g, ' ')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();

/** Words as the definition counts them, with regular expressions. */
const wordsByDefinition = (markdown: string) =>
	markdown
		.replace(/```[\s\S]*?```/g, ' code ')
		.replace(/[*_`#>|]/g, ' ')
		.split(/\s+/)
		.filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

/** Deck-like text: words, punctuation, tags (closed or not), tabs, newlines, and now and then a character outside ASCII. */
const deckText = fc
	.array(
		fc.oneof(
			{weight: 6, arbitrary: fc.constantFrom('Model', 'drift', 'API', 'p99', 'CI/CD', 'x', '42', ' ', '  ', '\t', '\n', '\r', ',', '?', '**', '`', '```', '-', '_', '#', '|', '> ')},
			{weight: 3, arbitrary: fc.constantFrom('<b>', '</b>', '<', '>', '<br/>', '<a href="x">', '<!-- c -->', 'a<b', 'c>d')},
			{weight: 1, arbitrary: fc.constantFrom('é', 'ﬁ', 'Ａ', '模型', '\u00a0', '\u2028', '\u0007', '😀', 'Straße', 'İ')},
			{weight: 2, arbitrary: fc.string({maxLength: 4})},
		),
		{maxLength: 40},
	)
	.map((parts) => parts.join(''));

describe('the form of a question that identity compares', () => {
	it('is the same in the one-pass ASCII form as by its definition, for any text', () => {
		fc.assert(
			fc.property(deckText, (text) => {
				expect(normalizeForIdentity(text)).toBe(byDefinition(text));
			}),
			{numRuns: 5000},
		);
	});

	it('drops case, punctuation, spacing and HTML tags, and keeps a `<` no tag closes', () => {
		expect(normalizeForIdentity('  What is <b>Model</b> DRIFT?\n')).toBe('what is model drift');
		expect(normalizeForIdentity('a < b and c')).toBe('a b and c');
		expect(normalizeForIdentity('<<x> y')).toBe('y');
		expect(normalizeForIdentity('Naïve Bayes')).toBe('naïve bayes');
	});

	it('stays linear on a long line of unclosed tags', () => {
		const text = `${'<'.repeat(60_000)}x`;
		expect(normalizeForIdentity(text)).toBe('x');
	});
});

describe('the words of an answer, as the lint counts them', () => {
	it('are as many in the one-pass ASCII count as by their definition, for any text', () => {
		fc.assert(
			fc.property(deckText, (text) => {
				expect(countWords(text)).toBe(wordsByDefinition(text));
			}),
			{numRuns: 5000},
		);
	});

	it('leave out Markdown punctuation and count a code block as one word', () => {
		expect(countWords('**Bold** claim | `code` and # heading > quote _x_')).toBe(7);
		expect(countWords('Run ```npm test --watch``` first')).toBe(3);
		expect(countWords('— … ·')).toBe(0);
	});
});
