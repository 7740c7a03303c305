import {readFileSync, writeFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../src/store/database.js';
import {rowCount, rowsOf} from '../../src/store/inspect.js';
import {refuseAnswers} from '../helpers/raw-database.js';
import {CTRL_C, ENTER, ESCAPE, mountReview, pause, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = `---
title: Backend
---

Q: What does **CI** stand for?

A: Continuous integration.

Q: What is a canary release?

A: A release to a small share of traffic first.

C: The {{c1::outbox}} pattern writes events in the same transaction as the data.

R: p99 latency

A: The time under which 99% of requests finish.

Q: What is a saga?

A: A chain of local transactions with compensating steps.
`;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'backend.md': DECK});
});
afterEach(() => world.close());

type ReviewRow = {prompt: string; rating: number; undone: number};
type CardRow = {id: string; prompt: string; suspended: number; buried_until: number | null; state: string; due: number | null};
const cardRows = () => rowsOf(world.store, 'cards') as CardRow[];
/** Every answer stored, taken back or not, in the order given. */
const reviews = (): ReviewRow[] => {
	const promptOf = new Map(cardRows().map((card) => [card.id, card.prompt]));
	const rows = rowsOf(world.store, 'reviews') as Array<{id: string; card_id: string; rating: number; undone_at: number | null; reviewed_at: number}>;
	return rows
		.sort((a, b) => a.reviewed_at - b.reviewed_at || a.id.localeCompare(b.id))
		.map((row) => ({prompt: promptOf.get(row.card_id)!, rating: row.rating, undone: row.undone_at === null ? 0 : 1}));
};
const cardRow = (prompt: string) => {
	const row = cardRows().find((card) => card.prompt.startsWith(prompt))!;
	return {id: row.id, suspended: row.suspended, buriedUntil: row.buried_until, state: row.state};
};

