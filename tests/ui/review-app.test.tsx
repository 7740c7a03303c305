import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/deck-files.js';
import {reviewActions} from '../../src/app/review-actions.js';
import {syncDecks} from '../../src/app/sync-decks.js';
import {studyDayAt} from '../../src/core/day.js';
import {buildQueue} from '../../src/core/queue.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduler.js';
import {startSession} from '../../src/core/session.js';
import {cardSummaries, getCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {studiedToday} from '../../src/store/reviews.js';
import {ReviewApp, type SessionSummary} from '../../src/ui/review/ReviewApp.js';
import {renderMarkdown} from '../../src/ui/review/markdown.js';

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

const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false});
let store: Store;
let clock: number;
let root: string;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'fluency-ui-'));
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'backend.md'), DECK);
	store = Store.open(join(root, 'fluency.db'));
	clock = Date.parse('2026-11-24T10:00:00Z');
	syncDecks(store, findDeckFiles([join(root, 'decks')], root).files, clock);
});
afterEach(() => store.close());

const delay = (ms = 30) => new Promise((done) => setTimeout(done, ms));
const ENTER = '\r';

/** The review screen on the real database, as the command builds it. */
function session(options: {edit?: (file: string, line: number) => void; learnAheadMs?: number} = {}) {
	const day = studyDayAt(clock, 4, () => 0);
	const queue = buildQueue(cardSummaries(store), clock, day, {newPerDay: 20, reviewsPerDay: 200}, studiedToday(store, day));
	const ended: SessionSummary[] = [];
	const actions = reviewActions({store, schedulerFor: () => scheduler, now: () => clock, buryUntil: day.end, editAndSync: options.edit ?? (() => undefined)});
	const app = render(<ReviewApp title="Backend" initial={startSession(queue, day.end, options.learnAheadMs ?? 20 * 60_000, clock)} actions={actions} onEnd={(summary) => ended.push(summary)} dueTomorrow={() => 0} />);
	// Wait for the screen to change after each key, not a fixed time: on a busy machine a key can
	// otherwise arrive before the previous one has been drawn.
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			const drawn = app.frames.length;
			app.stdin.write(key);
			for (let waited = 0; waited < 2000 && app.frames.length === drawn; waited += 10) await delay(10);
			await delay(10);
		}
	};
	return {app, press, ended, frame: () => app.lastFrame() ?? ''};
}
const reviews = () => store.db.prepare('SELECT rating, undone_at IS NOT NULL AS undone FROM reviews ORDER BY reviewed_at, id').all() as Array<{rating: number; undone: number}>;

