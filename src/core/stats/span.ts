/*
The one rule for naming the study days a figure of `fluency stats` counts, so no two labels
disagree: a figure counts from the latest of the day it asks for (the first of its last N days),
the period's first day and the day of the first answer, up to today; it is named for that day as
`last N days, since DATE`, or `all time, since DATE` when nothing before it was left out.
*/
import {daysBetween} from './calendar.js';

/** What every figure's span is bounded by: today, the first answer (null: none yet) and the period's first day (null: all time). */
export type SpanLimits = {readonly today: string; readonly firstAnswer: string | null; readonly periodFrom: string | null};

export type Span = {
	/** The first study day counted. */
	readonly from: string;
	/** `all time`, or `last N days`. */
	readonly lead: string;
};

/** The days a figure that wants to start on `wanted` (null: as early as there are answers) really counts. */
export function countedSpan(wanted: string | null, limits: SpanLimits): Span {
	const bounds = [wanted, limits.firstAnswer, limits.periodFrom].filter((day): day is string => day !== null);
	const from = bounds.length === 0 ? limits.today : bounds.reduce((latest, day) => (day > latest ? day : latest));
	if (from === limits.firstAnswer) return {from, lead: 'all time'};
	const days = daysBetween(from, limits.today) + 1;
	return {from, lead: `last ${days} ${days === 1 ? 'day' : 'days'}`};
}

/** `last 30 days, since 2026-11-05`, or `all time, since 2026-05-19`. */
export function spanLabel(span: Span): string {
	return `${span.lead}, since ${span.from}`;
}
