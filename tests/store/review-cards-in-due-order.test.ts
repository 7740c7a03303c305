import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Fluency} from '../../src/app/service/fluency.js';
import {cardSummaries} from '../../src/store/cards.js';
import type {Store} from '../../src/store/database.js';
import {deckNamesById} from '../../src/store/decks.js';
import {REVIEW_CARDS_IN_DUE_ORDER_SQL, reviewCardsInDueOrder} from '../../src/store/review/queue-candidates.js';
import {setCardMemory} from '../helpers/raw-database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
Today's reviews are read a page at a time in the order the queue takes them (due date, then id),
so that a backlog of thousands stops being read at the daily limit. Read in pages of any length,
the cards must be every review card due before the end, each once, in that order.
*/

const HOUR = 3_600_000;

let fluency: Fluency;
let store: Store;
let ids: string[];

beforeAll(async () => {
	const root = makeTempDir('fluency-due-order-');
	const decks = join(root, 'decks');
	mkdirSync(decks, {recursive: true});
	const notes = (from: number) => Array.from({length: 20}, (_, index) => `Q: Question ${from + index}?\n\nA: Answer ${from + index}.`).join('\n\n');
	writeFileSync(join(decks, 'ops.md'), `# Ops\n\n${notes(0)}\n`);
	writeFileSync(join(decks, 'ml.md'), `# ML\n\n${notes(100)}\n`);
	fluency = await Fluency.open({decks: [decks], db: join(root, 'fluency.db')}, {env: {FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'none.yaml')}});
	store = fluency.store;
	ids = cardSummaries(store).map((card) => card.id);
});

afterAll(() => fluency.close());

describe('review cards in due order', () => {
	it('are every review card due before the end, each once, by due date then id, whatever the pages', () => {
		fc.assert(
			fc.property(
				// Few distinct due dates, so that many cards share one, as an Anki import's do.
				fc.array(fc.record({state: fc.constantFrom('new', 'learning', 'review', 'review'), hours: fc.integer({min: -3, max: 3}), suspended: fc.boolean()}), {minLength: 40, maxLength: 40}),
				fc.array(fc.integer({min: 1, max: 9}), {minLength: 1, maxLength: 8}),
				(memories, pageLengths) => {
					const now = Date.now();
					ids.forEach((id, index) => {
						const {state, hours, suspended} = memories[index]!;
						setCardMemory(store.db, {state, due: now + hours * HOUR, stability: 2, difficulty: 5, last_review: now - HOUR, suspended: suspended ? 1 : 0}, id);
					});
					const end = now + 2 * HOUR;
					const expected = cardSummaries(store)
						.filter((card) => card.state === 'review' && card.due! < end)
						.sort((a, b) => a.due! - b.due! || (a.id < b.id ? -1 : 1))
						.map((card) => card.id);
					const nextPage = reviewCardsInDueOrder(store, end, deckNamesById(store));
					const read: string[] = [];
					for (let page = 0; ; page++) {
						// A reader that never moves on would page forever: no more pages than cards.
						expect(page).toBeLessThanOrEqual(ids.length);
						const length = pageLengths[page % pageLengths.length]!;
						const cards = nextPage(length);
						expect(cards.length).toBeLessThanOrEqual(length);
						read.push(...cards.map((card) => card.id));
						if (cards.length < length) break;
					}
					expect(read).toEqual(expected);
				},
			),
			{numRuns: 60},
		);
	});

	it('are read through the due-date index, not the table', () => {
		const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${REVIEW_CARDS_IN_DUE_ORDER_SQL}`).all(0, 0, '', 1) as Array<{detail: string}>;
		expect(plan.map((step) => step.detail)).toContainEqual(expect.stringMatching(/^SEARCH cards USING COVERING INDEX cards_by_due \(due>\? AND due<\?\)$/));
	});
});
