/*
What the scheduler is told, and its defaults, apart from the scheduler itself: the settings are
read by every command, and most of them (`fluency status` before every prompt) never schedule a
card, so they must not load ts-fsrs to learn a default.
*/
import type {UtcOffset} from './day.js';

export type SchedulerSettings = {
	/** Probability of recall at which reviews are scheduled. */
	readonly desiredRetention: number;
	/** Longest interval in days. */
	readonly maximumInterval: number;
	/** Spread intervals a little so cards learned together do not stay together. */
	readonly fuzz: boolean;
	/** Steps such as `1m`, `10m`, `1h`, `1d`. */
	readonly learningSteps: readonly string[];
	readonly relearningSteps: readonly string[];
	/** FSRS parameters; the defaults when absent. */
	readonly weights?: readonly number[];
	/** Where study days start: elapsed time is counted in study days, as Anki counts it. */
	readonly studyDays?: StudyDays;
	/** Desired retention for some decks (and their sub-decks), instead of `desiredRetention`. */
	readonly deckRetention?: Readonly<Record<string, number>>;
};

/** A study day starts at `dayStartHour` local time, local time being given by `utcOffset`. */
export type StudyDays = {readonly dayStartHour: number; readonly utcOffset: UtcOffset};

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
	desiredRetention: 0.9,
	maximumInterval: 36_500,
	fuzz: true,
	learningSteps: ['1m', '10m'],
	relearningSteps: ['10m'],
};
