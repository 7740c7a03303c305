/*
Elapsed time counted in study days, as Anki counts it (a day starts at `dayStartsAt`, local time):
memory updates, retrievability and the queue, at 23:59 and 24:01 after a review, across the
day-start hour, across daylight-saving changes and across a change of time zone.
*/
import fc from 'fast-check';
import {fsrs, forgetting_curve} from 'ts-fsrs';
import {describe, expect, it} from 'vitest';
import {DAY_MS, HOUR_MS, offsetsByTheHour, studyDayAt, type UtcOffset, utcOffsetIn} from '../../src/core/scheduling/day.js';
import {buildQueue, type QueueCard} from '../../src/core/review/queue.js';
import {replayCard} from '../../src/core/scheduling/replay.js';
import {DEFAULT_SCHEDULER_SETTINGS, DEFAULT_WEIGHTS, type Memory, NEW_MEMORY, recallAfter, recallCurve, Scheduler} from '../../src/core/scheduling/scheduler.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PARIS = utcOffsetIn('Europe/Paris')!;
const NEW_YORK = utcOffsetIn('America/New_York')!;
const CARD = '5e0c1d9a7b3f2e41';

const schedulerIn = (utcOffset: UtcOffset, dayStartHour = 4, fuzz = false) =>
	new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz, studyDays: {dayStartHour, utcOffset}});
/** The UTC instant of a Paris wall-clock time (winter: UTC+1, summer: UTC+2). */
const paris = (local: string) => {
	const guess = Date.parse(`${local}Z`);
	return guess - PARIS(guess - PARIS(guess) * MINUTE) * MINUTE;
};
/** A card in review after two Good answers ten minutes apart, the second at `at`. */
function reviewed(scheduler: Scheduler, at: number): Memory {
	const first = scheduler.answer(NEW_MEMORY, 3, at - 10 * MINUTE, CARD).after;
	const second = scheduler.answer(first, 3, at, CARD).after;
	expect(second.state).toBe('review');
	return second;
}
/** FSRS's own next state for a memory after `days` days, for comparison. */
const fsrsAfter = (memory: Memory, days: number, rating: 1 | 2 | 3 | 4) => fsrs({w: [...DEFAULT_WEIGHTS]}).next_state({stability: memory.stability, difficulty: memory.difficulty}, days, rating);

