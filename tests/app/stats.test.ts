import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/deck-files.js';
import {collectStats, type Stats} from '../../src/app/stats.js';
import {syncDecks} from '../../src/app/sync-decks.js';
import {statsLines} from '../../src/cli/stats-view.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';

const DAY = 86_400_000;
const now = Date.parse('2026-11-24T12:00:00Z');
let store: Store;
let stats: Stats;

/*
The hand-made log (UTC, days start at 04:00), all at noon:

	review  when        card state   rating  interval before  predicted recall  seconds
	r1      today       new          Good    -                -                 60
	r2      today       review       Again   10 (young)       0.85              30
	r3      yesterday   review       Good    30 (mature)      0.92              10
	r4      2 days ago  review       Good    5 (young)        0.95              10
	r5      10 days ago review       Again   40 (mature)      0.75              10
	r6      40 days ago review       Easy    3 (young)        0.97              10
	(an undone Good today, which counts nowhere)
*/
beforeAll(() => {
	const root = mkdtempSync(join(tmpdir(), 'fluency-stats-'));
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'a.md'), 'Q: one?\nA: 1\n\nQ: two?\nA: 2\n');
	writeFileSync(join(root, 'decks', 'b.md'), 'Q: three?\nA: 3\n');
	store = Store.open(join(root, 'fluency.db'));
	syncDecks(store, findDeckFiles([join(root, 'decks')], root).files, now);
	const [one, two, three] = activeCards(store);
	const insert = store.db.prepare(
		`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
			elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, card_before, undone_at)
		 VALUES (?, ?, 'd', ?, ?, ?, ?, 5, 5, ?, 1, ?, 'review', 5, 5, 5, 0, '{}', ?)`,
	);
	const rows: Array<[string, string, number, number, number, string, number, number | null, number | null]> = [
		['r1', one!.id, now, 3, 60_000, 'new', 0, null, null],
		['r2', one!.id, now + 1, 1, 30_000, 'review', 10, 0.85, null],
		['r3', two!.id, now - DAY, 3, 10_000, 'review', 30, 0.92, null],
		['r4', two!.id, now - 2 * DAY, 3, 10_000, 'review', 5, 0.95, null],
		['r5', three!.id, now - 10 * DAY, 1, 10_000, 'review', 40, 0.75, null],
		['r6', three!.id, now - 40 * DAY, 4, 10_000, 'review', 3, 0.97, null],
		['r7', three!.id, now + 2, 3, 10_000, 'review', 3, 0.9, now + 3],
	];
	for (const row of rows) insert.run(...row);
	// Card states for the forecast and the counts: one due today, one in 3 days, one new.
	store.db.prepare("UPDATE cards SET state = 'review', due = ?, stability = 12, difficulty = 5, last_review = ? WHERE id = ?").run(now + 3600_000, now - 5 * DAY, one!.id);
	store.db.prepare("UPDATE cards SET state = 'relearning', due = ?, stability = 0.5, difficulty = 9, last_review = ? WHERE id = ?").run(now + 3 * DAY, now - DAY, two!.id);
	stats = collectStats(store, {selection: {decks: [], tags: []}, now, dayStartHour: 4, utcOffset: () => 0});
});
afterAll(() => store.close());

describe('retention statistics on a hand-made log', () => {
	it('counts today, and the current and longest streak', () => {
		expect(stats.today).toEqual({reviews: 2, again: 1, newCards: 1, minutes: 1.5});
		// Reviews today, yesterday and the day before: 3 days; the days 10 and 40 ago stand alone.
		expect(stats.streaks).toEqual({current: 3, longest: 3});
		expect(stats.reviews).toBe(6);
	});

	it('computes true retention by period, young and mature', () => {
		// 7 days: r2 (young, Again), r3 (mature, Good), r4 (young, Good).
		expect(stats.retention.last7).toEqual({young: 1 / 2, mature: 1, all: 2 / 3, count: 3});
		// 30 days adds r5 (mature, Again).
		expect(stats.retention.last30).toEqual({young: 1 / 2, mature: 1 / 2, all: 2 / 4, count: 4});
		// 365 days adds r6 (young, Easy).
		expect(stats.retention.last365).toEqual({young: 2 / 3, mature: 1 / 2, all: 3 / 5, count: 5});
	});

	it('computes retention per deck', () => {
		// Deck a: r2 Again, r3 Good, r4 Good; deck b: r5 Again, r6 Easy.
		expect(stats.retention.byDeck.map((deck) => [deck.deck, deck.last365.all])).toEqual([
			['a', 2 / 3],
			['b', 1 / 2],
		]);
	});

	it('compares predicted recall with what happened, per bin', () => {
		const {rows, rmse} = stats.calibration;
		expect(rows.map((row) => [row.from, row.count, row.actual])).toEqual([
			[0.7, 1, 0],
			[0.8, 1, 0],
			[0.9, 3, 1],
		]);
		expect(rows[2]!.predicted).toBeCloseTo((0.92 + 0.95 + 0.97) / 3, 10);
		// sqrt((0.75² + 0.85² + 3 × (1 − 0.946667)²) / 5)
		expect(rmse).toBeCloseTo(0.508632, 5);
	});

	it('forecasts the due cards and counts cards by state', () => {
		expect(stats.forecast.slice(0, 5)).toEqual([1, 0, 0, 1, 0]);
		expect(stats.forecast).toHaveLength(30);
		expect(stats.cards).toEqual({new: 1, learning: 0, review: 1, relearning: 1, suspended: 0, retired: 0});
		expect(stats.distributions.stability.counts).toEqual([1, 0, 1, 0, 0, 0]);
		expect(stats.distributions.difficulty.counts).toEqual([0, 0, 1, 0, 1]);
	});

	it('lays a year of reviews out in Monday-first weeks, and counts by hour', () => {
		// 2026-11-24 is a Tuesday: the last week has Monday (yesterday) and Tuesday filled in.
		const lastWeek = stats.heatmap.at(-1)!;
		expect(lastWeek).toEqual([1, 2, null, null, null, null, null]);
		expect(stats.heatmap).toHaveLength(53);
		expect(stats.byHour[12]).toEqual({hour: 12, reviews: 6, retention: 3 / 5});
		expect(stats.byHour[11]).toEqual({hour: 11, reviews: 0, retention: null});
	});

	it('draws within 80 columns, readable without colour', () => {
		const lines = statsLines(stats, 0.9);
		expect(lines.every((line) => [...line].length <= 80)).toBe(true);
		expect(lines.join('\n')).toMatchSnapshot();
	});

	it('narrows to a deck and to a period', () => {
		const deckB = collectStats(store, {selection: {decks: ['b'], tags: []}, now, dayStartHour: 4, utcOffset: () => 0});
		expect(deckB.retention.last365).toEqual({young: 1, mature: 0, all: 1 / 2, count: 2});
		const lastWeek = collectStats(store, {selection: {decks: [], tags: []}, now, since: now - 7 * DAY, dayStartHour: 4, utcOffset: () => 0});
		expect(lastWeek.reviews).toBe(4);
		expect(lastWeek.retention.last365.count).toBe(3);
	});
});
