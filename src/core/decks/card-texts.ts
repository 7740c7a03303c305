/*
A card's question and answer as identity normalises them: the question makes the card's identity
key, and both are compared by similarity to recognise an edited card. Both follow from what the
card stores (its kind, ordinal, source, prompt and answer), so they are worked out where they are
needed, for a deck file's cards and the database's alike, rather than stored: kept in every card's
row they were 230 of its 800 bytes, and worked out for every card of a first sync, to be read for
none of them.
*/
import type {DeckCard} from './card.js';
import {clozeFullText, type ClozeSegment, parseCloze} from './cloze.js';
import {normalizeForIdentity} from '../text.js';

export type CardTexts = {readonly questionText: string; readonly answerText: string};

/** What a card's texts follow from. */
export type CardContent = Pick<DeckCard, 'kind' | 'ordinal' | 'source' | 'prompt' | 'answer'>;

/** A question as its identity key holds it; a question made only of symbols keeps its own text, so such questions still differ. */
export function identityText(text: string): string {
	return normalizeForIdentity(text) || text.trim();
}

/** A cloze note's question: its whole text with every deletion filled in. */
export function clozeQuestionText(segments: readonly ClozeSegment[]): string {
	return identityText(clozeFullText(segments));
}

/** What the deletions numbered `ordinal` hide, normalised: a cloze card's answer. */
function clozeAnswerText(segments: readonly ClozeSegment[], ordinal: number): string {
	const hidden: string[] = [];
	for (const segment of segments) if (typeof segment !== 'string' && segment.number === ordinal) hidden.push(segment.answer);
	return normalizeForIdentity(hidden.join(' '));
}

/**
A card's texts. A reversed note's second card asks the note's answer and shows its question, but
has the note's texts, as its first card does: both cards of a note are one question.
*/
export function cardTexts(card: CardContent): CardTexts {
	if (card.kind === 'cloze') {
		const parsed = parseCloze(card.source);
		// A stored cloze card parsed when it was written; should its text no longer, it is compared as written.
		if (!parsed.ok) return {questionText: identityText(card.source), answerText: ''};
		return {questionText: clozeQuestionText(parsed.segments), answerText: clozeAnswerText(parsed.segments, card.ordinal)};
	}
	return {questionText: identityText(card.source), answerText: answerTextOf(card)};
}

/** A card's answer text alone, for a deck file's card, which carries its question text already. */
export function answerTextOf(card: CardContent): string {
	if (card.kind !== 'cloze') return normalizeForIdentity(card.ordinal === 0 ? card.answer : card.prompt);
	const parsed = parseCloze(card.source);
	return parsed.ok ? clozeAnswerText(parsed.segments, card.ordinal) : '';
}
