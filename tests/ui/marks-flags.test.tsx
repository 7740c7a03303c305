import {afterEach, describe, expect, it} from 'vitest';
import {getCard} from '../../src/store/cards.js';
import {reviewsOfCard} from '../../src/store/review/reviews.js';
import {mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const worlds: ReviewWorld[] = [];
afterEach(() => {
	for (const world of worlds.splice(0)) world.close();
});

const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A small share of traffic first.\n';

describe('marks and flags in the review', () => {
	it('* marks and unmarks the card on screen, shown in the header and kept in the database', async () => {
		const world = reviewWorld({'backend.md': DECK});
		worlds.push(world);
		const id = world.start().session.current!.card.id;
		const {press, frame} = mountReview(world);
		await press('*');
		expect(frame()).toContain('★ marked');
		expect(frame()).toContain('Marked. * unmarks it.');
		expect(getCard(world.store, id)!.dbTags).toEqual(['marked']);
		await press('*');
		expect(frame()).not.toContain('★ marked');
		expect(getCard(world.store, id)!.dbTags).toEqual([]);
	});

	it('f then a digit flags the card (0 unflags); any other key after f forgets it, so a grade stays a grade', async () => {
		const world = reviewWorld({'backend.md': DECK});
		worlds.push(world);
		const id = world.start().session.current!.card.id;
		const {press, frame} = mountReview(world);
		await press('f');
		expect(frame()).toContain('Flag: 1 red, 2 orange, 3 green, 4 blue, 0 none.');
		await press('2');
		expect(frame()).toContain('⚑ orange');
		expect(getCard(world.store, id)!.flag).toBe(2);
		await press('f', '0');
		expect(frame()).toContain('Flag taken off.');
		expect(getCard(world.store, id)!.flag).toBe(0);
		// Revealed, then f, then the answer side's 1 is a flag; f, Space forgets f and Space is Good.
		await press(' ', 'f', '1');
		expect(getCard(world.store, id)!.flag).toBe(1);
		expect(reviewsOfCard(world.store, id)).toEqual([]);
		await press('f', 'x', '3');
		expect(getCard(world.store, id)!.flag).toBe(1);
		expect(reviewsOfCard(world.store, id).map((review) => review.rating)).toEqual([3]);
		expect(frame()).toContain('What is a canary release?');
	});

	it('lists * and f in the ? keys', async () => {
		const world = reviewWorld({'backend.md': DECK});
		worlds.push(world);
		const {press, frame} = mountReview(world);
		await press('?');
		expect(frame()).toContain('mark it, or unmark it');
		expect(frame()).toContain('flag red…blue, or 0 off');
	});
});
