/*
The answers counted per quarter hour and outcome (table answer_slots, migration 10), those to
review cards per quarter hour and bin of predicted recall (recall_slots, migration 13), and per
day and deck (deck_review_days, migration 14), which `fluency stats` reads instead of a million
answers. The tables always equal counting the answers not undone again; every statement that adds,
removes or changes an answer tells this module, in the same transaction, and so does the one that
moves a card to another deck (moveCountedAnswers).

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

/** What an answer is counted by: its card, when, how long, and its outcome's inputs. */
export type CountedAnswer = {
	readonly cardId: string;
	readonly reviewedAt: number;
	readonly durationMs: number;
	readonly stateBefore: string;
	readonly scheduledDaysBefore: number;
	readonly rating: number;
	/** FSRS's predicted recall at the answer; null for a card not yet studied. */
	readonly retrievability: number | null;
};

/** An answer's outcome (src/core/stats/figures.ts OUTCOMES) from its row, as migration 4's index and answer_slots spell it. */
export const OUTCOME = "CASE WHEN state_before != 'review' THEN 0 WHEN scheduled_days_before < 21 THEN 1 + (rating > 1) ELSE 3 + (rating > 1) END";
const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;
const OUTCOMES = 5;
/** The edges of recall_slots's bins: twentieths, so the statistics' calibration edges are among them. */
export const RECALL_BIN_EDGES = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, 2] as const;
/** A predicted recall's bin in recall_slots, as migration 13 spells it: how many edges are at or below it, less one. */
export const RECALL_BIN = `${RECALL_BIN_EDGES.map((edge) => `(retrievability >= ${edge})`).join(' + ')} - 1`;
/** Every answer not undone, counted per slot and outcome: what answer_slots holds. */
const RECOUNTED = `SELECT reviewed_at / 900000 AS slot, ${OUTCOME} AS outcome, count(*) AS answers, sum(duration_ms) AS ms FROM reviews WHERE undone_at IS NULL GROUP BY 1, 2`;
/** Every answer to a review card with a predicted recall, not undone, counted per slot, bin and outcome: what recall_slots holds. */
const RECALL_RECOUNTED = `SELECT reviewed_at / 900000 AS slot, ${RECALL_BIN} AS bin, rating > 1 AS passed, count(*) AS answers, sum(retrievability) AS predicted
	FROM reviews WHERE undone_at IS NULL AND state_before = 'review' AND retrievability IS NOT NULL GROUP BY 1, 2, 3`;
/** Every answer to a review card not undone, counted per UTC day and the deck its card is in now: what deck_review_days holds. */
const DECK_RECOUNTED = `SELECT reviews.reviewed_at / 86400000 AS day, cards.deck_id AS deck_id, count(*) AS answers, sum(reviews.scheduled_days_before >= 21) AS mature,
		sum(reviews.rating > 1) AS passed, sum(reviews.scheduled_days_before >= 21 AND reviews.rating > 1) AS mature_passed
	FROM reviews JOIN cards ON cards.id = reviews.card_id WHERE reviews.undone_at IS NULL AND reviews.state_before = 'review' GROUP BY 1, 2`;
/** The columns of a stored answer that make a CountedAnswer, in its field order. */
const COUNTED_COLUMNS = 'card_id, reviewed_at, duration_ms, state_before, scheduled_days_before, rating, retrievability';
/** Keys of recall_slots's changes: slot * RECALL_KEYS + (bin + 1) * 2 + passed. */
const RECALL_KEYS = 64;

/** The quarter hour since the epoch an answer falls in, as SQLite's integer division gives it. */
function slotOf(reviewedAt: number): number {
	return Math.trunc(reviewedAt / QUARTER_MS);
}

/** OUTCOME, worked out in JavaScript for an answer about to be counted. */
function outcomeOf(answer: Pick<CountedAnswer, 'stateBefore' | 'scheduledDaysBefore' | 'rating'>): number {
	if (answer.stateBefore !== 'review') return 0;
	return (answer.scheduledDaysBefore < 21 ? 1 : 3) + (answer.rating > 1 ? 1 : 0);
}