describe('study days', () => {
	const scheduler = schedulerIn(PARIS);
	const at = paris('2026-11-24T10:00:00');
	const card = reviewed(scheduler, at);

	it('counts a review 23:59 later as one day later, with the next-day formula and recall below 1', () => {
		const later = at + 23 * HOUR + 59 * MINUTE;
		expect(scheduler.studyDaysBetween(at, later)).toBe(1);
		const outcome = scheduler.answer(card, 3, later, CARD);
		expect(outcome.elapsedDays).toBe(1);
		expect(outcome.retrievability).toBeCloseTo(forgetting_curve([...DEFAULT_WEIGHTS], 1, card.stability), 10);
		expect(outcome.retrievability).toBeLessThan(1);
		expect(outcome.after.stability).toBeCloseTo(fsrsAfter(card, 1, 3).stability, 6);
		expect(outcome.after.stability).not.toBeCloseTo(fsrsAfter(card, 0, 3).stability, 3);
	});

	it('counts 24:01 later as one day too: what matters is the study day, not the hours', () => {
		const later = at + 24 * HOUR + MINUTE;
		const outcome = scheduler.answer(card, 3, later, CARD);
		expect(outcome.elapsedDays).toBe(1);
		expect(outcome.after).toEqual({...scheduler.answer(card, 3, at + 23 * HOUR + 59 * MINUTE, CARD).after, lastReview: later, due: outcome.after.due});
		expect(scheduler.retrievability(card, later)).toBe(scheduler.retrievability(card, at + 23 * HOUR + 59 * MINUTE));
	});

	it('keeps same-day behaviour within one study day, even past midnight before the day-start hour', () => {
		// 10:00 and 03:59 the next calendar morning are one study day (it starts at 04:00).
		const sameDay = paris('2026-11-25T03:59:00');
		expect(scheduler.studyDaysBetween(at, sameDay)).toBe(0);
		const outcome = scheduler.answer(card, 3, sameDay, CARD);
		expect(outcome.elapsedDays).toBe(0);
		expect(outcome.retrievability).toBe(1);
		expect(outcome.after.stability).toBeCloseTo(fsrsAfter(card, 0, 3).stability, 6);
		// One minute after 04:00 a new study day has begun.
		expect(scheduler.answer(card, 3, paris('2026-11-25T04:01:00'), CARD).elapsedDays).toBe(1);
	});

	it('moves the day boundary with dayStartsAt', () => {
		const late = paris('2026-11-24T23:30:00');
		const morning = paris('2026-11-25T01:30:00');
		expect(schedulerIn(PARIS, 0).studyDaysBetween(late, morning)).toBe(1);
		expect(schedulerIn(PARIS, 4).studyDaysBetween(late, morning)).toBe(0);
		expect(schedulerIn(PARIS, 4).studyDaysBetween(late, paris('2026-11-25T04:00:00'))).toBe(1);
	});

	it('keeps learning steps in minutes, across the day boundary too', () => {
		const beforeBoundary = paris('2026-11-25T03:55:00');
		const outcome = scheduler.answer(NEW_MEMORY, 3, beforeBoundary, CARD);
		expect(outcome.after.state).toBe('learning');
		expect(outcome.after.due).toBe(beforeBoundary + 10 * MINUTE);
		const step = scheduler.answer(outcome.after, 1, beforeBoundary + 10 * MINUTE, CARD);
		expect(step.after.due).toBe(beforeBoundary + 11 * MINUTE);
	});

	it('puts a card due tomorrow in the queue at 23:59 after its review, and not before the next study day', () => {
		const oneDay: Memory = {...card, due: scheduler.answer(card, 3, at, CARD).after.due};
		const queueCard = (memory: Memory): QueueCard => ({id: CARD, state: memory.state, due: memory.due, suspended: false, buriedUntil: null, position: 0, noteKey: 'n'});
		const tomorrow = at + 23 * HOUR + 59 * MINUTE;
		const scheduled = {...oneDay, due: at + 24 * HOUR, scheduledDays: 1};
		const queueAt = (now: number) => buildQueue([queueCard(scheduled)], now, studyDayAt(now, 4, PARIS), {newPerDay: 0, reviewsPerDay: 10}, {newCards: 0, reviews: 0, notesSeen: new Set()});
		expect(queueAt(tomorrow).reviews).toHaveLength(1);
		expect(queueAt(paris('2026-11-25T03:59:00')).reviews).toHaveLength(0);
	});
});

describe('recall after some days', () => {
	it("is FSRS's forgetting curve for the deck's weights, to the last bit", () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({min: 0.001, max: 100, noNaN: true}), {minLength: 21, maxLength: 21}),
				fc.double({min: 0.1, max: 0.8, noNaN: true}),
				fc.integer({min: 0, max: 36_500}),
				fc.double({min: 0.001, max: 36_500, noNaN: true}),
				(weights, decay, elapsedDays, stability) => {
					const deckWeights = [...weights.slice(0, 20), decay];
					expect(recallAfter(stability, elapsedDays, deckWeights)).toBe(forgetting_curve(deckWeights, elapsedDays, stability));
					// The curve the stats make once per deck gives the same bits.
					expect(recallCurve(deckWeights)(stability, elapsedDays)).toBe(forgetting_curve(deckWeights, elapsedDays, stability));
				},
			),
		);
	});
});

