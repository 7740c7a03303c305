import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {DeckCard} from '../../src/core/decks/card.js';
import {type CheckedCard, parseDeck, streamDeckTail, streamDeckToCheck} from '../../src/core/decks/parse-deck.js';

/*
A deck file that grew at its end is parsed from its last note's marker on (the resume point the
previous parse gave), with the identity keys of the cards before it. Whatever the file holds and
whatever is added, that must give exactly what parsing the whole grown file gives: the same cards,
the same problems, and the same next resume point.
*/

const file = 'decks/grow.md';
const deck = 'grow';

// Lines that make notes, and, more rarely, every kind of line that changes how the lines after it are read.
const noteLine = fc.constantFrom(
	'Q: What is a canary release?',
	'Q: What is a canary release?',
	'R: Idempotent',
	'C: A {{c1::feature flag}} hides {{c2::code}}.',
	'C: no deletion',
	'A: A release to a few users first.',
	'A: Safe to repeat.',
	'A:',
	'Note: see the runbook',
	'Tags: ops, release',
	'ID: canary-1',
	'ID: not valid!',
	'![diagram](../outside.png)',
	'# Heading',
	'---',
	'text',
	'',
);
const blockLine = fc.constantFrom('```', '````', '~~~', '```yaml', '<!--', '-->', '--> Q: after a comment?', 'Q: inline <!-- hidden --> comment?', 'x <!-- y', 'z --> w');
const line = fc.oneof({arbitrary: noteLine, weight: 12}, {arbitrary: blockLine, weight: 1});
const lineBreak = fc.constantFrom('\n', '\n', '\r\n');
const text = fc.array(fc.tuple(line, lineBreak), {maxLength: 40}).map((parts) => parts.map(([content, end]) => content + end).join(''));
const frontMatter = fc.constantFrom('', '---\ntags: [ops]\n---\n', '---\ntitle: Grow\n---\n', '\uFEFF');
// The old file may end mid-line, and the addition may continue that line.
const cut = fc.nat();

const comparable = (cards: readonly DeckCard[]) => cards.map((card) => ({...card}));

describe('resuming the parse of a deck that grew at its end', () => {
	it('gives what parsing the whole grown file gives', () => {
		let resumed = 0;
		fc.assert(
			fc.property(frontMatter, text, cut, text, (head, body, at, added) => {
				const before = head + body.slice(0, at % (body.length + 1));
				const grown = before + added;
				const old = parseDeck({file, deck, text: before});
				const full = parseDeck({file, deck, text: grown});
				if (old.resumeAt === undefined) return;
				resumed++;
				const {line, offset} = old.resumeAt;
				const keysBefore = new Map<string, number>();
				for (const card of old.cards) if (card.line < line) keysBefore.set(card.identityKey, card.line);
				const tailCards: DeckCard[] = [];
				const tail = streamDeckTail({file, deck, text: grown.slice(offset), firstLine: line, deckTags: old.tags, keysBefore}, (cards) => tailCards.push(...cards));
				expect(comparable([...old.cards.filter((card) => card.line < line), ...tailCards])).toEqual(comparable(full.cards));
				expect([...old.problems.filter((problem) => problem.line < line), ...tail.problems]).toEqual(full.problems);
				expect(tail.resumeAt && {line: tail.resumeAt.line, offset: offset + tail.resumeAt.offset}).toEqual(full.resumeAt);
			}),
			{numRuns: 4000},
		);
		// About one random file in four can be resumed (930 to 990 of 4,000 in five runs): the property is not vacuous.
		expect(resumed).toBeGreaterThan(500);
	});

	it('may start at any checkpoint the whole parse marks, and reads the rest of the file as it did', () => {
		let checked = 0;
		fc.assert(
			fc.property(frontMatter, text, fc.constantFrom(1, 30), (head, body, every) => {
				const whole = head + body;
				const full = parseDeck({file, deck, text: whole, checkpointEvery: every});
				expect(parseDeck({file, deck, text: whole}).checkpoints).toEqual([]);
				let previous = -Infinity;
				for (const {line, offset} of full.checkpoints) {
					expect(offset - previous).toBeGreaterThanOrEqual(every);
					previous = offset;
					const keysBefore = new Map<string, number>();
					for (const card of full.cards) if (card.line < line && !keysBefore.has(card.identityKey)) keysBefore.set(card.identityKey, card.line);
					const tailCards: DeckCard[] = [];
					const tail = streamDeckTail({file, deck, text: whole.slice(offset), firstLine: line, deckTags: full.tags, keysBefore}, (cards) => tailCards.push(...cards));
					expect(comparable(tailCards)).toEqual(comparable(full.cards.filter((card) => card.line >= line)));
					expect(tail.problems).toEqual(full.problems.filter((problem) => problem.line >= line));
					checked++;
				}
			}),
			{numRuns: 1500},
		);
		// Most files have a checkpoint or two (1,320 to 1,360 in all, in three runs): the property is not vacuous.
		expect(checked).toBeGreaterThan(800);
	});

	it('is not offered past a block left open, nor at a marker read out of a comment', () => {
		expect(parseDeck({file, deck, text: 'Q: one?\nA: a\n\nQ: two?\nA: b\n'}).resumeAt).toEqual({line: 4, offset: 14});
		expect(parseDeck({file, deck, text: '\uFEFFQ: one?\nA: a\n'}).resumeAt).toEqual({line: 1, offset: 1});
		expect(parseDeck({file, deck, text: 'Q: one?\nA: a\n```\nQ: two?\nA: b\n'}).resumeAt).toBeUndefined();
		expect(parseDeck({file, deck, text: 'Q: one?\nA: a <!--\nx\n--> Q: two?\nA: b\n'}).resumeAt).toEqual({line: 1, offset: 0});
		expect(parseDeck({file, deck, text: 'Q: one?\nA: a\nQ: two <!-- x --> ?\nA: b\n'}).resumeAt).toEqual({line: 1, offset: 0});
		expect(parseDeck({file, deck, text: 'Q: one?\nA: a\nQ: two?'}).resumeAt).toEqual({line: 1, offset: 0});
		expect(parseDeck({file, deck, text: 'prose only\n'}).resumeAt).toBeUndefined();
	});
});

describe('parsing a deck for `fluency check`', () => {
	it('reads the cards and problems a sync reads, without working out their hash', () => {
		fc.assert(
			fc.property(frontMatter, text, (head, body) => {
				const source = {file, deck, text: head + body};
				const full = parseDeck(source);
				const checked: CheckedCard[] = [];
				const deckChecked = streamDeckToCheck(source, (cards) => checked.push(...cards));
				expect(checked.map((card) => ({...card}))).toEqual(full.cards.map(({contentHash: _, ...card}) => ({...card, contentHash: ''})));
				expect(deckChecked).toEqual({...full, cards: []});
			}),
			{numRuns: 500},
		);
	});
});
