import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {computeParameters, evaluateWithTimeSeriesSplits, FSRSBinding} from '@open-spaced-repetition/binding';
import {beforeAll, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {evaluate, fit, historyForTraining} from '../../src/app/scheduling/optimizer.js';
import {loadParameters, saveParameters, Schedulers} from '../../src/app/scheduling/parameters.js';
import {reschedule} from '../../src/app/scheduling/reschedule.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {DAY_MS} from '../../src/core/scheduling/day.js';
import {bindingItemsFromAnswers} from '../helpers/binding-items.js';
import {seededRandom} from '../../src/core/random.js';
import {DEFAULT_SCHEDULER_SETTINGS, DEFAULT_WEIGHTS, type Memory, NEW_MEMORY, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {DEFAULT_RETENTIONS, minutesPerCardRemembered, recommendedRetention, simulate} from '../../src/core/scheduling/simulate.js';
import {trainingSet} from '../../src/core/scheduling/training.js';
import {activeCards, getCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowsOf} from '../../src/store/inspect.js';

const utc = () => 0;
const t0 = Date.parse('2026-01-05T10:00:00Z');

describe('turning the review log into training items, as Anki does', () => {
	const answer = (cardId: string, day: number, rating: Rating, stateBefore = 'review', hour = 10) => ({cardId, at: t0 + day * DAY_MS + (hour - 10) * 3_600_000, rating, stateBefore});

	it('counts time in study days and makes an item for each answer on a later day', () => {
		const set = trainingSet([answer('a', 0, 3, 'new'), answer('a', 0, 3, 'learning', 11), answer('a', 2, 3), answer('a', 9, 1)], 4, utc);
		expect(set.items.map((item) => item.reviews)).toEqual([
			[{rating: 3, deltaT: 0}, {rating: 3, deltaT: 0}, {rating: 3, deltaT: 2}],
			[{rating: 3, deltaT: 0}, {rating: 3, deltaT: 0}, {rating: 3, deltaT: 2}, {rating: 1, deltaT: 7}],
		]);
	});

	it('counts an answer at 02:00 in the study day before, when days start at 04:00', () => {
		const set = trainingSet([answer('a', 0, 3, 'new', 23), answer('a', 1, 3, 'learning', 2), answer('a', 1, 3, 'review', 5)], 4, utc);
		expect(set.items.map((item) => item.reviews)).toEqual([[{rating: 3, deltaT: 0}, {rating: 3, deltaT: 0}, {rating: 3, deltaT: 1}]]);
	});

	it('leaves out a card whose history does not start at its first answer', () => {
		const set = trainingSet([answer('imported', 0, 3, 'review'), answer('imported', 5, 3), answer('b', 0, 3, 'new'), answer('b', 3, 3)], 4, utc);
		expect(set).toMatchObject({cards: 1, skippedCards: 1});
		expect(set.items).toHaveLength(1);
	});

	it('starts a card\'s history over after a reset', () => {
		const set = trainingSet([answer('a', 0, 3, 'new'), answer('a', 3, 3), answer('a', 10, 3, 'new'), answer('a', 12, 1)], 4, utc, new Map([['a', t0 + 9 * DAY_MS]]));
		expect(set.items.map((item) => item.reviews)).toEqual([[{rating: 3, deltaT: 0}, {rating: 1, deltaT: 2}]]);
	});

	it('puts the items in time order, by their last answer, whatever the card order (fsrs-rs weights by position)', () => {
		// Card "a" (first by id) was answered later than card "b": its items come after b's.
		const set = trainingSet([answer('a', 10, 3, 'new'), answer('a', 12, 3), answer('a', 20, 3), answer('b', 0, 3, 'new'), answer('b', 11, 4), answer('b', 30, 3)], 4, utc);
		expect(set.items.map((item) => (item.at - t0) / DAY_MS)).toEqual([11, 12, 20, 30]);
	});
});

describe('fitting parameters on a history generated from known ones', () => {
	// The "true" learner forgets more slowly after a first Good than FSRS's defaults assume.
	const trueWeights = [...DEFAULT_WEIGHTS];
	trueWeights[0] = 0.5;
	trueWeights[2] = 8;
	trueWeights[8] = 1.5;
	const truth = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false, weights: trueWeights, studyDays: {dayStartHour: 4, utcOffset: utc}});
	let store: Store;

	beforeAll(() => {
		const root = makeTempDir('fluency-optimize-');
		mkdirSync(join(root, 'decks'));
		writeFileSync(join(root, 'decks', 'synthetic.md'), Array.from({length: 400}, (_, index) => `Q: Synthetic question number ${index}?\nA: ${index}\n`).join('\n'));
		store = Store.open(join(root, 'fluency.db'));
		loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, t0);
		const random = seededRandom(7);
		const answer = (cardId: string, rating: Rating, at: number) => recordAnswer(store, {cardId, rating, at, durationMs: 5000}, (memory, recorded) => truth.answer(memory, rating, recorded));
		for (const card of activeCards(store)) {
			let memory: Memory = NEW_MEMORY;
			let at = t0;
			const first: Rating = random() < 0.2 ? 1 : 3;
			memory = answer(card.id, first, at).outcome.after;
			for (let review = 0; review < 8; review++) {
				// Review at varied intervals around the true schedule, so the data says something about forgetting.
				const interval = Math.max(DAY_MS, ((memory.due ?? at) - at) * (0.5 + random() * 1.5));
				at += interval;
				const recall = truth.retrievability(memory, at) ?? 1;
				const rating: Rating = random() < recall ? 3 : 1;
				memory = answer(card.id, rating, at).outcome.after;
			}
		}
	});

	it('predicts the history better than the defaults, and moves towards the true parameters', async () => {
		const set = historyForTraining(store, 4, utc);
		expect(set.items.length).toBeGreaterThan(2500);
		const result = await fit(set, DEFAULT_WEIGHTS, {numRelearningSteps: 1});
		expect(result.better).toBe(true);
		expect(result.fitted.logLoss).toBeLessThan(result.current.logLoss);
		expect(result.fitted.rmseBins).toBeLessThan(result.current.rmseBins);
		// The initial stability after Good: default 2.3 days, true 8 days.
		expect(Math.abs(result.weights[2]! - trueWeights[2]!)).toBeLessThan(Math.abs(DEFAULT_WEIGHTS[2]! - trueWeights[2]!));
		expect(result.weights[2]!).toBeGreaterThan(4);
	});

	const itemsFromRows = (inTimeOrder: boolean) => bindingItemsFromAnswers(store, inTimeOrder ? 'time' : 'card');

	it('reports the figures fsrs-rs gives on the same items in time order, and fits the parameters it fits', async () => {
		const set = historyForTraining(store, 4, utc);
		const inTime = itemsFromRows(true);
		expect(set.items).toHaveLength(inTime.length);
		const direct = new FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(inTime);
		const ours = evaluate(set);
		expect(Math.abs(ours.logLoss - direct.logLoss)).toBeLessThan(0.002);
		expect(Math.abs(ours.rmseBins - direct.rmseBins)).toBeLessThan(0.002);
		// The order matters: in card order the recency weights land elsewhere.
		const inCardOrder = new FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(itemsFromRows(false));
		expect(Math.abs(inCardOrder.logLoss - direct.logLoss)).toBeGreaterThan(0.002);
		const directWeights = await computeParameters(inTime, {enableShortTerm: true, numRelearningSteps: 1, timeout: 10});
		const fitted = await fit(set, DEFAULT_WEIGHTS, {numRelearningSteps: 1});
		fitted.weights.forEach((weight, index) => expect(weight).toBeCloseTo(directWeights[index]!, 5));
		const directSplits = await evaluateWithTimeSeriesSplits(inTime, {enableShortTerm: true, numRelearningSteps: 1, timeout: 10});
		expect(Math.abs(fitted.outOfSample.logLoss - directSplits.logLoss)).toBeLessThan(0.002);
		expect(fitted.health).toMatchObject({stable: true, extreme: [], passed: true});
	});

	it('evaluates deterministically and changes nothing', () => {
		const set = historyForTraining(store, 4, utc);
		const before = rowsOf(store, 'reviews');
		// fsrs-rs sums its RMSE bins in hash-map order: equal to the last few digits.
		expect(evaluate(set, trueWeights).logLoss).toBeCloseTo(evaluate(set, trueWeights).logLoss, 9);
		expect(evaluate(set, trueWeights).rmseBins).toBeCloseTo(evaluate(set, trueWeights).rmseBins, 6);
		expect(evaluate(set, trueWeights).logLoss).toBeLessThan(evaluate(set).logLoss);
		expect(rowsOf(store, 'reviews')).toEqual(before);
	});

	it('says how much history a fit needs when there is too little', () => {
		expect(() => evaluate({items: [], cards: 0, skippedCards: 0})).toThrow(/needs at least 8 answers given a day or more after the card's previous answer, and there are 0/);
	});

	it('reschedules every card from its history, and a second run changes nothing', () => {
		const card = activeCards(store)[0]!;
		saveParameters(store, trueWeights, undefined, 0);
		const schedulers = new Schedulers(DEFAULT_SCHEDULER_SETTINGS, loadParameters(store));
		const first = reschedule(store, schedulers);
		expect(first.cards).toBe(400);
		const afterFirst = getCard(store, card.id)!.memory;
		const reviewsAfterFirst = rowsOf(store, 'reviews');
		expect(reschedule(store, schedulers)).toEqual({cards: 400, dueChanged: 0});
		expect(getCard(store, card.id)!.memory).toEqual(afterFirst);
		expect(rowsOf(store, 'reviews')).toEqual(reviewsAfterFirst);
	});

	it('uses a deck preset before the global parameters', () => {
		saveParameters(store, trueWeights, undefined, 0);
		const preset = [...trueWeights];
		preset[2] = 20;
		saveParameters(store, preset, 'synthetic', 0);
		const schedulers = new Schedulers(DEFAULT_SCHEDULER_SETTINGS, loadParameters(store));
		expect(schedulers.weightsFor('synthetic/sub')).toEqual(preset);
		expect(schedulers.weightsFor('other')).toEqual(trueWeights);
	});
});

