/*
The key table (src/ui/review/review-keys.ts) through the real screen: Anki's keys, Space as Good
on the answer side, the hint a key that does nothing flashes, and the `?` list drawn from the table.
*/
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {rowsOf} from '../../src/store/inspect.js';
import {REVIEW_KEYS} from '../../src/ui/review/review-keys.js';
import {ENTER, mountReview, pause, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = `Q: What does **CI** stand for?

A: Continuous integration.

Q: What is a canary release?

A: A release to a small share of traffic first.

Q: What is a saga?

A: A chain of local transactions with compensating steps.
`;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'backend.md': DECK});
});
afterEach(() => world.close());

type CardRow = {prompt: string; suspended: number; buried_until: number | null};
const card = (prompt: string) => (rowsOf(world.store, 'cards') as CardRow[]).find((row) => row.prompt.startsWith(prompt))!;
const ratings = () => (rowsOf(world.store, 'reviews') as Array<{rating: number}>).map((row) => row.rating);

describe("the review screen's keys", () => {
	it("takes Anki's keys: @ suspends, - buries, and u takes either back", async () => {
		const {frame, press, app} = mountReview(world);
		await press('@');
		expect(frame()).toContain('Suspended. u takes it back.');
		expect(card('What does').suspended).toBe(1);
		await press('-');
		expect(frame()).toContain('Buried until tomorrow.');
		expect(card('What is a canary').buried_until).toBe(Date.parse('2026-11-25T04:00:00Z'));
		expect(frame()).toContain('What is a saga?');
		await press('u', 'u');
		expect(card('What is a canary').buried_until).toBeNull();
		expect(card('What does').suspended).toBe(0);
		expect(frame()).toContain('What does CI stand for?');
		app.unmount();
	});

	it('takes Space on the answer side as Good, like Enter', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ', ' ');
		expect(ratings()).toEqual([3]);
		expect(frame()).toContain('What is a canary release?');
		await press(ENTER, ENTER);
		expect(ratings()).toEqual([3, 3]);
		app.unmount();
	});

	it('flashes the hint line for a key that does nothing, then puts the keys back', async () => {
		const {frame, press, app} = mountReview(world);
		await press('x');
		expect(frame()).toContain('x does nothing here · ? for keys');
		// A grade before the answer is shown is such a key: nothing is saved.
		await press('3');
		expect(frame()).toContain('3 does nothing here · ? for keys');
		expect(ratings()).toEqual([]);
		await pause(1000);
		expect(frame()).toContain('3 does nothing here');
		await pause(600);
		expect(frame()).not.toContain('does nothing here');
		expect(frame()).toContain('space show answer');
		// A key that acts puts the keys back at once.
		await press('z', ' ');
		expect(frame()).not.toContain('does nothing here');
		expect(frame()).toMatch(/1 Again 1m/);
		await press('\u001b[D');
		expect(frame()).toContain('Left does nothing here');
		app.unmount();
	});

	it('lists on ? every key the table documents, as the table says it', async () => {
		const {frame, press, app} = mountReview(world);
		await press('?');
		const documented = REVIEW_KEYS.filter((row) => row.help !== '');
		expect(documented.length).toBeGreaterThan(10);
		for (const row of documented) expect(frame()).toMatch(new RegExp(`${escape(row.label ?? row.keys.join(', '))}\\s+${escape(row.help)}`));
		app.unmount();
	});
});

describe('a card taller than the terminal', () => {
	const PGUP = '\u001b[5~';
	const PGDN = '\u001b[6~';
	const HOME = '\u001b[H';
	const END = '\u001b[F';
	const steps = Array.from({length: 60}, (_, index) => `${index + 1}. Step number ${index + 1}`).join('\n');

	it('pages with Space on its question and shows the answer at its end; PgDn PgUp, Home End and g G move by pages and to its ends', async () => {
		const tall = reviewWorld({'tall.md': `Q: Which steps, in order?\n\n${steps}\n\nA: All of them.\n`});
		try {
			const {frame, press, app} = mountReview(tall);
			const rows = () => frame().split('\n');
			expect(rows().length).toBeLessThanOrEqual(24);
			expect(frame()).toContain('1. Step number 1\n');
			expect(frame()).toMatch(/↓ \d+ below/);
			// A page at a time: the last row of one page is not the first of the next, and none is skipped.
			await press(' ');
			const firstShown = Number(/(\d+)\. Step number/.exec(frame())![1]);
			expect(frame()).not.toContain('1. Step number 1\n');
			expect(firstShown).toBeGreaterThan(10);
			expect(frame()).not.toContain('All of them.');
			await press(PGUP);
			expect(frame()).toContain('Which steps, in order?');
			await press(PGDN, PGDN);
			expect(Number(/(\d+)\. Step number/.exec(frame())![1])).toBeGreaterThan(firstShown);
			await press(HOME);
			expect(frame()).toContain('Which steps, in order?');
			await press(END);
			expect(frame()).toContain('60. Step number 60');
			expect(frame()).not.toMatch(/below/);
			await press('g');
			expect(frame()).toContain('Which steps, in order?');
			await press('G');
			expect(frame()).toContain('60. Step number 60');
			// At its end, Space shows the answer.
			await press(' ');
			expect(frame()).toMatch(/1 Again 1m/);
			await press(END);
			expect(frame()).toContain('All of them.');
			expect(rows().length).toBeLessThanOrEqual(24);
			expect(rowsOf(tall.store, 'reviews')).toEqual([]);
			app.unmount();
		} finally {
			tall.close();
		}
	});

	it('pages through the whole question with Space, then shows the answer', async () => {
		const tall = reviewWorld({'tall.md': `Q: Which steps, in order?\n\n${steps}\n\nA: All of them.\n`});
		try {
			const {frame, press, app} = mountReview(tall);
			const seen = new Set<number>();
			for (let page = 0; page < 10 && !/Again/.test(frame()); page++) {
				for (const match of frame().matchAll(/(\d+)\. Step number/g)) seen.add(Number(match[1]));
				await press(' ');
			}
			expect(seen.size).toBe(60);
			expect(frame()).toMatch(/1 Again 1m/);
			app.unmount();
		} finally {
			tall.close();
		}
	});
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
