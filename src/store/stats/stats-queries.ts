/*
The counts behind `fluency stats`. A million answers never become a million JavaScript objects:
each figure counts index ranges in SQL (migration 4 builds one index per figure, holding every
column its query reads), and the caller passes the time boundaries, so study days and local
hours follow the user's time zone exactly, daylight saving included.

The expressions of the by-hour, recall and per-card queries repeat those of their indexes word
for word: SQLite reads an indexed expression only when the query spells it the same way.

Over every answer, counts between quarter-hour boundaries come from answer_slots (migration 10),
kept per quarter hour and outcome as answers are written: a year of stretches is a few thousand rows.
Retention by deck comes likewise from deck_review_days (migration 14), a row per deck and day.
*/
import {EARLIEST_EVENT_TIME} from '../../core/sync/event-log.js';
import type {CardStanding} from '../../core/stats/cards.js';
import type {CalibrationCounts, OutcomeCounts} from '../../core/stats/figures.js';
import type {CardState} from '../../core/scheduling/scheduler.js';
import type {Store} from '../database.js';
import {storedJson} from '../database.js';
import {deckNamesById} from '../decks.js';
import {OUTCOME, RECALL_BIN_EDGES} from './answer-slots.js';

const QUARTER_OF_DAY = '(reviewed_at / 900000) % 96';
const QUARTERS = 96;
const QUARTER_MS = 900_000;
const DAY_MS = 86_400_000;
const OUTCOME_COUNT = 5;
/** Above any timestamp: answers stamped in the future by a clock running ahead still count. */
const END_OF_TIME = Number.MAX_SAFE_INTEGER;

export type TodayAnswers = {readonly answers: number; readonly again: number; readonly newCards: number; readonly ms: number};

export type CardRecord = CardStanding & {readonly id: string; readonly tags: readonly string[]};

/** A deck's answers to review cards: its id, how many, how many mature, passed, and mature and passed. */
type DeckCountRow = [number, number, number, number, number];

/**
The statistics queries over every answer, or over the answers to some cards only. The chosen card
ids go into a temporary table of this connection, which each query joins by primary key.
*/
export class StatsQueries {
	readonly #store: Store;
	/** A condition on reviews.card_id, and the table of the chosen cards. */
	readonly #scope: string;

	constructor(store: Store, cardIds?: readonly string[]) {
		this.#store = store;
		// `+card_id`: SQLite would otherwise seek the chosen cards through reviews_by_card and read
		// every answer's row; walking the statistics index and checking each card costs at most as
		// much as the statistics of every card.
		this.#scope = cardIds ? ' AND +card_id IN temp.stats_cards' : '';
		if (cardIds) {
			store.db.exec('CREATE TEMP TABLE IF NOT EXISTS stats_cards (id TEXT PRIMARY KEY) WITHOUT ROWID');
			// A plain (deferred) transaction: it writes only the temporary table, so it takes no lock on the database.
			store.db.transaction(() => {
				store.db.prepare('DELETE FROM temp.stats_cards').run();
				const insert = store.db.prepare('INSERT OR IGNORE INTO temp.stats_cards (id) VALUES (?)');
				for (const id of cardIds) insert.run(id);
			})();
		}
	}

	/** When the first answer was given; undefined when there is none. */
	firstAnswerAt(): number | undefined {
		// An impossible date (a forged line an older fluency stored; `fluency doctor --repair` removes it) must not stretch the history back to year -271821.
		const first = this.#store.statement(`SELECT min(reviewed_at) FROM reviews WHERE undone_at IS NULL AND reviewed_at >= ${EARLIEST_EVENT_TIME}${this.#scope}`, 'values').get() as number | null;
		return first ?? undefined;
	}

	/** When the last answer was given; undefined when there is none. */
	lastAnswerAt(): number | undefined {
		const last = this.#store.statement(`SELECT max(reviewed_at) FROM reviews WHERE undone_at IS NULL AND reviewed_at BETWEEN ${EARLIEST_EVENT_TIME} AND 8.64e15${this.#scope}`, 'values').get() as number | null;
		return last ?? undefined;
	}

	/** Answers and milliseconds spent between each boundary and the next. */
	answersBetween(boundaries: readonly number[]): Array<{answers: number; ms: number}> {
		const bySlots = this.#countsBySlot(boundaries);
		const statement = bySlots
			? this.#store.statement('SELECT coalesce(sum(answers), 0), coalesce(sum(ms), 0) FROM answer_slots WHERE slot >= ? AND slot < ?', 'arrays')
			: this.#store.statement(`SELECT count(*), coalesce(sum(duration_ms), 0) FROM reviews WHERE undone_at IS NULL AND reviewed_at >= ? AND reviewed_at < ?${this.#scope}`, 'arrays');
		const bound = (at: number) => (bySlots ? slotOf(at) : at);
		const totals: Array<{answers: number; ms: number}> = [];
		for (let index = 0; index + 1 < boundaries.length; index++) {
			const [answers, ms] = statement.get(bound(boundaries[index]!), bound(boundaries[index + 1]!)) as [number, number];
			totals.push({answers, ms});
		}
		return totals;
	}

