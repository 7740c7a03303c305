/*
Writing review history that comes from another program into the log: reviews and resets with
ids that are the same on every import, then the card replayed from its whole history.
*/
import type {SyncEvent} from '../core/event-log.js';
import {stableEventId} from '../core/event-id.js';
import {replayCard} from '../core/replay.js';
import type {Scheduler} from '../core/scheduler.js';
import type {Store} from './database.js';
import {cardHistory, insertImportedEvent, saveReplay, undoTimes} from './event-sync.js';

export type ImportedCardHistory = {
	readonly cardId: string;
	readonly events: readonly SyncEvent[];
	/** Carried over from the other program: when the card is next due, if it has been studied. */
	readonly due?: number;
};

/** The ids of cards with these identity keys, for the cards the import just wrote. */
export function cardIdsByIdentity(store: Store, keys: readonly string[]): Map<string, string> {
	if (keys.length === 0) return new Map();
	const rows = store.statement('SELECT identity_key, id FROM cards WHERE retired_at IS NULL AND identity_key IN (SELECT value FROM json_each(?))').all(JSON.stringify(keys)) as Array<{identity_key: string; id: string}>;
	return new Map(rows.map((row) => [row.identity_key, row.id]));
}

/**
The carried-over due date as an event, so it travels to other devices and survives every replay:
timed just after the history's last event (a later review supersedes it), with an id made from
that event's, which is the same on every import and every device.
*/
export function carriedOverDue(history: ImportedCardHistory): SyncEvent | undefined {
	if (history.due === undefined) return undefined;
	const last = [...history.events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).at(-1);
	if (!last) return undefined;
	const at = last.at + 1;
	return {type: 'due', id: stableEventId(at, `due-after:${last.id}`), device: last.device, at, card: last.card, key: last.key, deck: last.deck, due: history.due};
}

/** Add the events (once: known ids are ignored) and rebuild each card from its history, in one transaction. */
export function importCardHistories(store: Store, histories: readonly ImportedCardHistory[], scheduler: Scheduler): {reviews: number; events: number} {
	let reviews = 0;
	let events = 0;
	store.transaction(() => {
		for (const history of histories) {
			let added = 0;
			const due = carriedOverDue(history);
			for (const event of due ? [...history.events, due] : history.events) {
				if (!insertImportedEvent(store, event, history.cardId)) continue;
				added++;
				if (event.type === 'review') reviews++;
				else events++;
			}
			// Nothing new for this card (an import run again): its state is already what its history gives.
			if (added === 0) continue;
			saveReplay(store, history.cardId, replayCard(cardHistory(store, history.cardId), scheduler, history.cardId), undoTimes(store, history.cardId));
		}
	});
	return {reviews, events};
}
