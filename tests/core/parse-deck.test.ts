import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {scanBody} from '../../src/core/decks/body-lines.js';
import {formatProblem} from '../../src/core/problem.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {deckSizeProblem, MAX_DECK_FILE_BYTES, utf8Bytes} from '../../src/core/decks/deck-size.js';

const parse = (text: string) => parseDeck({file: 'decks/test.md', deck: 'test', text});
const messages = (text: string) => parse(text).problems.map(formatProblem);

describe('front matter', () => {
	it('reads title, description, tags and sources, and keeps unknown keys', () => {
		const deck = parse('---\ntitle: MLOps\ndescription: Models in production\ntags: [mlops, ops]\nsources:\n  - A book\nowner: me\n---\nQ: q\nA: a\n');
		expect(deck.title).toBe('MLOps');
		expect(deck.description).toBe('Models in production');
		expect(deck.tags).toEqual(['mlops', 'ops']);
		expect(deck.sources).toEqual(['A book']);
		expect(deck.frontMatter['owner']).toBe('me');
		expect(deck.cards[0]!.line).toBe(9);
		expect(deck.cards[0]!.tags).toEqual(['mlops', 'ops']);
	});

	it('accepts tags as one comma-separated string', () => {
		expect(parse('---\ntags: a, b\n---\n').tags).toEqual(['a', 'b']);
	});

	it('defaults the title to the file name', () => {
		expect(parseDeck({file: 'x/apis.md', deck: 'backend/apis', text: 'Q: q\nA: a'}).title).toBe('apis');
	});

	it('reports an unclosed front matter at line 1 and still loads the cards below it', () => {
		const deck = parse('---\ntitle: a\nQ: one\nA: two\n');
		expect(deck.problems.map(formatProblem)).toEqual(['decks/test.md:1: front matter is never closed (add a line with --- after it)']);
		expect(deck.cards.map((card) => card.prompt)).toEqual(['one']);
	});

	it('reports invalid YAML at the line of the file where it is', () => {
		expect(messages('---\ntitle: ok\ntags: [a, b\n---\nQ: q\nA: a\n')[0]).toMatch(/^decks\/test\.md:4: front matter is not valid YAML/);
		expect(parse('---\ntitle: ok\ntags: [a, b\n---\nQ: q\nA: a\n').cards).toHaveLength(1);
	});

	it('refuses front matter that would run code', () => {
		(globalThis as Record<string, unknown>)['fluencyPwned'] = false;
		const deck = parse('---js\n{title: (globalThis.fluencyPwned = true, "x")}\n---\nQ: q\nA: a\n');
		expect((globalThis as Record<string, unknown>)['fluencyPwned']).toBe(false);
		expect(deck.problems[0]!.message).toMatch(/front matter must be YAML/);
		expect(deck.cards).toHaveLength(1);
	});

	it('refuses YAML tags that construct code', () => {
		const deck = parse('---\ntitle: !!js/function "function () { return 1 }"\n---\n');
		expect(deck.problems[0]!.message).toMatch(/not valid YAML/);
	});

	it('refuses a YAML alias bomb quickly', () => {
		const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
		for (let level = 1; level < 9; level++) bomb.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
		bomb.push('---', 'Q: q', 'A: a');
		const started = performance.now();
		const deck = parse(bomb.join('\n'));
		expect(performance.now() - started).toBeLessThan(2000);
		expect(deck.problems[0]!.message).toMatch(/too large or too deeply nested/);
		expect(deck.cards).toHaveLength(1);
	});

	it('reports front matter keys of the wrong type', () => {
		expect(messages('---\ntitle: [a]\ntags: {a: 1}\n---\n')).toEqual([
			'decks/test.md:1: front matter `title` must be text',
			'decks/test.md:1: front matter `tags` must be a list of text items',
		]);
	});

	it('handles a byte-order mark and Windows line endings', () => {
		const deck = parse('\uFEFF---\r\ntitle: T\r\n---\r\nQ: q\r\nA: a\r\n');
		expect(deck.title).toBe('T');
		expect(deck.cards[0]).toMatchObject({prompt: 'q', answer: 'a', line: 4});
	});
});

