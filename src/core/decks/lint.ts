/*
Quality warnings: the parts of good card writing a program can see (SuperMemo's minimum
information principle and "avoid sets and enumerations", Matuschak's "no yes/no prompts").
They never stop a card from loading.
*/
import type {Deck} from './card.js';
import type {CheckedCard} from './parse-deck.js';
import {type Deletion, parseCloze} from './cloze.js';
import {warning, type Problem} from '../problem.js';
import {countWords} from '../text.js';

const MAX_ANSWER_WORDS = 40;
const MAX_LIST_ITEMS = 3;
const MAX_CLOZE_DELETIONS = 3;

export type LintRule = {readonly id: string; readonly description: string};

export const LINT_RULES: readonly LintRule[] = [
	{id: 'long-answer', description: `an answer longer than ${MAX_ANSWER_WORDS} words (a Note: does not count)`},
	{id: 'enumeration', description: `an answer listing more than ${MAX_LIST_ITEMS} items, or a question asking for such a list`},
	{id: 'yes-no', description: 'a question that can be answered with yes or no'},
	{id: 'cloze-count', description: `a cloze note with more than ${MAX_CLOZE_DELETIONS} deletions`},
	{id: 'cloze-cued', description: "a cloze whose hidden text also stands in the card's visible text"},
	{id: 'spelled-out', description: 'a reversible card whose back spells out the front (an acronym and its expansion)'},
	{id: 'open-set', description: 'a question asking for "two" or "three" examples of an open set ("give three reasons")'},
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
// "Give three reasons", "What are two risks of ...": any three of many are right, so the card
// cannot say which it wants.
// "Name the three ..." asks for a closed set and passes.
const ASKS_FOR_SOME_OF_MANY = /\b(?:give|name|list|cite|state|mention)\s+(?:two|three|[23]|a few|some|any)\b|\b(?:what|which) are\s+(?:two|three|[23]|a few|some)\b/i;
// A word that either question pattern above needs: most questions have none, and are spared both.
const MAY_ASK_FOR_MANY = /give|name|list|cite|state|mention|enumerate|what are|which are/i;
type FirstSeen = {readonly deck: string; readonly file: string; readonly line: number};

/**
Where each question was first seen, for the warning about the same question in two decks: only
that is kept, so the decks' cards can be let go once linted. Decks must be shown to it in the
order they are checked, as the first deck to hold a question is the one the others are warned of.
*/
export class QuestionsAcrossDecks {
	readonly #firstByQuestion = new Map<string, FirstSeen>();

	/** A note's question (see noteQuestionKey) seen at `place`: the warning when another deck had it first. */
	see(key: string, place: FirstSeen): Problem | undefined {
		const first = this.#firstByQuestion.get(key);
		if (!first) {
			this.#firstByQuestion.set(key, {deck: place.deck, file: place.file, line: place.line});
			return undefined;
		}
		return first.deck === place.deck ? undefined : warning(place.file, place.line, 'duplicate-question', `same question as ${first.file}:${first.line}`);
	}
}

/**
Quality warnings deck by deck, so a caller can let each deck's cards go once they are linted (a
check of 100,000 cards spent a quarter of its time collecting them).
*/
export class DeckLinter {
	readonly #questions: QuestionsAcrossDecks | undefined;

	/**
	`decks`: how many decks will be linted, when known. A single deck cannot have a question in two
	decks, and keeping each of its questions only for that was a twentieth of a check of one file
	of 100,000 cards. `acrossDecks: false` leaves that warning to the caller (see noteQuestionKey).
	*/
	constructor(options: {readonly decks?: number; readonly acrossDecks?: boolean} = {}) {
		const acrossDecks = options.acrossDecks ?? (options.decks === undefined || options.decks > 1);
		this.#questions = acrossDecks ? new QuestionsAcrossDecks() : undefined;
	}

	lint(deck: Deck): Problem[] {
		const problems = deckWarnings(deck);
		// A note's cards stand together in the deck, on its line.
		for (let start = 0; start < deck.cards.length; ) {
			let end = start + 1;
			while (end < deck.cards.length && deck.cards[end]!.line === deck.cards[start]!.line) end++;
			problems.push(...this.lintNoteCards(deck.cards.slice(start, end)));
			start = end;
		}
		return problems;
	}

	/**
	The warnings about one note, given its cards as the parser makes them (streamDeck hands them
	over so), notes in their decks' order: a check of one 100,000-card file then never holds its
	cards. The deck's own warnings come from deckWarnings.
	*/
	lintNoteCards(cards: readonly CheckedCard[]): Problem[] {
		const problems: Problem[] = [];
		const deletions = cards.filter((card) => card.kind === 'cloze').length;
		for (const card of cards) {
			if (!lintsItsNote(card)) continue;
			lintNote(card, deletions, problems);
			const repeated = this.#questions?.see(noteQuestionKey(card), card);
			if (repeated) problems.push(repeated);
		}
		return problems;
	}
}

/** The warnings about a deck as a whole, whatever its cards. */
export function deckWarnings(deck: Pick<Deck, 'file' | 'sources'>): Problem[] {
	return deck.sources.length === 0 ? [warning(deck.file, 1, 'sources', 'deck has no `sources` in its front matter')] : [];
}

/** Whether a note is linted by this card of it: each note is checked once, by its first card (a cloze note's first deletion). */
export function lintsItsNote(card: CheckedCard): boolean {
	return card.ordinal === 0 || (card.ordinal === 1 && card.kind === 'cloze');
}

/**
A note's question as the warning about the same question in two decks compares it, given the card
that lints the note: the identity key of that card, whose hash the parser's own check for
duplicates has worked out already (hashing 100,000 keys anew was a fifth of a check's lint). A
note with an explicit id has another identity key, so its key is built in the same form.
*/
export function noteQuestionKey(card: CheckedCard): string {
	const ordinal = card.kind === 'cloze' ? 1 : 0;
	return card.explicitId === undefined && card.ordinal === ordinal ? card.identityKey : `${card.kind === 'cloze' ? 'c' : 'q'}:${card.questionText}#${ordinal}`;
}

/** Add the warnings about a note, given by its first card, to `problems`. */
function lintNote(card: CheckedCard, deletions: number, problems: Problem[]): void {
	// Pushed into the deck's list where they are found: a list of each note's own, spread into the deck's, was made for 100,000 notes with no warning.
	const at = (rule: string, message: string) => problems.push(warning(card.file, card.line, rule, message));
	if (card.kind === 'cloze') {
		if (deletions > MAX_CLOZE_DELETIONS) at('cloze-count', `cloze note has ${deletions} deletions; split it (at most ${MAX_CLOZE_DELETIONS})`);
		const cued = cuedDeletion(card.source);
		if (cued) at('cloze-cued', `cloze hides "${cued}" but the visible text says it too; reword the rest of the sentence`);
		return;
	}
	const words = countWords(card.answer);
	if (words > MAX_ANSWER_WORDS) at('long-answer', `answer has ${words} words; keep it under ${MAX_ANSWER_WORDS} or move detail into a Note:`);
	const items = card.answer.includes('\n') ? card.answer.split('\n').filter((line) => LIST_ITEM.test(line)).length : Number(LIST_ITEM.test(card.answer));
	if (items > MAX_LIST_ITEMS) at('enumeration', `answer lists ${items} items; split it into cards of at most ${MAX_LIST_ITEMS}`);
	else if (hasInlineList(card.answer)) at('enumeration', `answer lists more than ${MAX_LIST_ITEMS} items in a sentence; split it or ask about one`);
	if (card.kind === 'basic') {
		const mayAskForMany = MAY_ASK_FOR_MANY.test(card.prompt);
		if (mayAskForMany && ASKS_FOR_LIST.test(card.prompt)) at('enumeration', `question asks for a list of more than ${MAX_LIST_ITEMS} items; ask for one item per card`);
		else if (mayAskForMany && ASKS_FOR_SOME_OF_MANY.test(card.prompt)) at('open-set', 'question asks for some of many possible answers; ask about one item the card can check');
		if (YES_NO.test(card.prompt.trim())) at('yes-no', 'question can be answered with yes or no; ask what, why, when or which');
	}
	if (card.kind === 'reversed' && (spellsOut(card.prompt, card.answer) || spellsOut(card.answer, card.prompt))) {
		at('spelled-out', 'one side spells out the other (an acronym and its expansion); ask with Q: what it is for instead');
	}
}

const withoutCode = (text: string) => text.replace(/```[\s\S]*?```|`[^`\n]*`/g, 'code');
const comparable = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
The first deletion whose hidden text, or the stem of one of its words, also stands on the card's
front: "{{c1::stages}}, such as Staging and Production" gives itself away.
*/
function cuedDeletion(source: string): string | undefined {
	const parsed = parseCloze(source);
	if (!parsed.ok) return undefined;
	const deletions = parsed.segments.filter((segment): segment is Deletion => typeof segment !== 'string');
	for (const deletion of deletions) {
		const visible = parsed.segments.map((segment) => (typeof segment === 'string' ? segment : segment.number === deletion.number ? ' ' : segment.answer)).join(' ');
		const visibleStems = new Set(comparable(visible).split(' ').map(stem));
		const hiddenStems = comparable(deletion.answer)
			.split(' ')
			.filter((word) => word.length >= 5 && !GENERIC_WORDS.has(word))
			.map(stem);
		if (hiddenStems.some((hidden) => visibleStems.has(hidden))) return deletion.answer.trim();
	}
	return undefined;
}

// Words too common on any card to give a deletion away.
const GENERIC_WORDS = new Set(['system', 'systems', 'model', 'models', 'value', 'values', 'users', 'product', 'products', 'process', 'level', 'their', 'which', 'other']);

/** A crude stem that lets "stages" meet "staging" and "purpose" meet "purposes". */
const stem = (word: string) => (word.length < 5 ? word : word.slice(0, word.length <= 7 ? 4 : word.length - 3));

/**
A sentence listing more than three short items: "a, b, c and d". Items stay short, so a clause
between commas ("a switch, checked at runtime, that turns ...") is not taken for a list.
*/
function hasInlineList(answer: string): boolean {
	// A list of more than three items needs two commas, in any clause: most answers stop here.
	const firstComma = answer.indexOf(',');
	if (firstComma === -1 || answer.indexOf(',', firstComma + 1) === -1) return false;
	const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;
	const JOIN = /^(.*?)\b(?:and|or)\s+(.*)$/i;
	return withoutCode(answer)
		.split(/[.;:()\n]/)
		.some((clause) => {
			const parts = clause.split(',');
			if (parts.length < 3) return false;
			const joined = JOIN.exec(parts.at(-1)!);
			if (!joined) return false;
			const [, beforeJoin = '', lastItem = ''] = joined;
			const middle = parts.slice(1, -1);
			if (words(parts[0]!) > 6 || middle.some((part) => words(part) > 4 || /^\s*(?:and|or)\b/i.test(part)) || words(beforeJoin) > 4 || words(lastItem) > 6) return false;
			const items = parts.slice(0, -1).filter((part) => part.trim() !== '').length + (beforeJoin.trim() === '' ? 1 : 2);
			return items > MAX_LIST_ITEMS;
		});
}

/**
True when `short` is an acronym whose letters start the words of `long` in order: "ICE score" /
"... by impact, confidence and ease". A two-letter acronym must be spelled from the first word.
*/
function spellsOut(short: string, long: string): boolean {
	const [acronym = '', ...rest] = short.trim().replace(/[*_`]/g, '').split(/\s+/);
	if (rest.length > 2 || !/^[A-Z][A-Za-z0-9&]{1,7}$/.test(acronym)) return false;
	const letters = [...acronym].filter((ch) => /[A-Z]/.test(ch)).map((ch) => ch.toLowerCase());
	if (letters.length < 2) return false;
	const initials = comparable(long.split('\n')[0] ?? '').split(' ').map((word) => word[0] ?? '');
	const starts = letters.length === 2 ? [0] : initials.flatMap((initial, index) => (initial === letters[0] ? [index] : []));
	return starts.some((start) => {
		if (initials[start] !== letters[0]) return false;
		let next = 1;
		for (const initial of initials.slice(start + 1, start + 2 * letters.length)) if (initial === letters[next]) next++;
		return next >= letters.length;
	});
}
