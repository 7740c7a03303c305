import {join} from 'node:path';
import stringWidth from 'string-width';
import {beforeEach, describe, expect, it} from 'vitest';
import {Scheduler, type Rating} from '../../src/core/scheduling/scheduler.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';

const DAY = 86_400_000;
const DECKS = {
	'mlops.md': 'Q: What is a canary release?\n\nA: A small share of traffic goes to the new version first.\n\nQ: What is a feature store?\n\nA: A shared store of features for training and serving.\n\nR: p99 latency\n\nA: The time under which 99% of requests finish.\n',
	'data.md': 'Q: What is CUPED?\n\nA: Variance reduction with a pre-experiment covariate.\n\nTags: ab-testing\n',
};

let home: TempDecks;
let env: Record<string, string>;
const fluency = (...args: string[]) => runCli([...args, '--decks', home.decks, '--db', home.db], env);

beforeEach(() => {
	home = makeTempDecks(DECKS, 'fluency-find-');
	env = cliEnv(home.root);
});

type Listed = {id: string; deck: string; line: number; question: string; state: string; retrievability: number | null; lapses: number};
const listed = (...args: string[]): Listed[] => JSON.parse(fluency('find', ...args, '--json').stdout) as Listed[];

/** Answers written as the review writes them, at chosen times: a history made by hand. */
function answer(id: string, ratings: ReadonlyArray<readonly [daysAgo: number, rating: Rating]>): void {
	const store = Store.open(home.db);
	const scheduler = new Scheduler();
	const now = Date.now();
	for (const [daysAgo, rating] of ratings) recordAnswer(store, {cardId: id, rating, at: now - daysAgo * DAY, durationMs: 6000}, (memory, at) => scheduler.answer(memory, rating, at, id));
	store.close();
}

describe('fluency find', () => {
	it('lists what a search finds in a table that fits the width, with ids other commands take', () => {
		const result = fluency('find', 'deck:mlops', '--width', '66');
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^ID +Deck +Question +State +Due +R +S +D +Lapses$/);
		expect(lines).toHaveLength(6);
		expect(lines.at(-1)).toBe('4 cards');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(66);
		expect(lines[1]).toMatch(/^[0-9a-f]{16} +mlops:1 +What is a… +new +- +- +- +- +0$/);
		const ids = fluency('find', 'deck:mlops', '--ids').stdout.trim().split('\n');
		expect(ids).toEqual(listed('deck:mlops').map((card) => card.id));
		expect(fluency('info', ids[0]!).stdout).toContain('What is a canary release?');
	});

	it('cuts a question of wide characters and emoji between characters, as far as its column reaches', () => {
		const text = '什么是金丝雀发布 👩‍💻🚀 and then plain words?';
		home.write('wide.md', `Q: ${text}\n\nA: 灰度.\n`);
		const characters = [...new Intl.Segmenter().segment(text)].map(({segment}) => segment);
		for (const width of [66, 72, 76, 80]) {
			const [header, row] = fluency('find', 'deck:wide', '--width', String(width)).stdout.split('\n');
			// The question's column runs from its heading to two spaces before State's.
			const column = header!.indexOf('State') - 2 - header!.indexOf('Question');
			const cell = row!.replace(/^[0-9a-f]{16} +wide:1 +/, '').replace(/ +new +- +- +- +- +0$/, '');
			expect(cell.endsWith('…')).toBe(true);
			// Whole characters (CJK two columns each, an emoji sequence two), as many as fit beside the ellipsis.
			let kept = 0;
			while (stringWidth(characters.slice(0, kept + 1).join('')) + 1 <= column) kept++;
			expect(cell).toBe(`${characters.slice(0, kept).join('')}…`);
			expect(stringWidth(row!)).toBeLessThanOrEqual(width);
		}
	});

	it('prints JSON for scripts and sorts by a column, largest first with a -', () => {
		const [canary, feature] = listed('deck:mlops');
		answer(canary!.id, [[30, 3], [29.99, 3], [20, 1], [19.99, 3]]);
		answer(feature!.id, [[3, 3], [2.99, 3]]);
		const cards = listed('-is:new', '--sort', 'r');
		expect(cards.map((card) => card.question)).toEqual(['What is a canary release?', 'What is a feature store?']);
		expect(cards[0]!.retrievability!).toBeLessThan(cards[1]!.retrievability!);
		expect(cards[0]).toMatchObject({deck: 'mlops', line: 1, state: 'review', lapses: 1});
		expect(listed('-is:new', '--sort', '-r').map((card) => card.question)).toEqual(['What is a feature store?', 'What is a canary release?']);
		expect(listed('--sort=-lapses').map((card) => card.lapses)).toEqual([1, 0, 0, 0, 0]);
		expect(listed('prop:lapses>0').map((card) => card.question)).toEqual(['What is a canary release?']);
		expect(listed('rated:1')).toEqual([]);
		expect(listed('rated:4')).toHaveLength(1);
		const table = fluency('find', 'prop:r<1', '--sort', 'r').stdout;
		expect(table).toMatch(/mlops:1 .* review +(today|in \d+d|\d+d ago) +\d+% +[\d.]+d +\d+% +1\n/);
	});

	it('says where a query is wrong, in one line, exit 2', () => {
		expect(fluency('find', 'deck:mlops (canary')).toMatchObject({code: 2, stdout: '', stderr: expect.stringMatching(/^fluency: find: column 12: unclosed \($/m)});
		expect(fluency('find', 'is:nwe').stderr).toMatch(/fluency: find: column 4: unknown `is:nwe`/);
		expect(fluency('find', 'x', '--sort', 'colour')).toMatchObject({code: 2, stderr: expect.stringContaining('sort by one of deck, question')});
		expect(fluency('find', 'nothing-like-this').stdout).toBe('no card matches\n');
		expect(fluency('find', 'canary', '--jsno')).toMatchObject({code: 2, stderr: "fluency: unknown option '--jsno'\n"});
	});

	it('documents the language in its help', () => {
		const help = runCli(['help', 'find'], env);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain('prop:r<0.8');
		expect(help.stdout).toContain('rated:7:1');
	});
});

