/*
Writing review history that comes from another program into the log: reviews and resets with
ids that are the same on every import, then the card replayed from its whole history.
*/
import type {SyncEvent} from '../core/event-log.js';
import {replayCard} from '../core/replay.js';
import type {Scheduler} from '../core/scheduler.js';
import {saveMemory} from './cards.js';
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

/** Add the events (once: known ids are ignored) and rebuild each card from its history, in one transaction. */
export function importCardHistories(store: Store, histories: readonly ImportedCardHistory[], scheduler: Scheduler, onProgress?: (done: number) => void): {reviews: number; events: number} {
	let reviews = 0;
	let events = 0;
	store.transaction(() => {
		histories.forEach((history, index) => {
			let added = 0;
			for (const event of history.events) {
				if (!insertImportedEvent(store, event, history.cardId)) continue;
				added++;
				if (event.type === 'review') reviews++;
				else events++;
			}
			// Nothing new for this card (an import run again): its state is already what its history gives.
			if (added === 0) return;
			const replayed = replayCard(cardHistory(store, history.cardId), scheduler);
			saveReplay(store, history.cardId, replayed, undoTimes(store, history.cardId));
			if (history.due !== undefined && replayed.memory.state !== 'new') saveMemory(store, history.cardId, {...replayed.memory, due: history.due});
			if (onProgress && index % 500 === 0) onProgress(index);
		});
	});
	return {reviews, events};
}
