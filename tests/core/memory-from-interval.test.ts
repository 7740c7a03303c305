import {FSRSBinding} from '@open-spaced-repetition/binding';
import {describe, expect, it} from 'vitest';
import {memoryFromInterval} from '../../src/core/scheduling/memory-from-interval.js';
import {DEFAULT_WEIGHTS, Scheduler} from '../../src/core/scheduling/scheduler.js';

const DAY = 86_400_000;

describe('the memory of a card scheduled by hand', () => {
	it('is what fsrs-rs (the code Anki runs) converts from an interval and an ease, with default and fitted weights', () => {
		// A set as a fit could give, its decay (w20) far from the default's, so the decay's part is checked too.
		const fitted = [0.3, 1.1, 2.9, 14.5, 7.0, 0.5, 1.6, 0.01, 1.4, 0.12, 0.95, 1.9, 0.1, 0.3, 2.2, 0.2, 2.9, 0.5, 0.6, 0.15, 0.25];
		for (const weights of [[...DEFAULT_WEIGHTS], fitted]) {
			const binding = new FSRSBinding(weights);
			for (const [ease, interval, retention] of [[2.5, 30, 0.9], [2.5, 1, 0.9], [1.3, 400, 0.9], [2.5, 7, 0.85], [3.1, 90, 0.95]] as const) {
				const expected = binding.memoryStateFromSM2(ease, interval, retention);
				const ours = memoryFromInterval(interval, weights, ease, retention);
				expect(ours.stability).toBeCloseTo(expected.stability, 2);
				expect(ours.difficulty).toBeCloseTo(expected.difficulty, 3);
			}
		}
	});

	it('makes a new card given a date a review card due then, whose first answer FSRS schedules from that memory', () => {
		const scheduler = new Scheduler();
		const setAt = Date.parse('2026-11-24T09:00:00Z');
		const due = Date.parse('2026-11-29T04:00:00Z');
		const memory = scheduler.scheduledByHand(due, setAt);
		expect(memory).toMatchObject({state: 'review', due, reps: 0, lapses: 0, scheduledDays: 5});
		expect(memory.stability).toBeCloseTo(5, 6);
		expect(memory.lastReview).toBeLessThanOrEqual(setAt);
		// On its date recall is what SM-2 aimed for, and Good schedules further out than 5 days.
		expect(scheduler.retrievability(memory, due + 2 * 3_600_000)).toBeCloseTo(0.9, 2);
		const good = scheduler.answer(memory, 3, due + 2 * 3_600_000, 'c');
		expect(good.after.state).toBe('review');
		expect(good.after.scheduledDays).toBeGreaterThan(5);
		// Due today (0 days): an interval of one day, last reviewed the day before, as Anki reads it.
		const today = scheduler.scheduledByHand(Date.parse('2026-11-24T04:00:00Z'), setAt);
		expect(today).toMatchObject({scheduledDays: 1, state: 'review'});
		expect(setAt - today.lastReview!).toBeGreaterThan(0.5 * DAY);
	});
});
