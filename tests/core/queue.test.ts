import {describe, expect, it} from 'vitest';
import {type UtcOffset, studyDayAt} from '../../src/core/scheduling/day.js';
import {buildQueue, type DoneToday, type QueueCard} from '../../src/core/review/queue.js';

const paris: UtcOffset = () => 60; // UTC+1, as in winter
const nothingDone: DoneToday = {newCards: 0, reviews: 0, notesSeen: new Set()};
const limits = {newPerDay: 20, reviewsPerDay: 200};
const at = (iso: string) => Date.parse(iso);

let nextId = 0;
function card(fields: Partial<QueueCard>): QueueCard {
	nextId++;
	return {id: `c${String(nextId).padStart(3, '0')}`, state: 'new', due: null, suspended: false, buriedUntil: null, position: nextId, noteKey: `n${nextId}`, ...fields};
}
const ids = (cards: readonly QueueCard[]) => cards.map((entry) => entry.id);

describe('study days', () => {
	it('start at 04:00 local time, so 02:00 still belongs to the day before', () => {
		// 02:00 in Paris on 24 November is 01:00 UTC.
		const day = studyDayAt(at('2026-11-24T01:00:00Z'), 4, paris);
		expect(day.key).toBe('2026-11-23');
		expect(new Date(day.start).toISOString()).toBe('2026-11-23T03:00:00.000Z');
		expect(new Date(day.end).toISOString()).toBe('2026-11-24T03:00:00.000Z');
	});

	it('roll over at the day-start hour', () => {
		expect(studyDayAt(at('2026-11-24T02:59:59Z'), 4, paris).key).toBe('2026-11-23');
		expect(studyDayAt(at('2026-11-24T03:00:00Z'), 4, paris).key).toBe('2026-11-24');
	});

	it('follow a daylight-saving change: the spring-forward day is 23 hours long', () => {
		const berlin: UtcOffset = (time) => (time >= at('2026-03-29T01:00:00Z') ? 120 : 60);
		const day = studyDayAt(at('2026-03-29T12:00:00Z'), 4, berlin);
		expect(new Date(day.start).toISOString()).toBe('2026-03-29T02:00:00.000Z');
		expect(new Date(day.end).toISOString()).toBe('2026-03-30T02:00:00.000Z');
		const before = studyDayAt(at('2026-03-28T12:00:00Z'), 4, berlin);
		expect((before.end - before.start) / 3_600_000).toBe(23);
	});
});

describe('queue building', () => {
	it('puts learning due now first, then due reviews, then new cards', () => {
		const now = at('2026-11-24T09:00:00Z');
		const day = studyDayAt(now, 4, paris);
		const newCard = card({state: 'new'});
		const review = card({state: 'review', due: at('2026-11-24T08:00:00Z')});
		const learning = card({state: 'learning', due: at('2026-11-24T08:59:00Z')});
		const relearning = card({state: 'relearning', due: at('2026-11-24T08:30:00Z')});
		const queue = buildQueue([newCard, review, learning, relearning], now, day, limits, nothingDone);
		expect(ids(queue.learning)).toEqual([relearning.id, learning.id]);
		expect(ids(queue.reviews)).toEqual([review.id]);
		expect(ids(queue.newCards)).toEqual([newCard.id]);
	});

	it('counts a review as due today until the next day starts at 04:00, not at midnight', () => {
		const now = at('2026-11-24T20:00:00Z'); // 21:00 in Paris
		const day = studyDayAt(now, 4, paris);
		const beforeMidnight = card({state: 'review', due: at('2026-11-24T22:00:00Z')});
		const afterMidnightBeforeFour = card({state: 'review', due: at('2026-11-25T02:30:00Z')});
		const afterFour = card({state: 'review', due: at('2026-11-25T03:30:00Z')});
		const queue = buildQueue([beforeMidnight, afterMidnightBeforeFour, afterFour], now, day, limits, nothingDone);
		expect(ids(queue.reviews)).toEqual([beforeMidnight.id, afterMidnightBeforeFour.id]);
	});

	it('shows a card due at 05:00 only once the new day has begun', () => {
		const dueAtFive = card({state: 'review', due: at('2026-11-25T04:00:00Z')});
		const lateEvening = at('2026-11-25T01:30:00Z'); // 02:30 local: still the 24th's study day
		expect(buildQueue([dueAtFive], lateEvening, studyDayAt(lateEvening, 4, paris), limits, nothingDone).reviews).toEqual([]);
		const nextMorning = at('2026-11-25T03:30:00Z'); // 04:30 local: the 25th's study day
		expect(ids(buildQueue([dueAtFive], nextMorning, studyDayAt(nextMorning, 4, paris), limits, nothingDone).reviews)).toEqual([dueAtFive.id]);
	});

	it('keeps learning cards due later today apart, to come back within the session', () => {
		const now = at('2026-11-24T09:00:00Z');
		const later = card({state: 'learning', due: at('2026-11-24T09:10:00Z')});
		const tomorrow = card({state: 'learning', due: at('2026-11-25T09:10:00Z')});
		const queue = buildQueue([later, tomorrow], now, studyDayAt(now, 4, paris), limits, nothingDone);
		expect(queue.learning).toEqual([]);
		expect(ids(queue.learningLater)).toEqual([later.id]);
	});

	it('applies the daily limits less what was already studied today', () => {
		const now = at('2026-11-24T09:00:00Z');
		const day = studyDayAt(now, 4, paris);
		const newCards = Array.from({length: 10}, () => card({state: 'new'}));
		const reviews = Array.from({length: 10}, (_, index) => card({state: 'review', due: now - (10 - index) * 60_000}));
		const queue = buildQueue([...newCards, ...reviews], now, day, {newPerDay: 5, reviewsPerDay: 8}, {newCards: 2, reviews: 5, notesSeen: new Set()});
		expect(ids(queue.newCards)).toEqual(ids(newCards.slice(0, 3)));
		expect(ids(queue.reviews)).toEqual(ids(reviews.slice(0, 3)));
	});

	it('leaves out suspended cards and cards buried until later', () => {
		const now = at('2026-11-24T09:00:00Z');
		const suspended = card({state: 'review', due: now - 1, suspended: true});
		const buried = card({state: 'review', due: now - 1, buriedUntil: now + 1});
		const unburied = card({state: 'review', due: now - 1, buriedUntil: now - 1});
		expect(ids(buildQueue([suspended, buried, unburied], now, studyDayAt(now, 4, paris), limits, nothingDone).reviews)).toEqual([unburied.id]);
	});

	it('shows one card per note a day, and none of a note answered earlier today', () => {
		const now = at('2026-11-24T09:00:00Z');
		const forward = card({state: 'new', noteKey: 'reversed'});
		const backward = card({state: 'new', noteKey: 'reversed'});
		const answeredSibling = card({state: 'review', due: now - 1, noteKey: 'cloze'});
		const queue = buildQueue([forward, backward, answeredSibling], now, studyDayAt(now, 4, paris), limits, {newCards: 0, reviews: 0, notesSeen: new Set(['cloze'])});
		expect(ids(queue.newCards)).toEqual([forward.id]);
		expect(queue.reviews).toEqual([]);
	});

	it('introduces new cards in position order', () => {
		const now = at('2026-11-24T09:00:00Z');
		const second = card({state: 'new', position: 2});
		const first = card({state: 'new', position: 1});
		expect(ids(buildQueue([second, first], now, studyDayAt(now, 4, paris), limits, nothingDone).newCards)).toEqual([first.id, second.id]);
	});
});
