/*
`fluency suspend|unsuspend|bury|unbury|forget|set-due` and `fluency undo`: one command acts on many
cards as one batch of card events, each card then replayed from its history, in one transaction.
A card the command would not change (already suspended, a new card to forget) gets no event, so
the count said is the cards changed, and an undo gives back exactly what the command took.
*/
import {dueDayFor, type DueDays} from '../../core/bulk/due-days.js';
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import {type StudyDay, studyDayAt} from '../../core/scheduling/day.js';
import {getCard, type StoredCard} from '../../store/cards.js';
import {appendCardEvent, cardIdsStartingWith, lastCommand, type NewCardEvent} from '../../store/card-events.js';
import type {Store} from '../../store/database.js';
import {replayAndSave} from '../../store/scheduling/card-replay.js';
import {UsageError} from '../errors.js';
import {selectCards} from '../search/select-cards.js';
import type {Fluency} from '../service/fluency.js';

export type BulkAction =
	| {readonly kind: 'suspend' | 'unsuspend' | 'bury' | 'unbury' | 'forget'}
	| {readonly kind: 'set-due'; readonly days: DueDays};

export type BulkWorld = {
	readonly store: Store;
	readonly schedulerFor: SchedulerFor;
	readonly now: number;
	/** The study day of a moment: a bury lasts until the next one starts, set-due counts them. */
	readonly studyDayAt: (at: number) => StudyDay;
};

export type BulkResult = {readonly changed: number; readonly unchanged: number; readonly batch: string | undefined};

/**
The cards a command names: ids first (each argument an id or a unique start of one, at least four
characters), else the arguments as one search query (`fluency find`'s language). A query that
finds nothing is not an error: the command changes 0 cards and says so.
*/
export function cardsNamed(fluency: Fluency, args: readonly string[]): string[] {
	const store = fluency.store;
	const ids = args.every((arg) => ID_LIKE.test(arg)) ? args.map((arg) => cardIdsStartingWith(store, arg, 2)) : [];
	if (ids.length > 0 && ids.every((matches) => matches.length === 1)) return [...new Set(ids.map((matches) => matches[0]!))];
	const found = selectCards(fluency, args.join(' '));
	// Ids that name no card (or several) and find nothing as words either: a typo in an id, said as one.
	const unclear = ids.findIndex((matches) => matches.length !== 1);
	if (found.length === 0 && unclear >= 0) {
		throw new UsageError(ids[unclear]!.length === 0 ? `no card has the id ${args[unclear]} (see \`fluency find\`)` : `card id ${args[unclear]} is the start of several cards' ids: give more of it`);
	}
	return found;
}

/** What could be a card id as `find` prints it: hex digits. */
const ID_LIKE = /^[0-9a-f]{4,}$/;

/** The event that applies `action` to `card`, or undefined when it would change nothing. */
function eventFor(action: BulkAction, card: StoredCard, world: BulkWorld, batch: string): NewCardEvent | undefined {
	const {now} = world;
	const at = now;
	const buried = card.buriedUntil !== null && card.buriedUntil > now;
	switch (action.kind) {
		case 'suspend':
			return card.suspended ? undefined : {type: 'suspend', at, batch};
		case 'unsuspend':
			return card.suspended ? {type: 'unsuspend', at, batch} : undefined;
		case 'bury':
			return buried ? undefined : {type: 'bury', at, until: world.studyDayAt(now).end, batch};
		case 'unbury':
			return buried ? {type: 'unbury', at, batch} : undefined;
		case 'forget':
			return card.memory.state === 'new' ? undefined : {type: 'reset', at, batch};
		case 'set-due': {
			// A new card becomes a review card due then, as in Anki (see Scheduler.scheduledByHand).
			const days = dueDayFor(action.days, `${batch}:${card.id}`);
			// The start of the study day `days` from today, found by stepping from noon of today, so a DST change moves no card by a day.
			const today = world.studyDayAt(now);
			const due = days === 0 ? today.start : world.studyDayAt(today.start + days * 86_400_000 + 12 * 3_600_000).start;
			return card.memory.due === due ? undefined : {type: 'due', at, due, batch};
		}
	}
}

/** Apply one command to cards, as one batch; every event and every card's new state commit together. */
export function applyBulk(world: BulkWorld, cardIds: readonly string[], action: BulkAction): BulkResult {
	const {store} = world;
	const batch = store.newEventId();
	return store.transaction(() => {
		let changed = 0;
		for (const id of cardIds) {
			const card = getCard(store, id);
			if (!card) continue;
			const event = eventFor(action, card, world, batch);
			if (!event) continue;
			appendCardEvent(store, id, event);
			replayAndSave(store, id, world.schedulerFor(card.deck));
			changed++;
		}
		return {changed, unchanged: cardIds.length - changed, batch: changed > 0 ? batch : undefined};
	});
}

/** What `fluency undo` took back: the command's kind, when it ran, and how many cards it changed. */
export type UndoneCommand = {readonly kind: string; readonly at: number; readonly cards: number};

/**
Undo the last command this device ran (and did not undo yet): one undo event per event of it,
themselves a batch, which every device replays. Undefined when there is none.
*/
export function undoLastCommand(world: BulkWorld): UndoneCommand | undefined {
	const {store, now} = world;
	return store.transaction(() => {
		const last = lastCommand(store);
		if (!last) return undefined;
		const batch = store.newEventId();
		// Never before the command itself, even on a clock set back since: the replay orders by time.
		const at = Math.max(now, last.at + 1);
		const cards = new Set<string>();
		for (const event of last.events) {
			appendCardEvent(store, event.cardId, {type: 'undo', at, target: event.id, batch});
			cards.add(event.cardId);
		}
		for (const id of cards) {
			const card = getCard(store, id);
			if (card) replayAndSave(store, id, world.schedulerFor(card.deck));
		}
		return {kind: last.kind === 'reset' ? 'forget' : last.kind === 'due' ? 'set-due' : last.kind, at: last.at, cards: cards.size};
	});
}

/** The world a command's bulk action acts in: the service's store, schedulers, clock and study days. */
export function bulkWorldOf(fluency: Fluency): BulkWorld {
	const {settings} = fluency;
	return {store: fluency.store, schedulerFor: fluency.schedulerFor, now: fluency.now(), studyDayAt: (at) => studyDayAt(at, settings.dayStartHour, settings.utcOffset)};
}
