/*
Turning a review log into what the FSRS optimizer learns from, the way Anki does it
(rslib scheduler/fsrs/params.rs, reviews_for_fsrs):

- a card's history counts from its first answer as a new card; a card whose history does not
  start there (imported halfway) is left out, and a reset starts the history over;
- time between answers is counted in study days (the day starts at the configured hour), so two
  answers on the same day are 0 days apart and are kept as short-term history;
- one training item per answer that came on a later day than the one before it: the item is
  the history up to and including that answer, whose recall the model must predict;
- items in time order, by the time of their last answer (Anki sorts them by revlog id): fsrs-rs
  weights items by recency (0.25 + 0.75·(i/n)³ over the order given), so the order changes both
  the fit and the metrics.
*/
import {studyDayNumber, type UtcOffset} from './day.js';
import type {Rating} from './scheduler.js';

export type LoggedAnswer = {
	readonly cardId: string;
	readonly at: number;
	readonly rating: Rating;
	/** The card's state before this answer. */
	readonly stateBefore: string;
};

type TrainingReview = {readonly rating: Rating; readonly deltaT: number};
/** `at`: when the last review, the one to predict, was given. */
export type TrainingItem = {readonly reviews: readonly TrainingReview[]; readonly at: number};

export type TrainingSet = {
	readonly items: readonly TrainingItem[];
	/** Cards whose history could be used. */
	readonly cards: number;
	/** Cards left out because their history does not start at their first answer. */
	readonly skippedCards: number;
};

/** `answers` sorted by card, then time; `resets` maps a card to the time of its last reset. */
export function trainingSet(answers: readonly LoggedAnswer[], dayStartHour: number, utcOffset: UtcOffset, resets: ReadonlyMap<string, number> = new Map()): TrainingSet {
	const dayNumber = (at: number) => studyDayNumber(at, dayStartHour, utcOffset);
	const items: TrainingItem[] = [];
	let cards = 0;
	let skippedCards = 0;
	let start = 0;
	while (start < answers.length) {
		let end = start;
		while (end < answers.length && answers[end]!.cardId === answers[start]!.cardId) end++;
		const resetAt = resets.get(answers[start]!.cardId) ?? -Infinity;
		const history = answers.slice(start, end).filter((answer) => answer.at > resetAt);
		start = end;
		if (history.length === 0) continue;
		if (history[0]!.stateBefore !== 'new') {
			skippedCards++;
			continue;
		}
		cards++;
		const reviews: TrainingReview[] = [];
		let previousDay = dayNumber(history[0]!.at);
		for (const answer of history) {
			const day = dayNumber(answer.at);
			const deltaT = reviews.length === 0 ? 0 : day - previousDay;
			previousDay = day;
			reviews.push({rating: answer.rating, deltaT});
			if (reviews.length > 1 && deltaT > 0) items.push({reviews: [...reviews], at: answer.at});
		}
	}
	// A stable sort: answers given at the same millisecond keep their card order.
	items.sort((a, b) => a.at - b.at);
	return {items, cards, skippedCards};
}
