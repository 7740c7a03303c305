import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {collectStats, type StatsOptions} from '../../src/app/stats/stats.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {noAnswersLine, statsLines} from '../../src/cli/stats/stats-view.js';
import {loadTextWidth} from '../../src/cli/text-width.js';
import {Store} from '../../src/store/database.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowsOf} from '../../src/store/inspect.js';
import {insertReviews, setCardMemory} from '../helpers/raw-database.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse('2026-11-24T12:00:00Z');
let store: Store;
const ids: Record<string, string> = {};
/** Paris in winter, +01:00: study days start at 04:00 local, 03:00 UTC. */
const options: StatsOptions = {selection: {decks: [], tags: []}, now, dayStartHour: 4, utcOffset: () => 60, desiredRetention: 0.9};

/*
The hand-made log. Local time is UTC + 1; the study day 2026-11-24 runs from 03:00 UTC that day.

	answer  card   at (UTC)          study day   local hour  state before  rating  interval before  predicted  seconds
	r1      one    2026-11-24 08:00  11-24       9           new           Good    -                -          60
	r2      one    2026-11-24 08:10  11-24       9           learning      Good    -                -          20
	r3      two    2026-11-24 02:30  11-23       3           review        Again   10 (young)       0.85       30
	r4      two    2026-11-22 18:00  11-22       19          review        Good    30 (mature)      0.92       10
	r5      three  2026-11-20 09:00  11-20       10          review        Good    5 (young)        0.95       10
	r6      three  2026-11-05 09:00  11-05       10          review        Again   40 (mature)      0.75       10
	r7      three  2025-12-10 09:00  2025-12-10  10          review        Easy    3 (young)        0.97       10
	r8      one    2024-06-01 09:00  2024-06-01  10          review        Hard    25 (mature)      0.88       10
	r9      two    2026-11-24 09:00  (undone: counts nowhere)

Cards one and two are in deck a, three and four in deck b, five in deck c (deleted, so retired).
*/
// The view measures its charts' block characters, as the stats command does once it has loaded the measures.
beforeAll(() => loadTextWidth());

beforeAll(() => {
	const root = makeTempDir('fluency-stats-');
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'a.md'), 'Q: one?\nA: 1\n\nQ: two?\nA: 2\n');
	writeFileSync(join(root, 'decks', 'b.md'), '---\ntags: [numbers]\n---\n\nQ: three?\nA: 3\n\nQ: four?\nA: 4\n');
	writeFileSync(join(root, 'decks', 'c.md'), 'Q: five?\nA: 5\n');
	store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, now - 1000 * DAY);
	rmSync(join(root, 'decks', 'c.md'));
	loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, now - 1000 * DAY);
	// Retired cards included: five's deck is gone, its history stays.
	const cards = rowsOf(store, 'cards') as Array<{id: string; prompt: string}>;
	for (const [name, prompt] of Object.entries({one: 'one?', two: 'two?', three: 'three?', four: 'four?', five: 'five?'})) {
		ids[name] = cards.find((card) => card.prompt === prompt)!.id;
	}
	const at = (text: string) => Date.parse(`${text}:00Z`);
	const rows: Array<[string, string, number, number, number, string, number, number | null, number | null]> = [
		['r1', ids['one']!, at('2026-11-24T08:00'), 3, 60_000, 'new', 0, null, null],
		['r2', ids['one']!, at('2026-11-24T08:10'), 3, 20_000, 'learning', 0, 0.99, null],
		['r3', ids['two']!, at('2026-11-24T02:30'), 1, 30_000, 'review', 10, 0.85, null],
		['r4', ids['two']!, at('2026-11-22T18:00'), 3, 10_000, 'review', 30, 0.92, null],
		['r5', ids['three']!, at('2026-11-20T09:00'), 3, 10_000, 'review', 5, 0.95, null],
		['r6', ids['three']!, at('2026-11-05T09:00'), 1, 10_000, 'review', 40, 0.75, null],
		['r7', ids['three']!, at('2025-12-10T09:00'), 4, 10_000, 'review', 3, 0.97, null],
		['r8', ids['one']!, at('2024-06-01T09:00'), 2, 10_000, 'review', 25, 0.88, null],
		['r9', ids['two']!, at('2026-11-24T09:00'), 3, 10_000, 'review', 30, 0.9, at('2026-11-24T09:01')],
	];
	insertReviews(
		store.db,
		rows.map(([id, card_id, reviewed_at, rating, duration_ms, state_before, scheduled_days_before, retrievability, undone_at]) => ({
			id, card_id, device_id: 'd', reviewed_at, rating, duration_ms, state_before, scheduled_days_before, retrievability, undone_at,
		})),
	);
	setCardMemory(store.db, {state: 'review', due: now + HOUR, stability: 12, difficulty: 5, last_review: now - 5 * DAY, suspended: 0}, ids['one']);
	setCardMemory(store.db, {state: 'relearning', due: now + 3 * DAY, stability: 0.5, difficulty: 9, last_review: now - DAY, suspended: 0}, ids['two']);
	setCardMemory(store.db, {state: 'review', due: now + 2 * DAY, stability: 100, difficulty: 3, last_review: now - 10 * DAY, suspended: 1}, ids['four']);
});
afterAll(() => store.close());

