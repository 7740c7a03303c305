/*
Study days. Like Anki, a day starts at a set hour (04:00 by default), so a late-night session
still counts toward the evening it belongs to. Time zones come in as a function, so this module
never reads the machine's clock or settings.
*/

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Minutes east of UTC at a moment (Paris in winter: 60). */
export type UtcOffset = (at: number) => number;

/** The offset of the machine's own time zone; the caller passes it in. */
export const systemUtcOffset: UtcOffset = (at) => -new Date(at).getTimezoneOffset();

/**
The same offsets, each hour's looked up once. Asking a zone for its offset costs a microsecond
(several for a named zone), and a search or the stats ask once per card or answer: 100,000 times
for moments that fall in a few thousand hours. An hour in which the offset changes (a transition
off the UTC hour, as St. John's at 05:30 UTC or Lord Howe's at 15:30 UTC) is never kept: each
moment in it is asked of the zone itself.
*/
export function offsetsByTheHour(utcOffset: UtcOffset): UtcOffset {
	const byHour = new Map<number, number>();
	return (at) => {
		const hour = Math.floor(at / HOUR_MS);
		const known = byHour.get(hour);
		if (known !== undefined) return known;
		const offset = utcOffset(hour * HOUR_MS);
		if (offset !== utcOffset((hour + 1) * HOUR_MS - 1)) return utcOffset(at);
		byHour.set(hour, offset);
		return offset;
	};
}

export type StudyDay = {
	/** First millisecond of the study day. */
	readonly start: number;
	/** First millisecond of the next study day. */
	readonly end: number;
	/** `2026-11-24`: the calendar date on which the study day starts. */
	readonly key: string;
};

export function studyDayAt(now: number, dayStartHour: number, utcOffset: UtcOffset): StudyDay {
	const local = now + utcOffset(now) * 60_000;
	const shifted = local - dayStartHour * HOUR_MS;
	const dayNumber = Math.floor(shifted / DAY_MS);
	const toUtc = (localTime: number) => localTime - utcOffset(localTime - utcOffset(now) * 60_000) * 60_000;
	const start = toUtc(dayNumber * DAY_MS + dayStartHour * HOUR_MS);
	const end = toUtc((dayNumber + 1) * DAY_MS + dayStartHour * HOUR_MS);
	return {start, end, key: new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)};
}

/** The study day of a moment as a number (days since 1970-01-01 in local time less the day-start hour). */
export function studyDayNumber(at: number, dayStartHour: number, utcOffset: UtcOffset): number {
	return Math.floor((at + utcOffset(at) * 60_000 - dayStartHour * HOUR_MS) / DAY_MS);
}

/** The study day numbered `dayNumber` (as `studyDayNumber` counts them), found from its local noon: a time zone's offset never moves that out of the day. */
export function studyDayNumbered(dayNumber: number, dayStartHour: number, utcOffset: UtcOffset): StudyDay {
	const localNoon = dayNumber * DAY_MS + (dayStartHour + 12) * HOUR_MS;
	return studyDayAt(localNoon - utcOffset(localNoon) * 60_000, dayStartHour, utcOffset);
}

/** Whole study days from one moment to a later one: 0 within one study day, never negative. */
export function studyDaysApart(from: number, to: number, dayStartHour: number, utcOffset: UtcOffset): number {
	return studyDaysUntil(to, dayStartHour, utcOffset)(from);
}

/** `studyDaysApart` to one moment from many: its study day is worked out once (each is a time-zone lookup). */
export function studyDaysUntil(to: number, dayStartHour: number, utcOffset: UtcOffset): (from: number) => number {
	const toDay = studyDayNumber(to, dayStartHour, utcOffset);
	return (from) => Math.max(0, toDay - studyDayNumber(from, dayStartHour, utcOffset));
}

/** The study day's calendar date for a moment, as `YYYY-MM-DD`. */
export function studyDayKey(at: number, dayStartHour: number, utcOffset: UtcOffset): string {
	return studyDayAt(at, dayStartHour, utcOffset).key;
}

/** `2026-12-05 09:14` in the configured time zone: how every date with a time is printed. */
export function localDateTime(at: number, utcOffset: UtcOffset): string {
	return new Date(at + utcOffset(at) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
The offset of a named time zone (`Europe/Paris`) at each moment, daylight saving included, from
the time-zone data Node carries. Undefined for a name it does not know.
*/
export function utcOffsetIn(timeZone: string): UtcOffset | undefined {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'});
	} catch {
		return undefined;
	}
	return (at) => {
		const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((part) => [part.type, Number(part.value)]));
		const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
		return Math.round((asUtc - Math.floor(at / 1000) * 1000) / 60_000);
	};
}
