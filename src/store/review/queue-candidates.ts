import {isAvailable} from '../../core/review/queue.js';
import type {CardState} from '../../core/scheduling/scheduler.js';
import type {CardSummary} from '../cards.js';
import {type Store, storedJson} from '../database.js';
import {deckNamesById} from '../decks.js';
import {cardsOfDeckInOrder} from '../line-blocks.js';

/*
The cards that can enter today's queue, for counting it without reading the whole collection:
`cardSummaries` reads every card (100,000 in a heavy user's collection), while today's queue
holds a few hundred. The rows are `CardSummary` rows, so `buildQueue` decides on them alone.
*/

/** A card's summary columns, as every query of this module and outlook-cards.ts reads them. */
export type SummaryRow = [id: string, tags: string, noteKey: string, state: CardState, due: number | null, suspended: number, buriedUntil: number | null, dbTags: string, flag: number];

export function summaryOf([id, tags, noteKey, state, due, suspended, buriedUntil, dbTags, flag]: readonly [...SummaryRow, ...unknown[]], deck: string, position: number, tagLists: Map<string, readonly string[]>): CardSummary {
	return {id, deck, tags: tagListOf(tags, 'the tags of a card', tagLists), noteKey, position, state, due, suspended: suspended === 1, buriedUntil, dbTags: tagListOf(dbTags, 'the database tags of a card', tagLists), flag};
}

/** Many cards share one tag list: each distinct text is parsed once. */
function tagListOf(text: string, what: string, tagLists: Map<string, readonly string[]>): readonly string[] {
	let list = tagLists.get(text);
	if (!list) tagLists.set(text, (list = storedJson<string[]>(text, what)));
	return list;
}

/** A SummaryRow's columns, then the card's deck id: every query of due cards here reads these. */
const SUMMARY_COLUMNS = 'id, tags, note_key, state, due, suspended, buried_until, db_tags, flag, deck_id';

/**
The cards due before a time, read from the cards_by_due index alone (migration 9): no column here
may be missing from it. Each card's deck is named from one read of the decks table: joined row by
row, the 9,000 due cards of a heavy collection cost 25 ms more, a copy of the deck's name each.
*/
export const CARDS_DUE_BEFORE_SQL = `SELECT ${SUMMARY_COLUMNS} FROM cards WHERE retired_at IS NULL AND due < ? AND state <> 'new'`;

/** Learning, relearning and review cards due before `end`, suspended and buried ones included, found through the index on due dates. Their `position` is 0. */
export function cardsDueBefore(store: Store, end: number): CardSummary[] {
	const rows = store.statement(CARDS_DUE_BEFORE_SQL, 'arrays').all(end) as Array<[...SummaryRow, deckId: number]>;
	const deckNames = deckNamesById(store);
	const tagLists = new Map<string, readonly string[]>();
	return rows.map((row) => summaryOf(row, deckNames.get(row[9])!, 0, tagLists));
}

/**
Available learning and relearning cards due before `dayEnd`: every one is in today's queue. Their
`position` is 0. `deckNames`: deckNamesById, read once for this and the reviews.
*/
export function learningCandidates(store: Store, now: number, dayEnd: number, deckNames: ReadonlyMap<number, string>): CardSummary[] {
	const rows = store
		.statement(`SELECT ${SUMMARY_COLUMNS} FROM cards WHERE retired_at IS NULL AND due < ? AND state IN ('learning', 'relearning')`, 'arrays')
		.all(dayEnd) as Array<[...SummaryRow, deckId: number]>;
	const tagLists = new Map<string, readonly string[]>();
	return rows.map((row) => summaryOf(row, deckNames.get(row[9])!, 0, tagLists)).filter((card) => isAvailable(card, now));
}

/** A page of review cards due before the end (1st), after a due date and id (2nd, 3rd): (due, id) is unique, so no card is read twice. */
export const REVIEW_CARDS_IN_DUE_ORDER_SQL = `SELECT ${SUMMARY_COLUMNS} FROM cards WHERE retired_at IS NULL AND due < ? AND state = 'review' AND (due, id) > (?, ?) ORDER BY due, id LIMIT ?`;

/**
Review cards due before `dayEnd`, suspended and buried ones included, in the order the queue takes
them (due date, then id): each call returns the next `count`. Today's reviews are a few hundred
at most, by the daily limit, while a heavy collection has thousands due: read in this order, the
queue stops reading once it has its reviews. Their `position` is 0; decks are named from `deckNames`.
*/
export function reviewCardsInDueOrder(store: Store, dayEnd: number, deckNames: ReadonlyMap<number, string>): (count: number) => CardSummary[] {
	const next = store.statement(REVIEW_CARDS_IN_DUE_ORDER_SQL, 'arrays');
	const tagLists = new Map<string, readonly string[]>();
	let after: readonly [number, string] = [Number.NEGATIVE_INFINITY, ''];
	return (count) => {
		const rows = next.all(dayEnd, ...after, count) as Array<[...SummaryRow, deckId: number]>;
		const last = rows.at(-1);
		if (last) after = [last[4]!, last[0]];
		return rows.map((row) => summaryOf(row, deckNames.get(row[9])!, 0, tagLists));
	};
}

