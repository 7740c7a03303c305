import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {answerTextOf, cardTexts} from '../../src/core/decks/card-texts.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';

const cardsOf = (text: string) => parseDeck({file: 'decks/texts.md', deck: 'texts', text}).cards;

describe("a card's texts, worked out from what it stores", () => {
	it("are a basic card's question and answer as identity normalises them", () => {
		const [card] = cardsOf('Q: What is a **canary** release?\n\nA: A release to *a few* users first.\n');
		expect(cardTexts(card!)).toEqual({questionText: 'what is a canary release', answerText: 'a release to a few users first'});
	});

	it("are the same for both cards of a reversed note: the note's question and answer", () => {
		const cards = cardsOf('R: Idempotent\n\nA: Safe to repeat.\n');
		expect(cards.map((card) => card.ordinal)).toEqual([0, 1]);
		expect(cards.map((card) => cardTexts(card))).toEqual([
			{questionText: 'idempotent', answerText: 'safe to repeat'},
			{questionText: 'idempotent', answerText: 'safe to repeat'},
		]);
	});

	it("are, for each card of a cloze note, the whole text and what that card's deletions hide", () => {
		const cards = cardsOf('C: A {{c1::feature flag}} hides {{c2::code}} behind a {{c1::switch}}.\n');
		expect(cards.map((card) => [card.ordinal, cardTexts(card)])).toEqual([
			[1, {questionText: 'a feature flag hides code behind a switch', answerText: 'feature flag switch'}],
			[2, {questionText: 'a feature flag hides code behind a switch', answerText: 'code'}],
		]);
	});

	it('keep a question made only of symbols as written, so two such questions still differ', () => {
		const [card] = cardsOf('Q: ?!\n\nA: Nothing.\n');
		expect(cardTexts(card!).questionText).toBe('?!');
	});

	it('give every card of any deck the question its identity key holds', () => {
		const line = fc.constantFrom(
			'Q: What is a canary release?',
			'Q: Why <b>pin</b> versions?',
			'R: Idempotent',
			'R: SLO',
			'C: A {{c1::feature flag}} hides {{c2::code}}.',
			'C: {{c1::Staging}} before {{c1::production}}, {{c3::always::when}}.',
			'C: no deletion',
			'A: A release to a few users first.',
			'A: Safe to repeat, Straße, 模型.',
			'Note: see the runbook',
			'Q: ¿Qué es un SLO?',
			'Q: ???',
			'',
		);
		fc.assert(
			fc.property(fc.array(line, {maxLength: 30}), (lines) => {
				for (const card of cardsOf(`${lines.join('\n\n')}\n`)) {
					const {questionText, answerText} = cardTexts(card);
					expect(questionText).toBe(card.questionText);
					expect(answerTextOf(card)).toBe(answerText);
					expect(card.identityKey).toBe(`${card.kind === 'cloze' ? 'c' : 'q'}:${questionText}#${card.ordinal}`);
				}
			}),
			{numRuns: 300},
		);
	});
});