/** RECALL_BIN, worked out in JavaScript. */
function recallBinOf(retrievability: number): number {
	let bin = -1;
	for (const edge of RECALL_BIN_EDGES) if (retrievability >= edge) bin++;
	return bin;
}

/** Answers, and the sum of a figure of theirs, to add per key. */
type Changes = Map<number, {answers: number; sum: number}>;

function addChange(changes: Changes, key: number, answers: number, sum: number): void {
	const change = changes.get(key);
	if (change) {
		change.answers += answers;
		change.sum += sum;
	} else {
		changes.set(key, {answers, sum});
	}
}

/** Answers to review cards to add per day and deck, by whether each was mature and whether it passed. */
type DeckChange = {answers: number; mature: number; passed: number; maturePassed: number};

/**
Changes to add to the three tables: answers and milliseconds per slot and outcome (key: slot *
OUTCOMES + outcome), answers and predicted recall per slot, bin and outcome, and answers to review
cards per day and deck (key: "day:deck").
*/
class Tally {
	readonly #changes: Changes = new Map();
	readonly #recallChanges: Changes = new Map();
	readonly #deckChanges = new Map<string, DeckChange>();
	/** Each card's deck as the database held it when one of its answers was first counted here. */
	readonly #deckOfCard = new Map<string, number | undefined>();
	readonly #store: Store;

	constructor(store: Store) {
		this.#store = store;
	}

