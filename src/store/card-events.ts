/*
Card events written by commands that act on many cards (`fluency suspend …`, `fluency undo`) and
by the leech rule, and the reading back of the last command for undo. Each command's events share
a batch id; the cards' state follows by replaying their history (store/scheduling/card-replay).
*/
import type {SyncEvent} from '../core/sync/event-log.js';
import {cardEventColumns} from './card-event-rows.js';
import type {Store} from './database.js';

/** A card event to write: what it says, without the id, device and card naming a log line needs. */
export type NewCardEvent = DistributiveOmit<Exclude<SyncEvent, {type: 'review'}>, 'id' | 'device' | 'card' | 'key' | 'deck'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Append one event about a card from this device; returns its id. */
export function appendCardEvent(store: Store, cardId: string, event: NewCardEvent): string {
	const id = store.newEventId();
	const full = {...event, id, device: store.deviceId, card: cardId, key: '', deck: ''} as Exclude<SyncEvent, {type: 'review'}>;
	store
		.statement('INSERT INTO card_events (id, card_id, device_id, at, kind, target_id, until, value, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
		.run(id, cardId, store.deviceId, event.at, event.type, ...cardEventColumns(full));
	return id;
}

/** The last command this device ran that is not undone yet: its batch, its time, and each of its events with its card. */
export type LastCommand = {readonly batch: string; readonly at: number; readonly kind: string; readonly events: ReadonlyArray<{readonly id: string; readonly cardId: string}>};

export function lastCommand(store: Store): LastCommand | undefined {
	// Undo events have batches of their own: they are not commands to undo (no redo).
	const last = store
		.statement(
			`SELECT batch, at FROM card_events AS event WHERE batch IS NOT NULL AND kind != 'undo' AND device_id = ?
			 AND NOT EXISTS (SELECT 1 FROM card_events AS undo WHERE undo.kind = 'undo' AND undo.target_id = event.id)
			 ORDER BY at DESC, id DESC LIMIT 1`,
		)
		.get(store.deviceId) as {batch: string; at: number} | undefined;
	if (!last) return undefined;
	const events = store.statement('SELECT id, card_id AS cardId, kind FROM card_events WHERE batch = ? ORDER BY card_id').all(last.batch) as Array<{id: string; cardId: string; kind: string}>;
	return {batch: last.batch, at: last.at, kind: events[0]?.kind ?? '', events: events.map(({id, cardId}) => ({id, cardId}))};
}

/** Card ids that start with `prefix` (an id as `find` prints it, shortened), at most `limit`. */
export function cardIdsStartingWith(store: Store, prefix: string, limit: number): string[] {
	return store.statement("SELECT id FROM cards WHERE id >= ? AND id < ? || char(1114111) AND retired_at IS NULL ORDER BY id LIMIT ?", 'values').all(prefix, prefix, limit) as string[];
}
