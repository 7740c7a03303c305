/*
A review session as pure data: which card comes next, what happens after an answer, undo.
The UI dispatches actions carrying the clock; saving answers is the caller's job, done before
the next card is drawn.
*/
import type {Queue, QueueCard} from './queue.js';
import type {CardState} from '../scheduling/scheduler.js';

type Source = 'learning' | 'reviews' | 'newCards' | 'learningLater';

/** Something done to a card in this session that `u` can take back, latest last. */
export type Step =
	| {readonly kind: 'answer'; readonly reviewId: string; readonly card: QueueCard; readonly from: Source; readonly rating: number; readonly requeued: boolean; readonly durationMs: number}
	| {readonly kind: 'suspend' | 'bury'; readonly card: QueueCard; readonly from: Source};

export type Session = {
	readonly queue: Queue;
	/** End of the study day: a card whose next step falls after it waits for another day. */
	readonly dayEnd: number;
	readonly learnAheadMs: number;
	readonly current?: {readonly card: QueueCard; readonly from: Source};
	readonly revealed: boolean;
	readonly answered: number;
	readonly again: number;
	readonly history: readonly Step[];
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

/**
What the session did, in cards and in answers: a card answered three times on its learning steps
is one card done, and done only once it left today's queue. Time is the answers' own recorded
time, so every summary of one session says the same, whenever it is printed.
*/
export type Progress = {
	/** Cards answered that are not coming back today. */
	readonly cardsDone: number;
	readonly answers: number;
	readonly again: number;
	readonly answerTimeMs: number;
};

export function progress(session: Session): Progress {
	const answeredIds = new Set<string>();
	let answerTimeMs = 0;
	for (const step of session.history) {
		if (step.kind !== 'answer') continue;
		answerTimeMs += step.durationMs;
		answeredIds.add(step.card.id);
	}
	// The queue is looked through for the few answered cards, not copied into a set: the header asks
	// on every frame, and a heavy day's queue holds thousands of cards.
	const comingBack = new Set<string>();
	const look = (card: QueueCard) => {
		if (answeredIds.has(card.id)) comingBack.add(card.id);
	};
	if (answeredIds.size > 0) {
		if (session.current) look(session.current.card);
		for (const cards of [session.queue.learning, session.queue.learningLater, session.queue.reviews, session.queue.newCards]) cards.forEach(look);
	}
	return {cardsDone: answeredIds.size - comingBack.size, answers: session.answered, again: session.again, answerTimeMs};
}

/** When the next waiting learning card is due, if the session is waiting for one. */
export function waitingUntil(session: Session): number | undefined {
	if (session.current) return undefined;
	return session.queue.learningLater[0]?.due ?? undefined;
}

/** Nothing on screen and nothing waiting: today's queue is done. */
export function isFinished(session: Session): boolean {
	return !session.current && session.queue.learningLater.length === 0;
}

/**
Pick the next card when none is on screen: learning cards that are due, then reviews, then new
cards; when only learning cards later today remain, show the first early if it is due within the
learn-ahead window, else wait for it.
*/
export function draw(session: Session, now: number): Session {
	if (session.current) return session;
	const queue = {...session.queue, learning: [...session.queue.learning], learningLater: [...session.queue.learningLater].sort(byDue)};
	// Learning cards whose step has come round join the due ones.
	while (queue.learningLater[0] && (queue.learningLater[0].due ?? 0) <= now) queue.learning.push(queue.learningLater.shift()!);
	for (const from of ORDER) {
		const card = queue[from][0];
		// slice, not a rest pattern: that steps an iterator through a heavy day's thousands of cards on every answer.
		if (card) return {...session, queue: {...queue, [from]: queue[from].slice(1)}, current: {card, from}, revealed: false};
	}
	const next = queue.learningLater[0];
	if (next && (next.due ?? 0) - now <= session.learnAheadMs) {
		return {...session, queue: {...queue, learningLater: queue.learningLater.slice(1)}, current: {card: next, from: 'learningLater'}, revealed: false};
	}
	return {...session, queue, revealed: false};
}

export function reveal(session: Session): Session {
	return session.current ? {...session, revealed: true} : session;
}

/**
After an answer was saved: count it, bring the card back later today if it is still learning,
and draw the next card.
*/
export function answered(session: Session, result: {reviewId: string; rating: number; state: CardState; due: number | null; durationMs: number}, now: number): Session {
	const current = session.current;
	if (!current) return session;
	const learning = result.state === 'learning' || result.state === 'relearning';
	const requeued = learning && result.due !== null && result.due < session.dayEnd;
	const card: QueueCard = {...current.card, state: result.state, due: result.due};
	const queue = requeued ? {...session.queue, learningLater: [...session.queue.learningLater, card]} : session.queue;
	const step: Step = {kind: 'answer', reviewId: result.reviewId, card: current.card, from: current.from, rating: result.rating, requeued, durationMs: result.durationMs};
	return draw(
		{
			...withoutCurrent(session),
			queue,
			answered: session.answered + 1,
			again: session.again + (result.rating === 1 ? 1 : 0),
			history: [...session.history, step],
		},
		now,
	);
}

/** After the card on screen was suspended or buried (and saved): it leaves today's session. */
export function setAside(session: Session, kind: 'suspend' | 'bury', now: number): Session {
	const current = session.current;
	if (!current) return session;
	return draw({...withoutCurrent(session), history: [...session.history, {kind, card: current.card, from: current.from}]}, now);
}

/** The card on screen is gone from its deck (edited away): skip it, with nothing to undo. */
export function dropped(session: Session, now: number): Session {
	return draw(withoutCurrent(session), now);
}

/** The last step, which the caller takes back in the store before applying `undone`. */
export function lastStep(session: Session): Step | undefined {
	return session.history.at(-1);
}

/** After the last step was taken back: its card is on screen again, as it was before it. */
export function undone(session: Session): Session {
	const last = session.history.at(-1);
	if (!last) return session;
	const id = last.card.id;
	// The card may be queued again for a later step, or already back on screen for it.
	const without = (cards: readonly QueueCard[]) => cards.filter((card) => card.id !== id);
	let queue: Queue = {...session.queue, learning: without(session.queue.learning), learningLater: without(session.queue.learningLater)};
	const current = session.current;
	if (current && current.card.id !== id) queue = {...queue, [current.from]: [current.card, ...queue[current.from]]};
	const answer = last.kind === 'answer';
	return {
		...session,
		queue,
		current: {card: last.card, from: last.from},
		revealed: false,
		answered: session.answered - (answer ? 1 : 0),
		again: session.again - (answer && last.rating === 1 ? 1 : 0),
		history: session.history.slice(0, -1),
	};
}

function withoutCurrent(session: Session): Session {
	const {current: _drop, ...rest} = session;
	return rest;
}

function byDue(a: QueueCard, b: QueueCard): number {
	return (a.due ?? 0) - (b.due ?? 0);
}
