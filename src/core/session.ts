/*
A review session as pure data: which card comes next, what happens after an answer, undo.
The UI dispatches actions carrying the clock; saving answers is the caller's job, done before
the next card is drawn.
*/
import type {Queue, QueueCard} from './queue.js';
import type {CardState} from './scheduler.js';

export type Source = 'learning' | 'reviews' | 'newCards' | 'learningLater';

export type Session = {
	readonly queue: Queue;
	/** End of the study day: a card whose next step falls after it waits for another day. */
	readonly dayEnd: number;
	readonly learnAheadMs: number;
	readonly current?: {readonly card: QueueCard; readonly from: Source};
	readonly revealed: boolean;
	readonly answered: number;
	readonly again: number;
	/** Answers that can be undone, latest last: the review id and where the card came from. */
	readonly history: ReadonlyArray<{readonly reviewId: string; readonly card: QueueCard; readonly from: Source; readonly rating: number; readonly requeued: boolean}>;
};

const ORDER: readonly Source[] = ['learning', 'reviews', 'newCards'];

export function startSession(queue: Queue, dayEnd: number, learnAheadMs: number, now: number): Session {
	return draw({queue, dayEnd, learnAheadMs, revealed: false, answered: 0, again: 0, history: []}, now);
}

/** Cards still to come today, by kind (the one on screen included). */
export function remaining(session: Session): {newCards: number; learning: number; reviews: number; total: number} {
	const {queue, current} = session;
	const extra = (source: Source) => (current?.from === source ? 1 : 0);
	const learning = queue.learning.length + queue.learningLater.length + extra('learning') + extra('learningLater');
	const newCards = queue.newCards.length + extra('newCards');
	const reviews = queue.reviews.length + extra('reviews');
	return {newCards, learning, reviews, total: newCards + learning + reviews};
}

/** When the next waiting learning card is due, if the session is waiting for one. */
export function waitingUntil(session: Session): number | undefined {
	if (session.current) return undefined;
	return session.queue.learningLater[0]?.due ?? undefined;
}

/**
Pick the next card: learning cards that are due, then reviews, then new cards; when only
learning cards later today remain, show the first early if it is due within the learn-ahead
window, else wait for it.
*/
export function draw(session: Omit<Session, 'current'> & {current?: Session['current']}, now: number): Session {
	const queue = {...session.queue, learning: [...session.queue.learning], learningLater: [...session.queue.learningLater].sort(byDue)};
	// Learning cards whose step has come round join the due ones.
	while (queue.learningLater[0] && (queue.learningLater[0].due ?? 0) <= now) queue.learning.push(queue.learningLater.shift()!);
	for (const from of ORDER) {
		const list = queue[from];
		if (list.length > 0) {
			const [card, ...rest] = list;
			return {...session, queue: {...queue, [from]: rest}, current: {card: card!, from}, revealed: false};
		}
	}
	const next = queue.learningLater[0];
	if (next && (next.due ?? 0) - now <= session.learnAheadMs) {
		return {...session, queue: {...queue, learningLater: queue.learningLater.slice(1)}, current: {card: next, from: 'learningLater'}, revealed: false};
	}
	const {current: _drop, ...rest} = session;
	return {...rest, queue, revealed: false};
}

export function reveal(session: Session): Session {
	return session.current ? {...session, revealed: true} : session;
}

/**
After an answer was saved: count it, bring the card back later today if it is still learning,
and draw the next card.
*/
export function answered(session: Session, result: {reviewId: string; rating: number; state: CardState; due: number | null}, now: number): Session {
	const current = session.current;
	if (!current) return session;
	const learning = result.state === 'learning' || result.state === 'relearning';
	const requeued = learning && result.due !== null && result.due < session.dayEnd;
	const card: QueueCard = {...current.card, state: result.state, due: result.due};
	const queue = requeued ? {...session.queue, learningLater: [...session.queue.learningLater, card]} : session.queue;
	return draw(
		{
			...session,
			queue,
			answered: session.answered + 1,
			again: session.again + (result.rating === 1 ? 1 : 0),
			history: [...session.history, {reviewId: result.reviewId, card: current.card, from: current.from, rating: result.rating, requeued}],
		},
		now,
	);
}

/** The card leaves today's session without an answer (suspended, buried). */
export function skipped(session: Session, now: number): Session {
	const {current: _drop, ...rest} = session;
	return draw(rest, now);
}

/** The last answer, which the caller undoes in the store before applying `undone`. */
export function lastAnswer(session: Session): Session['history'][number] | undefined {
	return session.history.at(-1);
}

/** After the last answer was undone: its card is back on screen, as it was before the answer. */
export function undone(session: Session): Session {
	const last = session.history.at(-1);
	if (!last) return session;
	let queue = session.queue;
	if (last.requeued) queue = {...queue, learningLater: queue.learningLater.filter((card) => card.id !== last.card.id)};
	if (session.current) queue = {...queue, [session.current.from]: [session.current.card, ...queue[session.current.from]]};
	return {
		...session,
		queue,
		current: {card: last.card, from: last.from},
		revealed: false,
		answered: session.answered - 1,
		again: session.again - (last.rating === 1 ? 1 : 0),
		history: session.history.slice(0, -1),
	};
}

function byDue(a: QueueCard, b: QueueCard): number {
	return (a.due ?? 0) - (b.due ?? 0);
}
