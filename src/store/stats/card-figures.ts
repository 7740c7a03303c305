/*
The figures about cards as they stand now (counts by state, leeches, what is due, how memories
are spread) over a whole collection, counted in SQL. Built from one record per card, 100,000
cards cost 370 ms of reading wide rows and as much again in garbage; counted here they are a few
index scans. A chosen part of a collection is still described from its records (stats-queries.ts's
cardRecords), by the same core functions these counts stand in for.
*/
import {type BinnedValues, type CardCounts, MEMORY_EDGES} from '../../core/stats/cards.js';
import {binOf} from '../../core/stats/figures.js';
import type {Store} from '../database.js';
import {deckNamesById} from '../decks.js';

export type WholeCollectionCounts = {
	readonly cards: CardCounts;
	readonly leeches: number;
	/** How many cards come up on each day `dayStarts` bounds: core/stats/figures.ts forecast of core/stats/cards.ts dueTimes. */
	readonly dueCounts: readonly number[];
	readonly memory: {readonly stability: BinnedValues; readonly difficulty: BinnedValues; readonly recall: BinnedValues};
};

/** A card's probability of recall now, from its deck, last review and stability. */
export type RecallNow = (deck: string, lastReview: number, stability: number) => number;

/**
Every figure about the cards of the whole collection; `recallNow` is asked once per studied card.
`dayStarts`: the first moment of each day of the forecast, and the end of its last day.
*/
export function wholeCollectionCounts(store: Store, options: {dayStarts: readonly number[]; recallNow: RecallNow}): WholeCollectionCounts {
	return {cards: cardCountsOfAll(store), leeches: leechesOfAll(store), dueCounts: dueCountsByDay(store, options.dayStarts), memory: memoryOfAll(store, options.recallNow)};
}

function cardCountsOfAll(store: Store): CardCounts {
	const counts = {new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, retired: 0, total: 0};
	// Grouped in the index's own order, a few rows per deck, and summed here: grouped by state
	// alone, SQLite sorted 100,000 index entries first.
	const active = store
		.statement('SELECT deck_id, suspended, state, count(*) FROM cards INDEXED BY cards_counts_by_deck WHERE retired_at IS NULL GROUP BY deck_id, suspended, state', 'arrays')
		.all() as Array<[number, number, keyof typeof counts, number]>;
	for (const [, suspended, state, count] of active) counts[suspended ? 'suspended' : state] += count;
	counts.retired = store.statement('SELECT count(*) FROM cards INDEXED BY cards_retired WHERE retired_at IS NOT NULL', 'values').get() as number;
	counts.total = active.reduce((sum, [, , , count]) => sum + count, counts.retired);
	return counts;
}

function leechesOfAll(store: Store): number {
	// Through the few cards with tags in the database (migration 15), each one's tags read from its row.
	return store
		.statement(
			"SELECT count(*) FROM cards INDEXED BY cards_db_tagged WHERE retired_at IS NULL AND db_tags != '[]' AND EXISTS (SELECT 1 FROM json_each(cards.db_tags) WHERE value = 'leech')",
			'values',
		)
		.get() as number;
}

/**
forecast(dueTimes(cards), dayStarts), counted in the store: the cards that can come up (migration
16's cards_due_load holds just them) counted a day at a time by their due dates, those already
waiting on the first day; then each card buried past its due date moved to the day its burial
ends, or out of the forecast. Reading a heavy collection's 33,000 due dates into JavaScript to be
counted there took 18 ms of `fluency stats`.
*/
function dueCountsByDay(store: Store, dayStarts: readonly number[]): number[] {
	const countDue = store.statement(
		"SELECT count(*) FROM cards INDEXED BY cards_due_load WHERE retired_at IS NULL AND suspended = 0 AND state != 'new' AND due >= @from AND due < @to",
		'values',
	);
	const counts = dayStarts.slice(0, -1).map((start, day) => countDue.get({from: day === 0 ? Number.MIN_SAFE_INTEGER : start, to: dayStarts[day + 1]}) as number);
	const end = dayStarts.at(-1)!;
	const laterDayStarts = dayStarts.slice(1, -1);
	const dayOf = (at: number) => binOf(at, laterDayStarts);
	const buried = store
		.statement(
			`SELECT due, buried_until FROM cards INDEXED BY cards_by_due
			 WHERE retired_at IS NULL AND state != 'new' AND suspended = 0 AND due < @end AND buried_until > due`,
			'arrays',
		)
		.all({end}) as Array<[number, number]>;
	for (const [due, until] of buried) {
		counts[dayOf(due)]!--;
		if (until < end) counts[dayOf(until)]!++;
	}
	return counts;
}

/** What SQLite calls per card with a memory: its figures counted, by the deck's id. */
type CountMemory = (deckId: number, lastReview: number, stability: number, difficulty: number) => void;

/** The function SQLite calls on each connection, pointed at the count running now. */
const memoryOfRow = new WeakMap<Store, {current?: CountMemory}>();

/** No value yet in any of the bins of `edges` (one more bin than edges). */
function emptyBins(edges: readonly number[]): {counts: number[]; sum: number} {
	return {counts: Array.from({length: edges.length + 1}, () => 0), sum: 0};
}

function memoryOfAll(store: Store, recallNow: RecallNow): WholeCollectionCounts['memory'] {
	const recall = emptyBins(MEMORY_EDGES.recall);
	const stability = emptyBins(MEMORY_EDGES.stability);
	const difficulty = emptyBins(MEMORY_EDGES.difficulty);
	const deckNames = deckNamesById(store);
	// A card's recall needs JavaScript (FSRS's forgetting curve with its deck's parameters, study days
	// in the user's time zone): SQLite calls this once per card with a memory as it scans the index,
	// which counts all three figures there, without handing 100,000 rows over. Binning stability and
	// difficulty in SQL as well made it sort the cards by their bins to group them (a third of the time).
	let holder = memoryOfRow.get(store);
	if (!holder) {
		const registered: {current?: CountMemory} = {};
		store.db.function('fluency_count_memory', {deterministic: false}, (deckId, lastReview, cardStability, cardDifficulty) => {
			registered.current!(deckId as number, lastReview as number, cardStability as number, cardDifficulty as number);
			return 1;
		});
		memoryOfRow.set(store, (holder = registered));
	}
	holder.current = (deckId, lastReview, cardStability, cardDifficulty) => {
		const value = recallNow(deckNames.get(deckId) ?? '?', lastReview, cardStability);
		recall.counts[binOf(value, MEMORY_EDGES.recall)]!++;
		recall.sum += value;
		stability.counts[binOf(cardStability, MEMORY_EDGES.stability)]!++;
		stability.sum += cardStability;
		difficulty.counts[binOf(cardDifficulty, MEMORY_EDGES.difficulty)]!++;
		difficulty.sum += cardDifficulty;
	};
	store
		.statement(
			// core/stats/cards.ts hasMemory: the index holds the cards neither retired nor new; the CASE
			// asks the rest before counting a card, in that order (SQLite may reorder AND terms).
			`SELECT count(*) FROM cards INDEXED BY cards_memory
			 WHERE retired_at IS NULL AND state != 'new' AND CASE WHEN last_review IS NOT NULL AND stability > 0 THEN fluency_count_memory(deck_id, last_review, stability, difficulty) ELSE 0 END`,
			'values',
		)
		.get();
	return {stability, difficulty, recall};
}