describe('study days in a replayed history', () => {
	it('gives every answer a minute earlier each day one elapsed day and a predicted recall below 100%, the figure stats calibrates', () => {
		const scheduler = schedulerIn(PARIS);
		const start = paris('2026-11-02T10:00:00');
		// A learner who reviews one card every day, each time a minute earlier than the day before.
		const history = Array.from({length: 8}, (_, index) => ({id: `0190a000-0000-7000-8000-00000000000${index}`, at: start + index * (24 * HOUR - MINUTE), type: 'review' as const, rating: 3 as const}));
		const replayed = replayCard(history, scheduler, CARD);
		for (const {outcome} of replayed.reviews.slice(1)) {
			expect(outcome.elapsedDays).toBe(1);
			expect(outcome.retrievability).toBeLessThan(1);
		}
	});
});

describe('study days across daylight saving', () => {
	const scheduler = schedulerIn(PARIS);

	it('counts one day over the night the clocks go back (a 25-hour study day), and keeps the due time of day', () => {
		const at = paris('2026-10-24T10:00:00');
		const card = reviewed(scheduler, at);
		// 24:59 of real time later is 09:59 on the 25th: still the next study day.
		const later = paris('2026-10-25T09:59:00');
		expect(later - at).toBe(24 * HOUR + 59 * MINUTE);
		expect(scheduler.answer(card, 3, later, CARD).elapsedDays).toBe(1);
		expect(scheduler.answer(card, 3, paris('2026-10-26T03:59:00'), CARD).elapsedDays).toBe(1);
		// An interval of whole days ends at the same local time, not 24 real hours per day later.
		const next = scheduler.answer(card, 4, at, CARD).after;
		expect(next.scheduledDays).toBeGreaterThan(1);
		expect(new Date(next.due! + PARIS(next.due!) * MINUTE).toISOString().slice(11, 16)).toBe('10:00');
	});

	it('counts one day over the night the clocks go forward (a 23-hour study day)', () => {
		const at = paris('2026-03-28T10:00:00');
		const card = reviewed(scheduler, at);
		const later = paris('2026-03-29T04:01:00');
		expect(later - at).toBe(17 * HOUR + MINUTE);
		expect(scheduler.answer(card, 3, later, CARD).elapsedDays).toBe(1);
		expect(scheduler.answer(card, 3, paris('2026-03-29T03:59:00'), CARD).elapsedDays).toBe(0);
	});
});

describe('study days across a change of time zone', () => {
	// A learner reviews in Paris, then flies to New York: local time is Paris's until the flight.
	const flight = Date.parse('2026-11-25T12:00:00Z');
	const traveller: UtcOffset = (at) => (at < flight ? PARIS(at) : NEW_YORK(at));
	const scheduler = schedulerIn(traveller);

	it('counts days by the local study day of each review', () => {
		const inParis = Date.parse('2026-11-24T21:00:00Z'); // 22:00 in Paris, study day 24 Nov
		const card = reviewed(scheduler, inParis);
		const inNewYork = Date.parse('2026-11-26T02:00:00Z'); // 21:00 on 25 Nov in New York, study day 25 Nov
		expect(scheduler.answer(card, 3, inNewYork, CARD).elapsedDays).toBe(1);
	});

	it('counts an answer after landing on the same local study day as the last one in Paris as 0 days', () => {
		const inParis = Date.parse('2026-11-25T10:30:00Z'); // 11:30 in Paris, study day 25 Nov
		const card = reviewed(scheduler, inParis);
		const afterLanding = Date.parse('2026-11-25T13:30:00Z'); // 08:30 in New York, still 25 Nov
		const outcome = scheduler.answer(card, 3, afterLanding, CARD);
		expect(outcome.elapsedDays).toBe(0);
		expect(outcome.after.due).toBeGreaterThan(afterLanding);
	});

	it('clamps a local study day earlier than the last review\'s to that same day', () => {
		const lateInParis = Date.parse('2026-11-25T03:30:00Z'); // 04:30 in Paris: study day 25 Nov
		const card = reviewed(scheduler, lateInParis);
		const westward = schedulerIn((at) => (at <= lateInParis ? PARIS(at) : NEW_YORK(at)));
		const anHourLater = lateInParis + HOUR; // 23:30 on 24 Nov in New York: study day 24 Nov
		expect(westward.studyDay(anHourLater)).toBe(westward.studyDay(lateInParis) - 1);
		const outcome = westward.answer(card, 3, anHourLater, CARD);
		expect(outcome.elapsedDays).toBe(0);
		expect(outcome.retrievability).toBe(1);
		expect(outcome.after.due).toBeGreaterThan(anHourLater);
	});
});

