/*
The review's `i`: the card's info over the card (the same lines as `fluency info`), closed by i or
Esc; while it is open, the card's keys do nothing to the card.
*/
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DAY_MS} from '../../src/core/scheduling/day.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {rowsOf} from '../../src/store/inspect.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {ENTER, ESCAPE, mountReview, pause, plain, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = `Q: What does **CI** stand for?

A: Continuous integration.

Q: What is a canary release?

A: A release to a small share of traffic first.
`;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'backend.md': DECK});
});
afterEach(() => world.close());

const answers = () => rowsOf(world.store, 'reviews').length;

describe('the card info overlay', () => {
	it('opens on i over the card, says what the card is, and closes with i or Esc', async () => {
		const {frame, press, app} = mountReview(world);
		expect(frame()).toContain('What does CI stand for?');
		await press('i');
		let screen = plain(frame());
		expect(screen).toMatch(/backend .*backend\.md:1 +basic/);
		expect(screen).toMatch(/State +new/);
		expect(screen).toMatch(/Answers +0/);
		expect(screen).toContain('i or esc: back to the card');
		// The card's keys wait: no answer while the info covers the card.
		await press(' ', '3');
		expect(answers()).toBe(0);
		await press('i');
		screen = plain(frame());
		expect(screen).not.toMatch(/State +new/);
		expect(screen).toContain('What does CI stand for?');
		await press('i');
		await press(ESCAPE);
		expect(plain(frame())).not.toMatch(/State +new/);
		app.unmount();
	});

	it('lists every answer of a card with a history, and its forgetting curve', async () => {
		// A history made by hand: learnt a month ago, forgotten once, due again today.
		const id = (rowsOf(world.store, 'cards') as Array<{id: string; prompt: string}>).find((row) => row.prompt.startsWith('What is a canary'))!.id;
		const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false, studyDays: {dayStartHour: 4, utcOffset: () => 0}});
		for (const [daysAgo, rating] of [[30, 3], [29.99, 3], [20, 1], [19.99, 3], [12, 3]] as const) {
			recordAnswer(world.store, {cardId: id, rating, at: world.clock.now - daysAgo * DAY_MS, durationMs: 7000}, (memory, at) => scheduler.answer(memory, rating, at, id));
		}
		const {frame, press, app} = mountReview(world);
		// Past the new card to the review.
		if (frame().includes('What does CI')) await press(ENTER, '3');
		expect(frame()).toContain('What is a canary release?');
		await press('i');
		expect(frame()).toMatch(/State +review/);
		expect(frame()).toMatch(/Lapses +1/);
		expect(frame()).toMatch(/Answers +5/);
		// Taller than the terminal: it scrolls as a long card does.
		await press('G');
		const screen = frame();
		expect(screen).toContain('2026-11-04 10:00  1 Again');
		expect(screen).toMatch(/2026-11-12 10:00 +3 Good +\d+d +7\.0s +8d +\d+%/);
		expect(screen).toContain('Forgetting curve');
		expect(screen).toMatch(/100% .*•/);
		expect(screen).toContain('┊');
		app.unmount();
	});
});
