/*
A card's state as a function of its history alone. Given the same set of events (from any
number of devices, read in any order) and the same scheduler settings, every machine computes
the same state, card for card:

- events are taken in time order, ties broken by event id;
- an undo removes the review it names, wherever that review was given and whenever the undo
  arrives;
- a reset makes the card new again: later reviews start from scratch, earlier ones stay in the
  log as history;
- the latest suspend or unsuspend decides suspension, the latest bury or unbury decides burial;
- a due event (a due date carried over from another program) sets the due date of a studied card
  until its next review reschedules it; a new card has nothing to be due for;
- a due event that names a review (the day load balancing chose for that answer) moves that
  review's due date, and goes when the review is undone;
- an undo may also name a card event (`fluency undo` of a bulk command): that event counts as
  never having happened; any other event that names a review (a leech's tag and suspension) goes
  when that review is undone;
- the latest tag or untag of each tag decides it, the latest flag event sets the flag.
*/
import type {CardEventType, SyncEvent} from '../sync/event-log.js';
import {type AnswerOutcome, type Memory, NEW_MEMORY, type Rating, type Scheduler} from './scheduler.js';

export type HistoryEvent =
	| {readonly id: string; readonly at: number; readonly type: 'review'; readonly rating: Rating}
	| {readonly id: string; readonly at: number; readonly type: 'due'; readonly due: number; readonly target?: string | null}
	| {readonly id: string; readonly at: number; readonly type: 'tag' | 'untag'; readonly tag: string; readonly target?: string | null}
	| {readonly id: string; readonly at: number; readonly type: 'flag'; readonly flag: number; readonly target?: string | null}
	| {readonly id: string; readonly at: number; readonly type: Exclude<CardEventType, 'due' | 'tag' | 'untag' | 'flag'>; readonly target?: string | null; readonly until?: number | null};

/** The scheduler that applies to a deck (its preset's parameters, or the global ones). */
export type SchedulerFor = (deck: string) => Scheduler;

export type ReplayedCard = {
	readonly memory: Memory;
	/** Each review that counts, with what it did; undone reviews are absent. */
	readonly reviews: ReadonlyArray<{readonly id: string; readonly outcome: AnswerOutcome}>;
	readonly undone: ReadonlySet<string>;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	/** The tags set in the database (`marked`, `leech`), sorted. */
	readonly tags: readonly string[];
	/** 0 for none, 1–4. */
	readonly flag: number;
};

const inOrder = (a: HistoryEvent, b: HistoryEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `cardId` seeds the fuzz, as Anki seeds it: the same card and review count always draw the same. */
export function replayCard(history: readonly HistoryEvent[], scheduler: Scheduler, cardId: string): ReplayedCard {
	// Loops, not flatMap: a replay of a large import meets 220,000 events, and each flatMap call built an array per event.
	const undone = new Set<string>();
	const balanced = new Map<string, number>();
	for (const event of history) {
		if (event.type === 'undo' && event.target) undone.add(event.target);
		else if (event.type === 'due' && event.target) balanced.set(event.target, event.due);
	}
	let memory = NEW_MEMORY;
	let suspended = false;
	let buriedUntil: number | null = null;
	let flag = 0;
	const tags = new Set<string>();
	const reviews: Array<{id: string; outcome: AnswerOutcome}> = [];
	for (const event of [...history].sort(inOrder)) {
		// An undone card event, or one caused by an undone answer, never happened. (A due event's target is the answer it moves: handled with that answer.)
		if (event.type !== 'review' && event.type !== 'undo' && (undone.has(event.id) || (event.type !== 'due' && event.target && undone.has(event.target)))) continue;
		switch (event.type) {
			case 'review': {
				if (undone.has(event.id)) break;
				let outcome = scheduler.answer(memory, event.rating, event.at, cardId);
				const due = balanced.get(event.id);
				if (due !== undefined && outcome.after.state !== 'new') outcome = {...outcome, after: scheduler.withDue(outcome.after, due)};
				reviews.push({id: event.id, outcome});
				memory = outcome.after;
				break;
			}
			case 'reset':
				memory = NEW_MEMORY;
				break;
			case 'suspend':
			case 'unsuspend':
				suspended = event.type === 'suspend';
				break;
			case 'bury':
			case 'unbury':
				buriedUntil = event.type === 'bury' ? (event.until ?? null) : null;
				break;
			case 'due':
				// A balanced date was applied with its review. A new card given a date becomes a review card.
				if (!event.target) memory = memory.state === 'new' ? scheduler.scheduledByHand(event.due, event.at) : {...memory, due: event.due};
				break;
			case 'tag':
				tags.add(event.tag);
				break;
			case 'untag':
				tags.delete(event.tag);
				break;
			case 'flag':
				flag = event.flag;
				break;
			case 'undo':
				break;
		}
	}
	return {memory, reviews, undone, suspended, buriedUntil, tags: [...tags].sort(), flag};
}

/** A log event as the replay reads it. */
export function historyEvent(event: SyncEvent): HistoryEvent {
	const {id, at} = event;
	switch (event.type) {
		case 'review':
			return {id, at, type: 'review', rating: event.rating};
		case 'due':
			return {id, at, type: 'due', due: event.due, target: event.target ?? null};
		case 'tag':
		case 'untag':
			return {id, at, type: event.type, tag: event.tag, target: event.target ?? null};
		case 'flag':
			return {id, at, type: 'flag', flag: event.flag, target: event.target ?? null};
		case 'bury':
			return {id, at, type: 'bury', until: event.until, target: event.target ?? null};
		default:
			return {id, at, type: event.type, target: event.target ?? null};
	}
}