describe('simulating workload for several desired retentions', () => {
	const input = {
		cards: Array.from({length: 300}, () => NEW_MEMORY),
		newPerDay: 10,
		reviewsPerDay: 9999,
		days: 120,
		start: t0,
		seconds: {newCard: 20, byRating: {1: 20, 2: 10, 3: 8, 4: 6} as Record<Rating, number>},
		passRatings: {hard: 0.2, easy: 0.1},
		newAgainRate: 0.25,
	};
	const at = (desiredRetention: number) => simulate(input, new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, desiredRetention, fuzz: false}));

	it('gives the same figures for the same inputs', () => {
		expect(at(0.9)).toEqual(at(0.9));
	});

	it('recommends the retention that costs the least time per card remembered, from the default range', () => {
		const results = DEFAULT_RETENTIONS.map(at);
		const recommended = recommendedRetention(results, input.days)!;
		expect(DEFAULT_RETENTIONS).toContain(recommended);
		const cost = (retention: number) => minutesPerCardRemembered(results.find((result) => result.desiredRetention === retention)!, input.days);
		for (const retention of DEFAULT_RETENTIONS) expect(cost(recommended)).toBeLessThanOrEqual(cost(retention));
		// Neither end of the range: too low forgets and relearns, too high reviews too often.
		expect(cost(0.95)).toBeGreaterThan(cost(recommended));
	});

	it('recommends nothing when nothing is remembered', () => {
		const none = {desiredRetention: 0.9, reviewsPerDay: 0, minutesPerDay: 0, knowledgeAtEnd: 0, cardsLearned: 0};
		expect(recommendedRetention([none], 10)).toBeUndefined();
	});

	it('costs more answers a day and remembers more at a higher retention', () => {
		const [low, high] = [at(0.8), at(0.95)];
		expect(high.reviewsPerDay).toBeGreaterThan(low.reviewsPerDay);
		expect(high.knowledgeAtEnd).toBeGreaterThan(low.knowledgeAtEnd);
		expect(low.cardsLearned).toBe(300);
	});
});
