/*
Read-only looks at the rows themselves, for checks that must see what is stored rather than what
a use case makes of it: that a killed process lost no answer, that a sync stored each event once.
*/
import type {Store} from './database.js';
import {CARD_LINE} from './line-blocks.js';

/** The id of every answer stored, taken back or not, in id order. */
export function reviewIds(store: Store): string[] {
	// Rows mapped here: pluck() would change the shared cached statement for every later caller.
	return (store.statement('SELECT id FROM reviews ORDER BY id').all() as Array<{id: string}>).map((row) => row.id);
}

/** The tables a check may read whole, each in a fixed order (by id) so two reads compare equal. */
export type InspectedTable = 'cards' | 'reviews' | 'card_events' | 'parameter_events' | 'pending_events' | 'decks';
const INSPECTED_TABLES: ReadonlySet<string> = new Set<InspectedTable>(['cards', 'reviews', 'card_events', 'parameter_events', 'pending_events', 'decks']);

/** Every row of `table`, every column under its stored name, by id. */
export function rowsOf(store: Store, table: InspectedTable): Array<Record<string, unknown>> {
	// The name is spliced into the SQL, so only the known tables are accepted.
	if (!INSPECTED_TABLES.has(table)) throw new Error(`not an inspected table: ${table}`);
	if (table === 'cards') return cardRows(store);
	return store.statement(`SELECT * FROM ${table} ORDER BY id`).all() as Array<Record<string, unknown>>;
}

/** Every card's row with its line in its file in place of its block and line within it (see line-blocks.ts), which another sync may divide differently. */
function cardRows(store: Store): Array<Record<string, unknown>> {
	const rows = store.statement(`SELECT cards.*, ${CARD_LINE} AS line FROM cards LEFT JOIN line_blocks ON line_blocks.id = cards.line_block ORDER BY cards.id`).all() as Array<Record<string, unknown>>;
	return rows.map(({line_block: _, line_in_block: __, ...row}) => row);
}

/** How many rows `table` holds, taken-back answers and retired cards included. */
export function rowCount(store: Store, table: InspectedTable): number {
	if (!INSPECTED_TABLES.has(table)) throw new Error(`not an inspected table: ${table}`);
	return (store.statement(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n;
}

/** Every index the schema defines, by name, with its definition: a bulk write must leave them all as they were. */
export function indexDefinitions(store: Store): Array<{name: string; sql: string | null}> {
	return store.statement("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all() as Array<{name: string; sql: string | null}>;
}
