import type {Settings} from '../settings/config.js';
import {queueSize} from '../../core/review/queue.js';
import {EVERYTHING} from '../../core/review/select.js';
import type {Store} from '../../store/database.js';
import {listDecks} from '../../store/decks.js';
import {todaysQueue} from '../review/study.js';

type DeckCount = {
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
	type Counts = {new: number; learning: number; due: number; suspended: number; total: number};
	// One pass over the cards: a collection can have a thousand decks and a hundred thousand cards.
	const byDeck = new Map<string, Counts>();
	for (const card of selected) {
		let counts = byDeck.get(card.deck);
		if (!counts) {
			counts = {new: 0, learning: 0, due: 0, suspended: 0, total: 0};
			byDeck.set(card.deck, counts);
		}
		counts.total++;
		if (card.suspended) {
			counts.suspended++;
			continue;
		}
		if (card.buriedUntil !== null && card.buriedUntil > now) continue;
		const dueToday = card.due !== null && card.due < day.end;
		if (card.state === 'new') counts.new++;
		else if (card.state === 'review' && dueToday) counts.due++;
		else if (dueToday) counts.learning++;
	}
	const decks = listDecks(store)
		.filter((deck) => deck.retiredAt === null)
		.map((deck) => ({
			name: deck.name,
			title: deck.title,
			...(byDeck.get(deck.name) ?? {new: 0, learning: 0, due: 0, suspended: 0, total: 0}),
			errors: deck.problems.filter((problem) => problem.severity === 'error').length,
		}));
	return {
		decks,
		today: {new: queue.newCards.length, learning: queue.learning.length + queue.learningLater.length, reviews: queue.reviews.length, total: queueSize(queue)},
	};
}
