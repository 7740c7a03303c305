import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';
import {inTerminal} from '../helpers/terminal.js';
import {studyDayAt} from '../../src/core/scheduling/day.js';
import {DEFAULT_SCHEDULER_SETTINGS, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {buryCard, recordAnswer, suspendCard} from '../../src/store/review/reviews.js';

const DECK = `---
title: Backend
---

Q: What does CI stand for?

A: Continuous integration.

Q: What is a canary release?

A: A small share of traffic first.

Q: What is a saga?

A: Local transactions with compensations.

Q: What is an idempotency key?

A: A client's token that makes a retried request count once.
`;

const DAY = 86_400_000;
// Study days in UTC from 04:00, so the days counted here are the CLI's.
const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false, studyDays: {dayStartHour: 4, utcOffset: () => 0}});

let temp: TempDecks;
let env: Record<string, string>;

beforeEach(() => {
	temp = makeTempDecks({'backend.md': DECK}, 'fluency-custom-study-');
	env = cliEnv(temp.root);
	writeFileSync(join(temp.root, 'config.yaml'), 'newPerDay: 0\ntimeZone: UTC\ndayStartsAt: 4\nfuzz: false\nloadBalancing: false\n');
	expect(runCli(['decks', '--db', temp.db, '--decks', temp.decks], env).code).toBe(0);
});

const review = (extra: readonly string[]) => inTerminal(['review', '--db', temp.db, '--decks', temp.decks, ...extra], env);

/** Work on the database as earlier sessions left it: `cards` maps a prompt's first words to its card id. */
function withStore<T>(work: (store: Store, cards: (prompt: string) => string) => T): T {
	const store = Store.open(temp.db);
	try {
		const cards = activeCards(store);
		return work(store, (prompt) => cards.find((card) => card.prompt.startsWith(prompt))!.id);
	} finally {
		store.close();
	}
}

/** An answer given `ago` milliseconds before now, as an earlier session saved it. */
const answer = (store: Store, cardId: string, rating: Rating, ago: number) =>
	recordAnswer(store, {cardId, rating, at: Date.now() - ago, durationMs: 4000}, (memory, at) => scheduler.answer(memory, rating, at, cardId));

const reviewsOf = (cardId: string) => withStore((store) => rowsOf(store, 'reviews').filter((row) => row['card_id'] === cardId && row['undone_at'] === null));

