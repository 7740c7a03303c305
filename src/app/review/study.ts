import type {Settings} from '../settings/config.js';
import {type StudyDay, studyDayAt, type UtcOffset} from '../../core/scheduling/day.js';
import {buildQueue, type Queue} from '../../core/review/queue.js';
import {isSelected, resolveSelectors, type Selection} from '../../core/review/select.js';
import {cardSummaries, type CardSummary} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
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
