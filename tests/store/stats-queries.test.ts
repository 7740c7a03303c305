import {join} from 'node:path';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../src/store/database.js';
import {recountAnswerSlots} from '../../src/store/stats/answer-slots.js';
import {cardRecords, StatsQueries} from '../../src/store/stats/stats-queries.js';
import {makeTempDir} from '../helpers/temp.js';

let store: Store;
const at = (text: string) => Date.parse(`${text}:00Z`);

beforeEach(() => {
	store = Store.open(join(makeTempDir('fluency-stats-store-'), 'fluency.db'));
	store.db.exec(`INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'a', 'a.md', 'A', 0), (2, 'b', 'b.md', 'B', 0)`);
	// Each deck's one block of lines has the deck's id.
	store.db.exec('INSERT INTO line_blocks (id, deck_id, first_line) VALUES (1, 1, 0), (2, 2, 0)');
	const card = store.db.prepare(
		`INSERT INTO cards (id, deck_id, kind, ordinal, line_block, line_in_block, source, prompt, answer, identity_key, note_key, content_hash, tags, created_at, updated_at, retired_at)
		 VALUES (?, ?, 'basic', 0, ?, 1, '', '', '', ?, ?, '', ?, 0, 0, ?)`,
	);
	card.run('card-a', 1, 1, 'ka', 'ka', '["x"]', null);
	card.run('card-b', 2, 2, 'kb', 'kb', '[]', null);
	card.run('card-old', 2, 2, 'kc', 'kc', '[]', 5);
	const review = store.db.prepare(
		`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
			elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, undone_at)
		 VALUES (?, ?, 'd', ?, ?, 1000, ?, 5, 5, ?, 1, ?, 'review', 5, 5, 5, 0, ?)`,
	);
	// 10:20 UTC is quarter 41 of the day; 23:50 is quarter 95.
	review.run('r1', 'card-a', at('2026-11-24T10:20'), 3, 'review', 4, 0.9, null);
	review.run('r2', 'card-a', at('2026-11-24T10:25'), 1, 'review', 30, 0.8, null);
	review.run('r3', 'card-b', at('2026-11-23T23:50'), 2, 'review', 21, 0.97, null);
	review.run('r4', 'card-b', at('2026-11-23T23:55'), 3, 'learning', 0, 0.99, null);
	review.run('r5', 'card-b', at('2026-11-24T10:21'), 3, 'review', 4, 0.9, at('2026-11-24T10:22'));
	// Written here row by row, not by the store's writers, so counted as `fluency doctor --repair` counts them.
	recountAnswerSlots(store);
});
afterEach(() => store.close());

