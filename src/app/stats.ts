import {type UtcOffset, studyDayAt, DAY_MS} from '../core/day.js';
import {recallAfter} from '../core/scheduler.js';
import {byHour, calibration, forecast, heatmap, histogram, retention, streaks, todayFigures} from '../core/stats/figures.js';
import {isSelected, type Selection} from '../core/select.js';
import {cardSummaries} from '../store/cards.js';
import type {Store} from '../store/database.js';
import {calibrationBuckets, dueByDay, hourBuckets, memoryStates, retentionBuckets, reviewsByDay, stateCounts, type StatsScope} from '../store/stats-queries.js';

export const STABILITY_EDGES = [1, 7, 21, 90, 365];
export const DIFFICULTY_EDGES = [2, 4, 6, 8];
export const RETRIEVABILITY_EDGES = [0.7, 0.8, 0.9, 0.95];

/** Every figure of `fluency stats`, ready to print or to serialise as JSON. */
export function collectStats(store: Store, options: {selection: Selection; now: number; since?: number; dayStartHour: number; utcOffset: UtcOffset; weights?: readonly number[]}) {
	const {now, selection} = options;
	const everything = selection.decks.length === 0 && selection.tags.length === 0;
	const cardIds = everything ? undefined : cardSummaries(store).filter((card) => isSelected(card, selection)).map((card) => card.id);
	const offsetMs = options.utcOffset(now) * 60_000;
	const scope: StatsScope = {...(cardIds ? {cardIds} : {}), since: options.since ?? 0, now, offsetMs, dayStartHour: options.dayStartHour};
	const today = Math.floor((now + offsetMs - options.dayStartHour * 3_600_000) / DAY_MS);

	const days = reviewsByDay(store, scope).filter((day) => options.since === undefined || day.day >= Math.floor((options.since + offsetMs - options.dayStartHour * 3_600_000) / DAY_MS));
	const buckets = retentionBuckets(store, scope);
	const decks = [...new Set(buckets.map((bucket) => bucket.deck))].sort();
	const memory = memoryStates(store, scope);
	return {
		generatedAt: new Date(now).toISOString(),
		studyDay: studyDayAt(now, options.dayStartHour, options.utcOffset).key,
		reviews: days.reduce((sum, day) => sum + day.reviews, 0),
		today: todayFigures(days, today),
		streaks: streaks(days, today),
		retention: {
			last7: retention(buckets, 7),
			last30: retention(buckets, 30),
			last365: retention(buckets, 365),
			byDeck: decks.map((deck) => ({deck, last30: retention(buckets, 30, deck), last365: retention(buckets, 365, deck)})),
		},
		calibration: calibration(calibrationBuckets(store, scope)),
		forecast: forecast(dueByDay(store, scope), today),
		heatmap: heatmap(days, today),
		cards: stateCounts(store, scope),
		distributions: {
			stability: {edges: STABILITY_EDGES, counts: histogram(memory.map(([stability]) => stability), STABILITY_EDGES)},
			difficulty: {edges: DIFFICULTY_EDGES, counts: histogram(memory.map(([, difficulty]) => difficulty), DIFFICULTY_EDGES)},
			retrievability: {edges: RETRIEVABILITY_EDGES, counts: histogram(memory.map(([stability, , elapsed]) => recallAfter(stability, elapsed, options.weights)), RETRIEVABILITY_EDGES)},
		},
		byHour: byHour(hourBuckets(store, scope)),
	};
}

export type Stats = ReturnType<typeof collectStats>;
