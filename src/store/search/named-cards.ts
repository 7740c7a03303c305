/*
The active cards a user names on the command line (`fluency info`): by id, by the start of an id,
or by a deck and a line of its file. Each is found through an index: reading every card of a
100,000-card collection to find one took 2.5 s.
*/
import type {Store} from '../database.js';

/** Whether an active card has this id. */
export function isActiveCardId(store: Store, id: string): boolean {
	return store.statement('SELECT 1 FROM cards WHERE id = ? AND retired_at IS NULL').get(id) !== undefined;
}

/** The ids of the active cards whose id starts with `prefix`, a few hexadecimal digits. */
export function activeCardIdsStartingWith(store: Store, prefix: string): string[] {
	// Ids are lowercase hexadecimal, so every id that starts with the prefix sorts before prefix + 'g'.
	return store.statement('SELECT id FROM cards WHERE id >= ? AND id < ? AND retired_at IS NULL ORDER BY id', 'values').all(prefix, `${prefix}g`) as string[];
}

/** A deck as a user names it: by its name, or by the path of its file. */
export type NamedDeck = {readonly name: string} | {readonly path: string};

/**
The ids of the active cards of the note at `line` of a deck's file, or of the last note above it:
the cards on the last line at or before `line` that holds one, in ordinal order. Empty when no
card is that high up; undefined when the deck holds no active card.
*/
export function activeCardIdsAtLine(store: Store, deck: NamedDeck, line: number): string[] | undefined {
	const [column, value] = 'name' in deck ? ['name', deck.name] : ['path', deck.path];
	const hasCards = store
		.statement(`SELECT EXISTS (SELECT 1 FROM decks WHERE ${column} = ? AND EXISTS (SELECT 1 FROM cards WHERE cards.deck_id = decks.id AND cards.retired_at IS NULL))`, 'values')
		.get(value);
	if (hasCards !== 1) return undefined;
	// The deck's blocks from the line up, and in each its cards from the line up: the first row is the note's.
	// Blocks that start on one line are ordered by id, as cardsOfDeckInOrder orders them (line-blocks.ts).
	const note = store
		.statement(
			`SELECT cards.line_block, cards.line_in_block FROM decks
			 JOIN line_blocks ON line_blocks.deck_id = decks.id
			 JOIN cards ON cards.line_block = line_blocks.id
			 WHERE decks.${column} = ? AND cards.deck_id = decks.id AND cards.retired_at IS NULL
				AND line_blocks.first_line <= ? AND cards.line_in_block <= ? - line_blocks.first_line
			 ORDER BY line_blocks.first_line DESC, line_blocks.id DESC, cards.line_in_block DESC
			 LIMIT 1`,
			'arrays',
		)
		.get(value, line, line) as [block: number, lineInBlock: number] | undefined;
	if (!note) return [];
	const [block, lineInBlock] = note;
	return store.statement('SELECT id FROM cards WHERE line_block = ? AND line_in_block = ? AND retired_at IS NULL ORDER BY ordinal, id', 'values').all(block, lineInBlock) as string[];
}