describe('the statistics queries', () => {
	it('count answers by quarter of the UTC day and outcome, without undone ones', () => {
		const counts = new StatsQueries(store).quarterCounts(at('2026-11-23T00:00'));
		// r1 young Good and r2 mature Again at 10:20-10:25 (r5 was undone); r4 learning and r3 mature Hard at 23:50-23:55.
		expect(counts[41]).toEqual([0, 0, 1, 1, 0]);
		expect(counts[95]).toEqual([1, 0, 0, 0, 1]);
		expect(counts.flat().reduce((sum, count) => sum + count, 0)).toBe(4);
		// A stretch that ends before 10:25 leaves r2 out.
		expect(new StatsQueries(store).quarterCounts(at('2026-11-24T00:00'), at('2026-11-24T10:25'))[41]).toEqual([0, 0, 1, 0, 0]);
	});

	it('count answers and time between boundaries, and today in detail', () => {
		const queries = new StatsQueries(store);
		expect(queries.answersBetween([at('2026-11-23T00:00'), at('2026-11-24T00:00'), at('2026-11-25T00:00')])).toEqual([
			{answers: 2, ms: 2000},
			{answers: 2, ms: 2000},
		]);
		expect(queries.answersOn(at('2026-11-24T00:00'), at('2026-11-25T00:00'))).toEqual({answers: 2, again: 1, newCards: 0, ms: 2000});
		expect([queries.firstAnswerAt(), queries.lastAnswerAt()]).toEqual([at('2026-11-23T23:50'), at('2026-11-24T10:25')]);
	});

	it('bin predicted recall with the outcome, the top bin holding 1', () => {
		const bins = new StatsQueries(store).recallCounts([0, 0.85, 0.95, 1], 0);
		// r2 (0.8, Again); r1 (0.9, Good); r3 (0.97, Hard). r4 was a learning answer.
		expect(bins).toEqual([
			{from: 0, to: 0.85, answers: 1, predictedSum: 0.8, recalled: 0},
			{from: 0.85, to: 0.95, answers: 1, predictedSum: 0.9, recalled: 1},
			{from: 0.95, to: 1, answers: 1, predictedSum: 0.97, recalled: 1},
		]);
	});

	it('narrow every count to the chosen cards', () => {
		const queries = new StatsQueries(store, ['card-b']);
		expect(queries.quarterCounts(0).flat().reduce((sum, count) => sum + count, 0)).toBe(2);
		expect(queries.deckOutcomes(0)).toEqual([{deck: 'b', counts: [0, 0, 0, 0, 1]}]);
		expect(new StatsQueries(store).deckOutcomes(0)).toEqual([
			{deck: 'a', counts: [0, 0, 1, 1, 0]},
			{deck: 'b', counts: [0, 0, 0, 0, 1]},
		]);
		expect(queries.answersOn(0, at('2026-12-01T00:00')).answers).toBe(2);
	});

	it('read cards with their deck, tags and whether they are retired', () => {
		expect(cardRecords(store).map((card) => [card.id, card.deck, card.tags, card.retired])).toEqual([
			['card-a', 'a', ['x'], false],
			['card-b', 'b', [], false],
			['card-old', 'b', [], true],
		]);
	});

	it('read only covering indexes, never a review row', () => {
		// Every query a million answers go through, as the statistics run them (see migration 4).
		const queries = new StatsQueries(store, ['card-a']);
		const plans: string[] = [];
		const explain = store.db.prepare.bind(store.db);
		store.db.prepare = ((sql: string) => {
			if (/FROM (reviews|answer_slots|recall_slots|deck_review_days)|JOIN reviews/.test(sql) && !sql.startsWith('EXPLAIN')) {
				plans.push((explain(`EXPLAIN QUERY PLAN ${sql}`).all(...placeholders(sql)) as Array<{detail: string}>).map((row) => row.detail).join('; '));
			}
			return explain(sql);
		}) as typeof store.db.prepare;
		try {
			for (const scoped of [new StatsQueries(store), queries]) {
				scoped.answersBetween([0, 1]);
				scoped.quarterCounts(0);
				scoped.recallCounts([0, 1], 0);
				scoped.deckOutcomes(0);
			}
		} finally {
			store.db.prepare = explain;
		}
		// Over every answer, the counts between quarter hours read answer_slots and recall_slots: one range of a key each.
		expect(plans).toHaveLength(8);
		const slots = plans.filter((plan) => /answer_slots|recall_slots/.test(plan));
		expect(slots).toEqual(['SEARCH answer_slots USING PRIMARY KEY (slot>? AND slot<?); USE TEMP B-TREE FOR GROUP BY', 'SEARCH recall_slots USING PRIMARY KEY (slot>?); USE TEMP B-TREE FOR GROUP BY']);
		// Retention by deck over every answer: deck_review_days from the first whole day, and the answers of the hours before it, found by time in an index that holds what is counted of them (migration 18).
		const byDay = plans.filter((plan) => /deck_review_days/.test(plan));
		expect(byDay).toHaveLength(1);
		expect(byDay[0]).toMatch(/SEARCH deck_review_days USING PRIMARY KEY \(day>\?\)/);
		expect(byDay[0]).toMatch(/SEARCH reviews USING COVERING INDEX reviews_stats_by_time \(reviewed_at>\? AND reviewed_at<\?\)/);
		for (const plan of plans.filter((plan) => !slots.includes(plan) && !byDay.includes(plan))) {
			const reviews = plan.split('; ').filter((step) => / reviews /.test(step));
			expect(reviews, plan).toHaveLength(1);
			expect(reviews[0], plan).toMatch(/USING COVERING INDEX reviews_stats_by_/);
		}
	});
});

