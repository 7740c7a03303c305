/*
Every figure of `fluency stats`: the time boundaries come from the core (study days, local hours,
daylight saving), the counts from the store, the figures from the core again.
*/
import {type StudyDay, studyDayAt, studyDaysUntil, type UtcOffset} from '../../core/scheduling/day.js';
import {recallCurve} from '../../core/scheduling/scheduler.js';
import {isSelected, type Selection} from '../../core/review/select.js';
import {binnedDistribution, type CardCounts, cardCounts, dueTimes, leechCount, MEMORY_EDGES, memoryDistributions, type MemoryDistributions} from '../../core/stats/cards.js';
import {offsetChanges, startOfLastDays, startOfStudyDay, studyDaysBetween} from '../../core/stats/calendar.js';
import {countedSpan} from '../../core/stats/span.js';
import {
	byHour,
	type Calibration,
	calibration,
	type DayTotal,
	type DeckRetention,
	forecast,
	heatmap,
	type HeatmapWeek,
	type HourFigure,
	type QuarterCounts,
	type Share,
	type Retention,
	retentionBetween,
	retentionByDeck,
	retentionSince,
	streaks,
	type TrendWeek,
	weeklyTrend,
} from '../../core/stats/figures.js';
import type {Store} from '../../store/database.js';
import {type RecallNow, wholeCollectionCounts} from '../../store/stats/card-figures.js';
import {type CardRecord, cardRecords, StatsQueries} from '../../store/stats/stats-queries.js';

const DAY_MS = 86_400_000;
/** Predicted-recall bins: fine where FSRS's predictions gather, around the desired retention. */
const CALIBRATION_EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1];
const RETENTION_WINDOWS = [7, 30, 365];
const FORECAST_DAYS = 30;
/** The retention trend's reach: a year of weeks at most. */
const TREND_WEEKS = 52;

/** The answers the period-bound figures count: all of them, those since a date, or those of the last N days. */
export type Period = {readonly since?: string; readonly days?: number};

export type StatsOptions = {
	readonly selection: Selection;
	readonly period?: Period;
	readonly now: number;
	readonly dayStartHour: number;
	readonly utcOffset: UtcOffset;
	readonly desiredRetention: number;
	/** The FSRS parameters a deck is scheduled with, for its cards' recall now; FSRS's defaults when undefined. */
	readonly weightsFor?: (deck: string) => readonly number[] | undefined;
};

type RetentionWindow = {readonly label: string; readonly from: string} & Retention;

export type Stats = {
	readonly today: string;
	readonly selection: Selection;
	/** The period's first study day (null: since the first answer), and how it was asked for. */
	readonly period: {readonly from: string | null; readonly since: string | null; readonly days: number | null};
	readonly firstAnswer: string | null;
	readonly lastAnswer: string | null;
	readonly answers: {readonly total: number; readonly minutes: number; readonly days: number};
	readonly todayAnswers: {readonly answers: number; readonly again: number; readonly newCards: number; readonly minutes: number};
	readonly streak: {readonly current: number; readonly longest: number};
	readonly retention: {readonly windows: readonly RetentionWindow[]; readonly decksFrom: string | null; readonly decks: readonly DeckRetention[]};
	/** True retention of the last 30 days beside the 30 before, for the summary's trend. */
	readonly recent: {readonly last30: Share; readonly previous30: Share};
	/** The period week by week, oldest first, the current week last. */
	readonly weeks: readonly TrendWeek[];
	readonly calibration: Calibration & {readonly desiredRetention: number};
	readonly forecast: ReadonlyArray<{readonly day: string; readonly cards: number}>;
	/** Answers per study day over the period, days without answers left out. */
	readonly days: readonly DayTotal[];
	readonly heatmap: readonly HeatmapWeek[];
	readonly hours: readonly HourFigure[];
	readonly cards: CardCounts;
	/** Cards tagged leech (`find is:leech`). */
	readonly leeches: number;
	readonly memory: MemoryDistributions;
};

