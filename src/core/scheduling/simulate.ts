/*
What a desired retention costs and brings: a simulation of the next days of reviews for a
collection, answering each due card as a learner with these parameters would (recall drawn from
the forgetting curve), so a user can pick a retention. Seeded, so the same inputs give the same
figures.
*/
import {DAY_MS} from './day.js';
import {seededRandom} from '../random.js';
import type {Memory, Rating, Scheduler} from './scheduler.js';

export type SimulationInput = {
	/** The collection as it is: each card's memory state (new cards included). */
	readonly cards: readonly Memory[];
	readonly newPerDay: number;
	readonly reviewsPerDay: number;
	readonly days: number;
	readonly start: number;
	/** Seconds an answer takes: for a new card, and by rating for the others. */
	readonly seconds: {readonly newCard: number; readonly byRating: Readonly<Record<Rating, number>>};
	/** Of the answers that recalled, the share rated Hard and Easy (the rest are Good). */
	readonly passRatings: {readonly hard: number; readonly easy: number};
	/** The share of first answers to a new card rated Again. */
	readonly newAgainRate: number;
	readonly seed?: number;
};

export type SimulationResult = {
	readonly desiredRetention: number;
	readonly reviewsPerDay: number;
	readonly minutesPerDay: number;
	/** Expected number of cards recalled if tested on the last day: the sum of their retrievability. */
	readonly knowledgeAtEnd: number;
	/** Cards started (no longer new) by the end. */
	readonly cardsLearned: number;
};

const MAX_SAME_DAY_STEPS = 10;

export function simulate(input: SimulationInput, scheduler: Scheduler): SimulationResult {
	const random = seededRandom(input.seed ?? 42);
	const cards = input.cards.map((memory) => ({...memory}));
	let reviews = 0;
	let seconds = 0;
	const rateRecalled = (): Rating => {
		const draw = random();
		return draw < input.passRatings.hard ? 2 : draw < input.passRatings.hard + input.passRatings.easy ? 4 : 3;
	};
	const answerUntilDoneToday = (index: number, now: number, dayEnd: number) => {
		let memory: Memory = cards[index]!;
		let time = now;
		for (let step = 0; step < MAX_SAME_DAY_STEPS; step++) {
			const recall = memory.state === 'new' ? 1 : (scheduler.retrievability(memory, time) ?? 1);
			const wasNew = memory.state === 'new';
			const rating: Rating = memory.state !== 'new' && random() >= recall ? 1 : wasNew ? (random() < input.newAgainRate ? 1 : 3) : rateRecalled();
			memory = scheduler.answer(memory, rating, time).after;
			reviews++;
			seconds += wasNew ? input.seconds.newCard : input.seconds.byRating[rating];
			if (memory.due === null || memory.due >= dayEnd) break;
			time = Math.max(time + 60_000, memory.due);
		}
		cards[index] = memory;
	};
	for (let day = 0; day < input.days; day++) {
		const dayStart = input.start + day * DAY_MS;
		const dayEnd = dayStart + DAY_MS;
		let reviewed = 0;
		for (let index = 0; index < cards.length && reviewed < input.reviewsPerDay; index++) {
			const card = cards[index]!;
			if (card.state === 'new' || card.due === null || card.due >= dayEnd) continue;
			answerUntilDoneToday(index, Math.max(dayStart, card.due), dayEnd);
			reviewed++;
		}
		let introduced = 0;
		for (let index = 0; index < cards.length && introduced < input.newPerDay; index++) {
			if (cards[index]!.state !== 'new') continue;
			answerUntilDoneToday(index, dayStart + 9 * 3_600_000, dayEnd);
			introduced++;
		}
	}
	const end = input.start + input.days * DAY_MS;
	const knowledgeAtEnd = cards.reduce((sum, card) => sum + (card.state === 'new' ? 0 : (scheduler.retrievability(card, end) ?? 0)), 0);
	return {
		desiredRetention: scheduler.settings.desiredRetention,
		reviewsPerDay: reviews / input.days,
		minutesPerDay: seconds / 60 / input.days,
		knowledgeAtEnd,
		cardsLearned: cards.filter((card) => card.state !== 'new').length,
	};
}

/** Retentions compared when none are given: the range Anki's optimal-retention search covers. */
export const DEFAULT_RETENTIONS: readonly number[] = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

/** Minutes of study per card remembered at the end: the cost of a unit of knowledge. */
export function minutesPerCardRemembered(result: SimulationResult, days: number): number {
	return result.knowledgeAtEnd > 0 ? (result.minutesPerDay * days) / result.knowledgeAtEnd : Infinity;
}

/**
The retention that costs the least time per card remembered, as Anki's "minimum recommended
retention": below it, reviews are saved but so much is forgotten and relearned that each card
remembered costs more. Ties go to the higher retention.
*/
export function recommendedRetention(results: readonly SimulationResult[], days: number): number | undefined {
	let best: SimulationResult | undefined;
	for (const result of results) {
		const cost = minutesPerCardRemembered(result, days);
		if (!Number.isFinite(cost)) continue;
		if (!best || cost < minutesPerCardRemembered(best, days) || (cost === minutesPerCardRemembered(best, days) && result.desiredRetention > best.desiredRetention)) best = result;
	}
	return best?.desiredRetention;
}
