import type {Settings} from './config.js';
import {queueSize} from '../core/queue.js';
import {EVERYTHING} from '../core/select.js';
import type {Store} from '../store/database.js';
import {listDecks} from '../store/decks.js';
import {todaysQueue} from './study.js';

export type DeckCount = {
	readonly name: string;
	readonly title: string;
	readonly new: number;
	readonly learning: number;
	readonly due: number;
	readonly suspended: number;
	readonly total: number;
	readonly errors: number;
};

export type DeckCounts = {
	readonly decks: readonly DeckCount[];
	/** What today's queue over all decks holds, limits applied. */
	readonly today: {readonly new: number; readonly learning: number; readonly reviews: number; readonly total: number};
};

/** Per deck: cards not yet studied, in learning today, due for review today, and in all. */
export function deckCounts(store: Store, settings: Settings, now: number): DeckCounts {
	const {queue, day, selected} = todaysQueue(store, settings, now, EVERYTHING);
	const decks = listDecks(store)
		.filter((deck) => deck.retiredAt === null)
		.map((deck) => {
			const cards = selected.filter((card) => card.deck === deck.name);
			const active = cards.filter((card) => !card.suspended && (card.buriedUntil === null || card.buriedUntil <= now));
			const dueToday = (card: (typeof cards)[number]) => card.due !== null && card.due < day.end;
			return {
				name: deck.name,
				title: deck.title,
				new: active.filter((card) => card.state === 'new').length,
				learning: active.filter((card) => (card.state === 'learning' || card.state === 'relearning') && dueToday(card)).length,
				due: active.filter((card) => card.state === 'review' && dueToday(card)).length,
				suspended: cards.filter((card) => card.suspended).length,
				total: cards.length,
				errors: deck.problems.filter((problem) => problem.severity === 'error').length,
			};
		});
	return {
		decks,
		today: {new: queue.newCards.length, learning: queue.learning.length + queue.learningLater.length, reviews: queue.reviews.length, total: queueSize(queue)},
	};
}
