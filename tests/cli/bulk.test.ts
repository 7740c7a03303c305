import {describe, expect, it} from 'vitest';
import {toggleTag} from '../../src/app/bulk/card-marks.js';
import {Scheduler, type Rating} from '../../src/core/scheduling/scheduler.js';
import {activeCards, getCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer, reviewsOfCard} from '../../src/store/review/reviews.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

const DECK = `Q: What does CI stand for?
A: Continuous integration.

Q: What is a canary release?
A: A small share of traffic first.

Q: What is a saga?
A: Local transactions with compensations.

Q: What is an outbox?
A: A table of events written with the data.
`;
const DAY = 86_400_000;

/** A home with one deck loaded by the CLI and the first two cards answered Good ten days ago. */
function home() {
	const temp = makeTempDecks({'backend.md': DECK});
	const env = cliEnv(temp.root);
	const run = (...args: string[]) => runCli([...args, '--decks', temp.decks, '--db', temp.db], env);
	expect(run('decks').code).toBe(0);
	const store = Store.open(temp.db);
	const cards = activeCards(store).sort((a, b) => a.line - b.line);
	const scheduler = new Scheduler();
	const at = Date.now() - 10 * DAY;
	for (const card of cards.slice(0, 2)) {
		for (const [step, rating] of ([3, 3] as Rating[]).entries()) {
			recordAnswer(store, {cardId: card.id, rating, at: at + step * DAY, durationMs: 3000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, card.id));
		}
	}
	store.close();
	const ids = cards.map((card) => card.id);
	/** Read the cards as the database holds them now. */
	const read = <T>(look: (store: Store) => T): T => {
		const opened = Store.open(temp.db);
		try {
			return look(opened);
		} finally {
			opened.close();
		}
	};
	const card = (index: number) => read((store) => getCard(store, ids[index]!)!);
	return {run, ids, card, read};
}