export function collectStats(store: Store, options: StatsOptions): Stats {
	const {now, dayStartHour, utcOffset, selection} = options;
	const everything = selection.decks.length === 0 && selection.tags.length === 0;
	// Over the whole collection the store counts the cards itself; a selection is read card by card.
	const chosen = everything ? undefined : cardRecords(store).filter((card) => isSelected(card, selection));
	const queries = new StatsQueries(store, chosen?.map((card) => card.id));
	const today = studyDayAt(now, dayStartHour, utcOffset);
	const periodStart = startOfPeriod(options.period, today, dayStartHour, utcOffset);
	const firstAt = queries.firstAnswerAt();
	const lastAt = queries.lastAnswerAt();

	// Every study day since the first answer: streaks look at the whole history.
	const historyDays = firstAt === undefined ? [] : studyDaysBetween(Math.min(firstAt, now), now, dayStartHour, utcOffset);
	const totals = queries.answersBetween([...historyDays.map((day) => day.start), today.end]);
	const allDays = historyDays.map((day, index) => ({day: day.key, answers: totals[index]!.answers, ms: totals[index]!.ms}));
	const periodDays = allDays.filter((_, index) => periodStart === undefined || historyDays[index]!.start >= periodStart);
	const todayAnswers = queries.answersOn(today.start, today.end);

	// Stretches of constant UTC offset, also cut where each retention window starts.
	const countFrom = Math.max(periodStart ?? 0, firstAt === undefined ? now : historyDays[0]!.start);
	const windowStarts = RETENTION_WINDOWS.map((days) => startOfLastDays(today, days, dayStartHour, utcOffset));
	// Week starts are cuts too, so each answer is still counted once however many figures use it.
	const weekStarts = trendWeekStarts(today, dayStartHour, utcOffset).filter((start, index, starts) => start + 7 * DAY_MS > countFrom || index === starts.length - 1);
	const previous30 = startOfLastDays(today, 60, dayStartHour, utcOffset);
	const cuts = [
		...new Set([countFrom, ...offsetChanges(countFrom, now, utcOffset), ...[...windowStarts, ...weekStarts, previous30].filter((start) => start > countFrom)]),
	].sort((a, b) => a - b);
	const stretches: QuarterCounts[] =
		firstAt === undefined ? [] : cuts.map((start, index) => ({start, offsetMinutes: utcOffset(start), counts: queries.quarterCounts(start, cuts[index + 1])}));

	// Each window named by the one span rule; a window reaching back to the period's first counted
	// day would only repeat the period's row, named by the same rule ("all time" or "last N days").
	const limits = {today: today.key, firstAnswer: firstAt === undefined ? null : keyOf(firstAt, dayStartHour, utcOffset), periodFrom: periodStart === undefined ? null : keyOf(periodStart, dayStartHour, utcOffset)};
	const windows: RetentionWindow[] = RETENTION_WINDOWS.flatMap((_, index) => {
		const start = windowStarts[index]!;
		if (start <= countFrom) return [];
		const span = countedSpan(keyOf(start, dayStartHour, utcOffset), limits);
		return [{label: span.lead, from: span.from, ...retentionSince(stretches, start)}];
	});
	const whole = countedSpan(null, limits);
	windows.push({label: whole.lead, from: whole.from, ...retentionSince(stretches, countFrom)});

	// Per deck over the last year, or the period when it is shorter; never before the first answer,
	// so its label agrees with the period's.
	const decksFrom = Math.max(windowStarts.at(-1)!, countFrom);
	const decks = retentionByDeck(queries.deckOutcomes(decksFrom));

	const forecastDays = studyDaysBetween(now, today.start + FORECAST_DAYS * DAY_MS - DAY_MS / 2, dayStartHour, utcOffset).slice(0, FORECAST_DAYS);
	const forecastEnd = forecastDays.at(-1)!.end;

	const daysUntilNow = studyDaysUntil(now, dayStartHour, utcOffset);
	// Each deck's forgetting curve, from its weights, made once.
	const curves = new Map<string, ReturnType<typeof recallCurve>>();
	const recallNow = (deck: string, lastReview: number, stability: number) => {
		let curve = curves.get(deck);
		if (!curve) curves.set(deck, (curve = recallCurve(options.weightsFor?.(deck))));
		return curve(stability, daysUntilNow(lastReview));
	};
	const dayStarts = [...forecastDays.map((day) => day.start), forecastEnd];
	const cardFigures = chosen ? figuresOfCards(chosen, {dayStarts, recallNow}) : wholeCollectionFigures(store, {dayStarts, recallNow});

	return {
		today: today.key,
		selection,
		period: {from: periodStart === undefined ? null : keyOf(periodStart, dayStartHour, utcOffset), since: options.period?.since ?? null, days: options.period?.days ?? null},
		firstAnswer: firstAt === undefined ? null : keyOf(firstAt, dayStartHour, utcOffset),
		lastAnswer: lastAt === undefined ? null : keyOf(lastAt, dayStartHour, utcOffset),
		answers: {
			total: periodDays.reduce((sum, day) => sum + day.answers, 0),
			minutes: periodDays.reduce((sum, day) => sum + day.ms, 0) / 60_000,
			days: periodDays.filter((day) => day.answers > 0).length,
		},
		todayAnswers: {answers: todayAnswers.answers, again: todayAnswers.again, newCards: todayAnswers.newCards, minutes: todayAnswers.ms / 60_000},
		streak: streaks(allDays, today.key),
		retention: {windows, decksFrom: firstAt === undefined ? null : keyOf(decksFrom, dayStartHour, utcOffset), decks},
		recent: {last30: retentionBetween(stretches, windowStarts[1]!, Infinity).all, previous30: retentionBetween(stretches, previous30, windowStarts[1]!).all},
		weeks: firstAt === undefined ? [] : weeklyTrend(weekStarts.map((start) => ({from: keyOf(start, dayStartHour, utcOffset), start})), allDays, stretches),
		calibration: {...calibration(firstAt === undefined ? [] : queries.recallCounts(CALIBRATION_EDGES, countFrom)), desiredRetention: options.desiredRetention},
		forecast: forecastDays.map((day, index) => ({day: day.key, cards: cardFigures.dueCounts[index]!})),
		days: periodDays.filter((day) => day.answers > 0),
		heatmap: heatmap(allDays, today.key, periodStart === undefined ? {} : {from: keyOf(periodStart, dayStartHour, utcOffset)}),
		hours: byHour(stretches),
		cards: cardFigures.cards,
		leeches: cardFigures.leeches,
		memory: cardFigures.memory,
	};
}