	/** True when counts between these moments can come from answer_slots: every answer counts, and each moment starts a quarter hour. */
	#countsBySlot(moments: readonly number[]): boolean {
		return this.#scope === '' && moments.every((at) => at === END_OF_TIME || (Number.isSafeInteger(at) && at >= 0 && at % QUARTER_MS === 0));
	}

	/** Today's answers in detail (a few hundred rows, read from the table). */
	answersOn(start: number, end: number): TodayAnswers {
		const [answers, again, newCards, ms] = this.#store
			.statement(
				`SELECT count(*), coalesce(sum(rating = 1), 0), coalesce(sum(state_before = 'new'), 0), coalesce(sum(duration_ms), 0)
				 FROM reviews WHERE undone_at IS NULL AND reviewed_at >= ? AND reviewed_at < ?${this.#scope}`,
				'arrays',
			)
			.get(start, end) as [number, number, number, number];
		return {answers, again, newCards, ms};
	}

	/**
	Answers from `start` until `end` counted by quarter of the UTC day and outcome: counts[quarter][outcome].
	From answer_slots, one range of quarter hours; for chosen cards, or a stretch not cut at a
	quarter hour, each count is one index range: the answers in the stretch plus 480 seeks.
	*/
	quarterCounts(start: number, end: number = END_OF_TIME): OutcomeCounts[] {
		if (this.#countsBySlot([start, end])) {
			const counts = Array.from({length: QUARTERS}, () => Array.from({length: OUTCOME_COUNT}, () => 0));
			const rows = this.#store
				.statement('SELECT slot % 96, outcome, sum(answers) FROM answer_slots WHERE slot >= ? AND slot < ? GROUP BY 1, 2', 'arrays')
				.all(slotOf(start), slotOf(end)) as Array<[number, number, number]>;
			for (const [quarter, outcome, answers] of rows) counts[quarter]![outcome] = answers;
			return counts;
		}
		const statement = this.#store
			.statement(`SELECT count(*) FROM reviews WHERE undone_at IS NULL AND ${QUARTER_OF_DAY} = ? AND ${OUTCOME} = ? AND reviewed_at >= ? AND reviewed_at < ?${this.#scope}`, 'values');
		return Array.from({length: QUARTERS}, (_, quarter) => Array.from({length: OUTCOME_COUNT}, (_, outcome) => statement.get(quarter, outcome, start, end) as number));
	}

	/** Answers to review cards since `from`, by predicted recall between consecutive edges, with their outcome. */
	recallCounts(edges: readonly number[], from: number): CalibrationCounts[] {
		// recall_slots's bins are twentieths: any edge among theirs is counted from it.
		const binEdges: readonly number[] = RECALL_BIN_EDGES;
		if (this.#countsBySlot([from]) && edges.every((edge) => binEdges.includes(edge))) return this.#recallCountsBySlot(edges, from);
		const statement = this.#store
			.statement(
				`SELECT count(*), coalesce(sum(retrievability), 0) FROM reviews
				 WHERE undone_at IS NULL AND state_before = 'review' AND retrievability IS NOT NULL
				 AND rating > 1 = ? AND retrievability >= ? AND retrievability < ? AND reviewed_at >= ?${this.#scope}`,
				'arrays',
			);
		return edges.slice(0, -1).map((low, index) => {
			const high = edges[index + 1]!;
			// The top edge is 1: a prediction of exactly 1 belongs to the last bin.
			const upper = index === edges.length - 2 ? high + 1 : high;
			const [forgotten, forgottenSum] = statement.get(0, low, upper, from) as [number, number];
			const [recalled, recalledSum] = statement.get(1, low, upper, from) as [number, number];
			return {from: low, to: high, answers: forgotten + recalled, predictedSum: forgottenSum + recalledSum, recalled};
		});
	}

	#recallCountsBySlot(edges: readonly number[], from: number): CalibrationCounts[] {
		const rows = this.#store
			.statement('SELECT bin, passed, sum(answers), sum(predicted) FROM recall_slots WHERE slot >= ? GROUP BY 1, 2', 'arrays')
			.all(slotOf(from)) as Array<[number, number, number, number]>;
		const binOf = (edge: number) => RECALL_BIN_EDGES.indexOf(edge as (typeof RECALL_BIN_EDGES)[number]);
		return edges.slice(0, -1).map((low, index) => {
			const high = edges[index + 1]!;
			// The top edge is 1: a prediction of exactly 1 belongs to the last bin, as in the query above (below 2).
			const upper = index === edges.length - 2 ? binOf(2) : binOf(high);
			let answers = 0;
			let predictedSum = 0;
			let recalled = 0;
			for (const [bin, passed, count, predicted] of rows) {
				if (bin < binOf(low) || bin >= upper) continue;
				answers += count;
				predictedSum += predicted;
				if (passed === 1) recalled += count;
			}
			return {from: low, to: high, answers, predictedSum, recalled};
		});
	}

	/** The answers in review state since `from` to each deck's cards (the deck a card is in now), by outcome (OUTCOMES order). */
	deckOutcomes(from: number): Array<{deck: string; counts: OutcomeCounts}> {
		const names = deckNamesById(this.#store);
		const rows = this.#scope === '' && from >= 0 ? this.#deckCountsByDay(from) : this.#deckCountsByCard(from);
		return rows.map(([deckId, answers, mature, passed, maturePassed]) => ({
			deck: names.get(deckId) ?? '?',
			counts: [0, answers - mature - (passed - maturePassed), passed - maturePassed, mature - maturePassed, maturePassed],
		}));
	}

	/**
	Over every card: the whole UTC days from `from` on from deck_review_days (migration 14), a row
	per deck and day; the hours of `from`'s day before midnight from the answers themselves.
	*/
	#deckCountsByDay(from: number): DeckCountRow[] {
		const firstWholeDay = Math.ceil(from / DAY_MS);
		return this.#store
			.statement(
				`SELECT deck_id, sum(answers), sum(mature), sum(passed), sum(mature_passed) FROM (
					SELECT deck_id, answers, mature, passed, mature_passed FROM deck_review_days WHERE day >= ?
					UNION ALL
					SELECT cards.deck_id, 1, reviews.scheduled_days_before >= 21, reviews.rating > 1, reviews.scheduled_days_before >= 21 AND reviews.rating > 1
					FROM reviews JOIN cards ON cards.id = reviews.card_id
					WHERE reviews.reviewed_at >= ? AND reviews.reviewed_at < ? AND reviews.undone_at IS NULL AND reviews.state_before = 'review'
				 ) GROUP BY deck_id HAVING sum(answers) > 0`,
				'arrays',
			)
			.all(firstWholeDay, from, firstWholeDay * DAY_MS) as DeckCountRow[];
	}

	#deckCountsByCard(from: number): DeckCountRow[] {
		// Card by card in id order, each one's recent answers found by a seek into an index in the same
		// order (migration 11): only answers since `from` are read. Grouped by card, which the scan's
		// order gives for free, then by deck over a row per card.
		const chosen = this.#scope === '' ? 'cards AS chosen INDEXED BY cards_deck_by_id' : 'temp.stats_cards AS picked CROSS JOIN cards AS chosen INDEXED BY cards_deck_by_id ON chosen.id = picked.id';
		return this.#store
			.statement(
				`SELECT deck_id, sum(answers), sum(mature), sum(passed), sum(mature_passed) FROM (
					SELECT chosen.deck_id AS deck_id, count(*) AS answers, sum(reviews.scheduled_days_before >= 21) AS mature, sum(reviews.rating > 1) AS passed,
						sum(reviews.scheduled_days_before >= 21 AND reviews.rating > 1) AS mature_passed
					FROM ${chosen} CROSS JOIN reviews ON reviews.card_id = chosen.id
					WHERE reviews.undone_at IS NULL AND reviews.state_before = 'review' AND reviews.reviewed_at >= ? GROUP BY chosen.id
				 ) GROUP BY deck_id`,
				'arrays',
			)
			.all(from) as DeckCountRow[];
	}
}

