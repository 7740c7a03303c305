import type {Store} from '../database.js';

/** Cards answered Again at or after `since` (answers taken back left out): Anki's "review forgotten cards". */
export function cardsForgottenSince(store: Store, since: number): Set<string> {
	return new Set(store.statement('SELECT DISTINCT card_id FROM reviews WHERE rating = 1 AND reviewed_at >= ? AND undone_at IS NULL', 'values').all(since) as string[]);
}