/** `dueCounts`: the cards that come up on each day of the forecast. */
type CardFigures = {readonly cards: CardCounts; readonly leeches: number; readonly dueCounts: readonly number[]; readonly memory: MemoryDistributions};

/** The figures about cards as they stand, from the chosen cards' records. */
function figuresOfCards(cards: readonly CardRecord[], {dayStarts, recallNow}: {dayStarts: readonly number[]; recallNow: RecallNow}): CardFigures {
	return {
		cards: cardCounts(cards),
		leeches: leechCount(cards),
		dueCounts: forecast(dueTimes(cards), dayStarts),
		memory: memoryDistributions(cards, (card) => recallNow(card.deck, card.lastReview!, card.stability)),
	};
}

/** The same figures the store counted over the whole collection. */
function wholeCollectionFigures(store: Store, options: {dayStarts: readonly number[]; recallNow: RecallNow}): CardFigures {
	const counted = wholeCollectionCounts(store, options);
	const memory = {
		stability: binnedDistribution(counted.memory.stability, MEMORY_EDGES.stability),
		difficulty: binnedDistribution(counted.memory.difficulty, MEMORY_EDGES.difficulty),
		recall: binnedDistribution(counted.memory.recall, MEMORY_EDGES.recall),
	};
	return {cards: counted.cards, leeches: counted.leeches, dueCounts: counted.dueCounts, memory};
}

function startOfPeriod(period: Period | undefined, today: StudyDay, dayStartHour: number, utcOffset: UtcOffset): number | undefined {
	if (period?.since !== undefined) return startOfStudyDay(period.since, dayStartHour, utcOffset);
	if (period?.days !== undefined) return startOfLastDays(today, period.days, dayStartHour, utcOffset);
	return undefined;
}

function keyOf(at: number, dayStartHour: number, utcOffset: UtcOffset): string {
	return studyDayAt(at, dayStartHour, utcOffset).key;
}

/** The first moments of the last TREND_WEEKS weeks of seven study days, oldest first, the current week last. */
function trendWeekStarts(today: StudyDay, dayStartHour: number, utcOffset: UtcOffset): number[] {
	const starts: number[] = [];
	let lastDay = today;
	for (let week = 0; week < TREND_WEEKS; week++) {
		const start = startOfLastDays(lastDay, 7, dayStartHour, utcOffset);
		starts.unshift(start);
		// Noon of the day before, to step over 23- and 25-hour days alike.
		lastDay = studyDayAt(start - DAY_MS / 2, dayStartHour, utcOffset);
	}
	return starts;
}