describe('the fuzz', () => {
	const scheduler = schedulerIn(PARIS, 4, true);
	const at = paris('2026-11-24T10:00:00');

	it('is fixed per card and review count: any moment of the study day, preview or answer, gives the same date', () => {
		const card = reviewed(scheduler, at - 3 * 24 * HOUR);
		const morning = paris('2026-11-24T04:30:00');
		const preview = scheduler.preview(card, morning, CARD);
		for (const later of [morning, at, paris('2026-11-24T23:59:00'), paris('2026-11-25T03:59:00')]) {
			for (const rating of [2, 3, 4] as const) {
				const answer = scheduler.answer(card, rating, later, CARD).after;
				expect(answer.scheduledDays).toBe(preview[rating].scheduledDays);
				expect(scheduler.studyDay(answer.due!)).toBe(scheduler.studyDay(preview[rating].due!));
			}
		}
	});

	it('differs between cards, so cards learned together spread out', () => {
		const card = reviewed(scheduler, at - 20 * 24 * HOUR);
		const intervals = new Set(Array.from({length: 20}, (_, index) => scheduler.answer(card, 3, at, `card-${index}`).after.scheduledDays));
		expect(intervals.size).toBeGreaterThan(1);
	});
});

describe('offsets looked up by the hour', () => {
	// Zones whose transitions fall on the hour, at half hours, by half an hour (Lord Howe), and one
	// that skipped a whole day (Apia, 2011-12-30); moments from 1900 to 2100, transitions included.
	const ZONES = ['Europe/Paris', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kolkata', 'America/Caracas'];
	const YEAR_MS = 365.25 * DAY_MS;

	it('gives the offset the zone gives, at every moment', () => {
		for (const name of ZONES) {
			const zone = utcOffsetIn(name)!;
			const byHour = offsetsByTheHour(zone);
			fc.assert(
				fc.property(fc.integer({min: Math.round(-70 * YEAR_MS), max: Math.round(130 * YEAR_MS)}), (at) => byHour(at) === zone(at)),
				{numRuns: 2000},
			);
			// Around each transition of a recent year, minute by minute, asked twice (the second from the cache).
			const start = Date.UTC(2024, 0, 1);
			const transitions: number[] = [];
			for (let at = start; at < start + YEAR_MS; at += HOUR_MS) if (zone(at) !== zone(at + HOUR_MS)) transitions.push(at);
			for (const transition of transitions)
				for (let at = transition - HOUR_MS; at <= transition + 2 * HOUR_MS; at += 60_000) {
					expect(byHour(at)).toBe(zone(at));
					expect(byHour(at)).toBe(zone(at));
				}
		}
	});

	it('asks the zone itself within an hour whose offset changes', () => {
		const zone = utcOffsetIn('Australia/Lord_Howe')!;
		// 2024-10-06 02:00 standard time (UTC+10:30): clocks go forward half an hour, at 15:30 UTC.
		const transition = Date.UTC(2024, 9, 5, 15, 30);
		const byHour = offsetsByTheHour(zone);
		expect([byHour(transition - 60_000), byHour(transition)]).toEqual([zone(transition - 60_000), zone(transition)]);
		expect(byHour(transition - 60_000)).not.toBe(byHour(transition));
	});
});
