import {describe, expect, it} from 'vitest';
import type {Queue, QueueCard} from '../../src/core/review/queue.js';
import {answered, draw, dropped, isFinished, lastStep, progress, remaining, reveal, setAside, type Session, startSession, undone, waitingUntil} from '../../src/core/review/session.js';

const MINUTE = 60_000;
const NOW = Date.parse('2026-11-24T10:00:00Z');
const DAY_END = Date.parse('2026-11-25T04:00:00Z');

function card(id: string, state: QueueCard['state'] = 'new', due: number | null = null): QueueCard {
	return {id, state, due, suspended: false, buriedUntil: null, position: 0, noteKey: id};
}

function queue(parts: Partial<Queue>): Queue {
	return {learning: [], reviews: [], newCards: [], learningLater: [], ...parts};
}

const ids = (cards: readonly QueueCard[]) => cards.map((each) => each.id);
const onScreen = (session: Session) => session.current?.card.id;
/** Every card the session still holds, the one on screen first. */
const everyCard = (session: Session) => [onScreen(session), ...ids(session.queue.learning), ...ids(session.queue.reviews), ...ids(session.queue.newCards), ...ids(session.queue.learningLater)].filter(Boolean);

describe('a review session as data', () => {
	it('shows learning cards due now, then reviews, then new cards', () => {
		let session = startSession(queue({newCards: [card('n1')], reviews: [card('r1', 'review', NOW - MINUTE)], learning: [card('l1', 'learning', NOW - MINUTE)]}), DAY_END, 0, NOW);
		const shown: string[] = [];
		while (session.current) {
			shown.push(onScreen(session)!);
			session = answered(reveal(session), {reviewId: `answer-${shown.length}`, rating: 3, state: 'review', due: NOW + 3 * 86_400_000, durationMs: 5000}, NOW);
		}
		expect(shown).toEqual(['l1', 'r1', 'n1']);
		expect(isFinished(session)).toBe(true);
		expect(session.answered).toBe(3);
	});

	it('brings a card that is still learning back when its step is due, and only then', () => {
		let session = startSession(queue({newCards: [card('a'), card('b')]}), DAY_END, 0, NOW);
		session = answered(session, {reviewId: 'r1', rating: 1, state: 'learning', due: NOW + MINUTE, durationMs: 5000}, NOW);
		expect(onScreen(session)).toBe('b');
		session = answered(session, {reviewId: 'r2', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 5000}, NOW);
		expect(session.current).toBeUndefined();
		expect(waitingUntil(session)).toBe(NOW + MINUTE);
		expect(isFinished(session)).toBe(false);
		expect(draw(session, NOW + MINUTE - 1).current).toBeUndefined();
		expect(onScreen(draw(session, NOW + MINUTE))).toBe('a');
		expect(session.again).toBe(1);
	});

	it('counts cards, not answers: learning steps never grow the total, and the time is the answers\' own', () => {
		let session = startSession(queue({newCards: [card('a'), card('b')], reviews: [card('r', 'review', NOW - MINUTE)]}), DAY_END, 20 * MINUTE, NOW);
		const total = () => progress(session).cardsDone + remaining(session).total;
		expect(total()).toBe(3);
		session = answered(session, {reviewId: 'r1', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 4000}, NOW);
		session = answered(session, {reviewId: 'r2', rating: 1, state: 'learning', due: NOW + MINUTE, durationMs: 9000}, NOW);
		expect(progress(session)).toEqual({cardsDone: 1, answers: 2, again: 1, answerTimeMs: 13_000});
		expect(total()).toBe(3);
		session = answered(session, {reviewId: 'r3', rating: 3, state: 'learning', due: NOW + 10 * MINUTE, durationMs: 6000}, NOW);
		session = answered(session, {reviewId: 'r4', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 5000}, NOW + MINUTE);
		expect(total()).toBe(3);
		session = answered(session, {reviewId: 'r5', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 5000}, NOW + 10 * MINUTE);
		expect(isFinished(session)).toBe(true);
		expect(progress(session)).toEqual({cardsDone: 3, answers: 5, again: 1, answerTimeMs: 29_000});
		// Taken back, an answer's time goes with it.
		expect(progress(undone(session))).toEqual({cardsDone: 2, answers: 4, again: 1, answerTimeMs: 24_000});
	});

	it('shows a waiting learning card early when it is due within the learn-ahead time', () => {
		let session = startSession(queue({newCards: [card('a')]}), DAY_END, 20 * MINUTE, NOW);
		session = answered(session, {reviewId: 'r1', rating: 3, state: 'learning', due: NOW + 10 * MINUTE, durationMs: 5000}, NOW);
		expect(onScreen(session)).toBe('a');
		expect(session.current?.from).toBe('learningLater');
	});

	it('lets a learning step that falls after the end of the study day wait for another day', () => {
		let session = startSession(queue({newCards: [card('a')]}), DAY_END, 0, NOW);
		session = answered(session, {reviewId: 'r1', rating: 1, state: 'relearning', due: DAY_END + MINUTE, durationMs: 5000}, NOW);
		expect(isFinished(session)).toBe(true);
	});

	it('counts what is left by kind, the card on screen included', () => {
		const session = startSession(queue({reviews: [card('r1', 'review', NOW), card('r2', 'review', NOW)], newCards: [card('n1')], learningLater: [card('l1', 'learning', NOW + 5 * MINUTE)]}), DAY_END, 0, NOW);
		expect(remaining(session)).toEqual({newCards: 1, learning: 1, reviews: 2, total: 4});
	});

	it('takes answers back one after another, each card returning as it was', () => {
		let session = startSession(queue({newCards: [card('a'), card('b'), card('c')]}), DAY_END, 0, NOW);
		session = answered(session, {reviewId: 'r1', rating: 1, state: 'learning', due: NOW + MINUTE, durationMs: 5000}, NOW);
		session = answered(session, {reviewId: 'r2', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 5000}, NOW);
		expect(lastStep(session)).toMatchObject({kind: 'answer', reviewId: 'r2'});
		session = undone(session);
		expect(onScreen(session)).toBe('b');
		expect(session.answered).toBe(1);
		session = undone(session);
		expect(onScreen(session)).toBe('a');
		expect(session.current?.card.state).toBe('new');
		expect({answered: session.answered, again: session.again}).toEqual({answered: 0, again: 0});
		// The learning copy of `a` went with its answer: each card is in the session once.
		expect(everyCard(session)).toEqual(['a', 'b', 'c']);
		expect(undone(session)).toBe(session);
	});

	it('does not show a card twice when the answer taken back had already brought it back on screen', () => {
		let session = startSession(queue({newCards: [card('a')]}), DAY_END, 20 * MINUTE, NOW);
		session = answered(session, {reviewId: 'r1', rating: 1, state: 'learning', due: NOW + MINUTE, durationMs: 5000}, NOW);
		expect(onScreen(session)).toBe('a');
		session = undone(session);
		expect(everyCard(session)).toEqual(['a']);
		expect(session.current?.card.state).toBe('new');
	});

	it('sets suspended and buried cards aside, and takes that back too', () => {
		let session = startSession(queue({newCards: [card('a'), card('b')]}), DAY_END, 0, NOW);
		session = setAside(session, 'suspend', NOW);
		expect(onScreen(session)).toBe('b');
		session = setAside(session, 'bury', NOW);
		expect(isFinished(session)).toBe(true);
		expect(session.answered).toBe(0);
		expect(lastStep(session)?.kind).toBe('bury');
		session = undone(session);
		expect(onScreen(session)).toBe('b');
		session = undone(session);
		expect(everyCard(session)).toEqual(['a', 'b']);
	});

	it('skips a card gone from its deck, with nothing to take back', () => {
		const session = dropped(startSession(queue({newCards: [card('a'), card('b')]}), DAY_END, 0, NOW), NOW);
		expect(onScreen(session)).toBe('b');
		expect(session.history).toEqual([]);
	});

	it('reveals only when a card is on screen, and a new card starts hidden', () => {
		const session = reveal(startSession(queue({newCards: [card('a'), card('b')]}), DAY_END, 0, NOW));
		expect(session.revealed).toBe(true);
		expect(answered(session, {reviewId: 'r1', rating: 3, state: 'review', due: NOW + 86_400_000, durationMs: 5000}, NOW).revealed).toBe(false);
		const empty = startSession(queue({}), DAY_END, 0, NOW);
		expect(reveal(empty)).toBe(empty);
	});
});