describe('the counts between quarter hours, over every answer', () => {
	const QUARTER = 900_000;
	const base = at('2026-11-20T00:00');
	const answerArbitrary = fc.record({
		card: fc.nat(2),
		minute: fc.nat(3 * 1440),
		rating: fc.integer({min: 1, max: 4}),
		state: fc.constantFrom('new', 'learning', 'review', 'relearning'),
		interval: fc.nat(40),
		ms: fc.nat(60_000),
		undone: fc.boolean(),
		// The edges of the bins themselves among them, where a bin's counting could slip.
		retrievability: fc.option(fc.oneof(fc.constantFrom(0, 0.05, 0.5, 0.85, 0.9, 0.95, 1), fc.double({min: 0, max: 1, noNaN: true}))),
	});

	it('are what counting the answers themselves gives', () => {
		const insert = store.db.prepare(
			`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
				elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, undone_at)
			 VALUES (?, ?, 'd', ?, ?, ?, ?, 5, 5, ?, 1, ?, 'review', 5, 5, 5, 0, ?)`,
		);
		fc.assert(
			fc.property(fc.array(answerArbitrary, {maxLength: 30}), fc.uniqueArray(fc.nat(4 * 96), {minLength: 2, maxLength: 6}), fc.nat(5 * 1440), (answers, quarters, fromMinute) => {
				store.db.exec('DELETE FROM reviews');
				answers.forEach((answer, index) =>
					insert.run(`p${index}`, ['card-a', 'card-b', 'card-old'][answer.card], base + answer.minute * 60_000 + (index % 60) * 1000, answer.rating, answer.ms, answer.state, answer.interval, answer.retrievability, answer.undone ? base : null),
				);
				recountAnswerSlots(store);
				const cuts = quarters.sort((a, b) => a - b).map((quarter) => base - 96 * QUARTER + quarter * QUARTER);
				const everything = new StatsQueries(store);
				// The same counts read answer by answer: every card chosen.
				const eachAnswer = new StatsQueries(store, ['card-a', 'card-b', 'card-old']);
				expect(everything.answersBetween(cuts)).toEqual(eachAnswer.answersBetween(cuts));
				expect(everything.quarterCounts(cuts[0]!, cuts[1])).toEqual(eachAnswer.quarterCounts(cuts[0]!, cuts[1]));
				expect(everything.quarterCounts(cuts.at(-1)!)).toEqual(eachAnswer.quarterCounts(cuts.at(-1)!));
				// The statistics' calibration edges, from a cut on: each sum of predictions in another order.
				const edges = [0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1];
				expect(everything.recallCounts(edges, cuts[0]!)).toEqual(eachAnswer.recallCounts(edges, cuts[0]!).map((bin) => ({...bin, predictedSum: expect.closeTo(bin.predictedSum, 9)})));
				// Retention by deck from any moment, a day's edge or not: whole days counted per day and deck, the hours before them answer by answer.
				for (const from of [cuts[0]!, cuts.at(-1)!, base - 86_400_000 + fromMinute * 60_000 + 7, base, 0]) {
					expect(everything.deckOutcomes(from), String(from)).toEqual(eachAnswer.deckOutcomes(from));
				}
			}),
			{numRuns: 100},
		);
	});
});

/** Stand-in values for a statement's parameters, for EXPLAIN. */
function placeholders(sql: string): number[] {
	return Array.from(sql.matchAll(/\?/g), () => 0);
}
