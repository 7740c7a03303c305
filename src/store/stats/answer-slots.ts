/*
The answers counted per quarter hour and outcome (table answer_slots, migration 10), which
`fluency stats` reads instead of a million answers. The table always equals counting the answers
not undone again; every statement that adds, removes or changes an answer tells this module, in
the same transaction.

Counts gather in memory and are written once, at the end of the innermost transaction they were
made in (a savepoint when nested), so they are rolled back with the answers they count: a history
import of 200,000 answers writes a few thousand rows here, not 200,000 upserts.
*/
import type {Statement} from 'better-sqlite3';

/**
The part of src/store/database.ts's Store this module uses: the Store runs every transaction
through withAnswerCounts, so this module cannot import it back (dependency-cruiser counts type
imports as a cycle).
*/
type Store = {
	statement(sql: string, shape?: 'objects' | 'arrays' | 'values'): Statement;
	transaction<T>(work: () => T): T;
};

/** What an answer is counted by: when, how long, and its outcome's inputs. */
export type CountedAnswer = {
	readonly reviewedAt: number;
	readonly durationMs: number;
	readonly stateBefore: string;
	readonly scheduledDaysBefore: number;
	readonly rating: number;
};

/** An answer's outcome (src/core/stats/figures.ts OUTCOMES) from its row, as migration 4's index and answer_slots spell it. */
export const OUTCOME = "CASE WHEN state_before != 'review' THEN 0 WHEN scheduled_days_before < 21 THEN 1 + (rating > 1) ELSE 3 + (rating > 1) END";
const QUARTER_MS = 900_000;
const OUTCOMES = 5;
/** Every answer not undone, counted per slot and outcome: what the table holds. */
const RECOUNTED = `SELECT reviewed_at / 900000 AS slot, ${OUTCOME} AS outcome, count(*) AS answers, sum(duration_ms) AS ms FROM reviews WHERE undone_at IS NULL GROUP BY 1, 2`;
/** The columns of a stored answer that make a CountedAnswer, in its field order. */
const COUNTED_COLUMNS = 'reviewed_at, duration_ms, state_before, scheduled_days_before, rating';

/** The quarter hour since the epoch an answer falls in, as SQLite's integer division gives it. */
function slotOf(reviewedAt: number): number {
	return Math.trunc(reviewedAt / QUARTER_MS);
}

/** OUTCOME, worked out in JavaScript for an answer about to be counted. */
function outcomeOf(answer: Pick<CountedAnswer, 'stateBefore' | 'scheduledDaysBefore' | 'rating'>): number {
	if (answer.stateBefore !== 'review') return 0;
	return (answer.scheduledDaysBefore < 21 ? 1 : 3) + (answer.rating > 1 ? 1 : 0);
}

/** Answers and milliseconds to add per slot and outcome (key: slot * OUTCOMES + outcome). */
class Tally {
	readonly #changes = new Map<number, {answers: number; ms: number}>();

	add(answer: CountedAnswer, sign: 1 | -1): void {
		const key = slotOf(answer.reviewedAt) * OUTCOMES + outcomeOf(answer);
		const change = this.#changes.get(key);
		if (change) {
			change.answers += sign;
			change.ms += sign * answer.durationMs;
		} else {
			this.#changes.set(key, {answers: sign, ms: sign * answer.durationMs});
		}
	}

	writeTo(store: Store): void {
		if (this.#changes.size === 0) return;
		const upsert = store.statement(
			`INSERT INTO answer_slots (slot, outcome, answers, ms) VALUES (?, ?, ?, ?)
			 ON CONFLICT (slot, outcome) DO UPDATE SET answers = answers + excluded.answers, ms = ms + excluded.ms`,
		);
		for (const [key, {answers, ms}] of this.#changes) {
			if (answers === 0 && ms === 0) continue;
			const outcome = ((key % OUTCOMES) + OUTCOMES) % OUTCOMES;
			upsert.run((key - outcome) / OUTCOMES, outcome, answers, ms);
		}
		this.#changes.clear();
	}
}

const openTallies = new WeakMap<Store, Tally[]>();

/** Run `work`, a transaction's body, writing the answers it counted at its end. Store.transaction calls this. */
export function withAnswerCounts<T>(store: Store, work: () => T): T {
	let tallies = openTallies.get(store);
	if (!tallies) openTallies.set(store, (tallies = []));
	const tally = new Tally();
	tallies.push(tally);
	try {
		const result = work();
		tally.writeTo(store);
		return result;
	} finally {
		tallies.pop();
	}
}

/** Count answers that were just stored not undone (sign 1), or that are about to stop counting: undone, changed or removed (sign -1). */
export function countAnswers(store: Store, answers: Iterable<CountedAnswer>, sign: 1 | -1): void {
	const open = openTallies.get(store)?.at(-1);
	const tally = open ?? new Tally();
	for (const answer of answers) tally.add(answer, sign);
	if (!open) tally.writeTo(store);
}

/** A card's answers that count (not undone), for taking them out before their card's history is rewritten and back in after. */
export function countedAnswersOfCard(store: Store, cardId: string): CountedAnswer[] {
	const rows = store.statement(`SELECT ${COUNTED_COLUMNS} FROM reviews WHERE card_id = ? AND undone_at IS NULL`, 'arrays').all(cardId) as Array<[number, number, string, number, number]>;
	return rows.map(countedOfRow);
}

/** One stored answer as it counts, undefined when it does not (undone, or not there). */
export function countedAnswer(store: Store, reviewId: string): CountedAnswer | undefined {
	const row = store.statement(`SELECT ${COUNTED_COLUMNS} FROM reviews WHERE id = ? AND undone_at IS NULL`, 'arrays').get(reviewId) as [number, number, string, number, number] | undefined;
	return row && countedOfRow(row);
}

function countedOfRow([reviewedAt, durationMs, stateBefore, scheduledDaysBefore, rating]: [number, number, string, number, number]): CountedAnswer {
	return {reviewedAt, durationMs, stateBefore, scheduledDaysBefore, rating};
}

/** How many (slot, outcome) counts differ from counting the answers again: 0 when the table is right. */
export function answerSlotMismatches(store: Store): number {
	return store
		.statement(
			`WITH recounted AS (${RECOUNTED}), kept AS (SELECT slot, outcome, answers, ms FROM answer_slots WHERE answers != 0 OR ms != 0)
			SELECT count(*) FROM (
				SELECT slot, outcome FROM (SELECT * FROM recounted EXCEPT SELECT * FROM kept)
				UNION SELECT slot, outcome FROM (SELECT * FROM kept EXCEPT SELECT * FROM recounted)
			)`,
			'values',
		)
		.get() as number;
}

/** Count every answer again into answer_slots (`fluency doctor --repair`). */
export function recountAnswerSlots(store: Store): void {
	store.transaction(() => {
		store.statement('DELETE FROM answer_slots').run();
		store.statement(`INSERT INTO answer_slots (slot, outcome, answers, ms) ${RECOUNTED}`).run();
	});
}
