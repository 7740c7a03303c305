import {appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Fluency, type Notice} from '../../src/app/service/fluency.js';

// A deck as a user writes it in their decks folder (see docs/deck-format.md): two basic cards.
const DECK = '---\ntitle: Ops\n---\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n\nQ: What is a rollback?\n\nA: Going back to the last good version.\n';

let root: string;
let notices: Notice[];
let env: NodeJS.ProcessEnv;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'fluency-service-'));
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'ops.md'), DECK);
	// No config file: every setting is its default, the decks are the ones given.
	env = {FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'config.yaml'), FLUENCY_DB: join(root, 'fluency.db')};
	notices = [];
});

afterEach(() => {
	rmSync(root, {recursive: true, force: true});
});

const open = () => Fluency.open({decks: [join(root, 'decks')]}, {env, onNotice: (notice) => notices.push(notice)});

describe('Fluency', () => {
	it('loads the decks and exchanges events once, before the first read', async () => {
		const fluency = await open();
		// Opening resolves settings and backs up; the database waits for the first read.
		expect(existsSync(join(root, 'fluency.db'))).toBe(false);
		expect(notices).toEqual([]);
		expect(fluency.cardSummaries()).toHaveLength(2);
		expect(notices.map((notice) => notice.text)).toEqual(['synced 1 deck: 2 added, 0 changed, 0 moved, 0 retired, 0 problems']);
		// A card written to the file now is not loaded by the next read: one load per command.
		appendFileSync(join(root, 'decks', 'ops.md'), '\nQ: What is a feature flag?\n\nA: A switch that turns code on without a deploy.\n');
		expect(fluency.activeCards()).toHaveLength(2);
		expect(notices).toHaveLength(1);
		fluency.close();

		// The next command loads it.
		const next = await open();
		expect(next.activeCards()).toHaveLength(3);
		expect(notices.at(-1)?.text).toBe('synced 1 deck: 1 added, 0 changed, 0 moved, 0 retired, 0 problems');
		next.close();
	});

	it('says every count when `fluency sync` asks, and a deck error with the hint to run it otherwise', async () => {
		writeFileSync(join(root, 'decks', 'broken.md'), 'Q: a question with no answer\n');
		const fluency = await open();
		fluency.cardSummaries();
		expect(notices).toEqual([{text: 'synced 2 decks: 2 added, 0 changed, 0 moved, 0 retired, 1 problem', hint: ' (`fluency sync` lists them)'}]);
		fluency.close();
		notices = [];
		const syncing = await open();
		const outcome = syncing.sync({verbose: true});
		expect(outcome.problems.map((problem) => problem.severity)).toEqual(['error']);
		expect(notices.map((notice) => notice.text)).toEqual(['synced 2 decks: 0 added, 0 changed, 0 moved, 0 retired, 1 problem', "review history: 0 events from other devices, 0 written to this device's log, 0 waiting for their card"]);
		// Synced once: the reads that follow do not load again.
		syncing.activeCards();
		expect(notices).toHaveLength(2);
		syncing.close();
	});

	it('lets doctor examine the database as found, without loading decks first', async () => {
		const doctor = await open();
		const report = doctor.examineAsFound(false);
		expect(report.damaged).toBe(false);
		expect(notices).toEqual([]);
		doctor.close();
		const next = await open();
		expect(next.activeCards()).toHaveLength(2);
		expect(notices.map((notice) => notice.text)).toEqual(['synced 1 deck: 2 added, 0 changed, 0 moved, 0 retired, 0 problems']);
		next.close();
	});

	it('turns a database it must not open into one line that names what to do', async () => {
		// Not a SQLite file at all: what a failed copy or a stray file leaves where the database should be.
		writeFileSync(join(root, 'fluency.db'), 'this is not a database, it is a text file of some length '.repeat(100));
		const fluency = await open();
		let thrown: unknown;
		try {
			fluency.cardSummaries();
		} catch (error) {
			thrown = fluency.explain(error);
		}
		fluency.close();
		expect(thrown).toMatchObject({name: 'UserError', exitCode: 1});
		expect((thrown as Error).message).toContain(join(root, 'fluency.db'));
		expect((thrown as Error).message).not.toContain('\n');
	});
});
