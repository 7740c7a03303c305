/*
The marks the review sets on one card, in the database only (the deck file is never rewritten for
them): `*` toggles the `marked` tag, a flag key sets the flag 0–4. Each is a card event, so every
device replays it, and the card's stored state follows from its history.
*/
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import {getCard} from '../../store/cards.js';
import {appendCardEvent, type NewCardEvent} from '../../store/card-events.js';
import type {Store} from '../../store/database.js';
import {replayAndSave} from '../../store/scheduling/card-replay.js';

export type MarkWorld = {readonly store: Store; readonly schedulerFor: SchedulerFor; readonly now: () => number};

/** The tag `*` toggles, as Anki names it. */
export const MARKED = 'marked';

function apply(world: MarkWorld, cardId: string, event: NewCardEvent): void {
	const {store} = world;
	store.transaction(() => {
		const card = getCard(store, cardId);
		if (!card) return;
		appendCardEvent(store, cardId, event);
		replayAndSave(store, cardId, world.schedulerFor(card.deck));
	});
}

/** Add or remove a database tag; returns whether the card has it now. */
export function toggleTag(world: MarkWorld, cardId: string, tag: string): boolean {
	const has = getCard(world.store, cardId)?.dbTags.includes(tag) ?? false;
	apply(world, cardId, {type: has ? 'untag' : 'tag', at: world.now(), tag});
	return !has;
}

/** Set a card's flag (0 takes it off). */
export function setCardFlag(world: MarkWorld, cardId: string, flag: number): void {
	apply(world, cardId, {type: 'flag', at: world.now(), flag});
}
