/*
Writing review history that comes from another program into the log: reviews and resets with
ids that are the same on every import, then the card replayed from its whole history.
*/
import type {ImportedCardHistory} from '../../core/interchange/anki/card-history.js';
import type {LogEvent, SyncEvent} from '../../core/sync/event-log.js';
import {stableEventId} from '../../core/sync/event-id.js';
import {historyEvent, replayCard, type SchedulerFor} from '../../core/scheduling/replay.js';
import type {Scheduler} from '../../core/scheduling/scheduler.js';
import type {Problem} from '../../core/problem.js';
import {type Store, storedJson} from '../database.js';
import {outcomeValues} from '../review/outcome-columns.js';
import {replayAndSave, saveReplay} from '../scheduling/card-replay.js';
import {eventAsExported, insertImportedEvent} from '../sync/events.js';
import {countAnswers} from '../stats/answer-slots.js';

/** Of these cards, those with an answer stored (through reviews_by_card, one look-up each). */
export function cardsWithAnswers(store: Store, cardIds: readonly string[]): Set<string> {
	const rows = store.statement('SELECT DISTINCT card_id FROM reviews WHERE card_id IN (SELECT value FROM json_each(?))', 'values').all(JSON.stringify(cardIds)) as string[];
	return new Set(rows);
}

/** The ids of cards with these identity keys, for the cards the import just wrote. */
export function cardIdsByIdentity(store: Store, keys: readonly string[]): Map<string, string> {
	if (keys.length === 0) return new Map();
	const rows = store.statement('SELECT identity_key, id FROM cards WHERE retired_at IS NULL AND identity_key IN (SELECT value FROM json_each(?))').all(JSON.stringify(keys)) as Array<{identity_key: string; id: string}>;
	return new Map(rows.map((row) => [row.identity_key, row.id]));
}

/**
What the last sync read from the deck file at `path`: the identity keys of its cards and the
problems it found there; undefined when no deck holds that file.
*/
export function cardsReadFromFile(store: Store, path: string): {keys: Set<string>; problems: Problem[]} | undefined {
	const deck = store.statement('SELECT id, problems FROM decks WHERE path = ? AND retired_at IS NULL', 'arrays').get(path) as [number, string] | undefined;
	if (!deck) return undefined;
	const [deckId, problems] = deck;
	const keys = store
		.statement('SELECT cards.identity_key FROM line_blocks JOIN cards ON cards.line_block = line_blocks.id WHERE line_blocks.deck_id = ? AND cards.retired_at IS NULL', 'values')
		.all(deckId) as string[];
	return {keys: new Set(keys), problems: storedJson<Problem[]>(problems, 'the problems of a deck')};
}

/** Of these cards, those with anything in their history (an answer or a card event), read at once. */
export function cardsWithHistory(store: Store, cardIds: readonly string[]): Set<string> {
	const rows = store
		.statement(
			// Qualified: card_events has a column named value, which an unqualified `value` would mean there.
			`SELECT ids.value FROM json_each(?) AS ids
			 WHERE EXISTS (SELECT 1 FROM reviews WHERE reviews.card_id = ids.value) OR EXISTS (SELECT 1 FROM card_events WHERE card_events.card_id = ids.value)`,
			'values',
		)
		.all(JSON.stringify(cardIds)) as string[];
	return new Set(rows);
}

type CardPlace = {readonly id: string; readonly deckId: number; readonly key: string; readonly deck: string};

/**
Where each of these cards is, read at once: the statistics count each imported answer in its
card's deck, and the log names the card by its identity key and deck.
*/
function placesOfCards(store: Store, cardIds: readonly string[]): Map<string, CardPlace> {
	const rows = store
		.statement('SELECT cards.id, cards.deck_id, cards.identity_key, decks.name FROM cards JOIN decks ON decks.id = cards.deck_id WHERE cards.id IN (SELECT value FROM json_each(?))', 'arrays')
		.all(JSON.stringify(cardIds)) as Array<[string, number, string, string]>;
	return new Map(rows.map(([id, deckId, key, deck]) => [id, {id, deckId, key, deck}]));
}

/**
The carried-over due date as an event, so it travels to other devices and survives every replay:
timed just after the history's last event (a later review supersedes it), with an id made from
that event's, which is the same on every import and every device.
*/
function carriedOverDue(history: ImportedCardHistory): SyncEvent | undefined {
	if (history.due === undefined) return undefined;
	const last = [...history.events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).at(-1);
	if (!last) return undefined;
	const at = last.at + 1;
	return {type: 'due', id: stableEventId(at, `due-after:${last.id}`), device: last.device, at, card: last.card, key: last.key, deck: last.deck, due: history.due};
}

