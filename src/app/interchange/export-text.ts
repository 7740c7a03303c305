import {stringify} from 'csv-stringify/sync';
import {deckIsWithin} from '../../core/decks/deck-names.js';
import {normalizeForIdentity} from '../../core/text.js';
import type {NoteToWrite} from '../../core/decks/deck-writer.js';
import {activeCards} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {listDecks} from '../../store/decks.js';
import {answersForExport} from '../../store/scheduling/training.js';
import {UsageError} from '../errors.js';

/** The deck `fluency export NAME` means (a trailing `/` is dropped), or a usage error naming what was typed. */
export function deckToExport(store: Store, typed: string): string {
	const name = typed.trim().replace(/\/+$/, '');
	const exists = listDecks(store).some((deck) => deck.retiredAt === null && deckIsWithin(deck.name, name));
	if (name === '' || !exists) throw new UsageError(`no deck named \`${typed}\` (see \`fluency decks\`)`);
	return name;
}

/** A note to export, with the deck and file it is written in. */
export type ExportedNote = {readonly deck: string; readonly file: string; readonly note: NoteToWrite};

/**
The notes of a deck and its sub-decks for an export into one file. A note whose question another
exported note has too (possible across sub-decks) gets an \`ID:\` from its deck and line, so a
re-import keeps both instead of dropping one as a duplicate.
*/
export function exportedNotes(store: Store, deck: string): ExportedNote[] {
	const seen = new Map<string, number>();
	const notes: ExportedNote[] = [];
	const byKey = new Set<string>();
	for (const card of activeCards(store)) {
		if (!deckIsWithin(card.deck, deck) || byKey.has(card.noteKey)) continue;
		if (card.kind === 'reversed' && card.ordinal !== 0) continue;
		byKey.add(card.noteKey);
		const question = `${card.kind === 'cloze' ? 'c' : 'q'}:${normalizeForIdentity(card.source) || card.source.trim()}`;
		const repeats = (seen.get(question) ?? 0) + 1;
		seen.set(question, repeats);
		const id = card.explicitId ?? (repeats > 1 ? `${card.deck}:${card.line}`.replace(/[^A-Za-z0-9._:/-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128) : undefined);
		notes.push({
			deck: card.deck,
			file: card.file,
			note: {
				kind: card.kind,
				question: card.source,
				answer: card.kind === 'cloze' ? '' : card.answer,
				extra: card.extra,
				tags: card.tags,
				...(id ? {id} : {}),
			},
		});
	}
	return notes;
}

/** The notes of a deck and its sub-decks, as written in their files (one per note, not per card). */
export function notesOfDeck(store: Store, deck: string): NoteToWrite[] {
	const notes = new Map<string, NoteToWrite>();
	for (const card of activeCards(store)) {
		if (!deckIsWithin(card.deck, deck) || notes.has(card.noteKey)) continue;
		if (card.kind === 'reversed' && card.ordinal !== 0) continue;
		notes.set(card.noteKey, {
			kind: card.kind,
			question: card.source,
			answer: card.kind === 'cloze' ? '' : card.answer,
			extra: card.extra,
			tags: card.tags,
			...(card.explicitId ? {id: card.explicitId} : {}),
		});
	}
	return [...notes.values()];
}

const STATE_NUMBER: Readonly<Record<string, number>> = {new: 0, learning: 1, review: 2, relearning: 3};

/**
The review log in the columns the FSRS optimizer tools read (card_id, review_time in epoch ms,
review_rating 1-4, review_state before the answer 0-3, review_duration in ms). Their card ids are
integers: the first 52 bits of fluency's hex ids, which JavaScript and Python both hold exactly.
*/
export function reviewsAsFsrsCsv(store: Store): string {
	const rows = answersForExport(store).map(([cardId, at, rating, stateBefore, durationMs]) => [
		Number.parseInt(cardId.slice(0, 13), 16),
		at,
		rating,
		STATE_NUMBER[stateBefore] ?? 0,
		durationMs,
	]);
	return stringify(rows, {header: true, columns: ['card_id', 'review_time', 'review_rating', 'review_state', 'review_duration']});
}
