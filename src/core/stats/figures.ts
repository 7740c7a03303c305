/*
Retention statistics from aggregated review data. The store groups a million reviews into a few
hundred buckets in SQL; these pure functions turn the buckets into the figures `fluency stats`
shows, so each figure can be tested on data worked out by hand.
*/

/** Answers of one study day. Days are numbered from 1970-01-01, counted in the user's study days. */
export type DayBucket = {readonly day: number; readonly reviews: number; readonly again: number; readonly newCards: number; readonly ms: number};

/** Answers to cards that were in review state, for true retention (Anki's definition). */
export type RetentionBucket = {readonly deck: string; readonly daysAgo: number; readonly mature: boolean; readonly total: number; readonly passed: number};

export type CalibrationBucket = {readonly bin: number; readonly count: number; readonly predicted: number; readonly recalled: number};

export type HourBucket = {readonly hour: number; readonly reviews: number; readonly reviewState: number; readonly passed: number};

export const CALIBRATION_BINS = 10;
/** Anki calls a card mature from an interval of 21 days. */
export const MATURE_DAYS = 21;

export type Today = {readonly reviews: number; readonly again: number; readonly newCards: number; readonly minutes: number};

export function todayFigures(days: readonly DayBucket[], today: number): Today {
	const bucket = days.find((day) => day.day === today);
	return {reviews: bucket?.reviews ?? 0, again: bucket?.again ?? 0, newCards: bucket?.newCards ?? 0, minutes: (bucket?.ms ?? 0) / 60_000};
}

/** The current streak of days with reviews (today counts if studied, else it is still open), and the longest. */
export function streaks(days: readonly DayBucket[], today: number): {current: number; longest: number} {
	const studied = new Set(days.filter((day) => day.reviews > 0).map((day) => day.day));
	let current = 0;
	for (let day = studied.has(today) ? today : today - 1; studied.has(day); day--) current++;
	let longest = 0;
	let run = 0;
	for (const day of [...studied].sort((a, b) => a - b)) {
		run = studied.has(day - 1) ? run + 1 : 1;
		longest = Math.max(longest, run);
	}
	return {current, longest};
}

export type Retention = {readonly young: number | null; readonly mature: number | null; readonly all: number | null; readonly count: number};

/** True retention over the last `days` days: the share of answers to review cards that were not Again. */
export function retention(buckets: readonly RetentionBucket[], days: number, deck?: string): Retention {
	const within = buckets.filter((bucket) => bucket.daysAgo < days && (deck === undefined || bucket.deck === deck));
	const rate = (filter: (bucket: RetentionBucket) => boolean) => {
		const chosen = within.filter(filter);
		const total = chosen.reduce((sum, bucket) => sum + bucket.total, 0);
		return total === 0 ? null : chosen.reduce((sum, bucket) => sum + bucket.passed, 0) / total;
	};
	return {young: rate((bucket) => !bucket.mature), mature: rate((bucket) => bucket.mature), all: rate(() => true), count: within.reduce((sum, bucket) => sum + bucket.total, 0)};
}

export type CalibrationRow = {readonly from: number; readonly to: number; readonly count: number; readonly predicted: number; readonly actual: number; readonly gap: number};

/** Predicted recall against what happened, per bin of predicted recall, with the overall weighted gap (RMSE). */
export function calibration(buckets: readonly CalibrationBucket[]): {rows: CalibrationRow[]; rmse: number | null; predicted: number | null; actual: number | null} {
	const rows = buckets
		.filter((bucket) => bucket.count > 0)
		.sort((a, b) => a.bin - b.bin)
		.map((bucket) => {
			const predicted = bucket.predicted / bucket.count;
			const actual = bucket.recalled / bucket.count;
			return {from: bucket.bin / CALIBRATION_BINS, to: (bucket.bin + 1) / CALIBRATION_BINS, count: bucket.count, predicted, actual, gap: actual - predicted};
		});
	const total = rows.reduce((sum, row) => sum + row.count, 0);
	if (total === 0) return {rows, rmse: null, predicted: null, actual: null};
	return {
		rows,
		rmse: Math.sqrt(rows.reduce((sum, row) => sum + row.count * row.gap ** 2, 0) / total),
		predicted: rows.reduce((sum, row) => sum + row.count * row.predicted, 0) / total,
		actual: rows.reduce((sum, row) => sum + row.count * row.actual, 0) / total,
	};
}

/** Cards due on each of the next `days` days; overdue cards count for today. */
export function forecast(dueDays: ReadonlyArray<{readonly day: number; readonly cards: number}>, today: number, days = 30): number[] {
	const counts = Array.from({length: days}, () => 0);
	for (const {day, cards} of dueDays) {
		const offset = Math.max(0, day - today);
		if (offset < days) counts[offset]! += cards;
	}
	return counts;
}

/** Reviews per day over the last `weeks` weeks, as weeks (columns) of seven days, Monday first; null after today. */
export function heatmap(days: readonly DayBucket[], today: number, weeks = 53): Array<Array<number | null>> {
	const byDay = new Map(days.map((day) => [day.day, day.reviews]));
	// Day 0 (1970-01-01) was a Thursday: Monday is weekday 0.
	const weekday = (day: number) => (((day + 3) % 7) + 7) % 7;
	const lastMonday = today - weekday(today);
	const firstMonday = lastMonday - (weeks - 1) * 7;
	return Array.from({length: weeks}, (_, week) => Array.from({length: 7}, (_, offset) => {
		const day = firstMonday + week * 7 + offset;
		return day > today ? null : (byDay.get(day) ?? 0);
	}));
}

/** How many values fall in each of the bins given by their upper edges (the last bin takes the rest). */
export function histogram(values: readonly number[], edges: readonly number[]): number[] {
	const counts = Array.from({length: edges.length + 1}, () => 0);
	for (const value of values) {
		let bin = edges.findIndex((edge) => value < edge);
		if (bin === -1) bin = edges.length;
		counts[bin]!++;
	}
	return counts;
}

export type HourRow = {readonly hour: number; readonly reviews: number; readonly retention: number | null};

export function byHour(buckets: readonly HourBucket[]): HourRow[] {
	return Array.from({length: 24}, (_, hour) => {
		const bucket = buckets.find((entry) => entry.hour === hour);
		return {hour, reviews: bucket?.reviews ?? 0, retention: bucket && bucket.reviewState > 0 ? bucket.passed / bucket.reviewState : null};
	});
}
