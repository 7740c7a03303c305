import type {Settings} from '../settings/config.js';
import {type StudyDay, studyDayAt, type UtcOffset} from '../../core/scheduling/day.js';
import {buildQueue, type Queue} from '../../core/review/queue.js';
import {isSelected, resolveSelectors, type Selection} from '../../core/review/select.js';
import {cardSummaries, type CardSummary} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {dueCandidates, newCandidates} from '../../store/review/queue-candidates.js';
import {studiedToday} from '../../store/review/reviews.js';
import {UsageError} from '../errors.js';

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

export function studyDay(settings: Settings, now: number, utcOffset: UtcOffset = settings.utcOffset): StudyDay {
	return studyDayAt(now, settings.dayStartHour, utcOffset);
}

/** Today's queue for the selected cards, with the daily limits less what was already studied today. */
export function todaysQueue(store: Store, settings: Settings, now: number, selection: Selection, utcOffset: UtcOffset = settings.utcOffset): TodaysQueue {
	const day = studyDay(settings, now, utcOffset);
	const selected = cardSummaries(store).filter((card) => isSelected(card, selection));
	const queue = buildQueue(selected, now, day, settings.limits, studiedToday(store, day));
	return {queue, day, selected};
}

/**
Today's queue as `todaysQueue` builds it, from the same `buildQueue`, but read from only the cards
that can enter it: what `fluency status` can afford before every shell prompt at 100,000 cards.
Without a selection, of new cards only as many as the day's limit can reach are read.
*/
export function todaysQueueOnly(store: Store, settings: Settings, now: number, selection: Selection): Queue {
	const day = studyDay(settings, now);
	const done = studiedToday(store, day);
	const selected = (card: CardSummary) => isSelected(card, selection);
	const due = dueCandidates(store, now, day.end).filter(selected);
	// A selection is applied after reading, so the limit could leave selected cards out: read them all.
	const everything = selection.decks.length === 0 && selection.tags.length === 0;
	// The new cards the queue can take, plus as many as notes already taken can make it pass over.
	const reach = Math.max(0, settings.limits.newPerDay - done.newCards) + done.notesSeen.size + due.length;
	const fresh = newCandidates(store, now, everything ? reach : undefined).filter(selected);
	return buildQueue([...due, ...fresh], now, day, settings.limits, done);
}

