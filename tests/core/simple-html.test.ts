import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {fieldTurndown, simpleHtmlOptions} from '../../src/core/interchange/anki/convert.js';
import {simpleHtmlToMarkdown} from '../../src/core/interchange/anki/simple-html.js';
import TurndownService from 'turndown';

// The one service, as the import sets it up: the one-pass conversion must give what it gives.
const service = fieldTurndown();
const options = simpleHtmlOptions(service);
const fast = (html: string) => simpleHtmlToMarkdown(html, options);

/** Text as Anki's editor stores it: words, runs of spaces and newlines, Markdown's special characters, entities, spaces outside ASCII. */
const text = fc
	.array(
		fc.oneof(
			{weight: 6, arbitrary: fc.constantFrom('model', 'Drift', 'p99', 'CI/CD', '42', 'x')},
			{weight: 4, arbitrary: fc.constantFrom(' ', '  ', '\n', '\t', ' \n ', '&nbsp;', '\u00a0', '\u2003', '\u3000')},
			{weight: 3, arbitrary: fc.constantFrom('*', '**', '_', '-', '- ', '+ ', '1. ', '#', '## ', '>', '`', '~~~', '[', ']', '\\', '=', '|', '!')},
			{weight: 3, arbitrary: fc.constantFrom('&lt;', '&gt;', '&amp;', '&quot;', '&#39;', '&amp;lt;', '>', '"', "'")},
			{weight: 1, arbitrary: fc.constantFrom('é', '模型', '😀', '\u0007')},
		),
		{maxLength: 6},
	)
	.map((parts) => parts.join(''));

const attributes = fc.constantFrom('', ' style="color: red"', ' class="x"', ' dir="ltr" style="font-weight: bold;"', ' hidden');
const tagName = (name: string) => fc.constantFrom(name, name.toUpperCase());
const inlineName = fc.constantFrom('b', 'strong', 'i', 'em', 'u', 'span', 'font').chain(tagName);
const lineBreak = fc.constantFrom('<br>', '<BR>', '<br/>', '<br />');

/** HTML in the subset, nested as it opens and closed in order; a paragraph holds no block. */
const { field, inline } = fc.letrec<{field: string; inline: string; node: string}>((tie) => ({
	inline: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		text,
		lineBreak,
		fc.tuple(inlineName, attributes, fc.array(tie('inline'), {maxLength: 3})).map(([name, attrs, children]) => `<${name}${attrs}>${children.join('')}</${name}>`),
	),
	node: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		tie('inline'),
		fc.tuple(tagName('div'), attributes, fc.array(tie('node'), {maxLength: 3})).map(([name, attrs, children]) => `<${name}${attrs}>${children.join('')}</${name}>`),
		fc.tuple(tagName('p'), attributes, fc.array(tie('inline'), {maxLength: 3})).map(([name, attrs, children]) => `<${name}${attrs}>${children.join('')}</${name}>`),
	),
	field: fc.array(tie('node'), {maxLength: 5}).map((nodes) => nodes.join('')),
}));

/** Pieces of HTML in any order: tags closed out of order or never, tags and entities outside the subset, stray `<` and `&`. */
const anyHtml = fc
	.array(
		fc.oneof(
			{weight: 4, arbitrary: inline},
			{weight: 3, arbitrary: fc.constantFrom('<div>', '</div>', '<p>', '</p>', '<b>', '</b>', '<i>', '</i>', '<span>', '</span>', '</br>', '<b/>')},
			{weight: 2, arbitrary: fc.constantFrom('<a href="x">', '</a>', '<img src="a.png">', '<ul><li>x</li></ul>', '<table><tr><td>a</td></tr></table>', '<code>', '<pre>x</pre>', '<!-- c -->', '<h2>')},
			{weight: 2, arbitrary: fc.constantFrom('a < b', '&copy;', '&amp', 'Q&A', '&#160;', '&#x41;', '\r\n', '\r', '\0', "<span style='x'>", '<div data-x1="1">')},
		),
		{maxLength: 8},
	)
	.map((parts) => parts.join(''));

describe('the one-pass conversion of common Anki fields', () => {
	it('gives what turndown gives, for any field in its subset, and reads every one of them', () => {
		fc.assert(
			fc.property(field, (html) => {
				const markdown = fast(html);
				expect(markdown).toBeDefined();
				expect(markdown).toBe(service.turndown(html));
			}),
			{numRuns: 4000},
		);
	});

	it('gives what turndown gives or leaves the field to it, for any HTML', () => {
		let read = 0;
		fc.assert(
			fc.property(anyHtml, (html) => {
				const markdown = fast(html);
				if (markdown === undefined) return;
				read++;
				expect(markdown).toBe(service.turndown(html));
			}),
			{numRuns: 4000},
		);
		// Not all left to turndown, or the comparison above would prove nothing.
		expect(read).toBeGreaterThan(400);
	});

	it('reads the fields Anki writes', () => {
		const fields = [
			'<div>Why does the <b>feature store</b> matter?</div>',
			'<div>Because training and serving read the same values</div><div><br></div><div>&lt;see docs&gt;</div>',
			'Plain text with * and _ and 1. a list marker',
			'<span style="color: rgb(0, 0, 0);">a&nbsp;b</span><br><i>c </i>d',
		];
		for (const html of fields) expect(fast(html)).toBe(service.turndown(html));
		expect(fast(fields[1]!)).toBe('Because training and serving read the same values\n\n\\\n\n\\<see docs>');
	});

	it('leaves to turndown what it does not read', () => {
		for (const html of ['<b><i>x</b></i>', '<p>a<div>b</div></p>', '<div>open', '<a href="x">y</a>', 'a < b', '&copy;', 'a\r\nb', "<span style='x'>y</span>", '<b/>x']) {
			expect(fast(html), html).toBeUndefined();
		}
	});
});

describe("the field converter's escaping", () => {
	// What it escaped before it skipped text with nothing to escape: turndown's escapes, then `<` and entity-like `&`.
	const everyEscape = (text: string) => TurndownService.prototype.escape.call(service, text).replace(/</g, '\\<').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');

	it('escapes any text as running every escape on it does', () => {
		const anything = fc.oneof(text, fc.string({maxLength: 12}), fc.string({unit: 'binary', maxLength: 8}), fc.constantFrom('9. x', '12. ', '=== ', '####### x', '~~', '~~~x', '+x', '&amp;', '&#x41;'));
		fc.assert(
			fc.property(anything, (each) => {
				expect(service.escape(each)).toBe(everyEscape(each));
			}),
			{numRuns: 3000},
		);
	});
});
