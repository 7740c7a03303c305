/*
Progress on the review screen: counted in cards (a card's learning steps never grow the total),
what is left in each queue, and the time left, estimated from the user's own answer times.
*/
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DAY_MS} from '../../src/core/scheduling/day.js';
import {rowsOf} from '../../src/store/inspect.js';
import {ENTER, mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = Array.from({length: 12}, (_, n) => `Q: Question number ${n + 1}?\n\nA: Answer ${n + 1}.\n`).join('\n');

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'numbers.md': DECK});
});
afterEach(() => world.close());

/** Answer the first `count` cards Easy two days ago, each taking `ms`: the user's history. */
function history(count: number, ms: number) {
	const today = world.clock.now;
	world.clock.now -= 2 * DAY_MS;
	const ids = (rowsOf(world.store, 'cards') as Array<{id: string; position: number}>).sort((a, b) => a.position - b.position).map((row) => row.id);
	for (const id of ids.slice(0, count)) world.actions.answer(world.actions.card(id)!, 4, ms);
	world.clock.now = today;
}

describe('progress on the review screen', () => {
	it('counts cards, not answers: Again does not grow the total', async () => {
		const {frame, press, app} = mountReview(world);
		expect(frame()).toContain('0/12 12 new · 0 learn · 0 review');
		await press(' ', '1', ' ', '1');
		expect(frame()).toContain('0/12 10 new · 2 learn · 0 review');
		await press(' ', '4');
		expect(frame()).toContain('1/12 9 new · 2 learn · 0 review');
		app.unmount();
	});

	it("estimates the time left from the user's own answer times, and from this session's as it goes", async () => {
		history(5, 30_000);
		const {frame, press, app} = mountReview(world);
		// Seven new cards at 30 s each.
		expect(frame()).toContain('0/7 7 new · 0 learn · 0 review');
		expect(frame()).toMatch(/0 min · ~4 min left/);
		// Three cards answered at once: the pace quickens to 150 s / 8 cards, four cards left.
		await press(' ', '4', ' ', '4', ' ', ENTER);
		expect(frame()).toContain('2/7 4 new · 1 learn · 0 review');
		expect(frame()).toMatch(/0 min · ~2 min left/);
		app.unmount();
	});

	it('shows no estimate before there are answers to make one from', async () => {
		const {frame, app} = mountReview(world);
		expect(frame()).toMatch(/0 min\n/);
		expect(frame()).not.toContain('left');
		app.unmount();
	});
});
