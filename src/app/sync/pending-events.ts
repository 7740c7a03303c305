import type {Store} from '../../store/database.js';
import {cardCount, dropPendingEvents, forgetReadPositions, pendingTotals} from '../../store/sync/events.js';
import {clearOverflowMark, overflowMark} from '../../store/sync/remembered.js';

/*
Events read whose card has not arrived, or whose time has not come: they wait, within bounds.
*/

/** Most events kept waiting for their card, and most bytes of their lines: a log of events for cards that never come must not fill the database. */
export const PENDING_LIMIT = {count: 20_000, bytes: 8 * 1024 * 1024} as const;

export function pendingRoom(store: Store): {count: number; bytes: number} {
	const {count, bytes} = pendingTotals(store);
	return {count: PENDING_LIMIT.count - count, bytes: PENDING_LIMIT.bytes - bytes};
}

/**
Events not kept because too many waited are in logs already read. Once cards arrive (their deck
files came), every log is read again from its start, so those events get their chance.
*/
export function rereadAfterOverflow(store: Store): void {
	const mark = overflowMark(store);
	if (mark === undefined || mark.cards === cardCount(store)) return;
	store.transaction(() => {
		forgetReadPositions(store);
		clearOverflowMark(store);
	});
}

/** Forget the events that wait for their card or their time (`fluency sync --drop-pending`); returns how many. */
export function dropWaitingEvents(store: Store): number {
	return store.transaction(() => {
		clearOverflowMark(store);
		return dropPendingEvents(store);
	});
}
