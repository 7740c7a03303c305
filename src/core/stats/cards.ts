/*
Figures about the cards as they stand now: how many are in each state, what is due when, and how
their memory states are spread.
*/
import type {CardState} from '../scheduling/scheduler.js';
import {histogram} from './figures.js';

/** A card's current scheduling state, as the statistics read it. Times are epoch milliseconds. */
export type CardStanding = {
	readonly deck: string;
	readonly state: CardState;
	readonly due: number | null;
	readonly stability: number;
	readonly difficulty: number;
	readonly lastReview: number | null;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	readonly retired: boolean;
	/** Tagged `leech` in the database: it lapsed too often. */
	readonly leech?: boolean;
};

export type CardCounts = {
	readonly new: number;
	readonly learning: number;
	readonly review: number;
	readonly relearning: number;
	readonly suspended: number;
	readonly retired: number;
	readonly total: number;
};

/** Cards by state; a suspended or retired card counts only as that, whatever its state. */
export function cardCounts(cards: Iterable<CardStanding>): CardCounts {
	const counts = {new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, retired: 0, total: 0};
	for (const card of cards) {
		counts.total++;
		if (card.retired) counts.retired++;
		else if (card.suspended) counts.suspended++;
		else counts[card.state]++;
	}
	return counts;
}

/** Active cards that are leeches, suspended or not: what `find is:leech` lists. */
export function leechCount(cards: Iterable<CardStanding>): number {
	let count = 0;
	for (const card of cards) if (card.leech && !card.retired) count++;
	return count;
}

/** When each studied card that can come up is next shown: its due time, or later while it is buried. */
export function dueTimes(cards: Iterable<CardStanding>): number[] {
	const times: number[] = [];
	for (const card of cards) {
		if (card.retired || card.suspended || card.state === 'new' || card.due === null) continue;
		times.push(Math.max(card.due, card.buriedUntil ?? 0));
	}
	return times;
}

export type Distribution = {readonly edges: readonly number[]; readonly counts: readonly number[]; readonly mean: number | null};

/** The bins of each memory figure: a value below the first edge, between two, or from the last on (histogram's rule). */
export const MEMORY_EDGES = {
	stability: [1, 7, 21, 90, 365],
	difficulty: [2, 3, 4, 5, 6, 7, 8, 9],
	recall: [0.5, 0.7, 0.8, 0.85, 0.9, 0.95],
} as const;

export type MemoryDistributions = {readonly stability: Distribution; readonly difficulty: Distribution; readonly recall: Distribution};

function distribution(values: readonly number[], edges: readonly number[]): Distribution {
	return {edges, counts: histogram(values, edges), mean: values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length};
}

/** One memory figure already counted into MEMORY_EDGES's bins (by SQL, over a whole collection): each bin's count, and the values' sum. */
export type BinnedValues = {readonly counts: readonly number[]; readonly sum: number};

/** The distribution of values counted into bins elsewhere: the same figure memoryDistributions draws from the values. */
export function binnedDistribution(binned: BinnedValues, edges: readonly number[]): Distribution {
	const values = binned.counts.reduce((total, count) => total + count, 0);
	return {edges, counts: binned.counts, mean: values === 0 ? null : binned.sum / values};
}

/** Of a studied card that is not retired, whether its memory counts in the distributions (as memoryDistributions chooses). */
function hasMemory(card: Pick<CardStanding, 'retired' | 'state' | 'lastReview' | 'stability'>): boolean {
	return !card.retired && card.state !== 'new' && card.lastReview !== null && card.stability > 0;
}

/**
Stability (days), difficulty (1-10) and probability of recall now, over the studied cards that
are not retired. `recallNow` gives a card's recall probability at this moment.
*/
export function memoryDistributions(cards: Iterable<CardStanding>, recallNow: (card: CardStanding) => number): MemoryDistributions {
	const stability: number[] = [];
	const difficulty: number[] = [];
	const recall: number[] = [];
	for (const card of cards) {
		if (!hasMemory(card)) continue;
		stability.push(card.stability);
		difficulty.push(card.difficulty);
		recall.push(recallNow(card));
	}
	return {stability: distribution(stability, MEMORY_EDGES.stability), difficulty: distribution(difficulty, MEMORY_EDGES.difficulty), recall: distribution(recall, MEMORY_EDGES.recall)};
}