describe('retention statistics on a hand-made log', () => {
	const stats = () => collectStats(store, options);

	it('counts today, the period and the streaks in study days', () => {
		const figures = stats();
		// r3 at 02:30 UTC is 03:30 local: before 04:00, so it belongs to the 23rd.
		expect(figures.todayAnswers).toEqual({answers: 2, again: 0, newCards: 1, minutes: 80 / 60});
		// Today, the 23rd and the 22nd; nothing on the 21st. No earlier run is longer.
		expect(figures.streak).toEqual({current: 3, longest: 3});
		// 8 answers (r9 was undone) on 7 days: 60 + 20 + 30 + 5 × 10 seconds.
		expect(figures.answers).toEqual({total: 8, minutes: 160 / 60, days: 7});
		expect(figures.days.map((day) => [day.day, day.answers])).toEqual([
			['2024-06-01', 1],
			['2025-12-10', 1],
			['2026-11-05', 1],
			['2026-11-20', 1],
			['2026-11-22', 1],
			['2026-11-23', 1],
			['2026-11-24', 2],
		]);
		expect([figures.firstAnswer, figures.lastAnswer, figures.today]).toEqual(['2024-06-01', '2026-11-24', '2026-11-24']);
	});

	it('computes true retention over 7, 30 and 365 days and all time, young and mature apart', () => {
		const rates = stats().retention.windows.map((window) => [window.label, window.from, window.young.answers, window.young.passed, window.mature.answers, window.mature.passed]);
		expect(rates).toEqual([
			// r3 young Again, r4 mature Good, r5 young Good.
			['last 7 days', '2026-11-18', 2, 1, 1, 1],
			// and r6 mature Again.
			['last 30 days', '2026-10-26', 2, 1, 2, 1],
			// and r7 young Easy.
			['last 365 days', '2025-11-25', 3, 2, 2, 1],
			// and r8 mature Hard, which is not Again.
			['all time', '2024-06-01', 3, 2, 3, 2],
		]);
		expect(stats().retention.windows[3]!.all).toEqual({answers: 6, passed: 4, rate: 4 / 6});
	});

	it('names every span by one rule, so no two labels disagree', () => {
		const level = chalk.level;
		chalk.level = 0;
		try {
			const labels = (figures: ReturnType<typeof stats>, width = 80) => statsLines(figures, {width}).filter((line) => /, since \d{4}-\d{2}-\d{2}/.test(line));
			// All time since 2024-06-01; the per-deck year, the trend's 52 weeks, the heatmap's 53 (from a Monday) and the time a day's 30 days are shorter.
			expect(labels(stats())).toEqual([
				'Statistics for all decks: all time, since 2024-06-01',
				'By deck, weakest first, last 365 days, since 2025-11-25',
				'Trend, week by week, last 364 days, since 2025-11-26',
				'Time a day, last 30 days, since 2026-10-26: < 1 min on average, most 1 min',
				"Calibration of FSRS's predictions, all time, since 2024-06-01",
				'Answers per day, last 366 days, since 2025-11-24: 7 answers on 6 days',
				'Answers and true retention by hour of the day, all time, since 2024-06-01',
			]);
			// Nothing before the period: every span that would reach further starts where the period does.
			const since = collectStats(store, {...options, period: {since: '2026-11-20'}});
			expect(labels(since).map((line) => line.match(/(?:all time|last \d+ days?), since \d{4}-\d{2}-\d{2}/)![0])).toEqual(Array(7).fill('last 5 days, since 2026-11-20'));
			// At 40 columns the heatmap holds fewer weeks and says from when.
			// 37 weeks from Monday 2026-03-16 to today, 2026-11-24: r7 (2025-12-10) is left out.
			expect(statsLines(stats(), {width: 40, sections: ['heatmap']}).slice(0, 2)).toEqual(['Answers per day, last 254 days,', 'since 2026-03-16: 6 answers on 5 days']);
		} finally {
			chalk.level = level;
		}
	});

	it('computes true retention per deck over the last year, the weakest first', () => {
		const {decks, decksFrom} = stats().retention;
		expect(decksFrom).toBe('2025-11-25');
		// a: r3 Again, r4 Good (r8 is older than a year); b: r5 Good, r6 Again, r7 Easy.
		expect(decks.map((deck) => [deck.deck, deck.all.answers, deck.all.passed, deck.young.rate, deck.mature.rate])).toEqual([
			['a', 2, 1, 0, 1],
			['b', 3, 2, 1, 0],
		]);
	});

	it('compares predicted recall with what happened, per bin', () => {
		const figure = stats().calibration;
		// 70-80%: r6 (0.75, Again). 85-90%: r3 (0.85, Again), r8 (0.88, Hard). 90-95%: r4 (0.92). 95-100%: r5 (0.95), r7 (0.97).
		// r2 was a learning answer: not a review, not calibrated.
		expect(figure.bins.map((bin) => [bin.from, bin.to, bin.answers, bin.recalled])).toEqual([
			[0.7, 0.8, 1, 0],
			[0.85, 0.9, 2, 0.5],
			[0.9, 0.95, 1, 1],
			[0.95, 1, 2, 1],
		]);
		expect(figure.bins[1]!.predicted).toBeCloseTo(0.865, 10);
		expect(figure.bins[1]!.gap).toBeCloseTo(-0.365, 10);
		expect(figure.answers).toBe(6);
		// (0.75 + 0.85 + 0.88 + 0.92 + 0.95 + 0.97) / 6 predicted; 4 of 6 recalled.
		expect(figure.predicted).toBeCloseTo(5.32 / 6, 10);
		expect(figure.recalled).toBeCloseTo(4 / 6, 10);
		// sqrt((0.75² + 2 × 0.365² + 0.08² + 2 × 0.04²) / 6)
		expect(figure.rmse).toBeCloseTo(0.3738427, 6);
		expect(figure.desiredRetention).toBe(0.9);
	});

	it('counts answers and true retention by local hour', () => {
		const hours = stats().hours;
		expect(hours.filter((hour) => hour.answers > 0).map((hour) => [hour.hour, hour.answers, hour.retention.answers, hour.retention.passed])).toEqual([
			[3, 1, 1, 0],
			// r1 and r2 were not review answers.
			[9, 2, 0, 0],
			// r5, r6, r7, r8: r6 was Again.
			[10, 4, 4, 3],
			[19, 1, 1, 1],
		]);
	});

	it('draws a year of answers in Monday-first weeks', () => {
		const {heatmap} = stats();
		expect(heatmap).toHaveLength(53);
		// 2026-11-24 is a Tuesday.
		expect(heatmap.at(-1)).toEqual({monday: '2026-11-23', days: [1, 2, null, null, null, null, null]});
		expect(heatmap.at(-2)).toEqual({monday: '2026-11-16', days: [0, 0, 0, 0, 1, 0, 1]});
		// r8 (2024) is older than the 53 weeks shown.
		expect(heatmap.flatMap((week) => week.days).reduce((sum: number, count) => sum + (count ?? 0), 0)).toBe(7);
	});

	it('counts cards by state, forecasts the due ones and spreads their memory', () => {
		const figures = stats();
		expect(figures.cards).toEqual({new: 1, learning: 0, review: 1, relearning: 1, suspended: 1, retired: 1, total: 5});
		// One due in an hour (today), two in 3 days; four is suspended.
		expect(figures.forecast.slice(0, 5).map((day) => [day.day, day.cards])).toEqual([
			['2026-11-24', 1],
			['2026-11-25', 0],
			['2026-11-26', 0],
			['2026-11-27', 1],
			['2026-11-28', 0],
		]);
		expect(figures.forecast).toHaveLength(30);
		// Stabilities 12, 0.5 and 100 days; difficulties 5, 9 and 3.
		expect(figures.memory.stability.counts).toEqual([1, 0, 1, 0, 1, 0]);
		expect(figures.memory.difficulty.counts).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 1]);
		// FSRS-6 defaults, R = (1 + f·t/S)^-0.1542 with f = 0.9^(-1/0.1542) - 1:
		// S 12 after 5 days 0.9486, S 0.5 after 1 day 0.8459, S 100 after 10 days 0.9857.
		expect(figures.memory.recall.counts).toEqual([0, 0, 0, 1, 0, 1, 1]);
		expect(figures.memory.recall.mean).toBeCloseTo((0.948556 + 0.845885 + 0.985682) / 3, 5);
	});

	it('counts the whole collection as a selection of every deck is counted, card by card', () => {
		// No selection: the store counts cards in SQL and answers per quarter hour. Every deck named:
		// each card's record and each answer's row are read. The figures must not tell them apart.
		for (const period of [{}, {days: 7}, {since: '2026-11-20'}]) {
			const whole = collectStats(store, {...options, period});
			const everyDeck = collectStats(store, {...options, period, selection: {decks: ['a', 'b', 'c'], tags: []}});
			const withoutMeans = (figures: typeof whole) => ({
				...figures,
				selection: null,
				memory: Object.fromEntries(Object.entries(figures.memory).map(([name, distribution]) => [name, {...distribution, mean: null}])),
			});
			expect(withoutMeans(whole)).toEqual(withoutMeans(everyDeck));
			for (const name of ['stability', 'difficulty', 'recall'] as const) expect(whole.memory[name].mean!).toBeCloseTo(everyDeck.memory[name].mean!, 12);
		}
	});

	it('narrows to a deck or a tag', () => {
		for (const selection of [{decks: ['b'], tags: []}, {decks: [], tags: ['numbers']}]) {
			const figures = collectStats(store, {...options, selection});
			// r5, r6, r7 only; card five is not in b.
			expect(figures.answers.total).toBe(3);
			expect(figures.retention.windows.at(-1)!.all).toEqual({answers: 3, passed: 2, rate: 2 / 3});
			expect(figures.cards).toEqual({new: 1, learning: 0, review: 0, relearning: 0, suspended: 1, retired: 0, total: 2});
			expect(figures.streak).toEqual({current: 0, longest: 1});
		}
	});

	it('bounds the period by days or by date, but not the streak', () => {
		const week = collectStats(store, {...options, period: {days: 7}});
		// 11-18 to 11-24: r1 to r5.
		expect(week.period).toEqual({from: '2026-11-18', since: null, days: 7});
		expect(week.answers.total).toBe(5);
		expect(week.retention.windows.map((window) => window.label)).toEqual(['last 7 days']);
		expect(week.calibration.answers).toBe(3);
		expect(week.heatmap.at(-2)!.days).toEqual([null, null, 0, 0, 1, 0, 1]);
		expect(week.streak).toEqual({current: 3, longest: 3});
		const since = collectStats(store, {...options, period: {since: '2026-11-20'}});
		// r3, r4, r5 are the review answers from the 20th on.
		expect(since.retention.windows.map((window) => [window.label, window.all.answers, window.all.passed])).toEqual([['last 5 days', 3, 2]]);
		expect(since.hours.reduce((sum, hour) => sum + hour.answers, 0)).toBe(5);
	});

	it('says in one line when the period has no answers', () => {
		const empty = collectStats(store, {...options, selection: {decks: [], tags: ['nothing']}});
		expect(empty.answers.total).toBe(0);
		expect(noAnswersLine(empty)).toBe('No reviews of tag:nothing yet: answer some cards with `fluency review`, then come back.');
		const later = collectStats(store, {...options, selection: {decks: ['b'], tags: []}, period: {since: '2026-11-21'}});
		expect(noAnswersLine(later)).toBe('No reviews of b in the period (last 4 days, since 2026-11-21); the last was on 2026-11-20.');
	});

	it('counts the period week by week and compares the last 30 days with the 30 before', () => {
		const figures = stats();
		expect(figures.weeks).toHaveLength(52);
		// The current week is the last 7 study days, 11-18 to 11-24: r1 to r5; r3 Again, r4 and r5 passed.
		expect(figures.weeks.at(-1)).toMatchObject({from: '2026-11-18', answers: 5, retention: {answers: 3, passed: 2}});
		expect(figures.weeks.at(-3)).toMatchObject({from: '2026-11-04', answers: 1, retention: {answers: 1, passed: 0}});
		expect(figures.weeks.reduce((sum, week) => sum + week.answers, 0)).toBe(7); // r8 (2024) and r9 (undone) are outside
		// Last 30 days: r3, r4, r5, r6 (2 of 4 passed); the 30 before: none.
		expect(figures.recent).toEqual({last30: {answers: 4, passed: 2, rate: 0.5}, previous30: {answers: 0, passed: 0, rate: null}});
		const week = collectStats(store, {...options, period: {days: 7}});
		expect(week.weeks.map((each) => each.from)).toEqual(['2026-11-18']);
	});

	it('lays every section out for 40 columns without cutting a word or a heatmap row', () => {
		const level = chalk.level;
		chalk.level = 0;
		try {
			const lines = statsLines(stats(), {width: 40});
			expect(lines.filter((line) => stringWidth(line) > 40)).toEqual([]);
			// Seven heatmap rows, each whole; the three distributions one under the other.
			expect(lines.filter((line) => /^(?:Mo|Tu|We|Th|Fr|Sa|Su) /.test(line))).toHaveLength(7);
			expect(lines.filter((line) => /^(?:Stability|Difficulty|Recall now)/.test(line))).toHaveLength(3);
			// Words stay whole: every word of the 80-column drawing's prose is still there.
			const words = (text: string) => new Set(text.split(/[\s│┤└─]+/).filter((word) => /^[A-Za-z]{4,}[.:,]?$/.test(word)).map((word) => word.replace(/[.:,]$/, '')));
			const wide = words(statsLines(stats()).join('\n'));
			const narrow = words(lines.join('\n'));
			// Only what the narrow layout says differently on purpose: short table headers, "last N weeks", fewer month names.
			const narrowedOnPurpose = /^(?:Predicted|Expected|months|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/;
			expect([...wide].filter((word) => !narrow.has(word) && !narrowedOnPurpose.test(word))).toEqual([]);
			expect(lines).toContain('New 1 · Learning 0 · Review 1 ·');
		} finally {
			chalk.level = level;
		}
	});

	it('draws only the sections asked for', () => {
		const level = chalk.level;
		chalk.level = 0;
		try {
			const summary = statsLines(stats(), {sections: ['summary']});
			expect(summary[0]).toBe('Statistics for all decks: all time, since 2024-06-01');
			expect(summary.map((line) => line.split(' ')[0])).toEqual(['Statistics', 'Today', 'Streak', 'Retention', 'Due', 'Period']);
			// 52 weeks, a column each, fit 80 columns; 40 columns hold the last 33.
			const trend = statsLines(stats(), {sections: ['trend']});
			expect(trend[0]).toBe('Trend, week by week, last 364 days, since 2025-11-26');
			expect(trend).toContain('True retention a week (desired 90%)');
			expect(trend).toContain('This week (from Nov 18): 5 answers in 2 min, 66.7% retained');
			expect(statsLines(stats(), {sections: ['trend'], width: 40})[0]).toBe('Trend, week by week, last 231 days,');
		} finally {
			chalk.level = level;
		}
	});

	it('draws within 80 columns, readable without colour', () => {
		const level = chalk.level;
		chalk.level = 0;
		try {
			const lines = statsLines(stats());
			expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([]);
			expect(lines.join('\n')).toMatchSnapshot();
		} finally {
			chalk.level = level;
		}
	});
});