/** The quarter hour since the epoch holding `at`, as answer_slots numbers them; past every slot for END_OF_TIME. */
function slotOf(at: number): number {
	return at === END_OF_TIME ? at : at / QUARTER_MS;
}

/** Every card, retired ones included, with what the statistics need to select and describe it. */
export function cardRecords(store: Store): CardRecord[] {
	type Row = [string, string, string, CardState, number | null, number, number, number | null, number, number | null, number, number];
	const tagLists = new Map<string, readonly string[]>();
	const rows = store
		.statement(
			`SELECT cards.id, decks.name, cards.tags, cards.state, cards.due, cards.stability, cards.difficulty, cards.last_review,
				cards.suspended, cards.buried_until, cards.retired_at IS NOT NULL, cards.db_tags != '[]' AND EXISTS (SELECT 1 FROM json_each(cards.db_tags) WHERE value = 'leech')
			 FROM cards JOIN decks ON decks.id = cards.deck_id`,
			'arrays',
		)
		.all() as Row[];
	return rows.map(([id, deck, tags, state, due, stability, difficulty, lastReview, suspended, buriedUntil, retired, leech]) => {
		let tagList = tagLists.get(tags);
		if (!tagList) tagLists.set(tags, (tagList = storedJson<string[]>(tags, 'the tags of a card')));
		return {id, deck, tags: tagList, state, due, stability, difficulty, lastReview, suspended: suspended === 1, buriedUntil, retired: retired === 1, leech: leech === 1};
	});
}
