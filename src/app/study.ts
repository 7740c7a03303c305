import type {Settings} from './config.js';
import {type StudyDay, studyDayAt, systemUtcOffset, type UtcOffset} from '../core/day.js';
import {buildQueue, type Queue, type QueueCard} from '../core/queue.js';
import {isSelected, resolveSelectors, type Selection} from '../core/select.js';
import {cardSummaries, type CardSummary} from '../store/cards.js';
import type {Store} from '../store/database.js';
import {studiedToday} from '../store/reviews.js';
import {UsageError} from './errors.js';

export type TodaysQueue = {
	readonly queue: Queue;
	readonly day: StudyDay;
	/** Every selected card, reviewable or not, for counts and "next due". */
	readonly selected: readonly CardSummary[];
};

/** Turn command-line selectors into a selection, or a one-line usage error naming the unknown one. */
export function selectionFor(store: Store, selectors: readonly string[]): Selection {
	if (selectors.length === 0) return {decks: [], tags: []};
	const cards = cardSummaries(store);
	const result = resolveSelectors(selectors, [...new Set(cards.map((card) => card.deck))], new Set(cards.flatMap((card) => card.tags)));
	if (!result.ok) throw new UsageError(`no deck or tag named \`${result.unknown}\` (see \`fluency decks\`)`);
	return result.selection;
}

export function studyDay(settings: Settings, now: number, utcOffset: UtcOffset = systemUtcOffset): StudyDay {
	return studyDayAt(now, settings.dayStartHour, utcOffset);
}

/** Today's queue for the selected cards, with the daily limits less what was already studied today. */
export function todaysQueue(store: Store, settings: Settings, now: number, selection: Selection, utcOffset: UtcOffset = systemUtcOffset): TodaysQueue {
	const day = studyDay(settings, now, utcOffset);
	const selected = cardSummaries(store).filter((card) => isSelected(card, selection));
	const queue = buildQueue(withPositions(selected), now, day, settings.limits, studiedToday(store, day));
	return {queue, day, selected};
}

/** When the next selected card falls due, if any card is waiting at all. */
export function nextDue(cards: readonly CardSummary[]): number | undefined {
	let next: number | undefined;
	for (const card of cards) {
		if (card.suspended || card.state === 'new' || card.due === null) continue;
		const due = Math.max(card.due, card.buriedUntil ?? 0);
		if (next === undefined || due < next) next = due;
	}
	return next;
}

/**
New cards take turns between decks (the first card of each deck, then the second of each...),
so a day's new cards are not all from the deck whose name sorts first.
*/
function withPositions(cards: readonly CardSummary[]): QueueCard[] {
	const decks = [...new Set(cards.map((card) => card.deck))].sort();
	const deckIndex = new Map(decks.map((deck, index) => [deck, index]));
	const rankInDeck = new Map<string, number>();
	const ranked = [...cards].sort((a, b) => (a.deck < b.deck ? -1 : a.deck > b.deck ? 1 : a.line - b.line || a.ordinal - b.ordinal));
	const counters = new Map<string, number>();
	for (const card of ranked) {
		const rank = counters.get(card.deck) ?? 0;
		counters.set(card.deck, rank + 1);
		rankInDeck.set(card.id, rank);
	}
	return cards.map((card) => ({...card, position: rankInDeck.get(card.id)! * decks.length + deckIndex.get(card.deck)!}));
}
