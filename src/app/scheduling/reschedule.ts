import type {Store} from '../../store/database.js';
import {replayAndSave} from '../../store/scheduling/card-replay.js';
import {cardsWithAnyHistory} from '../../store/sync/events.js';
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
			const replayed = replayAndSave(store, card.id, schedulers.forDeck(card.deck));
			if (replayed.memory.due !== card.due) dueChanged++;
		}
		markScheduledWith(store, schedulers.fingerprint());
		return {cards: cards.length, dueChanged};
	});
}
