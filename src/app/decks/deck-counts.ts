import type {Settings} from '../settings/config.js';
import {queueSize} from '../../core/review/queue.js';
import {EVERYTHING} from '../../core/review/select.js';
import type {Store} from '../../store/database.js';
import {cardCountsByDeck, type CardSummary} from '../../store/cards.js';
import {activeDeckListing} from '../../store/decks.js';
import {todaysQueue} from '../review/study.js';

type DeckCount = {
	readonly name: string;
	readonly title: string;
	/** New cards in today's queue. */
	readonly new: number;
	/** Learning cards in today's queue, due now or later today. */
	readonly learning: number;
	/** Review cards in today's queue. */
	readonly due: number;
	/** Cards never studied, today's or not. */
	readonly unseen: number;
	readonly suspended: number;
	readonly total: number;
	readonly errors: number;
};

export type DeckCounts = {
	readonly decks: readonly DeckCount[];
	/** What today's queue over all decks holds, limits applied: the sums of the decks' columns. */
	readonly today: {readonly new: number; readonly learning: number; readonly reviews: number; readonly total: number};
};

/**
Per deck: its share of today's queue over all decks (the one `fluency review` builds, so the columns
add up to what the review says), cards never studied, suspended, and in all. Counting due cards
apart from the queue would ignore the daily limits and the rule that one card of a note waits
while its sibling is studied, and the columns would add up to more than the review shows.
*/
export function deckCounts(store: Store, settings: Settings, now: number): DeckCounts {
	const {queue} = todaysQueue(store, settings, now, EVERYTHING);
	type Counts = {new: number; learning: number; due: number; unseen: number; suspended: number; total: number};
	const empty = (): Counts => ({new: 0, learning: 0, due: 0, unseen: 0, suspended: 0, total: 0});
	// Counted by SQLite, not card by card: a collection can have a thousand decks and a hundred thousand cards.
	const byDeck = new Map<string, Counts>([...cardCountsByDeck(store)].map(([deck, counts]) => [deck, {...empty(), ...counts}]));
	const count = (cards: readonly CardSummary[], column: 'new' | 'learning' | 'due') => {
		for (const card of cards) {
			const counts = byDeck.get(card.deck) ?? empty();
			counts[column]++;
			byDeck.set(card.deck, counts);
		}
	};
	count(queue.newCards, 'new');
	count([...queue.learning, ...queue.learningLater], 'learning');
	count(queue.reviews, 'due');
	const decks = activeDeckListing(store).map((deck) => ({
		name: deck.name,
		title: deck.title,
		...(byDeck.get(deck.name) ?? empty()),
		errors: deck.problems.filter((problem) => problem.severity === 'error').length,
	}));
	return {
		decks,
		today: {new: queue.newCards.length, learning: queue.learning.length + queue.learningLater.length, reviews: queue.reviews.length, total: queueSize(queue)},
	};
}
