/*
Bulk writes with a table's secondary indexes built once at the end instead of row by row. Each
row added lands at a random place in most indexes, and keeping them current one row at a time
costs more than sorting the whole table once. Only inside a transaction: the indexes are gone for
no one but it, and a rollback (a failed import, a killed process) gives them back as they were.
*/
import type {Store} from './database.js';

/** Run `work` with `table`'s indexes other than `kept` (and the primary key) dropped, then build them again from their own stored definitions. */
function withIndexesBuiltAfter<T>(store: Store, table: 'cards' | 'reviews' | 'card_events', kept: readonly string[], work: () => T): T {
	if (!store.db.inTransaction) throw new Error(`the ${table} indexes are rebuilt only inside a transaction`);
	const indexes = store
		.statement(
			`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
			 AND name NOT IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
		)
		.all(table, JSON.stringify(kept)) as Array<{name: string; sql: string}>;
	for (const {name} of indexes) store.db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
	const result = work();
	store.withParallelSorts(() => {
		for (const {sql} of indexes) store.db.exec(sql);
	});
	return result;
}

// Below this many answers, or cards, a bulk write is quick either way, and leaves the indexes alone.
const ANSWERS_REBUILD_MINIMUM = 10_000;
const CARDS_REBUILD_MINIMUM = 1000;

/**
Write a large review history (an Anki import, a second device's first sync) with the indexes that
are cheaper to build again afterwards dropped meanwhile: the answers' indexes once it adds at least
as many answers as the database holds, the card state indexes once it rebuilds at least a quarter
of the cards (a scan of the table once, against several times that per card written).
`cardHistoriesRead`: some card written to has a history stored already, read back to replay it.
*/
export function withHistoryIndexesBuiltAfter<T>(store: Store, adding: {readonly answers: number; readonly cards: number}, cardHistoriesRead: boolean, work: () => T): T {
	// Counted only past the minimums: every command syncs, and counting a million answers reads their whole index.
	const rebuildAnswers = adding.answers >= ANSWERS_REBUILD_MINIMUM && adding.answers >= (store.statement('SELECT count(*) FROM reviews', 'values').get() as number);
	const rebuildCards = adding.cards >= CARDS_REBUILD_MINIMUM && adding.cards * 4 >= (store.statement('SELECT count(*) FROM cards', 'values').get() as number);
	const withAnswers = rebuildAnswers ? () => withReviewIndexesBuiltAfter(store, work, {cardHistoriesRead}) : work;
	return rebuildCards ? withCardStateIndexesBuiltAfter(store, withAnswers) : withAnswers();
}

/**
A large import of answers: reviews_by_card (a card's history, which the replay reads) stays,
and the primary key tells an answer already imported. When `cardHistoriesRead` is false (every
card the import writes to has no history yet, so no history is read back), reviews_by_card and
the card events' indexes are built at the end too.
*/
export function withReviewIndexesBuiltAfter<T>(store: Store, work: () => T, {cardHistoriesRead = true}: {cardHistoriesRead?: boolean} = {}): T {
	if (cardHistoriesRead) return withIndexesBuiltAfter(store, 'reviews', ['reviews_by_card'], work);
	return withIndexesBuiltAfter(store, 'reviews', [], () => withIndexesBuiltAfter(store, 'card_events', [], work));
}

/**
A first sync, which writes every card into an empty table and reads none of its indexes (no card
is retired yet, so none is looked up by its identity key); the primary key tells an id already
taken. A first sync of 100,000 cards spent most of its time keeping the deck, identity, due and
count indexes current row by row.

The partial indexes no new card enters stay: the retired cards', the studied cards' (their memory,
and their due dates for load balancing) and the database-tagged cards'. Writing a new card costs
each a test of its WHERE clause, while building each again costs a scan of the whole table (50-60
ms each at 100,000 cards).
*/
export function withCardIndexesBuiltAfter<T>(store: Store, work: () => T): T {
	return withIndexesBuiltAfter(store, 'cards', ['cards_retired', 'cards_memory', 'cards_due_load', 'cards_db_tagged'], work);
}

/**
A large import of review history, which rebuilds the state of each card it has answers for: its
due date, memory, suspension and tags. Every index holding one of those (cards_by_due holds 22
columns) would change row by row, 60% of writing a 22,000-card import's states. The indexes on a
card's place, identity and deck stay: the import reads the deck of each card by its id.
*/
export function withCardStateIndexesBuiltAfter<T>(store: Store, work: () => T): T {
	return withIndexesBuiltAfter(store, 'cards', ['cards_by_block', 'cards_by_identity', 'cards_deck_by_id', 'cards_retired'], work);
}
