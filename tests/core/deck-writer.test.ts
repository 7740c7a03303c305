import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {appendNote} from '../../src/app/decks/add-card.js';
import {escapeCardText, formatDeck, type NoteToWrite, noteAsWritten, notesOfParsedCards, writeDeck} from '../../src/core/decks/deck-writer.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {importText, toCsv} from '../../src/core/interchange/text-exchange.js';
import {makeTempDir} from '../helpers/temp.js';

/*
The writer and the parser must agree: whatever a field holds, a deck fluency writes reads back as
exactly the notes the writer says it wrote, and the writer changes a field only by escapes that
Markdown hides and by the white space the format cannot hold (trailing spaces, blank lines at the
ends, line endings). Anything else is refused with a reason, never written to read back otherwise.
*/

// Lines that mean something to the parser or to Markdown, mixed with arbitrary text.
const fieldLine = fc.oneof(
	fc.constantFrom('```', '````', '~~~', '```python', '```js <!-- x -->', '``` a`b', '-----', '---', '***', '___', '# Heading', '###### h', 'Q:', 'A:', 'R:', 'C:', 'Note:', 'Tags: a b', 'ID: x', '<!--', '-->', '<!-- c -->', '<div><b>bold</b></div>', '', '   ', '\t', ' leading', 'trailing   ', 'naïve café 日本語 🙂', '\u2028', 'a\u2028b'),
	fc.constantFrom('Q: ', 'A: ', 'R: ', 'C: ', 'Note: ', 'Tags: ', 'ID: ', '    ', '> ', '- ', '```', '<!-- ', '&lt;').chain((prefix) => fc.string({maxLength: 12}).map((rest) => prefix + rest)),
	fc.string({maxLength: 20}),
	fc.string({unit: 'grapheme', maxLength: 10}),
);
const field = fc.array(fieldLine, {minLength: 1, maxLength: 8}).chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((newline) => lines.join(newline)));
const clozeField = fc.tuple(field, fc.string({maxLength: 10}).filter((text) => !/[{}:]/.test(text) && text.trim() !== ''), field).map(([before, hidden, after]) => `${before} {{c1::${hidden}}} ${after}`);
const tags = fc.array(fc.oneof(fc.constantFrom('api', '#hash', 'two words', 'a,b', 'x<!--y', 'Ü'), fc.string({maxLength: 8})), {maxLength: 4});
const id = fc.option(fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,20}$/), fc.constantFrom('bad id', ' padded ')), {nil: undefined});
const note: fc.Arbitrary<NoteToWrite> = fc.oneof(
	fc.record({kind: fc.constantFrom('basic' as const, 'reversed' as const), question: field, answer: field, extra: fc.option(field, {nil: undefined}), tags, id}),
	fc.record({kind: fc.constant('cloze' as const), question: fc.oneof(clozeField, field), answer: fc.constant(''), extra: fc.option(field, {nil: undefined}), tags, id}),
);
const notes = fc.array(note, {maxLength: 8});

/** A field without what the writer may add (escape backslashes, `&lt;` for a comment opener) and the white space the format drops. */
function visible(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+$/, ''))
		.join('\n')
		.trim()
		.replace(/\\/g, '')
		.replace(/&lt;!--/g, '<!--');
}

function readBack(text: string, deckTags: readonly string[] = []): NoteToWrite[] {
	const deck = parseDeck({file: 'written.md', deck: 'written', text});
	return notesOfParsedCards(deck.cards, deckTags);
}

describe('the deck writer and the parser agree', () => {
	it('a written deck reads back as exactly the notes written, and every other note is refused with a reason', () => {
		fc.assert(
			fc.property(notes, fc.boolean(), (given, withDeckTags) => {
				const header = {title: 'Property', ...(withDeckTags ? {tags: ['api']} : {})};
				const {text, written, refused} = writeDeck(header, given);
				expect(written.length + refused.length).toBe(given.length);
				for (const refusal of refused) expect(refusal.reason).not.toBe('');
				const expected = written.map((writtenNote) => {
					const own = (writtenNote.tags ?? []).filter((tag) => !(withDeckTags && tag === 'api'));
					const {tags: _tags, ...rest} = writtenNote;
					return own.length === 0 ? rest : {...rest, tags: own};
				});
				expect(readBack(text, withDeckTags ? ['api'] : [])).toEqual(expected);
				// The writer only escapes: nothing a reader sees is lost or changed.
				const accepted = given.filter((_, index) => !refused.some((refusal) => refusal.index === index));
				accepted.forEach((original, index) => {
					expect(visible(written[index]!.question)).toBe(visible(original.question));
					if (original.kind !== 'cloze') expect(visible(written[index]!.answer)).toBe(visible(original.answer));
					expect(visible(written[index]!.extra ?? '')).toBe(visible(original.extra ?? ''));
					expect(written[index]!.kind).toBe(original.kind);
				});
			}),
			{numRuns: 1500},
		);
	});

	it('escaping is idempotent, so a field that went through fluency once is written the same way again', () => {
		fc.assert(
			fc.property(field, (text) => {
				expect(escapeCardText(escapeCardText(text))).toBe(escapeCardText(text));
			}),
			{numRuns: 2000},
		);
	});

	it('notes a CSV export holds come back through the CSV import and the deck writer unchanged', () => {
		fc.assert(
			fc.property(notes, (given) => {
				const first = writeDeck({title: 'Csv'}, given);
				const csv = toCsv(readBack(first.text));
				const reimported = importText(csv, {defaultSeparator: ','});
				const second = writeDeck({title: 'Csv'}, reimported.notes);
				expect(second.refused).toEqual([]);
				expect(readBack(second.text)).toEqual(readBack(first.text));
			}),
			{numRuns: 500},
		);
	});
});

