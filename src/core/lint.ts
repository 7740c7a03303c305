/*
Quality warnings: the parts of good card writing a program can see (SuperMemo's minimum
information principle and "avoid sets and enumerations", Matuschak's "no yes/no prompts").
They never stop a card from loading.
*/
import type {Deck, DeckCard} from './card.js';
import {warning, type Problem} from './problem.js';
import {countWords} from './text.js';

export const MAX_ANSWER_WORDS = 40;
export const MAX_LIST_ITEMS = 3;
export const MAX_CLOZE_DELETIONS = 3;

export type LintRule = {readonly id: string; readonly description: string};

export const LINT_RULES: readonly LintRule[] = [
	{id: 'long-answer', description: `an answer longer than ${MAX_ANSWER_WORDS} words (a Note: does not count)`},
	{id: 'enumeration', description: `an answer listing more than ${MAX_LIST_ITEMS} items, or a question asking for such a list`},
	{id: 'yes-no', description: 'a question that can be answered with yes or no'},
	{id: 'cloze-count', description: `a cloze note with more than ${MAX_CLOZE_DELETIONS} deletions`},
	{id: 'duplicate-question', description: 'the same question in two decks'},
	{id: 'sources', description: 'a deck without `sources` in its front matter'},
];

const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;
const YES_NO = /^(?:is|are|does|do|did|can|should|will|has|have|was|were|could|would)\b/i;
const NUMBER_WORDS = 'four|five|six|seven|eight|nine|ten|eleven|twelve';
const ASKS_FOR_LIST = new RegExp(
	`\\b(?:list|enumerate|name)\\s+(?:all|every|each)\\b|\\b(?:list|name|what are|which are|give)\\s+(?:the\\s+)?(?:[4-9]|\\d{2,}|${NUMBER_WORDS})\\b`,
	'i',
);

/** Quality warnings for a set of decks; cross-deck duplicates need them all at once. */
export function lintDecks(decks: readonly Deck[]): Problem[] {
	const problems: Problem[] = [];
	const firstByQuestion = new Map<string, DeckCard>();
	for (const deck of decks) {
		if (deck.sources.length === 0) problems.push(warning(deck.file, 1, 'sources', 'deck has no `sources` in its front matter'));
		for (const card of deck.cards) {
			if (card.ordinal > 1 || (card.ordinal === 1 && card.kind !== 'cloze')) continue; // Check each note once.
			problems.push(...lintNote(deck, card));
			const key = `${card.kind === 'cloze' ? 'c' : 'q'}:${card.questionText}`;
			const first = firstByQuestion.get(key);
			if (first && first.deck !== card.deck) {
				problems.push(warning(card.file, card.line, 'duplicate-question', `same question as ${first.file}:${first.line}`));
			} else if (!first) {
				firstByQuestion.set(key, card);
			}
		}
	}
	return problems;
}

function lintNote(deck: Deck, card: DeckCard): Problem[] {
	const problems: Problem[] = [];
	const at = (rule: string, message: string) => problems.push(warning(card.file, card.line, rule, message));
	if (card.kind === 'cloze') {
		const deletions = deck.cards.filter((other) => other.line === card.line && other.file === card.file).length;
		if (deletions > MAX_CLOZE_DELETIONS) at('cloze-count', `cloze note has ${deletions} deletions; split it (at most ${MAX_CLOZE_DELETIONS})`);
		return problems;
	}
	const words = countWords(card.answer);
	if (words > MAX_ANSWER_WORDS) at('long-answer', `answer has ${words} words; keep it under ${MAX_ANSWER_WORDS} or move detail into a Note:`);
	const items = card.answer.split('\n').filter((line) => LIST_ITEM.test(line)).length;
	if (items > MAX_LIST_ITEMS) at('enumeration', `answer lists ${items} items; split it into cards of at most ${MAX_LIST_ITEMS}`);
	if (card.kind === 'basic') {
		if (ASKS_FOR_LIST.test(card.prompt)) at('enumeration', `question asks for a list of more than ${MAX_LIST_ITEMS} items; ask for one item per card`);
		if (YES_NO.test(card.prompt.trim())) at('yes-no', 'question can be answered with yes or no; ask what, why, when or which');
	}
	return problems;
}
