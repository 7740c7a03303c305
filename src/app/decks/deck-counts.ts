import type {Settings} from '../settings/config.js';
import {queueSize} from '../../core/review/queue.js';
import {EVERYTHING} from '../../core/review/select.js';
import type {Store} from '../../store/database.js';
import {listDecks} from '../../store/decks.js';
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
	const {queue, selected} = todaysQueue(store, settings, now, EVERYTHING);
	const inQueue = new Map<string, 'new' | 'learning' | 'due'>();
	for (const card of queue.newCards) inQueue.set(card.id, 'new');
	for (const card of [...queue.learning, ...queue.learningLater]) inQueue.set(card.id, 'learning');
	for (const card of queue.reviews) inQueue.set(card.id, 'due');
	type Counts = {new: number; learning: number; due: number; unseen: number; suspended: number; total: number};
	const empty = (): Counts => ({new: 0, learning: 0, due: 0, unseen: 0, suspended: 0, total: 0});
	// One pass over the cards: a collection can have a thousand decks and a hundred thousand cards.
	const byDeck = new Map<string, Counts>();
	for (const card of selected) {
		let counts = byDeck.get(card.deck);
		if (!counts) {
			counts = empty();
			byDeck.set(card.deck, counts);
		}
		counts.total++;
		if (card.suspended) counts.suspended++;
		else if (card.state === 'new') counts.unseen++;
		const queued = inQueue.get(card.id);
		if (queued) counts[queued]++;
	}
	const decks = listDecks(store)
		.filter((deck) => deck.retiredAt === null)
		.map((deck) => ({
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
