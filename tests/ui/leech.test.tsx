import {afterEach, describe, expect, it} from 'vitest';
import {isLeechLapse} from '../../src/core/review/leech.js';
import {getCard} from '../../src/store/cards.js';
import {mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DAY = 86_400_000;
const worlds: ReviewWorld[] = [];
afterEach(() => {
	for (const world of worlds.splice(0)) world.close();
});

/** Answer the one card through the review's answer path until it has lapsed `lapses` times, each time on the day it is due. */
function lapse(world: ReviewWorld, id: string, lapses: number): void {
	const card = () => world.actions.card(id)!;
	const leeches: unknown[] = [];
	while (card().memory.lapses < lapses) {
		world.clock.now = Math.max(world.clock.now + 60_000, card().memory.due ?? world.clock.now);
		const result = world.actions.answer(card(), card().memory.state === 'review' ? 1 : 3, 4000);
		if (result.leech) leeches.push(result.leech);
	}
	expect(leeches).toEqual([]);
	// Back to review, due: the next Again is the next lapse.
	while (card().memory.state !== 'review') {
		world.clock.now = Math.max(world.clock.now + 60_000, card().memory.due ?? world.clock.now);
		world.actions.answer(card(), 3, 4000);
	}
	world.clock.now = card().memory.due! + DAY / 2;
}

describe('leeches', () => {
	it('makes a card a leech on exactly its 8th lapse: tagged, suspended, said on screen with e to rewrite it; u takes it all back', async () => {
		const world = reviewWorld({'backend.md': 'Q: What does CI stand for?\nA: Continuous integration.\n', 'later.md': 'Q: What is a canary release?\nA: A small share of traffic first.\n'});
		worlds.push(world);
		const id = world.start().session.current!.card.id;
		lapse(world, id, 7);
		expect(getCard(world.store, id)).toMatchObject({suspended: false, dbTags: []});

		const {press, frame, left} = mountReview(world);
		expect(frame()).toContain('What does CI stand for?');
		await press(' ', '1');
		expect(frame()).toContain('Leech: 8 lapses, suspended. e rewrites it, u takes it back.');
		expect(getCard(world.store, id)).toMatchObject({suspended: true, dbTags: ['leech'], memory: {lapses: 8}});
		await press('u');
		expect(getCard(world.store, id)).toMatchObject({suspended: false, dbTags: [], memory: {lapses: 7}});
		await press(' ', '1');
		expect(frame()).toContain('Leech: 8 lapses');
		// The suspended leech does not come back for its relearning step: the next card shows, and e rewrites the leech.
		expect(frame()).toContain('What is a canary release?');
		await press('e');
		expect(left).toEqual([expect.objectContaining({reason: 'edit', card: expect.objectContaining({id})})]);
	});

	it('warns again every half threshold after, as Anki does', () => {
		const settings = {threshold: 8, action: 'suspend'} as const;
		const warned = Array.from({length: 20}, (_, index) => index + 1).filter((lapses) => isLeechLapse(lapses - 1, lapses, settings));
		expect(warned).toEqual([8, 12, 16, 20]);
		expect(isLeechLapse(8, 8, settings)).toBe(false);
		expect([1, 2, 3].filter((lapses) => isLeechLapse(lapses - 1, lapses, {threshold: 1, action: 'tag'}))).toEqual([1, 2, 3]);
	});
});