	/** Count `answer` (sign 1) or take it out (-1), in the deck its card is in. */
	add(answer: CountedAnswer, sign: 1 | -1, deckId?: number): void {
		const slot = slotOf(answer.reviewedAt);
		addChange(this.#changes, slot * OUTCOMES + outcomeOf(answer), sign, sign * answer.durationMs);
		if (answer.stateBefore !== 'review') return;
		this.#addToDeck(answer, sign, deckId ?? this.#deckOf(answer.cardId));
		if (answer.retrievability === null) return;
		const recallKey = slot * RECALL_KEYS + (recallBinOf(answer.retrievability) + 1) * 2 + (answer.rating > 1 ? 1 : 0);
		addChange(this.#recallChanges, recallKey, sign, sign * answer.retrievability);
	}

	/** Move a card's answers to review cards from one deck's counts to another's. */
	move(answers: readonly CountedAnswer[], fromDeckId: number, toDeckId: number): void {
		for (const answer of answers) {
			if (answer.stateBefore !== 'review') continue;
			this.#addToDeck(answer, -1, fromDeckId);
			this.#addToDeck(answer, 1, toDeckId);
		}
	}

	/** Forget the deck remembered for a card: it is about to move. */
	forgetDeckOf(cardId: string): void {
		this.#deckOfCard.delete(cardId);
	}

	#deckOf(cardId: string): number | undefined {
		if (!this.#deckOfCard.has(cardId)) this.#deckOfCard.set(cardId, this.#store.statement('SELECT deck_id FROM cards WHERE id = ?', 'values').get(cardId) as number | undefined);
		return this.#deckOfCard.get(cardId);
	}

	#addToDeck(answer: CountedAnswer, sign: 1 | -1, deckId: number | undefined): void {
		// Every answer's card is stored (a foreign key); a card that is not has no deck to count in.
		if (deckId === undefined) return;
		const key = `${Math.trunc(answer.reviewedAt / DAY_MS)}:${deckId}`;
		const mature = answer.scheduledDaysBefore >= 21 ? sign : 0;
		const passed = answer.rating > 1 ? sign : 0;
		const maturePassed = mature !== 0 && passed !== 0 ? sign : 0;
		const change = this.#deckChanges.get(key);
		if (change) {
			change.answers += sign;
			change.mature += mature;
			change.passed += passed;
			change.maturePassed += maturePassed;
		} else {
			this.#deckChanges.set(key, {answers: sign, mature, passed, maturePassed});
		}
	}

	writeTo(store: Store): void {
		if (this.#changes.size > 0) {
			const upsert = store.statement(
				`INSERT INTO answer_slots (slot, outcome, answers, ms) VALUES (?, ?, ?, ?)
				 ON CONFLICT (slot, outcome) DO UPDATE SET answers = answers + excluded.answers, ms = ms + excluded.ms`,
			);
			for (const [key, {answers, sum: ms}] of this.#changes) {
				if (answers === 0 && ms === 0) continue;
				const outcome = ((key % OUTCOMES) + OUTCOMES) % OUTCOMES;
				upsert.run((key - outcome) / OUTCOMES, outcome, answers, ms);
			}
			this.#changes.clear();
		}
		if (this.#recallChanges.size > 0) {
			const upsert = store.statement(
				`INSERT INTO recall_slots (slot, bin, passed, answers, predicted) VALUES (?, ?, ?, ?, ?)
				 ON CONFLICT (slot, bin, passed) DO UPDATE SET answers = answers + excluded.answers, predicted = predicted + excluded.predicted`,
			);
			for (const [key, {answers, sum: predicted}] of this.#recallChanges) {
				// A replay can move a prediction within its bin: no answer more or less, another sum.
				if (answers === 0 && predicted === 0) continue;
				const rest = ((key % RECALL_KEYS) + RECALL_KEYS) % RECALL_KEYS;
				upsert.run((key - rest) / RECALL_KEYS, (rest >> 1) - 1, rest & 1, answers, predicted);
			}
			this.#recallChanges.clear();
		}
		if (this.#deckChanges.size > 0) {
			const upsert = store.statement(
				`INSERT INTO deck_review_days (day, deck_id, answers, mature, passed, mature_passed) VALUES (?, ?, ?, ?, ?, ?)
				 ON CONFLICT (day, deck_id) DO UPDATE SET answers = answers + excluded.answers, mature = mature + excluded.mature,
					passed = passed + excluded.passed, mature_passed = mature_passed + excluded.mature_passed`,
			);
			for (const [key, {answers, mature, passed, maturePassed}] of this.#deckChanges) {
				if (answers === 0 && mature === 0 && passed === 0 && maturePassed === 0) continue;
				const [day, deckId] = key.split(':').map(Number);
				upsert.run(day, deckId, answers, mature, passed, maturePassed);
			}
			this.#deckChanges.clear();
		}
	}
}

const openTallies = new WeakMap<Store, Tally[]>();

/** Run `work`, a transaction's body, writing the answers it counted at its end. Store.transaction calls this. */
export function withAnswerCounts<T>(store: Store, work: () => T): T {
	let tallies = openTallies.get(store);
	if (!tallies) openTallies.set(store, (tallies = []));
	const tally = new Tally(store);
	tallies.push(tally);
	try {
		const result = work();
		tally.writeTo(store);
		return result;
	} finally {
		tallies.pop();
	}
}

/**
Count answers that were just stored not undone (sign 1), or that are about to stop counting:
undone, changed or removed (sign -1). `deckId` is the deck their card is in, when the caller has
just read it: otherwise it is looked up, once per card and transaction.
*/
export function countAnswers(store: Store, answers: Iterable<CountedAnswer>, sign: 1 | -1, deckId?: number): void {
	const open = openTallies.get(store)?.at(-1);
	const tally = open ?? new Tally(store);
	for (const answer of answers) tally.add(answer, sign, deckId);
	if (!open) tally.writeTo(store);
}

/**
Before a card moves from one deck to another: its answers to review cards leave the first deck's
counts for the second's. Call it before the card's row changes, in the same transaction.
*/
export function moveCountedAnswers(store: Store, cardId: string, fromDeckId: number, toDeckId: number): void {
	const tallies = openTallies.get(store) ?? [];
	// An open tally may remember the card in its old deck; it reads the new one when it next counts an answer.
	for (const tally of tallies) tally.forgetDeckOf(cardId);
	const answers = countedAnswersOfCard(store, cardId);
	if (answers.length === 0) return;
	const open = tallies.at(-1);
	const tally = open ?? new Tally(store);
	tally.move(answers, fromDeckId, toDeckId);
	if (!open) tally.writeTo(store);
}

/** A card's answers that count (not undone), for taking them out before their card's history is rewritten and back in after. */
export function countedAnswersOfCard(store: Store, cardId: string): CountedAnswer[] {
	const rows = store.statement(`SELECT ${COUNTED_COLUMNS} FROM reviews WHERE card_id = ? AND undone_at IS NULL`, 'arrays').all(cardId) as CountedRow[];
	return rows.map(countedOfRow);
}

/** One stored answer as it counts, undefined when it does not (undone, or not there). */
export function countedAnswer(store: Store, reviewId: string): CountedAnswer | undefined {
	const row = store.statement(`SELECT ${COUNTED_COLUMNS} FROM reviews WHERE id = ? AND undone_at IS NULL`, 'arrays').get(reviewId) as CountedRow | undefined;
	return row && countedOfRow(row);
}

type CountedRow = [string, number, number, string, number, number, number | null];

function countedOfRow([cardId, reviewedAt, durationMs, stateBefore, scheduledDaysBefore, rating, retrievability]: CountedRow): CountedAnswer {
	return {cardId, reviewedAt, durationMs, stateBefore, scheduledDaysBefore, rating, retrievability};
}

/**
How many counts differ from counting the answers again: 0 when both tables are right. Predicted
recall is summed in another order by a recount, so it agrees to a millionth of an answer.
*/
export function answerSlotMismatches(store: Store): number {
	const slots = store.statement(differingKeys(RECOUNTED, 'SELECT slot, outcome, answers, ms FROM answer_slots WHERE answers != 0 OR ms != 0', 'slot, outcome'), 'values').get() as number;
	const recall = store
		.statement(
			`WITH recounted AS (${RECALL_RECOUNTED}), kept AS (SELECT slot, bin, passed, answers, predicted FROM recall_slots WHERE answers != 0)
			SELECT count(*) FROM recounted FULL JOIN kept USING (slot, bin, passed)
			WHERE recounted.answers IS NOT kept.answers OR abs(coalesce(recounted.predicted, 0) - coalesce(kept.predicted, 0)) > 1e-6`,
			'values',
		)
		.get() as number;
	const decks = store
		.statement(
			differingKeys(DECK_RECOUNTED, 'SELECT day, deck_id, answers, mature, passed, mature_passed FROM deck_review_days WHERE answers != 0 OR mature != 0 OR passed != 0 OR mature_passed != 0', 'day, deck_id'),
			'values',
		)
		.get() as number;
	return slots + recall + decks;
}

/** How many keys have rows that differ between what a table keeps and a recount of it, either way. */
function differingKeys(recounted: string, kept: string, key: string): string {
	return `WITH recounted AS (${recounted}), kept AS (${kept})
		SELECT count(*) FROM (
			SELECT ${key} FROM (SELECT * FROM recounted EXCEPT SELECT * FROM kept)
			UNION SELECT ${key} FROM (SELECT * FROM kept EXCEPT SELECT * FROM recounted)
		)`;
}

/** The statements that count every answer again into answer_slots, recall_slots and deck_review_days, in order. */
export const RECOUNT_STATEMENTS: readonly string[] = [
	'DELETE FROM answer_slots',
	`INSERT INTO answer_slots (slot, outcome, answers, ms) ${RECOUNTED}`,
	'DELETE FROM recall_slots',
	`INSERT INTO recall_slots (slot, bin, passed, answers, predicted) ${RECALL_RECOUNTED}`,
	'DELETE FROM deck_review_days',
	`INSERT INTO deck_review_days (day, deck_id, answers, mature, passed, mature_passed) ${DECK_RECOUNTED}`,
];

/** Count every answer again (`fluency doctor --repair`). */
export function recountAnswerSlots(store: Store): void {
	store.transaction(() => {
		for (const sql of RECOUNT_STATEMENTS) store.statement(sql).run();
	});
}