describe('fluency suspend, unsuspend, bury, unbury, forget, set-due and undo', () => {
	it('suspends and unsuspends cards by id or a unique start of it, saying how many changed', () => {
		const {run, ids, card} = home();
		const suspended = run('suspend', ids[0]!, ids[1]!.slice(0, 8));
		expect(suspended).toMatchObject({code: 0, stdout: '2 cards suspended\n'});
		expect([card(0).suspended, card(1).suspended, card(2).suspended]).toEqual([true, true, false]);
		expect(run('suspend', ids[0]!, ids[2]!).stdout).toBe('1 card suspended; 1 card unchanged (already suspended)\n');
		expect(run('unsuspend', ids[0]!).stdout).toBe('1 card unsuspended\n');
		expect([card(0).suspended, card(1).suspended, card(2).suspended]).toEqual([false, true, true]);
	});

	it('buries cards until the next study day, and unburies them', () => {
		const {run, ids, card} = home();
		expect(run('bury', ids[0]!, ids[3]!).stdout).toBe('2 cards buried until the next study day\n');
		const until = card(0).buriedUntil!;
		expect(until).toBeGreaterThan(Date.now());
		expect(until - Date.now()).toBeLessThanOrEqual(DAY + 3_600_000);
		expect(run('unbury', ids[0]!, ids[1]!).stdout).toBe('1 card unburied; 1 card unchanged (not buried)\n');
		expect([card(0).buriedUntil, card(3).buriedUntil]).toEqual([null, until]);
	});

	it('forgets a studied card: new again, its answers kept', () => {
		const {run, ids, card, read} = home();
		expect(card(0).memory.state).toBe('review');
		expect(run('forget', ids[0]!, ids[2]!).stdout).toBe('1 card forgotten: new again, their history kept; 1 card unchanged (already new)\n');
		expect(card(0).memory).toMatchObject({state: 'new', reps: 0, due: null});
		expect(read((store) => reviewsOfCard(store, ids[0]!).filter((review) => review.undoneAt === null).length)).toBe(2);
	});

	it('sets due dates: 0 is today, a range spreads the cards over its days, a new card becomes a review card as in Anki', () => {
		const {run, ids, card} = home();
		expect(run('set-due', '0', ids[0]!).stdout).toBe('1 card given a new due date\n');
		expect(card(0).memory.due).toBeLessThanOrEqual(Date.now());
		expect(card(0).memory.due).toBeGreaterThan(Date.now() - DAY);
		expect(card(2).memory.state).toBe('new');
		expect(run('set-due', '3-7', ids[0]!, ids[1]!, ids[2]!).stdout).toBe('3 cards given a new due date\n');
		for (const index of [0, 1, 2]) {
			const days = (card(index).memory.due! - Date.now()) / DAY;
			expect(days).toBeGreaterThan(2 - 0.1);
			expect(days).toBeLessThan(7 + 0.1);
		}
		// Never answered: its interval is the days to the date, its memory converted from that interval (90% recall then).
		const {memory} = card(2);
		expect(memory).toMatchObject({state: 'review', reps: 0, lapses: 0});
		expect(memory.stability).toBeCloseTo(memory.scheduledDays, 6);
		expect(memory.scheduledDays).toBeGreaterThanOrEqual(3);
		expect(run('undo').stdout).toMatch(/^undid set-due of 3 cards/);
		expect(card(2).memory.state).toBe('new');
	});

	it('undoes the last command as a whole, then the one before, then says there is none', () => {
		const {run, ids, card} = home();
		const before = card(0).memory;
		run('suspend', ids[0]!, ids[1]!);
		run('forget', ids[0]!, ids[1]!);
		expect(card(0).memory.state).toBe('new');
		const undo = run('undo');
		expect(undo.code).toBe(0);
		expect(undo.stdout).toMatch(/^undid forget of 2 cards \(run \d{4}-\d\d-\d\d \d\d:\d\d\)\n$/);
		expect(card(0).memory).toEqual(before);
		expect(card(0).suspended).toBe(true);
		expect(run('undo').stdout).toMatch(/^undid suspend of 2 cards/);
		expect([card(0).suspended, card(1).suspended]).toEqual([false, false]);
		expect(run('undo')).toMatchObject({code: 2, stdout: '', stderr: 'fluency: there is no command to undo\n'});
	});

	it('takes a search query instead of ids, and says in one line with exit 2 what is wrong with ids that name nothing, or a bad query', () => {
		const {run, ids, card} = home();
		expect(run('suspend', 'canary OR saga')).toMatchObject({code: 0, stdout: '2 cards suspended\n'});
		expect([card(0).suspended, card(1).suspended, card(2).suspended, card(3).suspended]).toEqual([false, true, true, false]);
		expect(run('bury', 'nothing-matches-this')).toMatchObject({code: 0, stdout: '0 cards buried until the next study day\n'});
		expect(run('suspend', 'ffffffffff')).toMatchObject({code: 2, stderr: 'fluency: no card has the id ffffffffff (see `fluency find`)\n'});
		expect(run('suspend', ids[0]!.slice(0, 6), 'ffffffffff').code).toBe(2);
		const bad = run('suspend', '(canary');
		expect(bad.code).toBe(2);
		expect(bad.stderr.trim().split('\n')).toHaveLength(1);
		expect(run('set-due', 'soon', 'canary')).toMatchObject({code: 2, stderr: 'fluency: DAYS must be a number of days from today (0 is today) or a range such as 3-7, not "soon"\n'});
		expect(run('set-due', '7-3', 'canary').code).toBe(2);
	});

	it('counts leeches in stats, in one line, once there are any', () => {
		const {run, ids, read} = home();
		expect(run('stats').stdout).not.toContain('Leeches');
		read((store) => toggleTag({store, schedulerFor: () => new Scheduler(), now: () => Date.now()}, ids[0]!, 'leech'));
		expect(run('stats').stdout.split('\n').filter((line) => line.includes('Leeches'))).toEqual(['Leeches 1']);
	});
});