describe('basic cards', () => {
	it('reads a question and an answer with a blank line between them', () => {
		const deck = parse('Q: What is a canary release?\n\nA: A release to a small share of traffic first.\n');
		expect(deck.problems).toEqual([]);
		expect(deck.cards).toHaveLength(1);
		expect(deck.cards[0]).toMatchObject({kind: 'basic', ordinal: 0, line: 1, prompt: 'What is a canary release?', answer: 'A release to a small share of traffic first.'});
	});

	it('keeps multi-line answers with lists, tables and fenced code blocks', () => {
		const text = [
			'Q: Show the pieces',
			'A: First paragraph.',
			'',
			'- one',
			'- two',
			'',
			'| a | b |',
			'| - | - |',
			'| 1 | 2 |',
			'',
			'```python',
			'Q: not a card, this is code',
			'# not a heading',
			'---',
			'```',
			'',
			'> a quote',
			'',
			'Q: next',
			'A: two',
		].join('\n');
		const deck = parse(text);
		expect(deck.problems).toEqual([]);
		expect(deck.cards).toHaveLength(2);
		expect(deck.cards[0]!.answer).toBe(text.split('\n').slice(0, 17).join('\n').replace(/^Q: Show the pieces\nA: /, ''));
		expect(deck.cards[1]).toMatchObject({prompt: 'next', answer: 'two', line: 19});
	});

	it('lets the question span several lines', () => {
		expect(parse('Q: line one\nline two\nA: a').cards[0]!.prompt).toBe('line one\nline two');
	});

	it('ends a card at a heading or a thematic break; prose after it is not part of the card', () => {
		const deck = parse('Q: one\nA: a1\n\n# Section\n\nSome prose about the section.\n\nQ: two\nA: a2\n---\nMore prose.\n');
		expect(deck.cards.map((card) => card.answer)).toEqual(['a1', 'a2']);
	});

	it('reads Note, Tags and ID lines at the end of a card', () => {
		const deck = parse('---\ntags: [deck]\n---\nQ: q\nA: a\nNote: Why it matters to a PM: because.\nTags: one, #two three\nID: my-card\n');
		expect(deck.cards[0]).toMatchObject({extra: 'Why it matters to a PM: because.', tags: ['deck', 'one', 'two', 'three'], explicitId: 'my-card', identityKey: 'id:my-card#0'});
	});

	it('treats Note: before the answer as part of the question', () => {
		expect(parse('Q: Note: this is a question\nA: a').cards[0]!.prompt).toBe('Note: this is a question');
	});

	it('needs a space after a marker, so C:\\Windows in an answer is text', () => {
		expect(parse('Q: Where?\nA: In\nC:\\Windows').cards[0]!.answer).toBe('In\nC:\\Windows');
	});
});

describe('reversed cards', () => {
	it('makes two cards, one in each direction', () => {
		const deck = parse('R: Canary release\nA: Sending a new version a small share of traffic first.\n');
		expect(deck.cards.map((card) => [card.kind, card.ordinal, card.prompt, card.answer])).toEqual([
			['reversed', 0, 'Canary release', 'Sending a new version a small share of traffic first.'],
			['reversed', 1, 'Sending a new version a small share of traffic first.', 'Canary release'],
		]);
	});
});

describe('cloze cards', () => {
	it('makes one card per deletion number, with Anki syntax and hints', () => {
		const deck = parse('C: Report a breach within {{c1::72 hours::a number of hours}} under {{c2::GDPR}} Art 33.');
		expect(deck.problems).toEqual([]);
		expect(deck.cards.map((card) => [card.ordinal, card.prompt, card.answer])).toEqual([
			[1, 'Report a breach within \\[a number of hours\\] under GDPR Art 33.', 'Report a breach within **72 hours** under GDPR Art 33.'],
			[2, 'Report a breach within 72 hours under \\[...\\] Art 33.', 'Report a breach within 72 hours under **GDPR** Art 33.'],
		]);
	});

	it('hides deletions that share a number together', () => {
		const deck = parse('C: {{c1::a}} and {{c1::b}} but {{c2::c}}');
		expect(deck.cards[0]!.prompt).toBe('\\[...\\] and \\[...\\] but c');
	});

	it('numbers short-form deletions after the explicit ones, in reading order', () => {
		const deck = parse('C: {{x}} then {{c1::y}} then {{z::hint}}');
		expect(deck.cards.map((card) => [card.ordinal, card.prompt])).toEqual([
			[1, 'x then \\[...\\] then z'],
			[2, '\\[...\\] then y then z'],
			[3, 'x then y then \\[hint\\]'],
		]);
	});

	it('spans several lines and takes a Note as back extra', () => {
		const deck = parse('C: first line\nsecond {{c1::deleted}} line\nNote: extra');
		expect(deck.cards[0]).toMatchObject({prompt: 'first line\nsecond \\[...\\] line', extra: 'extra'});
	});

	it('reports a cloze without deletions, an unclosed deletion, and an empty one', () => {
		expect(messages('C: nothing hidden here')).toEqual(['decks/test.md:1: cloze card has no {{...}} deletion']);
		expect(messages('C: line one\nline {{c1::two\nQ: q\nA: a')).toEqual(['decks/test.md:2: cloze deletion is never closed (missing }})']);
		expect(messages('C: {{c1::}}')).toEqual(['decks/test.md:1: cloze deletion is empty']);
	});

	it('refuses the near misses of {{c1::text}} instead of showing them as text', () => {
		expect(messages('C: A {{c1:canary}} release')).toEqual(['decks/test.md:1: cloze deletion has one colon: write {{c1::canary}}']);
		expect(messages('C: first\nA {c2::canary} and {{c1::blue-green}}')).toEqual([
			'decks/test.md:2: cloze deletion has one brace: write {{c2::canary}}',
		]);
		expect(parse('C: {{c1::a}} and {{std::vector}}').problems).toEqual([]);
	});
});