/**
Add the events (once: known ids are ignored) and rebuild each card from its history, in one
transaction. A card with no history yet (a first import) is replayed from the imported events
alone and its reviews are written once, complete; writing them bare and then filling them in
from the replay was half of a large import's time.
*/
export function importCardHistories(store: Store, histories: readonly ImportedCardHistory[], scheduler: Scheduler, options: HistoryImportOptions = {}): {reviews: number; events: number} {
	return importCardHistoriesOf(
		store,
		histories.map((history) => history.cardId),
		(index) => histories[index],
		scheduler,
		options,
	);
}

type HistoryImportOptions = {
	/** Counts the cards whose history gained something. */
	readonly updated?: {cards: number};
	/** Called with each event of this device that was stored, as the log export would read it back. */
	readonly stored?: (event: LogEvent) => void;
	/**
	The cards known to have a history (see cardsWithHistory), kept current as histories are
	stored: asked of the database for each call when not given.
	*/
	readonly withHistory?: Set<string>;
	/** The scheduler of a card's deck, by the deck's name: `scheduler` serves every card when not given. */
	readonly schedulerFor?: SchedulerFor;
};

/**
The same, for the cards `cardIds`, with the history of the card at each index built by
`historyOf(index)` only as it is stored (undefined: the card has none). Built for a whole batch
first, 10,000 answers' events lived long enough to be copied out of V8's young generation and
collected with the old one; built one card at a time, they are garbage before the next scavenge.
*/
export function importCardHistoriesOf(
	store: Store,
	cardIds: readonly string[],
	historyOf: (index: number) => ImportedCardHistory | undefined,
	scheduler: Scheduler,
	options: HistoryImportOptions = {},
): {reviews: number; events: number} {
	const {updated, stored, schedulerFor} = options;
	const known = options.withHistory;
	let reviews = 0;
	let events = 0;
	let cardsUpdated = 0;
	// Positional parameters: no object of seventeen named ones built and bound per answer.
	const insertReview = store.statement(
		`INSERT OR IGNORE INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before,
			scheduled_days_before, elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	);
	store.withinTransaction(() => {
		const places = placesOfCards(store, cardIds);
		const device = store.deviceId;
		// Asked once for the batch rather than once a card; a card given two histories has one after the first.
		const withHistory = known ?? cardsWithHistory(store, cardIds);
		for (let index = 0; index < cardIds.length; index++) {
			const history = historyOf(index);
			if (!history) continue;
			const place = places.get(history.cardId);
			const logStored = stored && place ? (event: SyncEvent) => event.device === device && stored(eventAsExported(event, place, device)) : undefined;
			const due = carriedOverDue(history);
			const all = due ? [...history.events, due] : history.events;
			const cardScheduler = schedulerFor && place ? schedulerFor(place.deck) : scheduler;
			if (!withHistory.has(history.cardId)) {
				withHistory.add(history.cardId);
				const replayed = replayCard(all.map(historyEvent), cardScheduler, history.cardId);
				const outcomes = new Map(replayed.reviews.map((review) => [review.id, review.outcome]));
				// An event id this database holds already (for another card) is not this card's here: then its state comes from what is stored.
				let allStored = true;
				for (const event of all) {
					if (event.type === 'review') {
						const outcome = outcomes.get(event.id);
						// An undone answer has no outcome: stored bare, and marked undone with the card's state below.
						const inserted = outcome
							? insertReview.run(event.id, history.cardId, event.device, event.at, event.rating, event.durationMs, ...outcomeValues(outcome, 0)).changes > 0
							: insertImportedEvent(store, event, history.cardId);
						if (inserted) {
							if (outcome) countAnswers(store, [{cardId: history.cardId, reviewedAt: event.at, durationMs: event.durationMs, stateBefore: outcome.before.state, scheduledDaysBefore: outcome.before.scheduledDays, rating: event.rating, retrievability: outcome.retrievability}], 1, place?.deckId);
							logStored?.(event);
							reviews++;
						} else allStored = false;
					} else if (insertImportedEvent(store, event, history.cardId)) {
						events++;
						logStored?.(event);
					} else allStored = false;
				}
				if (allStored) saveReplay(store, history.cardId, {...replayed, reviews: []});
				else replayAndSave(store, history.cardId, cardScheduler);
				cardsUpdated++;
				continue;
			}
			let added = 0;
			let addedHistory = false;
			for (const event of all) {
				if (!insertImportedEvent(store, event, history.cardId)) continue;
				logStored?.(event);
				added++;
				if (event !== due) addedHistory = true;
				if (event.type === 'review') reviews++;
				else events++;
			}
			// Nothing new for this card (an import run again): its state is already what its history gives.
			if (added === 0) continue;
			if (addedHistory) cardsUpdated++;
			replayAndSave(store, history.cardId, cardScheduler);
		}
	});
	if (updated) updated.cards += cardsUpdated;
	return {reviews, events};
}
