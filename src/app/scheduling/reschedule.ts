import {replayCard} from '../../core/scheduling/replay.js';
import type {Store} from '../../store/database.js';
import {cardHistory, cardsWithAnyHistory, saveReplay, undoTimes} from '../../store/sync/events.js';
import {markScheduledWith, type Schedulers} from './parameters.js';

/**
Recompute every card's memory state and due date from its whole history with the current
parameters and desired retention, in one transaction. Idempotent: running it twice changes
nothing the second time.
*/
export function reschedule(store: Store, schedulers: Schedulers): {cards: number; dueChanged: number} {
	return store.transaction(() => {
		let dueChanged = 0;
		const cards = cardsWithAnyHistory(store);
		for (const card of cards) {
			const replayed = replayCard(cardHistory(store, card.id), schedulers.forDeck(card.deck), card.id);
			if (replayed.memory.due !== card.due) dueChanged++;
			saveReplay(store, card.id, replayed, undoTimes(store, card.id));
		}
		markScheduledWith(store, schedulers.fingerprint());
		return {cards: cards.length, dueChanged};
	});
}