describe('the deck writer on what went wrong before', () => {
	it('an answer that starts with a code fence keeps its fence, and the cards after it load (issue 13: 42 written, 39 read)', () => {
		const given: NoteToWrite[] = Array.from({length: 42}, (_, index) => ({
			kind: 'basic',
			question: `Question ${index}?`,
			answer: index % 5 === 0 ? '```cpp\n#include <thread>\nint main() {}\n```\nthen more' : `Answer ${index}`,
		}));
		const old = parseDeck({file: 'd.md', deck: 'd', text: formatDeck({title: 'D'}, given)});
		expect(old.cards).toHaveLength(42);
		const {text, written, refused} = writeDeck({title: 'D'}, given);
		expect(refused).toEqual([]);
		expect(written).toHaveLength(42);
		expect(text).toContain('A:\n```cpp\n#include <thread>');
		expect(readBack(text)[0]!.answer).toBe('```cpp\n#include <thread>\nint main() {}\n```\nthen more');
	});

	it('refuses what cannot be a card, and says why, instead of writing a deck that reads back short', () => {
		const {written, refused} = writeDeck({title: 'D'}, [
			{kind: 'basic', question: 'Same?', answer: 'one'},
			{kind: 'basic', question: 'same', answer: 'two'},
			{kind: 'basic', question: 'Empty answer', answer: '  \n '},
			{kind: 'cloze', question: 'no deletion here', answer: ''},
			{kind: 'basic', question: 'Bad id', answer: 'x', id: 'has space'},
			{kind: 'basic', question: 'Same?', answer: 'three', id: 'same-3'},
		]);
		expect(written.map((kept) => kept.answer)).toEqual(['one', 'three']);
		expect(refused.map((refusal) => [refusal.index, refusal.reason])).toEqual([
			[1, 'same question as note 1; give one of them an ID: line'],
			[2, 'card has an empty answer'],
			[3, 'cloze card has no {{...}} deletion'],
			[4, 'card id may use letters, digits, and - _ . : / (up to 128 characters)'],
		]);
	});

	it('a question holding a line separator (U+2028) is still a card', () => {
		const text = formatDeck({title: 'D'}, [{kind: 'basic', question: 'a\u2028b', answer: 'c'}]);
		expect(readBack(text)).toEqual([noteAsWritten({kind: 'basic', question: 'a\u2028b', answer: 'c'})]);
	});
});

describe('fluency add writes through the same checks', () => {
	const root = makeTempDir('fluency-writer-');
	afterAll(() => rmSync(root, {recursive: true, force: true}));

	it('appended notes read back as written, one after another in one file', () => {
		let count = 0;
		fc.assert(
			fc.property(note, (given) => {
				const file = join(root, `deck-${count++}.md`);
				const single = writeDeck({title: 'x'}, [given]);
				if (single.refused.length > 0) {
					expect(() => appendNote(file, 'deck', given)).toThrow();
					return;
				}
				appendNote(file, 'deck', {kind: 'basic', question: 'First card', answer: 'first'});
				appendNote(file, 'deck', given);
				const cards = readBack(readFileSync(file, 'utf8'), ['deck']);
				expect(cards.at(-1)).toEqual(single.written[0]);
			}),
			{numRuns: 150},
		);
	});

	it('refuses a card the deck already has, saying "this card"', () => {
		const file = join(root, 'in-place.md');
		writeFileSync(file, '---\ntitle: x\n---\n\nQ: What is CI?\n\nA: Integrating daily.\n');
		expect(() => appendNote(file, 'deck', {kind: 'basic', question: 'What is **CI**', answer: 'Other.'})).toThrow(/^this card: duplicate of the card at line 5 of .*in-place\.md; nothing was added$/);
		expect(() => appendNote(file, 'deck', {kind: 'basic', question: 'What?', answer: ''})).toThrow(/^this card: card has an empty answer; nothing was added$/);
		expect(readFileSync(file, 'utf8')).toBe('---\ntitle: x\n---\n\nQ: What is CI?\n\nA: Integrating daily.\n');
	});
});