describe('custom study from the command line', () => {
	it.each([
		[['--new', 'abc'], 'fluency: --new takes a whole number of cards from 1 to 9999, not `abc`'],
		[['--new', '0'], 'fluency: --new takes a whole number of cards from 1 to 9999, not `0`'],
		[['--ahead', '-3'], 'fluency: --ahead takes a whole number of days from 1 to 3650, not `-3`'],
		[['--forgotten', '2.5'], 'fluency: --forgotten takes a whole number of days from 1 to 3650, not `2.5`'],
		[['--ahead', '3', '--new', '5'], 'fluency: --new and --ahead cannot be combined: choose one kind of custom study'],
		[['--query', '(saga OR canary'], 'fluency: query: column 1: unclosed ('],
	])('refuses %j in one line with exit code 2', (options, message) => {
		const result = runCli(['review', '--db', temp.db, '--decks', temp.decks, ...options], env);
		expect(result).toEqual({code: 2, stdout: '', stderr: `${message}\n`});
	});

	it('says why no card is waiting: buried until the next study day, suspended', async () => {
		const tomorrow = studyDayAt(Date.now(), 4, () => 0).end;
		withStore((store, card) => {
			suspendCard(store, card('What does CI'), true, Date.now());
			buryCard(store, card('What is a canary'), tomorrow, Date.now());
			buryCard(store, card('What is a saga'), tomorrow, Date.now());
		});
		const terminal = review([]);
		expect(await terminal.exited).toBe(0);
		// 04:00 UTC is "tomorrow" unless this runs between midnight and 04:00 UTC.
		expect(flat(terminal.text())).toMatch(/No card is waiting: 2 buried until (tomorrow|04:00), 1 suspended · no card is scheduled yet\./);
	});

	it('--new N: N new cards on top of the limit, and the end screen says what comes next', async () => {
		withStore((store, card) => suspendCard(store, card('What is an idempotency'), true, Date.now()));
		const terminal = review(['--new', '2']);
		await terminal.waitFor('What does CI stand for?');
		expect(flat(terminal.text())).toContain('0/2 2 new · 0 learn · 0 review');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		let mark = terminal.mark();
		terminal.type('4');
		await terminal.waitFor('What is a canary release?', {after: mark});
		terminal.type(' ');
		await terminal.waitFor('4 Easy', {after: mark});
		mark = terminal.mark();
		terminal.type('4');
		await terminal.waitFor('Custom study done: the extra new cards are seen.', {after: mark});
		// Easy on a new card: a review some days from now. The suspended card is counted.
		await terminal.waitFor(/Next card due in \d+ days \([\w ]+\) · 1 suspended/, {after: mark});
		terminal.type('x');
		expect(await terminal.exited).toBe(0);
		expect(reviewsOf(withStore((_, card) => card('What does CI')))).toHaveLength(1);
		expect(reviewsOf(withStore((_, card) => card('What is a canary')))).toHaveLength(1);
	});

	it('--ahead DAYS: reviews a card before its due date, scheduled from the days that really passed', async () => {
		const id = withStore((store, card) => {
			const ci = card('What does CI');
			answer(store, ci, 4, 2 * DAY);
			return ci;
		});
		const [first] = reviewsOf(id);
		const interval = Number(first!['scheduled_days']);
		expect(interval).toBeGreaterThan(3);

		const none = review(['--ahead', '1']);
		expect(await none.exited).toBe(0);
		expect(flat(none.text())).toContain('No card due in the next day can be studied now.');
		expect(flat(none.text())).toMatch(/No card is waiting · next card due in \d+ days \([\w ]+\) \(backend\)\./);

		const terminal = review(['--ahead', String(interval)]);
		await terminal.waitFor('What does CI stand for?');
		// Only that card: new cards are not custom study's business here.
		expect(flat(terminal.text())).toContain('0/1 0 new · 0 learn · 1 review');
		terminal.type(' ');
		await terminal.waitFor('3 Good');
		const mark = terminal.mark();
		terminal.type('3');
		await terminal.waitFor(/Custom study done: reviews due within \d+ days?\./, {after: mark});
		terminal.type('x');
		expect(await terminal.exited).toBe(0);
		const [, ahead] = reviewsOf(id);
		// Two study days had passed of the interval it was scheduled for: FSRS was told two.
		expect(ahead).toMatchObject({rating: 3, state_before: 'review', elapsed_days: 2, scheduled_days_before: interval});
		expect(Number(ahead!['retrievability'])).toBeGreaterThan(0.9);
	});

	it('says when due reviews wait for tomorrow\'s limit, and --ahead 1 studies them today', async () => {
		writeFileSync(join(temp.root, 'config.yaml'), 'newPerDay: 0\nreviewsPerDay: 0\ntimeZone: UTC\ndayStartsAt: 4\nfuzz: false\n');
		withStore((store, card) => answer(store, card('What is a saga'), 4, 30 * DAY));
		const waiting = review([]);
		expect(await waiting.exited).toBe(0);
		expect(flat(waiting.text())).toMatch(/No card is waiting · next card due (tomorrow \(\w+\)|today at 04:00) \(backend\)\./);
		expect(flat(waiting.text())).toContain('1 due card waits for tomorrow: the daily review limit (0, reviewsPerDay in the config) is reached');

		const terminal = review(['--ahead', '1']);
		await terminal.waitFor('What is a saga?');
		terminal.type('q');
		expect(await terminal.exited).toBe(0);
	});

	it('--forgotten DAYS: the cards answered Again in those days, and the answers count', async () => {
		const {lapsed, kept} = withStore((store, card) => {
			const lapsedId = card('What is a saga');
			const keptId = card('What is a canary');
			answer(store, lapsedId, 4, 5 * DAY);
			answer(store, keptId, 4, 5 * DAY);
			answer(store, lapsedId, 1, DAY);
			answer(store, lapsedId, 3, DAY - 15 * 60_000);
			answer(store, keptId, 3, DAY);
			return {lapsed: lapsedId, kept: keptId};
		});

		const today = review(['--forgotten', '1']);
		expect(await today.exited).toBe(0);
		expect(flat(today.text())).toContain('No card answered Again in the last day can be studied now.');

		const terminal = review(['--forgotten', '2']);
		await terminal.waitFor('What is a saga?');
		expect(flat(terminal.text())).toContain('0/1 0 new · 0 learn · 1 review');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		const mark = terminal.mark();
		terminal.type('3');
		await terminal.waitFor('Custom study done: cards forgotten in the last 2 days.', {after: mark});
		terminal.type('x');
		expect(await terminal.exited).toBe(0);
		expect(reviewsOf(lapsed).map((row) => row['rating'])).toEqual([4, 1, 3, 3]);
		expect(reviewsOf(kept)).toHaveLength(2);
	});

	it('--query QUERY: exactly the cards the search finds, new or not, and says when none matches', async () => {
		const none = review(['--query', 'kubernetes']);
		expect(await none.exited).toBe(0);
		expect(flat(none.text())).toContain('No card matches `kubernetes`.');

		withStore((store, card) => suspendCard(store, card('What is an idempotency'), true, Date.now()));
		const aside = review(['--query', 'idempotency']);
		expect(await aside.exited).toBe(0);
		expect(flat(aside.text())).toContain('No card is waiting: 1 suspended · no card is scheduled yet.');

		const terminal = review(['--query', 'saga OR "canary release"']);
		await terminal.waitFor('What is a canary release?');
		// Both new cards, though newPerDay is 0: a cram takes what it found.
		expect(flat(terminal.text())).toContain('0/2 2 new · 0 learn · 0 review');
		expect(flat(terminal.text())).toContain('saga OR "canary release" › Backend');
		for (const next of ['What is a saga?', 'Custom study done: every card the search found.']) {
			terminal.type(' ');
			await terminal.waitFor('4 Easy');
			const mark = terminal.mark();
			terminal.type('4');
			await terminal.waitFor(next, {after: mark});
		}
		terminal.type('x');
		expect(await terminal.exited).toBe(0);
		expect(withStore((_, card) => [reviewsOf(card('What is a saga')), reviewsOf(card('What is a canary')), reviewsOf(card('What does CI'))].map((rows) => rows.length))).toEqual([1, 1, 0]);
	});
});

/** The shell's lines wrap at the terminal's width, between words: read them as one text. */
function flat(text: string): string {
	return text.replace(/[ \t\r]*\n[ \t]*/g, ' ');
}