describe('fluency info', () => {
	it('shows a card by id, by deck:line and by a search that finds one card, with every answer and its forgetting curve', () => {
		const [canary] = listed('canary');
		answer(canary!.id, [[30, 3], [29.99, 3], [20, 1], [19.99, 3]]);
		const byId = fluency('info', canary!.id, '--width', '70');
		expect(byId.code).toBe(0);
		const text = byId.stdout;
		expect(text).toContain(`mlops  ${join(home.decks, 'mlops.md')}:1  basic  ${canary!.id}`);
		expect(text).toContain('What is a canary release?');
		expect(text).toContain('A small share of traffic goes to the new version first.');
		expect(text).toMatch(/State +review/);
		expect(text).toMatch(/Lapses +1/);
		expect(text).toMatch(/Answers +4/);
		expect(text).toMatch(/Recall now +\d+%/);
		// Each answer: date, grade, interval, time taken, elapsed study days, predicted recall.
		expect(text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d +1 Again +step +6\.0s +\d+d +\d+%/);
		expect(text.match(/^\d{4}-\d\d-\d\d \d\d:\d\d /gm)).toHaveLength(4);
		expect(text).toContain('Forgetting curve');
		expect(text).toMatch(/100% .*•/);
		expect(fluency('info', 'mlops:2', '--width', '70').stdout).toBe(text);
		expect(fluency('info', 'deck:mlops', 'canary').stdout).toContain(canary!.id);
		expect(fluency('info', canary!.id.slice(0, 8)).stdout).toContain(canary!.id);
	});

	it('refuses what names no card or several, in one line, exit 2', () => {
		expect(fluency('info', 'mlops:9')).toMatchObject({code: 2, stderr: expect.stringMatching(/mlops:9 is a note of 2 cards: give one of their ids/)});
		expect(fluency('info', 'deck:mlops')).toMatchObject({code: 2, stderr: expect.stringContaining('`deck:mlops` matches 4 cards')});
		expect(fluency('info', 'nothing-like-this')).toMatchObject({code: 2, stderr: expect.stringContaining('no card id, deck:line or search matches')});
		expect(fluency('info', '(oops')).toMatchObject({code: 2, stderr: expect.stringContaining('query: column 1: unclosed (')});
	});
});
