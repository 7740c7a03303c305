/*
The figures of `fluency stats`, from counts. The store counts a million answers into a few
thousand numbers in SQL; these pure functions turn the counts into what a learner reads, so
each figure can be tested on numbers worked out by hand.
*/
import {DAY_MS} from '../scheduling/day.js';
import {addDays, weekdayOf} from './calendar.js';

/** Anki calls a card mature from an interval of 21 days. */
const MATURE_DAYS = 21;

/**
How answers are told apart for true retention, by the card's state before the answer: not in
review (new, learning, relearning), or in review with a young or mature interval, then not
rated Again (passed) or Again.
*/
const OUTCOMES = ['notReview', 'youngAgain', 'youngPassed', 'matureAgain', 'maturePassed'] as const;
type Outcome = (typeof OUTCOMES)[number];
/** Answers of each outcome, in the order of OUTCOMES. */
export type OutcomeCounts = readonly number[];

export type Share = {readonly answers: number; readonly passed: number; readonly rate: number | null};
export type Retention = {readonly young: Share; readonly mature: Share; readonly all: Share};

const share = (answers: number, passed: number): Share => ({answers, passed, rate: answers === 0 ? null : passed / answers});

/** True retention as Anki defines it: the share of answers to cards in review state that were not Again. */
export function retentionOf(counts: OutcomeCounts): Retention {
	const [, youngAgain = 0, youngPassed = 0, matureAgain = 0, maturePassed = 0] = counts;
	return {
		young: share(youngAgain + youngPassed, youngPassed),
		mature: share(matureAgain + maturePassed, maturePassed),
		all: share(youngAgain + youngPassed + matureAgain + maturePassed, youngPassed + maturePassed),
	};
}

function addCounts(into: number[], counts: OutcomeCounts): number[] {
	counts.forEach((count, index) => (into[index] = (into[index] ?? 0) + count));
	return into;
}

/**
Answers in a stretch of time with one UTC offset, counted by quarter of the UTC day (0-95) and
outcome. Quarters, not hours, so offsets such as +05:30 and +05:45 still map to exact local hours.
*/
export type QuarterCounts = {readonly start: number; readonly offsetMinutes: number; readonly counts: ReadonlyArray<OutcomeCounts>};

/** True retention over the stretches that start at or after `from`. */
export function retentionSince(stretches: readonly QuarterCounts[], from: number): Retention {
	const total: number[] = [0, 0, 0, 0, 0];
	for (const stretch of stretches) if (stretch.start >= from) for (const counts of stretch.counts) addCounts(total, counts);
	return retentionOf(total);
}

/** True retention over the stretches that start in [from, to). */
export function retentionBetween(stretches: readonly QuarterCounts[], from: number, to: number): Retention {
	return retentionSince(
		stretches.filter((stretch) => stretch.start < to),
		from,
	);
}

/** One week (seven study days from `from`) of the trend: answers, minutes and true retention. */
export type TrendWeek = {readonly from: string; readonly answers: number; readonly minutes: number; readonly retention: Share};

/**
The trend week by week. `weeks` gives each week's first study day and first moment, oldest first;
a week ends where the next begins, the last one never. Answers and time come from the days inside
the week, true retention from the stretches that start inside it.
*/
export function weeklyTrend(weeks: ReadonlyArray<{readonly from: string; readonly start: number}>, days: readonly DayTotal[], stretches: readonly QuarterCounts[]): TrendWeek[] {
	return weeks.map((week, index) => {
		const next = weeks[index + 1];
		const inWeek = days.filter((day) => day.day >= week.from && (next === undefined || day.day < next.from));
		return {
			from: week.from,
			answers: inWeek.reduce((sum, day) => sum + day.answers, 0),
			minutes: inWeek.reduce((sum, day) => sum + day.ms, 0) / 60_000,
			retention: retentionBetween(stretches, week.start, next?.start ?? Infinity).all,
		};
	});
}

/** Minutes spent on each of the `count` study days up to `today`, oldest first, days without answers as 0. */
export function dailyMinutes(days: readonly DayTotal[], today: string, count: number): Array<{day: string; minutes: number}> {
	const byDay = new Map(days.map((day) => [day.day, day.ms / 60_000]));
	return Array.from({length: count}, (_, index) => {
		const day = addDays(today, index - count + 1);
		return {day, minutes: byDay.get(day) ?? 0};
	});
}

export type HourFigure = {readonly hour: number; readonly answers: number; readonly retention: Share};

/** Answers and true retention by local hour of the day. */
export function byHour(stretches: readonly QuarterCounts[]): HourFigure[] {
	const hours = Array.from({length: 24}, () => [0, 0, 0, 0, 0]);
	for (const {offsetMinutes, counts} of stretches) {
		counts.forEach((quarterCounts, quarter) => {
			const localMinutes = (((quarter * 15 + Math.round(offsetMinutes)) % 1440) + 1440) % 1440;
			addCounts(hours[Math.floor(localMinutes / 60)]!, quarterCounts);
		});
	}
	return hours.map((counts, hour) => ({hour, answers: counts.reduce((sum, count) => sum + count, 0), retention: retentionOf(counts).all}));
}

export type DayTotal = {readonly day: string; readonly answers: number; readonly ms: number};

