/* Which card is on screen: the queue it came from, and the reverse card of a reversed note. */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {DAY_MS} from '../../src/core/scheduling/day.js';
import {mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = `R: Training-serving skew

A: Features computed differently in training and in serving.
`;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'mlops.md': DECK});
});
afterEach(() => world.close());

/** The line over the card: the fourth of the frame, under the header. */
const label = (frame: string) => frame.split('\n')[3]!.trim();

describe('the line that says which card this is', () => {
	it('names the queue the card came from, and says when a card is the reverse of its note', async () => {
		const first = mountReview(world);
		expect(label(first.frame())).toBe('new card');
		expect(first.frame()).toContain('Training-serving skew');
		await first.press(' ', '4');
		first.app.unmount();

		// The next day the note's other card is new: its prompt is the definition, and it says so.
		world.clock.now += DAY_MS;
		const second = mountReview(world);
		expect(second.frame()).toContain('Features computed differently in training and in serving.');
		expect(label(second.frame())).toBe('new card · ↺ reverse: give the front');
		// Again: the card comes back on its learning step, within the learn-ahead time.
		await second.press(' ', '1');
		expect(label(second.frame())).toBe('learning · ↺ reverse: give the front');
		await second.press(' ', '4');
		second.app.unmount();

		// Days later the first card is due for a review.
		world.clock.now += 30 * DAY_MS;
		const third = mountReview(world);
		expect(label(third.frame())).toMatch(/^review/);
		third.app.unmount();
	});
});
