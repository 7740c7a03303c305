/*
What lies ahead for a selection of cards when nothing (more) is waiting: how many are buried and
when they come back, how many are suspended, and when the next card falls due. Counted in study
days, so that at 02:00 (before a 04:00 day start) a card due at 04:00 is due "today", and a card
buried until then comes back "at 04:00", not "tomorrow".
*/
import {DAY_MS, studyDayNumber, type UtcOffset} from '../scheduling/day.js';
import type {QueueCard} from './queue.js';

export type Outlook<C extends QueueCard = QueueCard> = {
	readonly buried: number;
	/** When the first buried card comes back, if any is buried. */
	readonly buriedUntil?: number;
	readonly suspended: number;
	/** When the next card that is neither new nor suspended can be reviewed (a buried one once it is back). */
	readonly nextDue?: number;
	/** That card, for naming its deck. */
	readonly nextCard?: C;
};

export function outlookOf<C extends QueueCard>(cards: readonly C[], now: number): Outlook<C> {
	let buried = 0;
	let suspended = 0;
	let buriedUntil: number | undefined;
	let nextDue: number | undefined;
	let nextCard: C | undefined;
	for (const card of cards) {
		if (card.suspended) {
			suspended++;
			continue;
		}
		const isBuried = card.buriedUntil !== null && card.buriedUntil > now;
		if (isBuried) {
			buried++;
			if (buriedUntil === undefined || card.buriedUntil! < buriedUntil) buriedUntil = card.buriedUntil!;
		}
		if (card.state === 'new' || card.due === null) continue;
		const due = isBuried ? Math.max(card.due, card.buriedUntil!) : card.due;
		if (nextDue === undefined || due < nextDue) {
			nextDue = due;
			nextCard = card;
		}
	}
	return {buried, suspended, ...(buriedUntil === undefined ? {} : {buriedUntil}), ...(nextDue === undefined ? {} : {nextDue, nextCard: nextCard!})};
}

/** The clock a phrase is told by: the moment, the day-start hour and the time zone. */
export type Clock = {readonly now: number; readonly dayStartHour: number; readonly utcOffset: UtcOffset};

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Local wall-clock time of a moment as milliseconds, read with UTC getters. */
const local = (at: number, clock: Clock) => new Date(at + clock.utcOffset(at) * 60_000);
const calendarDay = (at: number, clock: Clock) => Math.floor((at + clock.utcOffset(at) * 60_000) / DAY_MS);
const timeOf = (at: number, clock: Clock) => {
	const date = local(at, clock);
	return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
};

/** `today at 18:40`, `tomorrow (Sun)`, `in 2 days (Mon)`, `in 12 days (17 Dec)`: study days from now. */
export function dueIn(at: number, clock: Clock): string {
	const days = studyDayNumber(at, clock.dayStartHour, clock.utcOffset) - studyDayNumber(clock.now, clock.dayStartHour, clock.utcOffset);
	if (days <= 0) return at <= clock.now ? 'now' : `today at ${timeOf(at, clock)}`;
	// At 02:00 the next study day starts later on the calendar's today: that is what the user calls it.
	if (days === 1 && calendarDay(at, clock) === calendarDay(clock.now, clock)) return `today at ${timeOf(at, clock)}`;
	// The study day's own calendar date: a card due at 02:00 on Monday belongs to Sunday's study day.
	const date = new Date(studyDayNumber(at, clock.dayStartHour, clock.utcOffset) * DAY_MS);
	const weekday = WEEKDAYS[date.getUTCDay()]!;
	if (days === 1) return `tomorrow (${weekday})`;
	if (days < 7) return `in ${days} days (${weekday})`;
	return `in ${days} days (${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]!})`;
}

/**
When buried cards come back, in calendar terms the user reads off a clock: `until tomorrow` when
that is after midnight, `until 04:00` when the study day turns before the calendar day does.
*/
export function buriedUntilPhrase(at: number, clock: Clock): string {
	const days = calendarDay(at, clock) - calendarDay(clock.now, clock);
	const time = timeOf(at, clock);
	const atDayStart = time === `${String(clock.dayStartHour).padStart(2, '0')}:00`;
	if (days <= 0) return `until ${time}`;
	if (days === 1) return atDayStart ? 'until tomorrow' : `until tomorrow at ${time}`;
	return `until ${WEEKDAYS[local(at, clock).getUTCDay()]!} ${time}`;
}

/** `12 buried until tomorrow, 3 suspended`; empty when neither. */
export function setAsidePhrase(outlook: Outlook, clock: Clock): string {
	const parts: string[] = [];
	if (outlook.buried > 0) parts.push(`${outlook.buried} buried ${buriedUntilPhrase(outlook.buriedUntil!, clock)}`);
	if (outlook.suspended > 0) parts.push(`${outlook.suspended} suspended`);
	return parts.join(', ');
}

/** `next card due in 2 days (Mon)`, or that no card is scheduled at all. */
export function nextDuePhrase(outlook: Outlook, clock: Clock): string {
	return outlook.nextDue === undefined ? 'no card is scheduled yet' : `next card due ${dueIn(outlook.nextDue, clock)}`;
}
