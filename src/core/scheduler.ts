/*
The only module that talks to ts-fsrs. Everything else sees plain numbers (epoch milliseconds)
and the Memory type, so the store and the UI never depend on the scheduling library.
*/
import {type Card as FsrsCard, createEmptyCard, default_w, type FSRS, type FSRSState, fsrs, forgetting_curve, generatorParameters, type Grade, type StepUnit, State} from 'ts-fsrs';

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
};

export const DEFAULT_SCHEDULER_SETTINGS: SchedulerSettings = {
	desiredRetention: 0.9,
	maximumInterval: 36_500,
	fuzz: true,
	learningSteps: ['1m', '10m'],
	relearningSteps: ['10m'],
};

export const DEFAULT_WEIGHTS: readonly number[] = default_w;

/** What an answer did, with the figures the review log keeps. */
export type AnswerOutcome = {
	readonly before: Memory;
	readonly after: Memory;
	/** Days since the previous review (0 for the first). */
	readonly elapsedDays: number;
	/** Predicted probability of recall at the moment of the answer; null for a new card. */
	readonly retrievability: number | null;
};

export type ReviewEvent = {readonly rating: Rating; readonly at: number};

const STATE_BY_NAME: Readonly<Record<CardState, State>> = {new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning};
const NAME_BY_STATE: Readonly<Record<State, CardState>> = {[State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning'};
const STEP = /^\d+(?:\.\d+)?[mhd]$/;
const DAY_MS = 86_400_000;

export function isValidStep(step: string): boolean {
	return STEP.test(step);
}

export class Scheduler {
	readonly settings: SchedulerSettings;
	readonly #fsrs: FSRS;

	constructor(settings: SchedulerSettings = DEFAULT_SCHEDULER_SETTINGS) {
		this.settings = settings;
		this.#fsrs = fsrs(
			generatorParameters({
				request_retention: settings.desiredRetention,
				maximum_interval: settings.maximumInterval,
				enable_fuzz: settings.fuzz,
				enable_short_term: true,
				learning_steps: settings.learningSteps as StepUnit[],
				relearning_steps: settings.relearningSteps as StepUnit[],
				...(settings.weights ? {w: [...settings.weights]} : {}),
			}),
		);
	}

	/** The state each rating would lead to, for showing intervals on the grade buttons. */
	preview(memory: Memory, now: number): Record<Rating, Memory> {
		const at = notBefore(memory, now);
		const outcomes = this.#fsrs.repeat(toFsrs(memory, at), at);
		return {1: fromFsrs(outcomes[1].card), 2: fromFsrs(outcomes[2].card), 3: fromFsrs(outcomes[3].card), 4: fromFsrs(outcomes[4].card)};
	}

	answer(memory: Memory, rating: Rating, now: number): AnswerOutcome {
		const at = notBefore(memory, now);
		const {card} = this.#fsrs.next(toFsrs(memory, at), at, rating as Grade);
		const elapsedDays = memory.lastReview === null ? 0 : (at - memory.lastReview) / DAY_MS;
		return {before: memory, after: fromFsrs(card), elapsedDays, retrievability: this.retrievability(memory, at)};
	}

	/** Probability of recall now; null for a card that has never been reviewed. */
	retrievability(memory: Memory, now: number): number | null {
		if (memory.state === 'new' || memory.lastReview === null || memory.stability <= 0) return null;
		const at = notBefore(memory, now);
		return this.#fsrs.get_retrievability(toFsrs(memory, at), at, false);
	}

	/**
	The state a card reaches from its whole history, replayed in time order. Deterministic: the
	same history and settings always give the same state, fuzz included, because ts-fsrs seeds
	its fuzz from the review time and the card's state.
	*/
	replay(history: readonly ReviewEvent[]): {memory: Memory; outcomes: AnswerOutcome[]} {
		let memory = NEW_MEMORY;
		const outcomes: AnswerOutcome[] = [];
		for (const event of [...history].sort((a, b) => a.at - b.at)) {
			const outcome = this.answer(memory, event.rating, event.at);
			outcomes.push(outcome);
			memory = outcome.after;
		}
		return {memory, outcomes};
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
	return stability > 0 ? forgetting_curve([...weights], elapsedDays, stability) : 0;
}

/**
Predicted recall at the last review of each history: the memory state after every earlier review
(days between them as given, 0 for the same day), then the forgetting curve over the last gap.
What the optimizer's metrics score.
*/
export function predictRecall(histories: ReadonlyArray<ReadonlyArray<{readonly rating: Rating; readonly deltaT: number}>>, weights: readonly number[] = DEFAULT_WEIGHTS): number[] {
	const algorithm = fsrs(generatorParameters({w: [...weights], enable_fuzz: false}));
	return histories.map((reviews) => {
		let state: FSRSState | null = null;
		for (const review of reviews.slice(0, -1)) state = algorithm.next_state(state, review.deltaT, review.rating);
		const last = reviews.at(-1);
		return state && last ? forgetting_curve(algorithm.parameters.w, last.deltaT, state.stability) : 1;
	});
}

function toFsrs(memory: Memory, now: number): FsrsCard {
	if (memory.state === 'new') return createEmptyCard(now);
	return {
		due: new Date(memory.due ?? now),
		stability: memory.stability,
		difficulty: memory.difficulty,
		elapsed_days: 0,
		scheduled_days: memory.scheduledDays,
		learning_steps: memory.learningSteps,
		reps: memory.reps,
		lapses: memory.lapses,
		state: STATE_BY_NAME[memory.state],
		...(memory.lastReview === null ? {} : {last_review: new Date(memory.lastReview)}),
	};
}

function fromFsrs(card: FsrsCard): Memory {
	return {
		state: NAME_BY_STATE[card.state],
		due: card.due.getTime(),
		stability: card.stability,
		difficulty: card.difficulty,
		reps: card.reps,
		lapses: card.lapses,
		learningSteps: card.learning_steps,
		scheduledDays: card.scheduled_days,
		lastReview: card.last_review ? card.last_review.getTime() : null,
	};
}
