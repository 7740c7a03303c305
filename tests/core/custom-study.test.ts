import {describe, expect, it} from 'vitest';
import {buildCustomQueue, dueBefore} from '../../src/core/review/custom-queue.js';
import {buriedUntilPhrase, type Clock, dueIn, nextDuePhrase, outlookOf, setAsidePhrase} from '../../src/core/review/outlook.js';
import type {QueueCard} from '../../src/core/review/queue.js';
import type {UtcOffset} from '../../src/core/scheduling/day.js';

const paris: UtcOffset = () => 60; // UTC+1, as in winter
const at = (iso: string) => Date.parse(iso);
/** Tuesday 24 November 2026, 15:00 in Paris; study days start at 04:00. */
const afternoon: Clock = {now: at('2026-11-24T14:00:00Z'), dayStartHour: 4, utcOffset: paris};
/** The same night at 02:00 in Paris: still Tuesday's study day. */
const night: Clock = {...afternoon, now: at('2026-11-25T01:00:00Z')};
/** 04:00 on Wednesday in Paris, when Tuesday's buried cards come back. */
const wednesdayStart = at('2026-11-25T03:00:00Z');

let nextId = 0;
function card(fields: Partial<QueueCard>): QueueCard {
	nextId++;
	return {id: `c${String(nextId).padStart(3, '0')}`, state: 'review', due: null, suspended: false, buriedUntil: null, position: nextId, noteKey: `n${nextId}`, ...fields};
}
const ids = (cards: readonly QueueCard[]) => cards.map((entry) => entry.id);

describe('what lies ahead when nothing is waiting', () => {
	it('counts buried and suspended cards, and finds the next due one', () => {
		const soonest = card({due: at('2026-11-26T03:00:00Z')});
		const cards = [
			card({due: at('2026-11-24T03:00:00Z'), buriedUntil: wednesdayStart}),
			card({due: at('2026-11-24T03:00:00Z'), buriedUntil: wednesdayStart}),
			card({due: at('2026-11-20T03:00:00Z'), suspended: true}),
			card({state: 'new'}),
			soonest,
			card({due: at('2026-11-30T03:00:00Z')}),
		];
		// The buried cards come back before the next due card: they are the next to study.
		const outlook = outlookOf(cards, afternoon.now);
		expect(outlook).toMatchObject({buried: 2, buriedUntil: wednesdayStart, suspended: 1, nextDue: wednesdayStart});
		expect(setAsidePhrase(outlook, afternoon)).toBe('2 buried until tomorrow, 1 suspended');
		expect(nextDuePhrase(outlook, afternoon)).toBe('next card due tomorrow (Wed)');
		// Without the buried ones, the soonest due card.
		const rest = outlookOf(cards.slice(2), afternoon.now);
		expect(rest.nextCard).toBe(soonest);
		expect(nextDuePhrase(rest, afternoon)).toBe('next card due in 2 days (Thu)');
		expect(setAsidePhrase(rest, afternoon)).toBe('1 suspended');
	});

	it('says buried cards come back at 04:00, not "tomorrow", at 02:00 before the study day turns', () => {
		expect(buriedUntilPhrase(wednesdayStart, night)).toBe('until 04:00');
		expect(buriedUntilPhrase(wednesdayStart, afternoon)).toBe('until tomorrow');
		// A card buried past 04:00 (as another device in another time zone may send it) says its hour.
		expect(buriedUntilPhrase(at('2026-11-25T09:00:00Z'), afternoon)).toBe('until tomorrow at 10:00');
		expect(buriedUntilPhrase(at('2026-11-28T03:00:00Z'), afternoon)).toBe('until Sat 04:00');
	});

	it('counts due dates in study days: at 02:00, a card due at 04:00 is due today', () => {
		expect(dueIn(wednesdayStart, night)).toBe('today at 04:00');
		expect(dueIn(wednesdayStart, afternoon)).toBe('tomorrow (Wed)');
		expect(dueIn(at('2026-11-24T17:30:00Z'), afternoon)).toBe('today at 18:30');
		expect(dueIn(at('2026-11-23T03:00:00Z'), afternoon)).toBe('now');
		expect(dueIn(at('2026-11-30T03:00:00Z'), afternoon)).toBe('in 6 days (Mon)');
		expect(dueIn(at('2026-12-17T03:00:00Z'), afternoon)).toBe('in 23 days (17 Dec)');
		// 02:00 on Thursday still belongs to Wednesday's study day.
		expect(dueIn(at('2026-11-26T01:00:00Z'), afternoon)).toBe('tomorrow (Wed)');
	});

	it('says so when no card is scheduled at all', () => {
		const outlook = outlookOf([card({state: 'new'}), card({state: 'new', suspended: true})], afternoon.now);
		expect(nextDuePhrase(outlook, afternoon)).toBe('no card is scheduled yet');
		expect(setAsidePhrase(outlook, afternoon)).toBe('1 suspended');
	});
});

describe('custom study queues', () => {
	const now = afternoon.now;

	it('take exactly the chosen cards, whatever the limits, leaving suspended and buried ones out', () => {
		const overdue = card({due: at('2026-11-20T03:00:00Z')});
		const later = card({due: at('2026-11-27T03:00:00Z')});
		const soon = card({due: at('2026-11-25T03:00:00Z')});
		const learningNow = card({state: 'relearning', due: now - 60_000});
		const learningSoon = card({state: 'learning', due: now + 600_000});
		const fresh = card({state: 'new', position: 1});
		const suspended = card({due: at('2026-11-25T03:00:00Z'), suspended: true});
		const buried = card({due: at('2026-11-25T03:00:00Z'), buriedUntil: wednesdayStart});
		const cards = [later, overdue, soon, learningNow, learningSoon, fresh, suspended, buried];
		const queue = buildCustomQueue(cards, now, () => true);
		expect(ids(queue.learning)).toEqual(ids([learningNow]));
		// Learning cards not yet due come now too: the user asked for them.
		expect(ids(queue.reviews)).toEqual(ids([overdue, learningSoon, soon, later]));
		expect(ids(queue.newCards)).toEqual(ids([fresh]));
		expect(queue.learningLater).toEqual([]);
	});

	it('review ahead: review cards due before the horizon, today\'s due ones included', () => {
		const today = card({due: at('2026-11-24T03:00:00Z')});
		const inTwoDays = card({due: at('2026-11-26T03:00:00Z')});
		const inFourDays = card({due: at('2026-11-28T03:00:00Z')});
		const learning = card({state: 'learning', due: at('2026-11-25T03:00:00Z')});
		// Horizon: the end of Thursday's study day (04:00 Friday in Paris).
		const chosen = buildCustomQueue([today, inTwoDays, inFourDays, learning, card({state: 'new'})], now, dueBefore(at('2026-11-27T03:00:00Z')));
		expect(ids(chosen.reviews)).toEqual(ids([today, inTwoDays]));
		expect(chosen.newCards).toEqual([]);
	});
});
