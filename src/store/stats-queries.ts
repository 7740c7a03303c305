/*
The aggregates behind `fluency stats`. Each query groups the review log into small buckets in
SQL, so a million reviews never become a million JavaScript objects. Days are study days: the
local time (a fixed UTC offset, the one in force now) shifted back by the hour the day starts.
*/
import type {CalibrationBucket, DayBucket, HourBucket, RetentionBucket} from '../core/stats/figures.js';
import {CALIBRATION_BINS, MATURE_DAYS} from '../core/stats/figures.js';
import type {Store} from './database.js';

export type StatsScope = {
	/** Only these cards; every card when undefined. */
	readonly cardIds?: readonly string[];
	/** Reviews from this time on (epoch ms). */
	readonly since: number;
	readonly now: number;
	/** Milliseconds east of UTC now, and the hour the study day starts. */
	readonly offsetMs: number;
	readonly dayStartHour: number;
};

const DAY = 86_400_000;

function parameters(scope: StatsScope) {
	return {
		cards: scope.cardIds ? JSON.stringify(scope.cardIds) : null,
		since: scope.since,
		now: scope.now,
		shift: scope.offsetMs - scope.dayStartHour * 3_600_000,
		offset: scope.offsetMs,
	};
}

const REVIEW_FILTER = `reviews.undone_at IS NULL AND (@cards IS NULL OR reviews.card_id IN (SELECT value FROM json_each(@cards)))`;
const STUDY_DAY = `CAST((reviews.reviewed_at + @shift) / ${DAY} AS INTEGER)`;

/** Answers per study day, over the whole history (streaks need it all). */
export function reviewsByDay(store: Store, scope: StatsScope): DayBucket[] {
	type Row = [number, number, number, number, number];
	const rows = store
		.statement(
			`SELECT ${STUDY_DAY} AS day, count(*), sum(reviews.rating = 1), sum(reviews.state_before = 'new'), sum(reviews.duration_ms)
			 FROM reviews WHERE ${REVIEW_FILTER} GROUP BY day`,
		)
		.raw(true)
		.all(parameters(scope)) as Row[];
	return rows.map(([day, reviews, again, newCards, ms]) => ({day, reviews, again, newCards, ms}));
}

/** Answers to review-state cards in the last 365 days (and the period), by deck, age band and maturity. */
export function retentionBuckets(store: Store, scope: StatsScope): RetentionBucket[] {
	type Row = [string, number, number, number, number];
	const rows = store
		.statement(
			`SELECT decks.name,
				CASE WHEN reviews.reviewed_at >= @now - 7 * ${DAY} THEN 0 WHEN reviews.reviewed_at >= @now - 30 * ${DAY} THEN 7 ELSE 30 END AS band,
				reviews.scheduled_days_before >= ${MATURE_DAYS} AS mature, count(*), sum(reviews.rating > 1)
			 FROM reviews JOIN cards ON cards.id = reviews.card_id JOIN decks ON decks.id = cards.deck_id
			 WHERE ${REVIEW_FILTER} AND reviews.state_before = 'review' AND reviews.reviewed_at >= max(@since, @now - 365 * ${DAY})
			 GROUP BY decks.name, band, mature`,
		)
		.raw(true)
		.all(parameters(scope)) as Row[];
	return rows.map(([deck, daysAgo, mature, total, passed]) => ({deck, daysAgo, mature: mature === 1, total, passed}));
}

/** Predicted recall at review time against the outcome, in bins of predicted recall. */
export function calibrationBuckets(store: Store, scope: StatsScope): CalibrationBucket[] {
	type Row = [number, number, number, number];
	const rows = store
		.statement(
			`SELECT min(${CALIBRATION_BINS - 1}, CAST(reviews.retrievability * ${CALIBRATION_BINS} AS INTEGER)) AS bin, count(*), sum(reviews.retrievability), sum(reviews.rating > 1)
			 FROM reviews WHERE ${REVIEW_FILTER} AND reviews.state_before = 'review' AND reviews.retrievability IS NOT NULL AND reviews.reviewed_at >= @since
			 GROUP BY bin`,
		)
		.raw(true)
		.all(parameters(scope)) as Row[];
	return rows.map(([bin, count, predicted, recalled]) => ({bin, count, predicted, recalled}));
}

/** Answers by local hour of day, and how review-state answers went. */
export function hourBuckets(store: Store, scope: StatsScope): HourBucket[] {
	type Row = [number, number, number, number];
	const rows = store
		.statement(
			`SELECT CAST((reviews.reviewed_at + @offset) / 3600000 AS INTEGER) % 24 AS hour, count(*), sum(reviews.state_before = 'review'),
				sum(reviews.state_before = 'review' AND reviews.rating > 1)
			 FROM reviews WHERE ${REVIEW_FILTER} AND reviews.reviewed_at >= @since GROUP BY hour`,
		)
		.raw(true)
		.all(parameters(scope)) as Row[];
	return rows.map(([hour, reviews, reviewState, passed]) => ({hour, reviews, reviewState, passed}));
}

const CARD_FILTER = `(@cards IS NULL OR cards.id IN (SELECT value FROM json_each(@cards)))`;

/** Active, unsuspended studied cards by the study day they are due. */
export function dueByDay(store: Store, scope: StatsScope): Array<{day: number; cards: number}> {
	const rows = store
		.statement(
			`SELECT CAST((cards.due + @shift) / ${DAY} AS INTEGER) AS day, count(*) FROM cards
			 WHERE ${CARD_FILTER} AND cards.retired_at IS NULL AND cards.suspended = 0 AND cards.state != 'new' AND cards.due IS NOT NULL GROUP BY day`,
		)
		.raw(true)
		.all(parameters(scope)) as Array<[number, number]>;
	return rows.map(([day, cards]) => ({day, cards}));
}

export type StateCounts = {readonly new: number; readonly learning: number; readonly review: number; readonly relearning: number; readonly suspended: number; readonly retired: number};

export function stateCounts(store: Store, scope: StatsScope): StateCounts {
	const rows = store
		.statement(`SELECT cards.state, cards.suspended, cards.retired_at IS NOT NULL, count(*) FROM cards WHERE ${CARD_FILTER} GROUP BY 1, 2, 3`)
		.raw(true)
		.all(parameters(scope)) as Array<[string, number, number, number]>;
	const counts = {new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, retired: 0};
	for (const [state, suspended, retired, count] of rows) {
		if (retired) counts.retired += count;
		else if (suspended) counts.suspended += count;
		else counts[state as 'new' | 'learning' | 'review' | 'relearning'] += count;
	}
	return counts;
}

/** The memory state of every active studied card: stability, difficulty, and days since its last review. */
export function memoryStates(store: Store, scope: StatsScope): Array<[stability: number, difficulty: number, elapsedDays: number]> {
	return store
		.statement(
			`SELECT cards.stability, cards.difficulty, max(0, (@now - cards.last_review) / ${DAY}.0) FROM cards
			 WHERE ${CARD_FILTER} AND cards.retired_at IS NULL AND cards.state != 'new' AND cards.last_review IS NOT NULL`,
		)
		.raw(true)
		.all(parameters(scope)) as Array<[number, number, number]>;
}
