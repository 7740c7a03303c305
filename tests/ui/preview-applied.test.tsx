/*
What the grade buttons promise is what happens: with the fuzz on, the interval read on a button is
the interval the answer stores, through the real review screen. (Before, the preview and the answer
drew the fuzz separately, seeded by the time of the key press: "4 Easy 9d" gave 7d.)
*/
import {afterEach, describe, expect, it} from 'vitest';
import {formatInterval} from '../../src/core/scheduling/interval.js';
import {rowsOf} from '../../src/store/inspect.js';
import {mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DAY = 86_400_000;
// A deck as a user writes it (decks/*.md): eight plain question cards.
const DECK = Array.from({length: 8}, (_, index) => `Q: Question number ${index + 1}?\n\nA: Answer ${index + 1}.\n`).join('\n');

let world: ReviewWorld;
afterEach(() => world.close());

const due = (prompt: string) => {
	const card = (rowsOf(world.store, 'cards') as Array<{prompt: string; due: number; last_review: number}>).find((row) => row.prompt === prompt)!;
	return {due: card.due, lastReview: card.last_review};
};
/** The interval the footer shows for a grade, e.g. `9d`. */
const shown = (frame: string, label: 'Easy' | 'Good' | 'Hard') => frame.match(new RegExp(`${label} (\\d+)d`))?.[1];
const prompt = (frame: string) => frame.match(/Question number \d+\?/)![0].replace(/\?$/, '?');

describe('preview = applied', () => {
	it('stores the interval shown on the Easy button of each new card, and on Hard ten days later', async () => {
		world = reviewWorld({'practice.md': DECK}, {fuzz: true});
		const promised: Array<{prompt: string; days: number}> = [];
		let review = mountReview(world);
		for (let index = 0; index < 8; index++) {
			await review.press(' ');
			const frame = review.frame();
			const days = Number(shown(frame, 'Easy'));
			promised.push({prompt: prompt(frame), days});
			world.clock.now += 7_000;
			await review.press('4');
		}
		review.app.unmount();
		for (const {prompt: question, days} of promised) {
			const stored = due(question);
			expect((stored.due - stored.lastReview) / DAY, question).toBe(days);
		}
		// The fuzz spreads the cards: not every card got the same interval.
		expect(new Set(promised.map((entry) => entry.days)).size).toBeGreaterThan(1);

		// Ten days on, every card is due: Hard stores what the button says, too (at the button's precision).
		world.clock.now += 10 * DAY;
		const again: Array<{prompt: string; label: string}> = [];
		review = mountReview(world);
		for (let index = 0; index < 8; index++) {
			await review.press(' ');
			const frame = review.frame();
			again.push({prompt: prompt(frame), label: frame.match(/Hard (\S+)/)![1]!});
			world.clock.now += 30_000;
			await review.press('2');
		}
		review.app.unmount();
		for (const {prompt: question, label} of again) {
			const stored = due(question);
			expect(formatInterval(stored.due - stored.lastReview), question).toBe(label);
		}
	});

	it('shows the new intervals instead of answering when a new study day began between showing and pressing', async () => {
		world = reviewWorld({'practice.md': DECK.split('\n\nQ:')[0]!}, {fuzz: true});
		let review = mountReview(world);
		await review.press(' ', '4');
		review.app.unmount();
		const first = due('Question number 1?');
		// 03:59 on the morning after the card fell due: still the study day it is due on (days start at 04:00, UTC here).
		const dueDay = new Date(first.due).toISOString().slice(0, 10);
		world.clock.now = Date.parse(`${dueDay}T03:59:00Z`) + DAY;
		review = mountReview(world);
		await review.press(' ');
		const before = review.frame().match(/Easy (\S+)/)![1]!;
		world.clock.now += 2 * 60_000;
		await review.press('4');
		const after = review.frame().match(/Easy (\S+)/)?.[1];
		// One more study day since the last review changes what Easy gives: nothing was answered yet.
		expect(after).not.toBe(before);
		expect(review.frame()).toContain('A new study day began and the intervals changed');
		expect(due('Question number 1?')).toEqual(first);
		await review.press('4');
		review.app.unmount();
		const stored = due('Question number 1?');
		expect(formatInterval(stored.due - stored.lastReview)).toBe(after);
	});
});
