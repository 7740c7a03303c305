/*
A card event as a row of card_events and back: the one place that knows which column holds what,
for the log export, the events read from other devices, the replay and the bulk commands alike.

  target_id  the event an undo takes back; the answer a due moves or a leech's tag follows
  until      until when a bury lasts; when a due makes the card due
  value      the tag of a tag or untag; the flag (as text) of a flag
  batch      the command (`fluency suspend …`) the event belongs to
*/
import type {CardEventType, SyncEvent} from '../core/sync/event-log.js';

/** The columns of card_events besides the card, in this order: `SELECT ${CARD_EVENT_COLUMNS}`. */
export const CARD_EVENT_COLUMNS = 'card_events.kind, card_events.id, card_events.device_id, card_events.at, card_events.target_id, card_events.until, card_events.value, card_events.batch';

export type CardEventRow = {
	readonly kind: CardEventType;
	readonly id: string;
	readonly device_id: string;
	readonly at: number;
	readonly target_id: string | null;
	readonly until: number | null;
	readonly value: string | null;
	readonly batch: string | null;
};

type Card = {readonly card: string; readonly key: string; readonly deck: string};

/** The event a row holds, naming its card as given. */
export function cardEventOfRow(row: CardEventRow, card: Card): Exclude<SyncEvent, {type: 'review'}> {
	const base = {id: row.id, device: row.device_id, at: row.at, ...card, ...(row.batch ? {batch: row.batch} : {})};
	const target = row.target_id ? {target: row.target_id} : {};
	switch (row.kind) {
		case 'undo':
			return {...base, type: 'undo', target: row.target_id ?? ''};
		case 'bury':
			return {...base, ...target, type: 'bury', until: row.until ?? row.at};
		case 'due':
			return {...base, ...target, type: 'due', due: row.until ?? row.at};
		case 'tag':
		case 'untag':
			return {...base, ...target, type: row.kind, tag: row.value ?? ''};
		case 'flag':
			return {...base, ...target, type: 'flag', flag: Number(row.value ?? 0)};
		default:
			return {...base, ...target, type: row.kind};
	}
}

/** The row's columns for an event: target_id, until, value, batch. */
export function cardEventColumns(event: Exclude<SyncEvent, {type: 'review'}>): [target: string | null, until: number | null, value: string | null, batch: string | null] {
	const until = event.type === 'bury' ? event.until : event.type === 'due' ? event.due : null;
	const value = event.type === 'tag' || event.type === 'untag' ? event.tag : event.type === 'flag' ? String(event.flag) : null;
	return [event.target ?? null, until, value, event.batch ?? null];
}
