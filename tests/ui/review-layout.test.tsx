/*
The review screen's layout at the sizes the issue was seen at: 200 x 50 keeps a reading measure,
40 x 15 is still usable (the key list scrolls), and a terminal too small says so in one line.
*/
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {mountReview, pause, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const LONG = 'Which property of a training pipeline, when it differs from the serving pipeline in how features are computed, makes a model that scored well offline behave worse in production, and how is it caught?';
const DECK = `Q: ${LONG}\n\nA: Training-serving skew: compare the features logged at serving time with those the training pipeline computes.\n\nQ: What is a canary release?\n\nA: A release to a small share of traffic first.\n`;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'mlops.md': DECK});
});
afterEach(() => world.close());

type Mounted = ReturnType<typeof mountReview>;
async function resize({app}: Mounted, columns: number, rows: number) {
	Object.defineProperty(app.stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(app.stdout, 'rows', {value: rows, configurable: true});
	app.stdout.emit('resize');
	await pause();
}
const widthOf = (line: string) => [...line].length;

describe('the review screen at any size', () => {
	it('keeps a reading measure at 200 columns: the text wraps at words within 88 columns, centred, the clock beside it', async () => {
		const screen = mountReview(world);
		await resize(screen, 200, 50);
		const lines = screen.frame().split('\n').filter((line) => line.trim() !== '');
		const starts = lines.map((line) => line.length - line.trimStart().length);
		const ends = lines.map((line) => widthOf(line.trimEnd()));
		// One column, centred: the same left margin for every line, as much room left as right.
		expect(new Set(starts).size).toBe(1);
		const left = starts[0]!;
		expect(left).toBeGreaterThanOrEqual(50);
		expect(Math.max(...ends) - left).toBeLessThanOrEqual(90);
		expect(200 - Math.max(...ends)).toBeGreaterThanOrEqual(left - 2);
		// The clock ends the header's line, at the end of the column.
		expect(lines[0]).toMatch(/0 min$/);
		// Wrapped at word boundaries: the question's words are all there, none split.
		const question = lines.slice(2, -1).map((line) => line.trim()).join(' ');
		expect(question).toContain(LONG);
		screen.app.unmount();
	});

	it('is still usable at 40 x 15: the card, its grades and a key list that scrolls to its end', async () => {
		const screen = mountReview(world);
		await resize(screen, 40, 15);
		const fits = () => {
			const lines = screen.frame().split('\n');
			expect(lines.length).toBeLessThanOrEqual(15);
			expect(Math.max(...lines.map(widthOf))).toBeLessThanOrEqual(40);
		};
		fits();
		expect(screen.frame()).toContain('Which property of a training');
		await screen.press(' ');
		fits();
		expect(screen.frame()).toMatch(/1 Again 1m/);
		await screen.press('?');
		fits();
		expect(screen.frame()).toMatch(/↓ \d+ below/);
		expect(screen.frame()).not.toContain('stop; answers are saved');
		await screen.press('G');
		fits();
		expect(screen.frame()).toContain('stop; answers are saved');
		await screen.press('?');
		expect(screen.frame()).toMatch(/1 Again 1m/);
		screen.app.unmount();
	});

	it('says in one line that a terminal is too small, and comes back when it is not', async () => {
		const screen = mountReview(world);
		for (const [columns, rows] of [
			[25, 24],
			[80, 6],
			[12, 6],
		] as const) {
			await resize(screen, columns, rows);
			const lines = screen.frame().split('\n');
			expect(lines).toHaveLength(1);
			expect(widthOf(lines[0]!)).toBeLessThanOrEqual(columns);
			expect(lines[0]).toMatch(/^(Too small|Make the terminal)/);
		}
		await resize(screen, 80, 24);
		expect(screen.frame()).toContain('Which property of a training');
		screen.app.unmount();
	});
});
