import type {SchedulerFor} from '../core/replay.js';
import {formatInterval} from '../core/interval.js';
import {RATINGS, type Rating} from '../core/scheduler.js';
import {getCard, type StoredCard} from '../store/cards.js';
import type {Store} from '../store/database.js';
import {buryCard, recordAnswer, suspendCard, undoAnswer} from '../store/reviews.js';

export type ReviewWorld = {
	readonly store: Store;
	readonly schedulerFor: SchedulerFor;
	readonly now: () => number;
	/** When a buried card comes back: the start of the next study day. */
	readonly buryUntil: number;
	/** Open the file at the line and bring the database in line with the deck files afterwards. */
	readonly editAndSync: (file: string, line: number) => void;
};

/** What the review screen does to the world. Every call has committed before it returns. */
export function reviewActions(world: ReviewWorld) {
	const {store, schedulerFor, now} = world;
	return {
		now,
		card: (id: string) => getCard(store, id),
		intervals: (card: StoredCard): Record<Rating, string> => {
			const at = now();
			const preview = schedulerFor(card.deck).preview(card.memory, at);
			return Object.fromEntries(RATINGS.map((rating) => [rating, formatInterval((preview[rating].due ?? at) - at)])) as Record<Rating, string>;
		},
		answer: (card: StoredCard, rating: Rating, durationMs: number) => {
			const scheduler = schedulerFor(card.deck);
			const {reviewId, outcome} = recordAnswer(store, {cardId: card.id, rating, at: now(), durationMs}, (memory, at) => scheduler.answer(memory, rating, at));
			return {reviewId, state: outcome.after.state, due: outcome.after.due};
		},
		undo: (reviewId: string) => undoAnswer(store, reviewId, now()) !== undefined,
		suspend: (card: StoredCard) => suspendCard(store, card.id, true, now()),
		bury: (card: StoredCard) => buryCard(store, card.id, world.buryUntil, now()),
		edit: (card: StoredCard) => {
			world.editAndSync(card.file, card.line);
			const edited = getCard(store, card.id);
			return edited && edited.retiredAt === null ? edited : undefined;
		},
	};
}
