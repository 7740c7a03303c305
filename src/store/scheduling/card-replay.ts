/*
A card's state is a function of its history: the one sequence that reads a card's whole history,
replays it (core/scheduling/replay) and stores what follows, for sync, reschedule, doctor and
history imports alike.
*/
import {type HistoryEvent, historyEvent, replayCard, type ReplayedCard} from '../../core/scheduling/replay.js';
import type {Rating, Scheduler} from '../../core/scheduling/scheduler.js';
import {CARD_EVENT_COLUMNS, type CardEventRow, cardEventOfRow} from '../card-event-rows.js';
import {saveReplayedState} from '../cards.js';
import type {Store} from '../database.js';
import {outcomeColumns} from '../review/outcome-columns.js';
import {countAnswers, countedAnswersOfCard} from '../stats/answer-slots.js';

/** Replay a card from its whole stored history and store the result: every review's figures, what is undone, and the card's state. */
export function replayAndSave(store: Store, cardId: string, scheduler: Scheduler): ReplayedCard {
	const replayed = replayStoredHistory(store, cardId, scheduler);
	saveReplay(store, cardId, replayed);
	return replayed;
}

/** What a card's stored history gives, without storing it (doctor compares it with the stored state). */
export function replayStoredHistory(store: Store, cardId: string, scheduler: Scheduler): ReplayedCard {
	return replayCard(cardHistory(store, cardId), scheduler, cardId);
}

/** Everything that ever happened to a card, from every device, undone answers included. */
function cardHistory(store: Store, cardId: string): HistoryEvent[] {
	const reviews = store.statement('SELECT id, reviewed_at AS at, rating FROM reviews WHERE card_id = ?').all(cardId) as Array<{id: string; at: number; rating: Rating}>;
	const events = store.statement(`SELECT ${CARD_EVENT_COLUMNS} FROM card_events WHERE card_id = ?`).all(cardId) as CardEventRow[];
	const card = {card: cardId, key: '', deck: ''};
	// Fields named, not `{...review, type}`: Node 20 builds that about 50 times slower, and a sync replays every card it touches.
	return [...reviews.map(({id, at, rating}) => ({id, at, type: 'review' as const, rating})), ...events.map((event) => historyEvent(cardEventOfRow(event, card)))];
}

/**
Write a card's replayed history back: every review's figures, what is undone, and the card's
state. A history import that wrote its reviews complete passes a replay without reviews.
*/
export function saveReplay(store: Store, cardId: string, replayed: ReplayedCard): void {
	const update = store.statement(
		`UPDATE reviews SET state_before = @stateBefore, stability_before = @stabilityBefore, difficulty_before = @difficultyBefore,
			scheduled_days_before = @scheduledDaysBefore, elapsed_days = @elapsedDays, retrievability = @retrievability, state_after = @stateAfter,
			stability_after = @stabilityAfter, difficulty_after = @difficultyAfter, scheduled_days = @scheduledDays, due_after = @dueAfter,
			undone_at = NULL WHERE id = @id`,
	);
	// The answers are counted again as they are now rewritten: the outcome of each, and which are undone, may change.
	const rewrites = replayed.reviews.length > 0 || replayed.undone.size > 0;
	if (rewrites) countAnswers(store, countedAnswersOfCard(store, cardId), -1);
	for (const {id, outcome} of replayed.reviews) update.run({id, ...outcomeColumns(outcome, 0)});
	if (replayed.undone.size > 0) {
		const undoneAt = undoTimes(store, cardId);
		const markUndone = store.statement('UPDATE reviews SET undone_at = ? WHERE id = ? AND card_id = ?');
		for (const id of replayed.undone) markUndone.run(undoneAt.get(id) ?? 0, id, cardId);
	}
	if (rewrites) countAnswers(store, countedAnswersOfCard(store, cardId), 1);
	saveReplayedState(store, cardId, replayed);
}

/** The id of the undo event for each undone review of a card, with its time. */
function undoTimes(store: Store, cardId: string): Map<string, number> {
	const rows = store.statement("SELECT target_id, min(at) AS at FROM card_events WHERE card_id = ? AND kind = 'undo' GROUP BY target_id").all(cardId) as Array<{target_id: string; at: number}>;
	return new Map(rows.map((row) => [row.target_id, row.at]));
}

