/*
The meta table: small named values the database keeps about itself (its device id, how far this
device's log was written, the parameters its due dates were computed with).
*/
import type {Store} from './database.js';

export function readMeta(store: Store, key: string): string | undefined {
	return store.statement('SELECT value FROM meta WHERE key = ?', 'values').get(key) as string | undefined;
}

/** Every meta entry whose key starts with `prefix`. */
export function metaWithPrefix(store: Store, prefix: string): Array<{key: string; value: string}> {
	return store.statement('SELECT key, value FROM meta WHERE substr(key, 1, length(?)) = ? ORDER BY key').all(prefix, prefix) as Array<{key: string; value: string}>;
}

export function writeMeta(store: Store, key: string, value: string): void {
	store.statement('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
