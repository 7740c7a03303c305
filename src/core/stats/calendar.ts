/*
The time axes of the statistics: study days (which start at the user's day-start hour, local
time) and stretches of constant UTC offset (so an answer's local hour is exact across a
daylight-saving change). Time zones come in as a function, like src/core/day.ts.
*/
import {DAY_MS, HOUR_MS, type StudyDay, studyDayAt, type UtcOffset} from '../scheduling/day.js';

/**
The study days from the one holding `from` to the one holding `to`, oldest first. Each day ends
where the next begins, so counting answers per day never loses or repeats one, even on the
23- and 25-hour days of a daylight-saving change.
*/
export function studyDaysBetween(from: number, to: number, dayStartHour: number, utcOffset: UtcOffset): StudyDay[] {
	const days: StudyDay[] = [];
	let day = studyDayAt(from, dayStartHour, utcOffset);
	while (day.start <= to) {
		// 36 hours after a day's start always falls in the next day, however long this one is.
		const next = studyDayAt(day.start + 36 * HOUR_MS, dayStartHour, utcOffset);
		days.push({...day, end: next.start});
		day = next;
	}
	return days;
}

/** The start of the study day `count - 1` days before `today`: the first moment of "the last `count` days". */
export function startOfLastDays(today: StudyDay, count: number, dayStartHour: number, utcOffset: UtcOffset): number {
	let start = today.start;
	// Noon of the day before, to step over 23- and 25-hour days alike.
	for (let day = 1; day < count; day++) start = studyDayAt(start - 12 * HOUR_MS, dayStartHour, utcOffset).start;
	return start;
}

/** The first moment of the study day whose date is `key` (YYYY-MM-DD). */
export function startOfStudyDay(key: string, dayStartHour: number, utcOffset: UtcOffset): number {
	// The middle of that study day in local time; an offset off by an hour still lands inside it.
	const localMiddle = Date.parse(`${key}T00:00:00Z`) + (dayStartHour + 12) * HOUR_MS;
	return studyDayAt(localMiddle - utcOffset(localMiddle) * 60_000, dayStartHour, utcOffset).start;
}

/**
The moments between `from` and `to` at which the UTC offset changes (daylight saving), found by
looking once a day and narrowing each change down to the millisecond.
*/
export function offsetChanges(from: number, to: number, utcOffset: UtcOffset): number[] {
	const changes: number[] = [];
	let before = from;
	let offset = utcOffset(from);
	while (before < to) {
		const after = Math.min(before + DAY_MS, to);
		const next = utcOffset(after);
		if (next !== offset) {
			let low = before;
			let high = after;
			while (high - low > 1) {
				const middle = Math.floor((low + high) / 2);
				if (utcOffset(middle) === offset) low = middle;
				else high = middle;
			}
			changes.push(high);
			offset = next;
		}
		before = after;
	}
	return changes;
}

/** 0 for Monday to 6 for Sunday, for a date written YYYY-MM-DD. */
export function weekdayOf(key: string): number {
	return (new Date(`${key}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The date `days` days after `key` (before, when negative). */
export function addDays(key: string, days: number): string {
	return new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from date `from` to date `to`. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-31). */
export function isCalendarDate(text: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const parsed = Date.parse(`${text}T00:00:00Z`);
	return Number.isFinite(parsed) && new Date(parsed).toISOString().slice(0, 10) === text;
}