/** The run of study days with answers that reaches today (or yesterday, while today is still open), and the longest run. */
export function streaks(days: readonly DayTotal[], today: string): {current: number; longest: number} {
	const studied = days.filter((day) => day.answers > 0).map((day) => Date.parse(`${day.day}T00:00:00Z`) / DAY_MS);
	const studiedSet = new Set(studied);
	const todayNumber = Date.parse(`${today}T00:00:00Z`) / DAY_MS;
	let current = 0;
	for (let day = studiedSet.has(todayNumber) ? todayNumber : todayNumber - 1; studiedSet.has(day); day--) current++;
	let longest = 0;
	let run = 0;
	let previous = Number.NaN;
	for (const day of studied.sort((a, b) => a - b)) {
		run = day === previous + 1 ? run + 1 : 1;
		longest = Math.max(longest, run);
		previous = day;
	}
	return {current, longest};
}

export type HeatmapWeek = {
	/** The Monday that starts the week. */
	readonly monday: string;
	/** Answers on Monday to Sunday; null for days after today or before the period. */
	readonly days: ReadonlyArray<number | null>;
};

/** Answers per day as `weeks` Monday-first weeks ending with today's, like a contribution graph. */
export function heatmap(days: readonly DayTotal[], today: string, options: {weeks?: number; from?: string} = {}): HeatmapWeek[] {
	const weeks = options.weeks ?? 53;
	const answers = new Map(days.map((day) => [day.day, day.answers]));
	const firstMonday = addDays(today, -weekdayOf(today) - (weeks - 1) * 7);
	return Array.from({length: weeks}, (_, week) => {
		const monday = addDays(firstMonday, week * 7);
		return {
			monday,
			days: Array.from({length: 7}, (_, weekday) => {
				const day = addDays(monday, weekday);
				return day > today || (options.from !== undefined && day < options.from) ? null : (answers.get(day) ?? 0);
			}),
		};
	});
}

/**
Cards due on each study day that starts in `dayStarts` (the last entry ends the last day). A card
already overdue counts for the first day: it is waiting now.
*/
export function forecast(dueTimes: readonly number[], dayStarts: readonly number[]): number[] {
	const counts = Array.from({length: dayStarts.length - 1}, () => 0);
	for (const due of dueTimes) {
		if (due >= dayStarts.at(-1)!) continue;
		let day = 0;
		while (day + 1 < counts.length && due >= dayStarts[day + 1]!) day++;
		counts[day]!++;
	}
	return counts;
}

/** How many values fall below each edge and at or above the one before; the last bin takes the rest. */
export function histogram(values: Iterable<number>, edges: readonly number[]): number[] {
	const counts = Array.from({length: edges.length + 1}, () => 0);
	for (const value of values) counts[binOf(value, edges)]!++;
	return counts;
}

/** The histogram bin a value falls in: how many of the (ascending) edges are at or below it. */
export function binOf(value: number, edges: readonly number[]): number {
	let bin = 0;
	while (bin < edges.length && value >= edges[bin]!) bin++;
	return bin;
}

/** Answers to review cards whose predicted recall fell in [from, to): how many, the sum of the predictions, how many were not Again. */
export type CalibrationCounts = {readonly from: number; readonly to: number; readonly answers: number; readonly predictedSum: number; readonly recalled: number};

type CalibrationBin = {readonly from: number; readonly to: number; readonly answers: number; readonly predicted: number; readonly recalled: number; readonly gap: number};

export type Calibration = {
	readonly bins: readonly CalibrationBin[];
	readonly answers: number;
	/** Mean predicted recall, and the share actually recalled; null without answers. */
	readonly predicted: number | null;
	readonly recalled: number | null;
	/** Root mean square of the bins' gaps, weighted by their answers (FSRS's "RMSE (bins)"). */
	readonly rmse: number | null;
};

/** FSRS's predicted recall at the moment of each answer against what happened. */
export function calibration(counts: readonly CalibrationCounts[]): Calibration {
	const bins = counts
		.filter((bin) => bin.answers > 0)
		.map((bin) => {
			const predicted = bin.predictedSum / bin.answers;
			const recalled = bin.recalled / bin.answers;
			return {from: bin.from, to: bin.to, answers: bin.answers, predicted, recalled, gap: recalled - predicted};
		});
	const answers = bins.reduce((sum, bin) => sum + bin.answers, 0);
	if (answers === 0) return {bins, answers, predicted: null, recalled: null, rmse: null};
	const weighted = (value: (bin: CalibrationBin) => number) => bins.reduce((sum, bin) => sum + bin.answers * value(bin), 0) / answers;
	return {bins, answers, predicted: weighted((bin) => bin.predicted), recalled: weighted((bin) => bin.recalled), rmse: Math.sqrt(weighted((bin) => bin.gap ** 2))};
}

/** One card's answers in review state, for true retention per deck. */
export type CardOutcomes = {readonly deck: string; readonly counts: OutcomeCounts};
export type DeckRetention = {readonly deck: string} & Retention;

/** True retention per deck, the weakest first; decks without review answers are left out. */
export function retentionByDeck(cards: Iterable<CardOutcomes>): DeckRetention[] {
	const totals = new Map<string, number[]>();
	for (const card of cards) {
		let total = totals.get(card.deck);
		if (!total) totals.set(card.deck, (total = [0, 0, 0, 0, 0]));
		addCounts(total, card.counts);
	}
	return [...totals]
		.map(([deck, counts]) => ({deck, ...retentionOf(counts)}))
		.filter((deck) => deck.all.answers > 0)
		// Ties by name in code-unit order, as the store lists decks (ORDER BY name): localeCompare's
		// first call sets up ICU's collator, 8 ms of a report over a thousand decks.
		.sort((a, b) => a.all.rate! - b.all.rate! || b.all.answers - a.all.answers || (a.deck < b.deck ? -1 : a.deck > b.deck ? 1 : 0));
}
