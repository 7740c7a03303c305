/*
How long today's cards will take, from the user's own recent answers. A card's time is what all
its answers on one study day took, not one answer's: a new card is answered several times on its
learning steps. Cards are told apart by the queue they started that day in (new, learning,
review), because a new card takes several times as long as a review.
*/

/** One recorded answer, as the pace needs it. */
export type PaceAnswer = {
	readonly cardId: string;
	readonly at: number;
	/** The card's state before the answer: `new`, `learning`, `relearning` or `review`. */
	readonly stateBefore: string;
	readonly durationMs: number;
};

type Queue = 'newCards' | 'learning' | 'reviews';

/** Milliseconds a card of each queue takes on the rest of its day; undefined where the user's answers do not say. */
export type Pace = Readonly<Record<Queue, number | undefined>>;

/** Fewer cards than this of a queue say too little about it: the pace of all cards stands in. */
const ENOUGH_CARDS = 5;

const queueOf = (state: string): Queue => (state === 'new' ? 'newCards' : state === 'review' ? 'reviews' : 'learning');

/** The pace of `answers` (any order); `dayOf` gives an answer's study day. */
export function paceOf(answers: readonly PaceAnswer[], dayOf: (at: number) => number): Pace {
	const cardDays = new Map<string, {first: number; queue: Queue; ms: number}>();
	for (const answer of answers) {
		const key = `${answer.cardId} ${dayOf(answer.at)}`;
		const seen = cardDays.get(key);
		if (!seen) cardDays.set(key, {first: answer.at, queue: queueOf(answer.stateBefore), ms: answer.durationMs});
		else {
			seen.ms += answer.durationMs;
			// The queue a card came from that day is its state before that day's first answer.
			if (answer.at < seen.first) Object.assign(seen, {first: answer.at, queue: queueOf(answer.stateBefore)});
		}
	}
	const all = [...cardDays.values()];
	const mean = (cards: ReadonlyArray<{ms: number}>) => (cards.length === 0 ? undefined : cards.reduce((sum, card) => sum + card.ms, 0) / cards.length);
	const overall = all.length >= ENOUGH_CARDS ? mean(all) : undefined;
	const of = (queue: Queue) => {
		const cards = all.filter((card) => card.queue === queue);
		return cards.length >= ENOUGH_CARDS ? mean(cards) : overall;
	};
	return {newCards: of('newCards'), learning: of('learning'), reviews: of('reviews')};
}

/** The time the cards left will take at this pace; undefined when the pace does not say for a queue with cards in it. */
export function timeLeftMs(left: Readonly<Record<Queue, number>>, pace: Pace): number | undefined {
	let total = 0;
	for (const queue of ['newCards', 'learning', 'reviews'] as const) {
		if (left[queue] === 0) continue;
		const each = pace[queue];
		if (each === undefined) return undefined;
		total += left[queue] * each;
	}
	return Math.round(total);
}
