/*
A card event as a row of card_events and back: the one place that knows which column holds what,
for the log export, the events read from other devices, the replay and the bulk commands alike.

  target_id  the event an undo takes back; the answer a due moves or a leech's tag follows
  until      until when a bury lasts; when a due makes the card due
  value      the tag of a tag or untag; the flag (as text) of a flag
  batch      the command (`fluency suspend …`) the event belongs to
*/
import {type CardEventType, type SyncEvent, withCause} from '../core/sync/event-log.js';

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
export function cardEventOfRow(row: CardEventRow, {card, key, deck}: Card): Exclude<SyncEvent, {type: 'review'}> {
	const {id, device_id: device, at, target_id: target, batch} = row;
	switch (row.kind) {
		case 'undo':
			return withCause({type: 'undo', id, device, at, card, key, deck, target: target ?? ''}, null, batch);
		case 'bury':
			return withCause({type: 'bury', id, device, at, card, key, deck, until: row.until ?? at}, target, batch);
		case 'due':
			return withCause({type: 'due', id, device, at, card, key, deck, due: row.until ?? at}, target, batch);
		case 'tag':
		case 'untag':
			return withCause({type: row.kind, id, device, at, card, key, deck, tag: row.value ?? ''}, target, batch);
		case 'flag':
			return withCause({type: 'flag', id, device, at, card, key, deck, flag: Number(row.value ?? 0)}, target, batch);
		default:
			return withCause({type: row.kind, id, device, at, card, key, deck}, target, batch);
	}
}

/** The row's columns for an event: target_id, until, value, batch. */
export function cardEventColumns(event: Exclude<SyncEvent, {type: 'review'}>): [target: string | null, until: number | null, value: string | null, batch: string | null] {
	const until = event.type === 'bury' ? event.until : event.type === 'due' ? event.due : null;
	const value = event.type === 'tag' || event.type === 'untag' ? event.tag : event.type === 'flag' ? String(event.flag) : null;
	return [event.target ?? null, until, value, event.batch ?? null];
}