describe('the review screen', () => {
	it('shows the prompt, reveals the answer on space, and offers each grade with its interval', async () => {
		const {frame, press, app} = mountReview(world);
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).not.toContain('Continuous integration.');
		expect(frame()).toContain('0/5 5 new · 0 learn · 0 review');
		expect(frame()).toContain('All decks › Backend');
		await press(' ');
		expect(frame()).toContain('Continuous integration.');
		expect(frame()).toMatch(/1 Again 1m\s+2 Hard 6m\s+3 Good 10m\s+4 Easy \d+d/);
		app.unmount();
	});

	it('records each grade before drawing the next card, and Enter means Good once revealed', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ', '1');
		// Saved as the next card comes up: nothing waits for the end of the session.
		expect(reviews()).toEqual([{prompt: 'What does **CI** stand for?', rating: 1, undone: 0}]);
		expect(frame()).toContain('What is a canary release?');
		await press(' ', '2', ' ', '4', ENTER, ENTER);
		expect(reviews().map((review) => review.rating)).toEqual([1, 2, 4, 3]);
		// Again, Hard and Good leave a new card learning: it comes back today. Counted in cards, the total holds still.
		expect(frame()).toContain('1/5 1 new · 3 learn · 0 review');
		app.unmount();
	});

	it('copies the answers into the database file while the user reads, not inside an answer', async () => {
		const inFileAlone = () => {
			const copy = `${world.db}.copy`;
			writeFileSync(copy, readFileSync(world.db));
			const store = Store.open(copy);
			try {
				return rowCount(store, 'reviews');
			} finally {
				store.close();
			}
		};
		const {press, app} = mountReview(world);
		// The first rest copies what the sync wrote.
		await pause(400);
		await press(' ', '3');
		expect(reviews()).toHaveLength(1);
		expect(inFileAlone()).toBe(0);
		await pause(400);
		expect(inFileAlone()).toBe(1);
		app.unmount();
	});

	it('answers each card once however fast the keys come', async () => {
		const {press, app} = mountReview(world);
		// Typed ahead in one read, before the screen could redraw.
		await press(' 3 3 3');
		expect(reviews().map((review) => review.prompt)).toEqual(['What does **CI** stand for?', 'What is a canary release?', 'The \\[...\\] pattern writes events in the same transaction as the data.']);
		app.unmount();
	});

	it('shows a cloze with its deletion hidden, then the answer filled in', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ', '4', ' ', '4');
		expect(frame()).toContain('The [...] pattern writes events');
		await press(' ');
		expect(frame()).toMatch(/The \[?outbox\]? pattern writes events/);
		expect(frame()).not.toContain('[...]');
		app.unmount();
	});

	it('takes answers back one after another, bringing their cards back', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ', '4', ' ', '1');
		expect(frame()).toContain('The [...] pattern');
		await press('u');
		expect(frame()).toContain('What is a canary release?');
		expect(frame()).toContain('Took back the answer.');
		expect(frame()).toContain('1/5');
		await press('u');
		expect(frame()).toContain('What does CI stand for?');
		expect(reviews()).toEqual([
			{prompt: 'What does **CI** stand for?', rating: 4, undone: 1},
			{prompt: 'What is a canary release?', rating: 1, undone: 1},
		]);
		expect(cardRow('What does').state).toBe('new');
		await press('u');
		expect(frame()).toContain('Nothing to take back.');
		// Answered again after the undo: a fresh review, the undone ones kept as history.
		await press(' ', '4');
		expect(reviews().filter((review) => review.undone === 0)).toEqual([{prompt: 'What does **CI** stand for?', rating: 4, undone: 0}]);
		app.unmount();
	});

	it("suspends and buries cards, which leave today's session, and takes either back", async () => {
		const {frame, press, app} = mountReview(world);
		await press('s');
		expect(frame()).toContain('Suspended. u takes it back.');
		expect(frame()).toContain('What is a canary release?');
		expect(frame()).toContain('0/4');
		await press('b');
		expect(frame()).toContain('Buried until tomorrow.');
		expect(cardRow('What does')).toMatchObject({suspended: 1});
		expect(cardRow('What is a canary').buriedUntil).toBe(Date.parse('2026-11-25T04:00:00Z'));
		await press('u');
		expect(frame()).toContain('What is a canary release?');
		expect(cardRow('What is a canary').buriedUntil).toBeNull();
		await press('u');
		expect(frame()).toContain('What does CI stand for?');
		expect(cardRow('What does').suspended).toBe(0);
		expect(reviews()).toEqual([]);
		app.unmount();
	});

	it('ends at once on q or Ctrl-C, with every answer so far kept', async () => {
		for (const key of ['q', CTRL_C]) {
			const {press, left, app} = mountReview(world);
			await press(' ', '3', key);
			expect(left).toEqual([expect.objectContaining({reason: 'quit'})]);
			expect(left[0]!.state.session.answered).toBe(1);
			app.unmount();
		}
		expect(reviews()).toHaveLength(2);
	});

	it('shows a learning card early when nothing else is left and it is due within the learn-ahead time', async () => {
		const {frame, press, app} = mountReview(world);
		for (let card = 0; card < 5; card++) await press(' ', '1');
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).toContain('0 new · 5 learn');
		app.unmount();
	});

	it('brings a learning card back within the session when its step is due', async () => {
		const {frame, press, app} = mountReview(world, world.start({learnAheadMs: 0}));
		// Again on every new card: each comes back after its 1-minute step.
		for (let card = 0; card < 5; card++) await press(' ', '1');
		expect(frame()).toContain('Next card in 1m, when a learning step comes due.');
		world.clock.now += 30_000;
		await pause(1100);
		expect(frame()).toContain('Next card in 30s');
		world.clock.now += 31_000;
		await pause(1100);
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).toContain('0/5 0 new · 5 learn');
		// Its memory is the one after the first answer: Good now moves it to the 10-minute step.
		await press(' ');
		expect(frame()).toMatch(/3 Good 10m/);
		app.unmount();
	});

	it('says the day is done with the Again rate, lets the last answer be taken back, then leaves on any key', async () => {
		const {frame, press, app, left} = mountReview(world);
		// Again on the first card; it comes back early (within the learn-ahead time) once the others are done.
		await press(' ', '1', ' ', '4', ' ', '4', ' ', '4', ' ', '4', ' ', '4');
		expect(frame()).toContain('Done for today.');
		expect(frame()).toContain('5 cards · 6 answers · Again 17%');
		// The card that had an Again comes back after a short interval: it is the one due tomorrow.
		const tomorrowEnd = Date.parse('2026-11-26T04:00:00Z');
		const dueTomorrow = cardRows()
			.filter((card) => card.state !== 'new' && card.due !== null && card.due < tomorrowEnd)
			.map(({prompt}) => ({prompt}));
		expect(dueTomorrow).toEqual([{prompt: 'What does **CI** stand for?'}]);
		expect(frame()).toContain('Due tomorrow: 1');
		await press('u');
		expect(frame()).toContain('What does CI stand for?');
		await press(' ', '4');
		expect(frame()).toContain('Done for today.');
		expect(left).toEqual([]);
		await press('x');
		expect(left).toEqual([expect.objectContaining({reason: 'finished'})]);
		app.unmount();
	});

	it('steps aside for the editor and comes back to the same card, re-read after the edit', async () => {
		const first = mountReview(world);
		await first.press(' ', '4', 'e');
		expect(first.left).toEqual([expect.objectContaining({reason: 'edit'})]);
		const leaving = first.left[0]!;
		if (leaving.reason !== 'edit') throw new Error('expected an edit');
		expect([leaving.card.file, leaving.card.line]).toEqual([`${world.decks}/backend.md`, 9]);
		first.app.unmount();
		// What the CLI does in between: the editor changes the file, then a sync.
		world.write('backend.md', DECK.replace('A release to a small share of traffic first.', 'A release to 1% of traffic, then more.'));
		world.sync();
		const second = mountReview(world, leaving.state, 'All decks', 'Saved.');
		expect(second.frame()).toContain('What is a canary release?');
		expect(second.frame()).toContain('Saved.');
		expect(second.frame()).toContain('1/5');
		await second.press(' ');
		expect(second.frame()).toContain('A release to 1% of traffic, then more.');
		second.app.unmount();
	});

	it('moves on when the card on screen was edited out of its deck', async () => {
		const first = mountReview(world);
		await first.press('e');
		const leaving = first.left[0]!;
		first.app.unmount();
		world.write('backend.md', DECK.replace(/Q: What does[\s\S]*?integration\.\n/, ''));
		world.sync();
		const second = mountReview(world, leaving.state);
		expect(second.frame()).toContain('What is a canary release?');
		expect(second.frame()).toContain('0/4');
		second.app.unmount();
	});

	it('keeps the card on screen and says so when an answer cannot be saved', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ');
		const letAnswersThrough = refuseAnswers(world.store);
		await press('3');
		expect(frame()).toContain('could not save: disk full');
		expect(frame()).toContain('What does CI stand for?');
		letAnswersThrough();
		await press('3');
		expect(frame()).toContain('What is a canary release?');
		expect(reviews()).toHaveLength(1);
		app.unmount();
	});

	it('lists the keys on ? and goes back to the card on ? or Escape', async () => {
		const {frame, press, app} = mountReview(world);
		await press('?');
		expect(frame()).toContain('bury it until tomorrow');
		expect(frame()).not.toContain('What does CI stand for?');
		await press(ESCAPE);
		await pause(50);
		expect(frame()).toContain('What does CI stand for?');
		await press('?', '?');
		expect(frame()).toContain('What does CI stand for?');
		// Keys that act on the card do nothing while the list hides it.
		await press(' ', '?', '3', 's', 'b', 'u');
		expect(frame()).toContain('bury it until tomorrow');
		await press('?');
		expect(frame()).toContain('Continuous integration.');
		expect(reviews()).toEqual([]);
		expect(cardRow('What does').suspended).toBe(0);
		app.unmount();
	});

	it('keeps a card taller than the terminal within it, header and grades in view, and scrolls it', async () => {
		const steps = Array.from({length: 40}, (_, index) => `${index + 1}. Step number ${index + 1}`).join('\n');
		const tall = reviewWorld({'tall.md': `Q: How does a release go out?\n\nA: In forty steps:\n\n${steps}\n`});
		try {
			const {frame, press, app} = mountReview(tall);
			await press(' ');
			const lines = () => frame().split('\n');
			expect(lines().length).toBeLessThanOrEqual(24);
			expect(frame()).toContain('All decks › tall');
			expect(frame()).toContain('How does a release go out?');
			expect(frame()).toMatch(/↓ \d+ below · pgdn pgup · j k · g G/);
			expect(frame()).toMatch(/1 Again 1m/);
			await press(...Array.from({length: 60}, () => 'j'));
			expect(frame()).toContain('40. Step number 40');
			expect(frame()).not.toContain('How does a release go out?');
			expect(frame()).toMatch(/↑ \d+ above · pgdn pgup · j k · g G/);
			expect(lines().length).toBeLessThanOrEqual(24);
			await press('k');
			expect(frame()).not.toContain('40. Step number 40');
			// The keys or the card's info over it, then back: the reader is where they were.
			const scrolled = frame();
			await press('?');
			expect(frame()).not.toBe(scrolled);
			await press('?');
			expect(frame()).toBe(scrolled);
			await press('i');
			expect(frame()).toContain('i or esc: back to the card');
			await press('i');
			expect(frame()).toBe(scrolled);
			await press('3');
			expect(rowCount(tall.store, 'reviews')).toBe(1);
			app.unmount();
		} finally {
			tall.close();
		}
	});

	it('fits a 40-column terminal and redraws when the terminal is resized', async () => {
		const {frame, press, app} = mountReview(world);
		await press(' ');
		const wide = frame();
		Object.defineProperty(app.stdout, 'columns', {value: 40, configurable: true});
		app.stdout.emit('resize');
		await pause();
		const narrow = frame();
		expect(narrow).not.toBe(wide);
		expect(Math.max(...narrow.split('\n').map((line) => line.length))).toBeLessThanOrEqual(40);
		expect(narrow).toContain('Continuous integration.');
		expect(narrow).toMatch(/1 Again 1m/);
		app.unmount();
	});

	it('never passes an escape sequence from a deck to the terminal', async () => {
		world.close();
		world = reviewWorld({'evil.md': '---\ntitle: "Evil \\e[31m title"\n---\n\nQ: Evil \u001b]0;pwned\u0007 \u001b[2J question?\n\nA: \u001b[?1049l answer \u009b31m\n'});
		const {app, press} = mountReview(world);
		await press(' ');
		const everything = app.frames.join('');
		expect(app.lastFrame()).toContain('Evil \\x1b]0;pwned\\x07 \\x1b[2J question?');
		expect(app.lastFrame()).toContain('\\x1b[?1049l answer \\x9b31m');
		expect(app.lastFrame()).toContain('Evil \\x1b[31m title');
		// Only the screen's own styling codes are drawn: none that moves, clears, retitles or switches screens.
		expect(everything).not.toMatch(/\u001b\]|\u0007|\u001b\[2J|\u001b\[\?1049|\u009b/);
		expect(everything.replace(/\u001b\[[0-9;]*m/g, '')).not.toContain('\u001b');
		app.unmount();
	});

});