describe('comments', () => {
	it('ignores HTML comments, including half-written cards inside them', () => {
		const deck = parse('<!--\nQ: draft\nA: draft\n-->\nQ: real <!-- inline --> question\nA: a\n');
		expect(deck.problems).toEqual([]);
		expect(deck.cards.map((card) => card.prompt)).toEqual(['real  question']);
	});

	it('reports an unclosed comment and still loads the cards after it', () => {
		const deck = parse('Q: one\nA: a <!-- oops\nQ: two\nA: b\n');
		expect(deck.problems.map(formatProblem)).toEqual(['decks/test.md:2: comment is never closed (missing -->)']);
		expect(deck.cards.map((card) => [card.prompt, card.answer])).toEqual([
			['one', 'a'],
			['two', 'b'],
		]);
	});

	it('reports an unclosed code block and still loads the cards after it', () => {
		const deck = parse('Q: one\nA: a\n```\ncode\nQ: two\nA: b\n');
		expect(deck.problems.map(formatProblem)).toEqual(['decks/test.md:3: code block is never closed']);
		expect(deck.cards.map((card) => card.prompt)).toEqual(['one', 'two']);
	});

	// The scan hands each line on once it can no longer be taken back: only while a block is open.
	it('hands the reader the lines around a block proven unclosed once each, in order', () => {
		const unclosedAfterClosed = parse('Q: one?\nA: <!-- a --> x <!-- open\nQ: two?\nA: yes\n```\nQ: three?\nA: in code\n');
		expect(unclosedAfterClosed.cards.map((card) => [card.line, card.prompt, card.answer])).toEqual([
			[1, 'one?', 'x'],
			[3, 'two?', 'yes\n```'],
			[6, 'three?', 'in code'],
		]);
		expect(unclosedAfterClosed.problems.map(formatProblem)).toEqual(['decks/test.md:2: comment is never closed (missing -->)', 'decks/test.md:5: code block is never closed']);
		const chainedComments = parse('Q: one?\nA: a <!-- x --> <!-- y\nstill\n--> after\nQ: two?\nA: b\n');
		expect(chainedComments.problems).toEqual([]);
		expect(chainedComments.cards.map((card) => [card.line, card.answer])).toEqual([
			[1, 'a\n after'],
			[5, 'b'],
		]);
	});

	it('gives the scanned lines in strictly increasing order, whatever opens and never closes', () => {
		const line = fc.constantFrom('Q: q?', 'A: a', 'C: {{c1::x}}', '```', '````', '~~~', '```js', '<!--', '-->', 'a <!-- b --> c', 'x <!-- y', 'z --> w', 'text', '');
		fc.assert(
			fc.property(fc.array(line, {maxLength: 60}), (lines) => {
				const seen: number[] = [];
				scanBody(lines, 0, (body) => seen.push(body.line));
				expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
			}),
			{numRuns: 3000},
		);
	});

	it('reads a pathological run of unclosed fences in bounded time', () => {
		const lines: string[] = [];
		// Openers with an info string never close, and each is longer than the next, so no
		// unclosed fence proves the next one unclosed: the scan must cap its resumptions.
		for (let length = 1500; length >= 3; length--) lines.push(`${'`'.repeat(length)}x`, `Q: q${length}`, 'A: a');
		const started = performance.now();
		const deck = parse(lines.join('\n'));
		expect(performance.now() - started).toBeLessThan(5000);
		expect(deck.problems.at(-1)!.message).toMatch(/too many unclosed code blocks/);
		expect(deck.cards.length).toBeGreaterThan(1000);
	});
});

describe('malformed cards', () => {
	it('reports a question without an answer at the question line', () => {
		expect(messages('# T\n\nQ: lonely question\n\nQ: fine\nA: yes')).toEqual(['decks/test.md:3: card has a question but no answer']);
	});

	it('reports an answer without a question, and a second answer', () => {
		expect(messages('A: orphan\n\nQ: q\nA: a\nA: again')).toEqual([
			'decks/test.md:1: answer without a question (start the card with Q: or R:)',
			'decks/test.md:5: answer without a question (start the card with Q: or R:)',
		]);
	});

	it('reports empty questions and answers', () => {
		expect(messages('Q:\nA: a\n\nQ: q\nA:\n')).toEqual(['decks/test.md:1: card has an empty question', 'decks/test.md:5: card has an empty answer']);
	});

	it('reports a duplicate question in one deck, however it is formatted, and keeps the first', () => {
		const deck = parse('Q: What is *CI*?\nA: one\n\nQ: what is CI\nA: two\n');
		expect(deck.problems.map(formatProblem)).toEqual(['decks/test.md:4: duplicate of the card at line 1']);
		expect(deck.cards.map((card) => card.answer)).toEqual(['one']);
	});

	it('reports a bad explicit id and skips that card only', () => {
		const deck = parse('Q: q\nA: a\nID: has space\n\nQ: q2\nA: a2');
		expect(deck.problems.map(formatProblem)).toEqual(['decks/test.md:3: card id may use letters, digits, and - _ . : / (up to 128 characters)']);
		expect(deck.cards).toHaveLength(1);
	});

	it('refuses over-long lines and deep nesting for the card that has them', () => {
		const deck = parse(
			`Q: q\nA: ${'x'.repeat(70_000)}\n\nQ: deep\nA: ${'>'.repeat(40)} quote\n\nQ: deep list\nA: ${'1. '.repeat(2000)}\n\nQ: mixed\nA: ${'> - 2) '.repeat(12)}x\n\nQ: fine\nA: ok\n\n1. one\n   - two\n     > three`,
		);
		expect(deck.problems.map((problem) => problem.message)).toEqual([
			'line is longer than 65536 characters',
			'Markdown is nested more than 32 levels deep',
			'Markdown is nested more than 32 levels deep',
			'Markdown is nested more than 32 levels deep',
		]);
		expect(deck.cards.map((card) => card.prompt)).toEqual(['fine']);
	});

	it('one bad card never stops the rest of the deck', () => {
		const deck = parse('Q: good 1\nA: a\n\nQ: bad\n\nC: no deletion\n\nA: orphan\n\nR: good 2\nA: b\n');
		expect(deck.cards.map((card) => card.prompt)).toEqual(['good 1', 'good 2', 'b']);
		expect(deck.problems).toHaveLength(3);
	});
});

describe('deck size: one rule, in UTF-8 bytes', () => {
	// `é` is one UTF-16 unit but two bytes in the file: the old character count let such a deck
	// through the parser while the loader, counting bytes, refused the same file.
	const deckOfBytes = (bytes: number, filler: string) => {
		const head = 'Q: q\nA: a\n';
		const fillerBytes = Buffer.byteLength(filler);
		const count = Math.floor((bytes - head.length) / fillerBytes);
		const text = head + filler.repeat(count) + 'x'.repeat(bytes - head.length - count * fillerBytes);
		expect(Buffer.byteLength(text)).toBe(bytes);
		return text;
	};

	it('reads a deck of exactly the limit, and refuses one byte more', () => {
		expect(parse(deckOfBytes(MAX_DECK_FILE_BYTES, 'é')).problems.map((problem) => problem.message)).not.toContain('file is larger than 32 MiB; split it into several decks');
		expect(messages(deckOfBytes(MAX_DECK_FILE_BYTES + 1, 'é'))).toEqual(['decks/test.md:1: file is larger than 32 MiB; split it into several decks']);
	}, 60_000);

	it('counts bytes, not characters, however the text is made', () => {
		const text = deckOfBytes(MAX_DECK_FILE_BYTES + 3, '😀');
		expect(text.length).toBeLessThan(MAX_DECK_FILE_BYTES);
		expect(messages(text)).toEqual(['decks/test.md:1: file is larger than 32 MiB; split it into several decks']);
		expect(utf8Bytes(text)).toBe(Buffer.byteLength(text));
		expect(utf8Bytes('a\u00e9\u4e2d😀\ud800')).toBe(Buffer.byteLength('a\u00e9\u4e2d😀\ud800'));
		expect(deckSizeProblem('decks/test.md', MAX_DECK_FILE_BYTES)).toBeUndefined();
		expect(deckSizeProblem('decks/test.md', MAX_DECK_FILE_BYTES + 1)?.message).toBe('file is larger than 32 MiB; split it into several decks');
	});
});
