/*
The cards an outlook ("next card due tomorrow · 2 buried, 1 suspended") needs: those set aside
(suspended, or buried past now), and the others in due order, read only as far as the caller
needs. Every card of a heavy collection (100,000) took a second to read at the end of each session.
*/
import type {CardSummary} from '../cards.js';
import type {Store} from '../database.js';
import {CARD_LINE} from '../line-blocks.js';
import {type SummaryRow, summaryOf} from './queue-candidates.js';

/** A card with its place in its deck file, to order cards as `cardSummaries` does. Its `position` is 0. */
export type PlacedCard = CardSummary & {readonly line: number; readonly ordinal: number};

type Row = [...SummaryRow, deck: string, line: number, ordinal: number];

// cards_by_due (migration 12) holds every column read here, so no card's row is read.
const COLUMNS = `cards.id, cards.tags, cards.note_key, cards.state, cards.due, cards.suspended, cards.buried_until, cards.db_tags, cards.flag, decks.name, ${CARD_LINE}, cards.ordinal
	FROM cards INDEXED BY cards_by_due JOIN decks ON decks.id = cards.deck_id JOIN line_blocks ON line_blocks.id = cards.line_block`;

function placedCard(row: Row, tagLists: Map<string, readonly string[]>): PlacedCard {
	const [deck, line, ordinal] = row.slice(9) as [string, number, number];
	return {...summaryOf(row, deck, 0, tagLists), line, ordinal};
}

/** Active cards suspended, or buried until after `now`. */
export function setAsideCards(store: Store, now: number): PlacedCard[] {
	const tagLists = new Map<string, readonly string[]>();
	const rows = store.statement(`SELECT ${COLUMNS} WHERE cards.retired_at IS NULL AND (cards.suspended = 1 OR cards.buried_until > ?)`, 'arrays').all(now) as Row[];
	return rows.map((row) => placedCard(row, tagLists));
}

/** Active cards that are neither new nor set aside, earliest due first, read as the caller goes: stop early to read little. */
export function* availableCardsByDue(store: Store, now: number): Generator<PlacedCard> {
	const tagLists = new Map<string, readonly string[]>();
	const statement = store.statement(
		`SELECT ${COLUMNS} WHERE cards.retired_at IS NULL AND cards.due IS NOT NULL AND cards.state <> 'new' AND cards.suspended = 0
			AND (cards.buried_until IS NULL OR cards.buried_until <= ?) ORDER BY cards.due`,
		'arrays',
	);
	for (const row of statement.iterate(now) as IterableIterator<Row>) yield placedCard(row, tagLists);
}

/** Whether an active new card that is not suspended passes `accept`, read until the first one does. */
export function someNewCard(store: Store, accept: (card: CardSummary) => boolean): boolean {
	const tagLists = new Map<string, readonly string[]>();
	const statement = store.statement(`SELECT ${COLUMNS} WHERE cards.retired_at IS NULL AND cards.state = 'new' AND cards.suspended = 0`, 'arrays');
	for (const row of statement.iterate() as IterableIterator<Row>) {
		if (accept(placedCard(row, tagLists))) return true;
	}
	return false;
}
