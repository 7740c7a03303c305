import fc from 'fast-check';
import {type AbstractScheduler, type Card, createEmptyCard, fsrs, generatorParameters, type Grade, type StepUnit, StrategyMode} from 'ts-fsrs';
import {describe, expect, it} from 'vitest';
import {type Memory, NEW_MEMORY, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';

/*
The scheduler hands ts-fsrs its own card objects (one shape for new and studied cards, built for
speed). Here ts-fsrs is called the plain way, with createEmptyCard and a card object of its own
type, on random histories: every answer must come out the same, fuzz included. Study days start at
midnight UTC, so the scheduler's study time is real time and nothing but the card object differs.
*/

type Settings = {desiredRetention: number; maximumInterval: number; learningSteps: string[]; relearningSteps: string[]; weights?: number[]};

const DEFAULTS: Settings = {desiredRetention: 0.9, maximumInterval: 36_500, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
// Trained weights, a lower retention and a short maximum: the scheduler keeps its own copy of ts-fsrs's parameters, which must carry every one of them.
const TRAINED: Settings = {
	desiredRetention: 0.82,
	maximumInterval: 180,
	learningSteps: ['5m'],
	relearningSteps: ['3m', '15m'],
	weights: [0.3, 1.1, 2.8, 9.4, 6.9, 0.6, 2.1, 0.004, 1.6, 0.12, 1.0, 1.8, 0.09, 0.31, 1.6, 0.2, 2.7, 0.5, 0.2, 0.1, 0.15],
};

let seedCardId = '';

function schedulers(settings: Settings) {
	const scheduler = new Scheduler({...settings, fuzz: true, studyDays: {dayStartHour: 0, utcOffset: () => 0}});
	const plain = fsrs(
		generatorParameters({
			request_retention: settings.desiredRetention,
			maximum_interval: settings.maximumInterval,
			enable_fuzz: true,
			enable_short_term: true,
			learning_steps: settings.learningSteps as StepUnit[],
			relearning_steps: settings.relearningSteps as StepUnit[],
			...(settings.weights ? {w: settings.weights} : {}),
		}),
	);
	// Anki's seed, as the scheduler sets it: the card id and the review count.
	plain.useStrategy(StrategyMode.SEED, function (this: AbstractScheduler) {
		return `${seedCardId}:${(Reflect.get(this, 'current') as Card).reps}`;
	});
	return {scheduler, plain};
}

const STATES = ['new', 'learning', 'review', 'relearning'] as const;

function plainCard(memory: Memory, now: number): Card {
	if (memory.state === 'new') return createEmptyCard(new Date(now));
	const card: Card = {
		due: new Date(memory.due ?? now),
		stability: memory.stability,
		difficulty: memory.difficulty,
		elapsed_days: 0,
		scheduled_days: memory.scheduledDays,
		learning_steps: memory.learningSteps,
		reps: memory.reps,
		lapses: memory.lapses,
		state: STATES.indexOf(memory.state),
	};
	if (memory.lastReview !== null) card.last_review = new Date(memory.lastReview);
	return card;
}

const T0 = Date.UTC(2026, 0, 5, 9);
const MINUTE = 60_000;

describe('the scheduler and ts-fsrs called directly', () => {
	it.each([
		['default', DEFAULTS],
		['trained', TRAINED],
	])('agree on every answer of random histories, fuzz included (%s parameters)', (_name, settings) => {
		const {scheduler, plain} = schedulers(settings);
		let answers = 0;
		let fuzzed = 0;
		fc.assert(
			fc.property(
				fc.stringMatching(/^[0-9a-f]{16}$/),
				fc.array(fc.record({rating: fc.constantFrom<Rating>(1, 2, 3, 4), gapMinutes: fc.oneof(fc.integer({min: 0, max: 30}), fc.integer({min: 60, max: 200 * 24 * 60}))}), {minLength: 1, maxLength: 25}),
				(cardId, steps) => {
					let memory = NEW_MEMORY;
					let at = T0;
					seedCardId = cardId;
					for (const {rating, gapMinutes} of steps) {
						at += gapMinutes * MINUTE;
						const outcome = scheduler.answer(memory, rating, at, cardId).after;
						const expected = plain.next(plainCard(memory, at), new Date(at), rating as Grade).card;
						expect(outcome.state).toBe(STATES[expected.state]);
						expect(outcome.stability).toBe(expected.stability);
						expect(outcome.difficulty).toBe(expected.difficulty);
						expect(outcome.scheduledDays).toBe(expected.scheduled_days);
						expect(outcome.learningSteps).toBe(expected.learning_steps);
						expect(outcome.reps).toBe(expected.reps);
						expect(outcome.lapses).toBe(expected.lapses);
						expect(outcome.due).toBe(expected.due.getTime());
						answers++;
						if (expected.scheduled_days >= 3) fuzzed++;
						memory = outcome;
					}
				},
			),
			{numRuns: 300},
		);
		// Answers whose interval the fuzz may move: without them the comparison says nothing about it.
		expect(answers).toBeGreaterThan(1000);
		expect(fuzzed).toBeGreaterThan(300);
	});
});
