/*
Load balancing and easy days, as Anki 24.11 introduced them: when an answer schedules a card some
days ahead, any day within the fuzz range is as good for memory, so the day with the lightest load
is chosen instead of a random one, and days of the week the learner wants to keep light (easy
days) count as busier than they are.

The choice depends on how many cards are due on each day on this device at the moment of the
answer, which another device cannot know. So the chosen date is recorded as an event tied to the
answer, and every replay applies that recorded date rather than balancing again: replays stay the
same on every device.
*/
import type {Memory, Rating, Scheduler} from './scheduler.js';

/** Anki does not balance intervals longer than this: so far ahead, a day more or less hardly changes a day's load. */
const MAX_BALANCED_INTERVAL = 90;

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The share of a normal day's reviews each weekday should carry: 1 normal (the default), 0.5 reduced, 0 none. */
export type EasyDays = Readonly<Partial<Record<Weekday, number>>>;

export type DayLoad = {
	/** Cards due on a study day (by study day number), other than the one being answered. */
	readonly dueOn: (studyDay: number) => number;
	readonly easyDays: EasyDays;
};

/** The weekday of a study day number (day 0, 1970-01-01, was a Thursday). */
export function weekdayOf(studyDay: number): Weekday {
	return WEEKDAYS[(((studyDay + 4) % 7) + 7) % 7]!;
}

/**
The day, in days after the answer, among `min`..`max` with the least load: cards due that day
divided by the share of a normal load the day should carry (an easy day with share 0 is avoided
unless every day in the range is one). Ties go to the day nearest the interval FSRS computed, then
to the earlier one.
*/
export function lightestDay(range: {readonly min: number; readonly max: number; readonly interval: number}, today: number, load: DayLoad): number {
	let best = range.interval;
	let bestLoad = Infinity;
	for (let days = range.min; days <= range.max; days++) {
		const day = today + days;
		const share = load.easyDays[weekdayOf(day)] ?? 1;
		// A day that should carry nothing still takes a card when every day in the range is such a day.
		const dayLoad = (load.dueOn(day) + 1) / Math.max(share, 0.01);
		const nearer = Math.abs(days - range.interval) < Math.abs(best - range.interval);
		if (dayLoad < bestLoad || (dayLoad === bestLoad && nearer)) {
			best = days;
			bestLoad = dayLoad;
		}
	}
	return best;
}

/**
What an answer leads to with the load balanced: the fuzzed state, moved to the lightest day of its
fuzz range when the interval is in days, at most 90 of them, and the fuzz is on. Undefined when
nothing moves, so the caller records nothing.
*/
export function balancedState(scheduler: Scheduler, before: Memory, rating: Rating, after: Memory, now: number, load: DayLoad): Memory | undefined {
	const range = scheduler.fuzzRange(before, rating, now);
	if (!range || after.state !== 'review' || after.due === null || range.interval > MAX_BALANCED_INTERVAL) return undefined;
	const today = scheduler.studyDay(now);
	const days = lightestDay(range, today, load);
	const due = scheduler.daysAfter(before, now, days);
	return due === after.due ? undefined : scheduler.withDue(after, due);
}
