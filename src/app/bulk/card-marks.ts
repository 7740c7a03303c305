/*
The marks the review sets on one card, in the database only (the deck file is never rewritten for
them): `*` toggles the `marked` tag, a flag key sets the flag 0–4. Each is a card event, so every
device replays it, and the card's stored state follows from its history.
*/
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import {isLeechLapse, LEECH_TAG, type LeechSettings} from '../../core/review/leech.js';
import {getCard, setDatabaseTags, setSuspended} from '../../store/cards.js';
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

/** What became of a card that an answer made a leech. */
export type Leech = {readonly lapses: number; readonly suspended: boolean};

/**
After an answer: when it was the lapse that makes the card a leech (or one of the later ones Anki
warns at), tag it `leech` and suspend it if so configured, as events that name the answer, so
undoing the answer takes them back. Call inside the answer's transaction.
*/
export function leechAfterAnswer(store: Store, cardId: string, reviewId: string, lapses: {before: number; after: number}, settings: LeechSettings, at: number): Leech | undefined {
	if (!isLeechLapse(lapses.before, lapses.after, settings)) return undefined;
	const card = getCard(store, cardId);
	if (!card) return undefined;
	appendCardEvent(store, cardId, {type: 'tag', at, tag: LEECH_TAG, target: reviewId});
	setDatabaseTags(store, cardId, [...new Set([...card.dbTags, LEECH_TAG])].sort());
	const suspend = settings.action === 'suspend';
	if (suspend) {
		appendCardEvent(store, cardId, {type: 'suspend', at, target: reviewId});
		setSuspended(store, cardId, true);
	}
	return {lapses: lapses.after, suspended: suspend};
}
