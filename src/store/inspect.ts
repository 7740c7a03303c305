/*
Read-only looks at the rows themselves, for checks that must see what is stored rather than what
a use case makes of it: that a killed process lost no answer, that a sync stored each event once.
*/
import type {Store} from './database.js';

/** The id of every answer stored, taken back or not, in id order. */
export function reviewIds(store: Store): string[] {
	// Rows mapped here: pluck() would change the shared cached statement for every later caller.
	return (store.statement('SELECT id FROM reviews ORDER BY id').all() as Array<{id: string}>).map((row) => row.id);
}
