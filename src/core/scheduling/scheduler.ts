/*
The only module that talks to ts-fsrs. Everything else sees plain numbers (epoch milliseconds)
and the Memory type, so the store and the UI never depend on the scheduling library.
*/
import {
	type AbstractScheduler,
	type Card as FsrsCard,
	CLAMP_PARAMETERS,
	computeDecayFactor,
	type FSRSParameters,
	default_w,
	FSRS,
	fsrs,
	forgetting_curve,
	generatorParameters,
	get_fuzz_range,
	type Grade,
	roundTo,
	type StepUnit,
	State,
	StrategyMode,
	W17_W18_Ceiling,
} from 'ts-fsrs';
import {firstAleaDraw} from './alea.js';
import {DAY_MS, HOUR_MS, studyDaysApart, studyDayNumber, studyDayNumbered, systemUtcOffset, type UtcOffset} from './day.js';
import {memoryFromInterval} from './memory-from-interval.js';
import {DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings, type StudyDays} from './settings.js';

export type CardState = 'new' | 'learning' | 'review' | 'relearning';
export type Rating = 1 | 2 | 3 | 4;
export const RATINGS: readonly Rating[] = [1, 2, 3, 4];
export const RATING_NAMES: Readonly<Record<Rating, string>> = {1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy'};

/** A card's FSRS memory state. Times are epoch milliseconds. */
export type Memory = {
	readonly state: CardState;
	/** When the card is next due; null for a card never reviewed. */
	readonly due: number | null;
	readonly stability: number;
	readonly difficulty: number;
	readonly reps: number;
	readonly lapses: number;
	/** Index of the current (re)learning step. */
	readonly learningSteps: number;
	readonly scheduledDays: number;
	readonly lastReview: number | null;
};

export const NEW_MEMORY: Memory = {state: 'new', due: null, stability: 0, difficulty: 0, reps: 0, lapses: 0, learningSteps: 0, scheduledDays: 0, lastReview: null};

export {DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings, type StudyDays} from './settings.js';

const DEFAULT_STUDY_DAYS: StudyDays = {dayStartHour: 4, utcOffset: systemUtcOffset};

export const DEFAULT_WEIGHTS: readonly number[] = default_w;

/** What an answer did, with the figures the review log keeps. */
export type AnswerOutcome = {
	readonly before: Memory;
	readonly after: Memory;
	/** Days since the previous review (0 for the first). */
	readonly elapsedDays: number;
	/** Predicted probability of recall at the moment of the answer; null for a new card. */
	readonly retrievability: number | null;
	/** Load balancing moved the due date to another day of the fuzz range: the date is recorded so replays apply it. */
	readonly balanced?: boolean;
};

export type ReviewEvent = {readonly rating: Rating; readonly at: number};

const STATE_BY_NAME: Readonly<Record<CardState, State>> = {new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning};
const NAME_BY_STATE: Readonly<Record<State, CardState>> = {[State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning'};
/** The card id travels to ts-fsrs on its card object, for the fuzz seed. */
const CARD_ID = 'fluencyCardId';

/** ts-fsrs's FSRS drawing its fuzz with firstAleaDraw: the same intervals, without building a generator per answer. */
class FsrsWithQuickFuzz extends FSRS {
	constructor(parameters: FSRSParameters) {
		super(parameters);
		// ts-fsrs keeps its parameters behind a Proxy, to recompute what follows from one when it is
		// set. A Scheduler never sets one (new settings build a new Scheduler), and each read through
		// the Proxy is slow: a fifth of a 220,000-answer replay went to them.
		this.param = {...this.param};
	}

	override apply_fuzz(interval: number, elapsedDays: number): ReturnType<FSRS['apply_fuzz']> {
		const {enable_fuzz: fuzz, maximum_interval: maximumInterval} = this.parameters;
		if (!fuzz || interval < 2.5) return Math.round(interval) as ReturnType<FSRS['apply_fuzz']>;
		const {min_ivl: min, max_ivl: max} = get_fuzz_range(interval, elapsedDays, maximumInterval);
		return Math.floor(this.#drawOfSeed() * (max - min + 1) + min) as ReturnType<FSRS['apply_fuzz']>;
	}

	#seedDrawn: string | undefined;
	#draw = 0;

	/** The answer's draw, hashed once: ts-fsrs fuzzes the Hard, Good and Easy intervals of one answer from one seed. */
	#drawOfSeed(): number {
		// The scheduler always sets a seed (the card id and review count); ts-fsrs would use the clock.
		const seed = this._seed ?? '';
		if (seed !== this.#seedDrawn) {
			this.#seedDrawn = seed;
			this.#draw = firstAleaDraw(seed);
		}
		return this.#draw;
	}
}

/**
The scheduler counts elapsed time in study days, like Anki: a review at 23:59 and the next at
00:01 the following evening are one day apart, two answers within one study day are 0 days apart
(FSRS's same-day formula), and learning steps stay in minutes.

ts-fsrs counts days as the difference of UTC calendar dates. So it is handed a shifted clock,
"study time": local time minus the day-start hour, whose UTC date is the study day. Its results
are shifted back: a step in minutes is that many minutes after the real answer; an interval of n
days is the same local time n study days later (so a DST change does not move it by an hour).
*/
export class Scheduler {
	readonly settings: SchedulerSettings;
	readonly #fsrs: FSRS;
	/** The same scheduler without fuzz: the interval the fuzz range is centred on. */
	readonly #unfuzzed: FSRS;
	readonly #days: StudyDays;

	constructor(settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS) {
		this.settings = settings;
		this.#days = settings.studyDays ?? DEFAULT_STUDY_DAYS;
		const parameters = (fuzz: boolean) =>
			generatorParameters({
				request_retention: settings.desiredRetention,
				maximum_interval: settings.maximumInterval,
				enable_fuzz: fuzz,
				enable_short_term: true,
				learning_steps: settings.learningSteps as StepUnit[],
				relearning_steps: settings.relearningSteps as StepUnit[],
				...(settings.weights ? {w: [...settings.weights]} : {}),
			});
		this.#fsrs = new FsrsWithQuickFuzz(parameters(settings.fuzz));
		this.#unfuzzed = fsrs(parameters(false));
		// As Anki seeds it (card id plus review count), so the fuzz of an answer is fixed before the
		// key is pressed: the interval shown on a grade is the one applied, and a replay on any
		// device draws the same. ts-fsrs's own seed includes the time of the answer.
		this.#fsrs.useStrategy(StrategyMode.SEED, function (this: AbstractScheduler) {
			const card = Reflect.get(this, 'current') as FsrsCard;
			return `${String(Reflect.get(card, CARD_ID) ?? '')}:${card.reps}`;
		});
	}

	/** The study day a moment falls on, as a day number (days since 1970-01-01 in study time). */
	studyDay(at: number): number {
		return studyDayNumber(at, this.#days.dayStartHour, this.#days.utcOffset);
	}

	/** When the study day numbered `day` starts and ends. */
	studyDayBounds(day: number): {readonly start: number; readonly end: number} {
		return studyDayNumbered(day, this.#days.dayStartHour, this.#days.utcOffset);
	}

	/** Whole study days from one moment to a later one (0 within one study day, never negative). */
	studyDaysBetween(from: number, to: number): number {
		return studyDaysApart(from, to, this.#days.dayStartHour, this.#days.utcOffset);
	}

	/** The state each rating would lead to, for showing intervals on the grade buttons: exactly what `answer` applies. */
	preview(memory: Memory, now: number, cardId = ''): Record<Rating, Memory> {
		const at = notBefore(memory, now);
		const studyNow = this.#studyNow(memory, at);
		const outcomes = this.#fsrs.repeat(this.#toFsrs(memory, studyNow, cardId), studyNow);
		const back = (card: FsrsCard) => this.#fromFsrs(card, at, studyNow);
		return {1: back(outcomes[1].card), 2: back(outcomes[2].card), 3: back(outcomes[3].card), 4: back(outcomes[4].card)};
	}

	answer(memory: Memory, rating: Rating, now: number, cardId = ''): AnswerOutcome {
		const at = notBefore(memory, now);
		const studyNow = this.#studyNow(memory, at);
		const {card} = this.#fsrs.next(this.#toFsrs(memory, studyNow, cardId), studyNow, rating as Grade);
		const elapsedDays = memory.lastReview === null || memory.state === 'new' ? 0 : this.studyDaysBetween(memory.lastReview, at);
		return {before: memory, after: this.#fromFsrs(card, at, studyNow), elapsedDays, retrievability: this.retrievability(memory, at)};
	}

	/** Probability of recall now, after the study days since the last review; null for a card never reviewed. */
	retrievability(memory: Memory, now: number): number | null {
		if (memory.state === 'new' || memory.lastReview === null || memory.stability <= 0) return null;
		return forgetting_curve(this.#fsrs.parameters.w, this.studyDaysBetween(memory.lastReview, now), memory.stability);
	}

	/**
	The days (from the answer's study day) the fuzz may choose among for an answer that schedules
	in days, as ts-fsrs and Anki draw them; undefined without fuzz or for a step in minutes.
	*/
	fuzzRange(memory: Memory, rating: Rating, now: number): {readonly min: number; readonly max: number; readonly interval: number} | undefined {
		if (!this.settings.fuzz) return undefined;
		const at = notBefore(memory, now);
		const studyNow = this.#studyNow(memory, at);
		const {card} = this.#unfuzzed.next(this.#toFsrs(memory, studyNow, ''), studyNow, rating as Grade);
		if (card.state !== State.Review || card.scheduled_days < 1 || card.learning_steps > 0) return undefined;
		const elapsed = memory.lastReview === null || memory.state === 'new' ? 0 : this.studyDaysBetween(memory.lastReview, at);
		const {min_ivl: min, max_ivl: max} = get_fuzz_range(card.scheduled_days, elapsed, this.settings.maximumInterval);
		return card.scheduled_days < 2.5 ? undefined : {min, max, interval: card.scheduled_days};
	}

	/** A state moved to another due date (load balancing chose another day): the scheduled days follow the date. */
	withDue(memory: Memory, due: number): Memory {
		return {...memory, due, scheduledDays: memory.lastReview === null ? memory.scheduledDays : this.studyDaysBetween(memory.lastReview, due)};
	}

	/**
	A new card given a due date by hand (set-due): a review card, as Anki makes it, its interval the
	study days to that date (at least 1), its memory converted from the interval so FSRS can schedule
	its first answer. Its implied last review is the interval before the date, as Anki reads a card
	without one, but never after the moment it was set, which an answer may not precede.
	*/
	scheduledByHand(due: number, at: number): Memory {
		const interval = Math.max(1, this.studyDaysBetween(at, due));
		const {stability, difficulty} = memoryFromInterval(interval, this.#fsrs.parameters.w);
		// Midday of the study day `interval` days before the date: no daylight-saving hour moves it to another day.
		const lastReview = Math.min(at, due - interval * DAY_MS + 12 * HOUR_MS);
		return {state: 'review', due, stability, difficulty, reps: 0, lapses: 0, learningSteps: 0, scheduledDays: interval, lastReview};
	}

	/** The moment `days` study days after an answer, at the same local time: where an interval of whole days ends. */
	daysAfter(memory: Memory, at: number, days: number): number {
		return this.#realTime(this.#studyNow(memory, notBefore(memory, at)) + days * DAY_MS);
	}

	/**
	The state a card reaches from its whole history, replayed in time order. Deterministic: the
	same history, card id and settings always give the same state, fuzz included.
	*/
	replay(history: readonly ReviewEvent[], cardId = ''): {memory: Memory; outcomes: AnswerOutcome[]} {
		let memory = NEW_MEMORY;
		const outcomes: AnswerOutcome[] = [];
		for (const event of [...history].sort((a, b) => a.at - b.at)) {
			const outcome = this.answer(memory, event.rating, event.at, cardId);
			outcomes.push(outcome);
			memory = outcome.after;
		}
		return {memory, outcomes};
	}

	/** Local time less the day-start hour: its UTC calendar date is the study day. */
	#studyTime(at: number): number {
		return at + this.#days.utcOffset(at) * 60_000 - this.#days.dayStartHour * HOUR_MS;
	}

	/** The real moment at a study time (the inverse of #studyTime, time-zone changes included). */
	#realTime(studyTime: number): number {
		const shift = (guess: number) => studyTime + this.#days.dayStartHour * HOUR_MS - this.#days.utcOffset(guess) * 60_000;
		return shift(shift(shift(studyTime)));
	}

	/**
	Study time of an answer, never before the last review's: after a flight west, local time can
	run back across the day boundary, and that answer belongs to the same study day as the last.
	*/
	#studyNow(memory: Memory, at: number): number {
		const study = this.#studyTime(at);
		return memory.lastReview === null ? study : Math.max(study, this.#studyTime(memory.lastReview));
	}

	#toFsrs(memory: Memory, studyNow: number, cardId: string): FsrsCard {
		const isNew = memory.state === 'new';
		// One literal, the fields in createEmptyCard's order and the card id last, for new and
		// studied cards alike: ts-fsrs copies the card with a spread four times per answer, which
		// Node does quickly only for objects of one shape (a third of a 220,000-review replay).
		return {
			due: new Date(isNew || memory.due === null ? studyNow : this.#studyTime(memory.due)),
			stability: isNew ? 0 : memory.stability,
			difficulty: isNew ? 0 : memory.difficulty,
			elapsed_days: 0,
			scheduled_days: isNew ? 0 : memory.scheduledDays,
			reps: isNew ? 0 : memory.reps,
			lapses: isNew ? 0 : memory.lapses,
			learning_steps: isNew ? 0 : memory.learningSteps,
			state: STATE_BY_NAME[memory.state],
			last_review: isNew || memory.lastReview === null ? undefined : new Date(this.#studyTime(memory.lastReview)),
			[CARD_ID]: cardId,
		} as FsrsCard;
	}

	#fromFsrs(card: FsrsCard, at: number, studyNow: number): Memory {
		const ahead = card.due.getTime() - studyNow;
		// Whole days land on the same local time that many study days later; steps are minutes from now.
		const due = ahead > 0 && ahead % DAY_MS === 0 ? this.#realTime(card.due.getTime()) : at + ahead;
		return {
			state: NAME_BY_STATE[card.state],
			due,
			stability: card.stability,
			difficulty: card.difficulty,
			reps: card.reps,
			lapses: card.lapses,
			learningSteps: card.learning_steps,
			scheduledDays: card.scheduled_days,
			lastReview: at,
		};
	}
}

/**
A clock can be behind the card's last review: another device's clock ran ahead, or this one was
set back. ts-fsrs refuses a negative elapsed time, so such an answer counts as given at the
moment of the last review.
*/
function notBefore(memory: Memory, now: number): number {
	return memory.lastReview !== null && now < memory.lastReview ? memory.lastReview : now;
}

/** Probability of recall after `elapsedDays` for a memory of this stability (FSRS's forgetting curve). */
export function recallAfter(stability: number, elapsedDays: number, weights: readonly number[] = DEFAULT_WEIGHTS): number {
	// FSRS's curve needs only the decay, w[20]: handed the weights it reads that alone, and copying
	// them for it (they are readonly here) cost the statistics a copy of 21 numbers per card.
	return stability > 0 ? forgetting_curve(weights[20]!, elapsedDays, stability) : 0;
}

/**
recallAfter for one set of weights, asked of many cards: the stats ask it of every studied card
(100,000 at a time), and forgetting_curve works out its decay factor from the decay again on each
call. This is forgetting_curve's own formula with that factor worked out once; a test holds the two
equal.
*/
export function recallCurve(weights: readonly number[] = DEFAULT_WEIGHTS): (stability: number, elapsedDays: number) => number {
	const {decay, factor} = computeDecayFactor(weights[20]!);
	return (stability, elapsedDays) => (stability > 0 ? roundTo(Math.pow(1 + (factor * elapsedDays) / stability, decay), 8) : 0);
}

/** The range FSRS allows each parameter (ts-fsrs's clamps, short-term scheduling on), for spotting extreme fits. */
export function parameterBounds(): ReadonlyArray<readonly [number, number]> {
	return CLAMP_PARAMETERS(W17_W18_Ceiling, true) as Array<[number, number]>;
}
