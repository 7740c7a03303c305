import type {Settings} from '../settings/config.js';
import {type StudyDay, studyDayAt, type UtcOffset} from '../../core/scheduling/day.js';
import {buildQueue, isAvailable, isDueReview, OnePerNote, type Queue} from '../../core/review/queue.js';
import {isSelected, resolveSelectors, type Selection} from '../../core/review/select.js';
import {activeCardTags, activeDeckNames, type CardSummary} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {deckNamesById} from '../../store/decks.js';
import {learningCandidates, newCandidates, reviewCardsInDueOrder} from '../../store/review/queue-candidates.js';
import {studiedToday} from '../../store/review/reviews.js';
import {UsageError} from '../errors.js';

export type TodaysQueue = {
	readonly queue: Queue<CardSummary>;
	readonly day: StudyDay;
	/** Whether a card belongs to the session, for counts and "next due" at its end. */
	readonly inSession: (card: CardSummary) => boolean;
};

/** Turn command-line selectors into a selection, or a one-line usage error naming the unknown one. */
export function selectionFor(store: Store, selectors: readonly string[]): Selection {
	if (selectors.length === 0) return {decks: [], tags: []};
	// The tags of 100,000 cards take a scan of an index: read only when a selector is not a deck.
	let tags: ReadonlySet<string> | undefined;
	const result = resolveSelectors(selectors, activeDeckNames(store), {has: (tag) => (tags ??= activeCardTags(store)).has(tag)});
	if (!result.ok) throw new UsageError(`no deck or tag named \`${result.unknown}\` (see \`fluency decks\`)`);
	return result.selection;
}

export function studyDay(settings: Settings, now: number, utcOffset: UtcOffset = settings.utcOffset): StudyDay {
	return studyDayAt(now, settings.dayStartHour, utcOffset);
}

/**
Today's queue for the selected cards, with the daily limits less what was already studied today,
read from only the cards that can enter it: learning cards due by the day's end, review cards in
the order the queue takes them until it has its limit, and, without a selection, only as many new
cards as the day's limit can reach. A heavy collection holds 100,000 cards, thousands of them
due, and today's queue a few hundred, so neither the review's start nor `fluency status` before
each shell prompt reads the rest.
*/
export function todaysQueue(store: Store, settings: Settings, now: number, selection: Selection, utcOffset: UtcOffset = settings.utcOffset): TodaysQueue {
	const day = studyDay(settings, now, utcOffset);
	const done = studiedToday(store, day);
	const selected = (card: CardSummary) => isSelected(card, selection);
	const deckNames = deckNamesById(store);
	const learning = learningCandidates(store, now, day.end, deckNames).filter(selected);
	const notesTaken = new Set([...done.notesSeen, ...learning.map((card) => card.noteKey)]);
	const reviews = reviewCandidates(store, now, day.end, deckNames, {limit: Math.max(0, settings.limits.reviewsPerDay - done.reviews), notesTaken, selected});
	// The new cards the queue can take: it passes over the notes answered today and those of the due
	// cards, and a selection is applied as they are read, so the limit counts selected cards only.
	const notesPassedOver = new Set([...notesTaken, ...reviews.map((card) => card.noteKey)]);
	const everything = selection.decks.length === 0 && selection.tags.length === 0;
	const fresh = newCandidates(store, now, {limit: Math.max(0, settings.limits.newPerDay - done.newCards), notesPassedOver, ...(everything ? {} : {selected})});
	return {queue: buildQueue([...learning, ...reviews, ...fresh], now, day, settings.limits, done), day, inSession: selected};
}

/**
The review cards `buildQueue` needs to fill today's reviews: read in its order until it would take
`limit` of them (with fewer available, every due review is read). SQLite orders ids as buildQueue
does because every card id is hexadecimal (cardIdFor), so a due date shared by a thousand cards (an
Anki import's reviews fall due by the day) is read no further than the limit. A page of `limit`
cards is enough when none is passed over; each further page is twice as long.
*/
function reviewCandidates(
	store: Store,
	now: number,
	dayEnd: number,
	deckNames: ReadonlyMap<number, string>,
	reach: {readonly limit: number; readonly notesTaken: ReadonlySet<string>; readonly selected: (card: CardSummary) => boolean},
): CardSummary[] {
	if (reach.limit <= 0) return [];
	const nextPage = reviewCardsInDueOrder(store, dayEnd, deckNames);
	const taker = new OnePerNote<CardSummary>(new Set(reach.notesTaken), reach.limit);
	const read: CardSummary[] = [];
	for (let count = reach.limit; ; count *= 2) {
		const page = nextPage(count);
		for (const card of page) {
			if (!isAvailable(card, now) || !isDueReview(card, dayEnd) || !reach.selected(card)) continue;
			read.push(card);
			taker.offer(card);
			if (taker.full) return read;
		}
		if (page.length < count) return read;
	}
}
