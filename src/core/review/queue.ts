import type {StudyDay} from '../scheduling/day.js';
import type {CardState} from '../scheduling/scheduler.js';

/** What queue building needs to know about a card. */
export type QueueCard = {
	readonly id: string;
	readonly state: CardState;
	readonly due: number | null;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	/** Order in which new cards are introduced. */
	readonly position: number;
	/** Cards of one note (the two sides of a reversed note, the deletions of a cloze) share it. */
	readonly noteKey: string;
};

export type QueueLimits = {
	/** New cards introduced per study day. */
	readonly newPerDay: number;
	/** Review cards shown per study day. */
	readonly reviewsPerDay: number;
};

export const DEFAULT_QUEUE_LIMITS: QueueLimits = {newPerDay: 20, reviewsPerDay: 200};

/** How much of today's limits earlier sessions used, and which notes they answered. */
export type DoneToday = {readonly newCards: number; readonly reviews: number; readonly notesSeen: ReadonlySet<string>};

/** The cards are those given to `buildQueue`, whatever more they carry. */
export type Queue<Card extends QueueCard = QueueCard> = {
	/** Learning and relearning cards due now, earliest first. */
	readonly learning: readonly Card[];
	/** Review cards due today, most overdue first, within the review limit. */
	readonly reviews: readonly Card[];
	/** New cards in deck order, within the new-card limit. */
	readonly newCards: readonly Card[];
	/** Learning cards whose next step falls later today: they come back within the session. */
	readonly learningLater: readonly Card[];
};

const isLearning = (state: CardState) => state === 'learning' || state === 'relearning';
const byDue = (a: QueueCard, b: QueueCard) => (a.due ?? 0) - (b.due ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Not suspended, and not buried past `now`: a card the queue may hold. */
export const isAvailable = (card: Pick<QueueCard, 'suspended' | 'buriedUntil'>, now: number) => !card.suspended && (card.buriedUntil === null || card.buriedUntil <= now);

/** A review card due before `dayEnd`, as the queue's reviews are: state and due date. */
export const isDueReview = (card: Pick<QueueCard, 'state' | 'due'>, dayEnd: number) => card.state === 'review' && card.due !== null && card.due < dayEnd;

/**
Takes cards in the order they are offered, up to `limit`, one a note and none of a note already
taken: the rule by which the queue fills its reviews and its new cards, kept here so a reader of
candidates can tell when it has offered enough.
*/
export class OnePerNote<Card extends QueueCard> {
	readonly taken: Card[] = [];
	readonly #notesTaken: Set<string>;
	readonly #limit: number;

	/** `notesTaken` is updated as cards are taken. */
	constructor(notesTaken: Set<string>, limit: number) {
		this.#notesTaken = notesTaken;
		this.#limit = limit;
	}

	get full(): boolean {
		return this.taken.length >= this.#limit;
	}

	/** Takes the card unless the limit is reached or its note is taken. */
	offer(card: Card): void {
		if (this.full || this.#notesTaken.has(card.noteKey)) return;
		this.#notesTaken.add(card.noteKey);
		this.taken.push(card);
	}
}

/**
Today's queue, as Anki builds it: learning cards due now, then due reviews, then new cards, each
within the day's limits less what earlier sessions today already used. Like Anki, a new or review
card waits for tomorrow when another card of its note was answered today or is already queued:
seeing one side of a reversed note gives the other side away.
*/
export function buildQueue<Card extends QueueCard>(cards: readonly Card[], now: number, day: StudyDay, limits: QueueLimits, done: DoneToday): Queue<Card> {
	const available = cards.filter((card) => isAvailable(card, now));
	const learningCards = available.filter((card) => isLearning(card.state) && card.due !== null && card.due < day.end).sort(byDue);
	const notesTaken = new Set([...done.notesSeen, ...learningCards.map((card) => card.noteKey)]);
	const takeOnePerNote = (candidates: Card[], limit: number): Card[] => {
		const taker = new OnePerNote<Card>(notesTaken, limit);
		for (const card of candidates) {
			if (taker.full) break;
			taker.offer(card);
		}
		return taker.taken;
	};
	const reviews = takeOnePerNote(
		available.filter((card) => isDueReview(card, day.end)).sort(byDue),
		Math.max(0, limits.reviewsPerDay - done.reviews),
	);
	const newCards = takeOnePerNote(
		available.filter((card) => card.state === 'new').sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1)),
		Math.max(0, limits.newPerDay - done.newCards),
	);
	return {
		learning: learningCards.filter((card) => card.due! <= now),
		reviews,
		newCards,
		learningLater: learningCards.filter((card) => card.due! > now),
	};
}

export function queueSize(queue: Queue): number {
	return queue.learning.length + queue.reviews.length + queue.newCards.length + queue.learningLater.length;
}