describe('the review screen', () => {
	it('shows the prompt, reveals the answer on space, and offers each grade with its interval', async () => {
		const {frame, press, app} = session();
		await delay();
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).not.toContain('Continuous integration.');
		expect(frame()).toContain('5 new · 0 learn · 0 due');
		await press(' ');
		expect(frame()).toContain('Continuous integration.');
		expect(frame()).toMatch(/1 Again 1m\s+2 Hard 6m\s+3 Good 10m\s+4 Easy \d+d/);
		app.unmount();
	});

	it('records each grade before drawing the next card, and Enter means Good once revealed', async () => {
		const {frame, press, app} = session();
		await delay();
		await press(' ', '1', ' ', '2', ' ', '4', ' ', ENTER);
		expect(reviews().map((review) => review.rating)).toEqual([1, 2, 4, 3]);
		expect(frame()).toContain('4/');
		app.unmount();
	});

	it('shows a cloze with its deletion hidden, then the answer filled in', async () => {
		const {frame, press, app} = session();
		await delay();
		await press(' ', '4', ' ', '4');
		expect(frame()).toContain('The [...] pattern writes events');
		await press(' ');
		expect(frame()).toContain('The outbox pattern writes events');
		expect(frame()).not.toContain('[...]');
		app.unmount();
	});

	it('undoes answers one after another, bringing their cards back', async () => {
		const {frame, press, app} = session();
		await delay();
		await press(' ', '3', ' ', '3');
		expect(frame()).toContain('The [...] pattern');
		await press('u');
		expect(frame()).toContain('What is a canary release?');
		await press('u');
		expect(frame()).toContain('What does CI stand for?');
		expect(reviews()).toEqual([
			{rating: 3, undone: 1},
			{rating: 3, undone: 1},
		]);
		expect(getCard(store, cardSummaries(store)[0]!.id)!.memory.state).toBe('new');
		await press('u');
		expect(frame()).toContain('nothing to undo');
		app.unmount();
	});

	it('suspends and buries cards, which leave today\'s session', async () => {
		const {frame, press, app} = session();
		await delay();
		await press('s');
		expect(frame()).toContain('suspended');
		expect(frame()).toContain('What is a canary release?');
		await press('b');
		expect(frame()).toContain('buried until tomorrow');
		const rows = store.db.prepare('SELECT prompt, suspended, buried_until FROM cards ORDER BY line').all() as Array<{prompt: string; suspended: number; buried_until: number | null}>;
		expect(rows[0]).toMatchObject({suspended: 1});
		expect(rows[1]!.buried_until).toBe(studyDayAt(clock, 4, () => 0).end);
		app.unmount();
	});

	it('ends at once on q, with every answer so far kept', async () => {
		const {press, ended, app} = session();
		await delay();
		await press(' ', '3', 'q');
		expect(ended).toEqual([expect.objectContaining({reviewed: 1, again: 0})]);
		expect(reviews()).toHaveLength(1);
		app.unmount();
	});

	it('shows a learning card early when nothing else is left and it is due within the learn-ahead time', async () => {
		const {frame, press, app} = session();
		await delay();
		for (let card = 0; card < 5; card++) await press(' ', '1');
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).toContain('0 new · 5 learn');
		app.unmount();
	});

	it('brings a learning card back within the session when its step is due', async () => {
		const {frame, press, app} = session({learnAheadMs: 0});
		await delay();
		// Again on every new card: each comes back after its 1-minute step.
		for (let card = 0; card < 5; card++) await press(' ', '1');
		expect(frame()).toContain('Next learning card in');
		clock += 61_000;
		await delay(1100);
		expect(frame()).toContain('What does CI stand for?');
		expect(frame()).toContain('0 new · 5 learn');
		app.unmount();
	});

	it('says the day is done, with the Again rate, when the queue empties', async () => {
		const {frame, press, app, ended} = session();
		await delay();
		for (let card = 0; card < 5; card++) await press(' ', '4');
		await delay(50);
		// The summary is drawn, then the app exits and clears the frame: look through every frame drawn.
		const summary = app.frames.find((drawn) => drawn.includes('Done for today.'));
		expect(summary).toContain('5 cards reviewed · Again 0%');
		expect(ended).toHaveLength(1);
		app.unmount();
	});

	it('re-reads the card after it was edited in the editor', async () => {
		const deckFile = join(root, 'decks', 'backend.md');
		const {frame, press, app} = session({
			edit: (file, line) => {
				expect([file, line]).toEqual([deckFile, 5]);
				writeFileSync(deckFile, DECK.replace('Continuous integration.', 'Continuous integration, several times a day.'));
				syncDecks(store, findDeckFiles([join(root, 'decks')], root).files, clock);
			},
		});
		await delay();
		await press('e', ' ');
		expect(frame()).toContain('Continuous integration, several times a day.');
		app.unmount();
	});

	it('never passes an escape sequence from a deck to the terminal', async () => {
		writeFileSync(join(root, 'decks', 'backend.md'), 'Q: Evil \u001b]0;pwned\u0007 \u001b[2J question?\n\nA: x\n');
		syncDecks(store, findDeckFiles([join(root, 'decks')], root).files, clock);
		const {frame, app} = session();
		await delay();
		expect(frame()).toContain('Evil \\x1b]0;pwned\\x07 \\x1b[2J question?');
		expect(frame()).not.toMatch(/\u001b\]|\u0007|\u001b\[2J/);
		app.unmount();
	});
});

describe('card Markdown in the terminal', () => {
	const markdown = ['Some *emphasis*, **bold** and `code`.', '', '- one', '- two that is long enough to wrap around at forty columns for sure', '', '| Term | Meaning |', '| --- | --- |', '| p99 | 99th percentile |', '', '> quoted', '', '```js', 'const x = 1;', '```'].join('\n');

	it('wraps to 40 columns with hanging indents and keeps every part', () => {
		const lines = renderMarkdown(markdown, {width: 40});
		const plain = lines.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''));
		expect(plain.every((line) => line.length <= 40)).toBe(true);
		expect(plain).toContain('• one');
		expect(plain.some((line) => line.startsWith('  ') && line.includes('forty'))).toBe(true);
		expect(plain.join('\n')).toContain('p99  │ 99th percentile');
		expect(plain).toContain('▌ quoted');
		expect(plain).toContain('│ const x = 1;');
	});

	it('turns a table too wide for the terminal into header: value lines', () => {
		const plain = renderMarkdown('| Deployment strategy | What happens to traffic |\n| --- | --- |\n| canary release | a small share first, then everyone |', {width: 30}).map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''));
		expect(plain[0]).toBe('Deployment strategy: canary');
		expect(plain.join(' ').replace(/\s+/g, ' ')).toContain('What happens to traffic: a small share first, then everyone');
	});
});
