/*
The review log as the optimizer and the simulator read it. Raw rows, because these queries run
over hundreds of thousands of answers.
*/
import {MAX_ANSWER_MS} from '../../core/review/answer-time.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import type {LoggedAnswer} from '../../core/scheduling/training.js';
import type {Store} from '../database.js';

/** Answers that count (not undone), by card then time; only the given cards when `cardIds` is set. */
export function answersForTraining(store: Store, cardIds?: readonly string[]): LoggedAnswer[] {
	const sql = `SELECT card_id, reviewed_at, rating, state_before FROM reviews WHERE undone_at IS NULL
		${cardIds ? 'AND card_id IN (SELECT value FROM json_each(?))' : ''} ORDER BY card_id, reviewed_at, id`;
	const statement = store.statement(sql, 'arrays');
	const rows = (cardIds ? statement.all(JSON.stringify(cardIds)) : statement.all()) as Array<[string, number, Rating, string]>;
	return rows.map(([cardId, at, rating, stateBefore]) => ({cardId, at, rating, stateBefore}));
}

/** The time of each card's last reset: training starts after it. */
export function lastResets(store: Store): Map<string, number> {
	// A reset `fluency undo` took back never happened.
	const rows = store
		.statement("SELECT card_id, max(at) AS at FROM card_events AS reset WHERE kind = 'reset' AND NOT EXISTS (SELECT 1 FROM card_events AS undo WHERE undo.kind = 'undo' AND undo.target_id = reset.id) GROUP BY card_id")
		.all() as Array<{card_id: string; at: number}>;
	return new Map(rows.map((row) => [row.card_id, row.at]));
}

/** How the learner answers, for the workload simulation: the share of each rating. */
export function ratingShares(store: Store): {hard: number; easy: number; newAgain: number} {
	const rows = store
		.statement("SELECT state_before = 'new' AS first, rating, count(*) AS n FROM reviews WHERE undone_at IS NULL GROUP BY first, rating")
		.all() as Array<{first: number; rating: Rating; n: number}>;
	const count = (first: number, rating: Rating) => rows.find((row) => row.first === first && row.rating === rating)?.n ?? 0;
	const passed = count(0, 2) + count(0, 3) + count(0, 4);
	const firsts = count(1, 1) + count(1, 2) + count(1, 3) + count(1, 4);
	// Without history, fsrs-rs's simulator defaults (SimulatorConfig::default: review_rating_prob, first_rating_prob).
	return {
		hard: passed > 0 ? count(0, 2) / passed : 0.224,
		easy: passed > 0 ? count(0, 4) / passed : 0.145,
		newAgain: firsts > 0 ? count(1, 1) / firsts : 0.24,
	};
}

/** How long answers take on average, by rating, for the workload simulation. */
export function averageDurations(store: Store): {newCard: number; byRating: Record<Rating, number>} {
	const rows = store
		.statement(`SELECT state_before = 'new' AS first, rating, avg(min(duration_ms, ${MAX_ANSWER_MS})) AS ms FROM reviews WHERE undone_at IS NULL GROUP BY first, rating`)
		.all() as Array<{first: number; rating: Rating; ms: number}>;
	const seconds = (first: number, rating: Rating, fallback: number) => (rows.find((row) => row.first === first && row.rating === rating)?.ms ?? fallback * 1000) / 1000;
	// Without history, fsrs-rs's simulator defaults (review_costs; learn cost weighted by first_rating_prob).
	return {
		newCard: seconds(1, 3, 18.3),
		byRating: {1: seconds(0, 1, 23), 2: seconds(0, 2, 11.68), 3: seconds(0, 3, 7.33), 4: seconds(0, 4, 5.6)},
	};
}

/** Every answer that counts, for export: card, time, rating, state before, duration. */
export function answersForExport(store: Store): Array<[cardId: string, at: number, rating: Rating, stateBefore: string, durationMs: number]> {
	const statement = store.statement('SELECT card_id, reviewed_at, rating, state_before, duration_ms FROM reviews WHERE undone_at IS NULL ORDER BY card_id, reviewed_at, id', 'arrays');
	const rows = statement.all() as Array<[string, number, Rating, string, number]>;
	return rows;
}