/**
Available new cards in the order they are introduced, with the position `cardSummaries` gives
them (rank among the deck's new cards times the number of decks, plus the deck's index: decks
take turns).

Only the cards `selected` keeps (all of them without it), and only the first new card of each
note, up to the `limit`-th whose note is not among `notesPassedOver`: the queue takes one card a
note (a later card of a note is never taken when its first is not), passes over a note answered
today or already queued, and stops at the day's limit, so the cards left out are cards it would
not take. Only decks holding new cards are read, a few
ranks at a time, as far as the cards found need: at a collection's start, where every card is new,
that is a handful of rows, not every card; in a mature collection, where few decks hold new
cards, the others cost nothing.
*/
export function newCandidates(
	store: Store,
	now: number,
	reach: {readonly limit: number; readonly notesPassedOver: ReadonlySet<string>; readonly selected?: (card: CardSummary) => boolean},
): CardSummary[] {
	if (reach.limit <= 0) return [];
	// One probe a deck into cards_new_by_block, named because the planner otherwise picks
	// cards_counts_by_deck and steps through every card of the deck. The ranks use it too, so the
	// decks' studied cards are never read.
	const withNewCards = new Set(
		store
			.statement(
				`SELECT id FROM decks WHERE EXISTS (SELECT 1 FROM line_blocks CROSS JOIN cards INDEXED BY cards_new_by_block ON cards.line_block = line_blocks.id
				 WHERE line_blocks.deck_id = decks.id AND cards.deck_id = decks.id AND cards.retired_at IS NULL AND cards.state = 'new')`,
				'values',
			)
			.all() as number[],
	);
	if (withNewCards.size === 0) return [];
	// Every deck with cards takes a turn, as in `cardSummaries`, so positions are the same.
	const decks = store
		.statement('SELECT id, name FROM decks WHERE EXISTS (SELECT 1 FROM cards WHERE cards.deck_id = decks.id AND cards.retired_at IS NULL) ORDER BY name')
		.all() as Array<{id: number; name: string}>;
	const ranks = store.statement(
		`SELECT cards.id, cards.tags, cards.note_key, cards.state, cards.due, cards.suspended, cards.buried_until, cards.db_tags, cards.flag
		 ${cardsOfDeckInOrder("cards.state = 'new'")} LIMIT ? OFFSET ?`,
		'arrays',
	);
	const tagLists = new Map<string, readonly string[]>();
	const read: CardSummary[] = [];
	let open = decks.map((deck, index) => ({...deck, index})).filter((deck) => withNewCards.has(deck.id));
	// Each round reads every deck's new cards to the same rank `depth`, so the cards read are
	// exactly those positioned below depth × decks: the first among them are the first of all.
	for (let depth = 0, step = Math.ceil((reach.limit + reach.notesPassedOver.size) / Math.max(1, open.length)) + 1; open.length > 0; step *= 2) {
		const from = depth;
		depth += step;
		open = open.filter(({id, name, index}) => {
			const rows = ranks.all(id, step, from) as SummaryRow[];
			rows.forEach((row, offset) => {
				const card = summaryOf(row, name, (from + offset) * decks.length + index, tagLists);
				// A card left out by the selection is not the first of its note among the selected ones.
				if (reach.selected === undefined || reach.selected(card)) read.push(card);
			});
			return rows.length === step;
		});
		const firsts = firstOfEachNote(read, now);
		const end = indexAfterLimit(firsts, reach.limit, reach.notesPassedOver);
		if (end !== undefined || open.length === 0) return firsts.slice(0, end);
	}
	return [];
}

/** Where the `limit`-th card whose note is not passed over ends `cards`; undefined when there are fewer. */
function indexAfterLimit(cards: readonly CardSummary[], limit: number, notesPassedOver: ReadonlySet<string>): number | undefined {
	let taken = 0;
	for (let index = 0; index < cards.length; index++) {
		if (notesPassedOver.has(cards[index]!.noteKey)) continue;
		if (++taken === limit) return index + 1;
	}
	return undefined;
}

/** The first available new card of each note, by position. */
function firstOfEachNote(cards: readonly CardSummary[], now: number): CardSummary[] {
	const notes = new Set<string>();
	const firsts: CardSummary[] = [];
	for (const card of [...cards].sort((a, b) => a.position - b.position)) {
		if (card.state !== 'new' || !isAvailable(card, now) || notes.has(card.noteKey)) continue;
		notes.add(card.noteKey);
		firsts.push(card);
	}
	return firsts;
}
