import {join} from 'node:path';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {binnedDistribution, cardCounts, dueTimes, leechCount, MEMORY_EDGES, memoryDistributions} from '../../src/core/stats/cards.js';
import {Store} from '../../src/store/database.js';
import {dueCountBetween} from '../../src/store/cards.js';
import {forecast} from '../../src/core/stats/figures.js';
import {wholeCollectionCounts} from '../../src/store/stats/card-figures.js';
import {cardRecords} from '../../src/store/stats/stats-queries.js';
import {makeTempDir} from '../helpers/temp.js';
import {plansByIndex as plansOf} from './query-plans.js';

let store: Store;
const DAY = 86_400_000;
const now = Date.parse('2026-12-06T12:00:00Z');

beforeEach(() => {
	store = Store.open(join(makeTempDir('fluency-card-figures-'), 'fluency.db'));
	store.db.exec(`INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'a', 'a.md', 'A', 0), (2, 'b', 'b.md', 'B', 0)`);
	// Each deck's one block of lines has the deck's id.
	store.db.exec('INSERT INTO line_blocks (id, deck_id, first_line) VALUES (1, 1, 0), (2, 2, 0)');
});
afterEach(() => store.close());

const card = fc.record({
	deck: fc.constantFrom(1, 2),
	state: fc.constantFrom('new', 'learning', 'review', 'relearning'),
	dueDays: fc.option(fc.integer({min: -40, max: 60})),
	buriedDays: fc.option(fc.integer({min: -2, max: 5})),
	// Whole days and the exact edges of the bins among them, so a value on an edge is counted the same way.
	stability: fc.oneof(fc.constantFrom(0, 1, 7, 21, 90, 365), fc.double({min: 0, max: 1000, noNaN: true})),
	difficulty: fc.oneof(fc.constantFrom(1, 2, 5, 9, 10), fc.double({min: 1, max: 10, noNaN: true})),
	lastReviewDays: fc.option(fc.integer({min: 0, max: 400})),
	suspended: fc.boolean(),
	retired: fc.boolean(),
	dbTags: fc.constantFrom('[]', '["marked"]', '["leech"]', '["marked","leech"]'),
});

type DrawnCard = typeof card extends fc.Arbitrary<infer Drawn> ? Drawn : never;

/** The plans of the whole collection's counts, or of `work`. */
const plansByIndex = (work = () => void wholeCollectionCounts(store, {dayStarts: [now - DAY, now, now + DAY], recallNow: () => 1})) => plansOf(store, work);

/** The drawn cards as the only cards in the database. */
function storeCards(cards: readonly DrawnCard[]): void {
	store.db.exec('DELETE FROM cards');
	const insert = store.db.prepare(
		`INSERT INTO cards (id, deck_id, kind, ordinal, line_block, line_in_block, source, prompt, answer, identity_key, note_key, content_hash, tags, created_at, updated_at,
			state, due, buried_until, stability, difficulty, last_review, suspended, retired_at, db_tags)
		 VALUES (?, ?, 'basic', 0, ?, 1, '', '', '', ?, ?, '', '[]', 0, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	);
	cards.forEach((drawn, index) =>
		insert.run(
			`card-${index}`,
			drawn.deck,
			drawn.deck,
			`k${index}`,
			`k${index}`,
			drawn.state,
			drawn.dueDays === null ? null : now + drawn.dueDays * DAY,
			drawn.buriedDays === null ? null : now + drawn.buriedDays * DAY,
			drawn.stability,
			drawn.difficulty,
			drawn.lastReviewDays === null ? null : now - drawn.lastReviewDays * DAY - 3_600_000,
			drawn.suspended ? 1 : 0,
			drawn.retired ? 5 : null,
			drawn.dbTags,
		),
	);
}

describe('the card figures counted over a whole collection', () => {
	it('are those the core draws from every card record', () => {
		const recallNow = (deck: string, lastReview: number, stability: number) => Math.exp(-(now - lastReview) / DAY / stability) * (deck === 'a' ? 1 : 0.9);
		fc.assert(
			// Days that start on the drawn due dates and burials' ends (shift 0), or between them.
			fc.property(fc.array(card, {maxLength: 40}), fc.constantFrom(0, 3_600_000, DAY / 2), fc.integer({min: 1, max: 30}), (cards, shift, days) => {
				storeCards(cards);
				const dayStarts = Array.from({length: days + 1}, (_, day) => now + (day - 1) * DAY + shift);
				const counted = wholeCollectionCounts(store, {dayStarts, recallNow});
				const records = cardRecords(store);
				expect(counted.cards).toEqual(cardCounts(records));
				expect(counted.leeches).toBe(leechCount(records));
				expect(counted.dueCounts).toEqual(forecast(dueTimes(records), dayStarts));
				const drawn = memoryDistributions(records, (record) => recallNow(record.deck, record.lastReview!, record.stability));
				for (const figure of ['stability', 'difficulty', 'recall'] as const) {
					const fromCounts = binnedDistribution(counted.memory[figure], MEMORY_EDGES[figure]);
					expect(fromCounts.counts, figure).toEqual(drawn[figure].counts);
					// Summed in another order: the same to the last few bits.
					if (drawn[figure].mean === null) expect(fromCounts.mean).toBeNull();
					else expect(fromCounts.mean!).toBeCloseTo(drawn[figure].mean!, 9);
				}
			}),
			{numRuns: 150},
		);
	});

	it('read the memory from its index alone, never a card row', () => {
		storeCards([]);
		expect(plansByIndex().filter(([index]) => index === 'cards_memory').map(([, plan]) => plan)).toEqual([expect.stringMatching(/^SCAN cards USING COVERING INDEX cards_memory/)]);
	});

	it('count the cards due each day in the narrow index of the cards that can come up (migration 16), and find the buried ones in the due index', () => {
		storeCards([]);
		const plans = plansByIndex();
		expect(plans.filter(([index]) => index === 'cards_due_load').map(([, plan]) => plan)).toEqual([expect.stringMatching(/^SEARCH cards USING INDEX cards_due_load \(due>\? AND due<\?\)$/)]);
		expect(plans.filter(([index]) => index === 'cards_by_due').map(([, plan]) => plan)).toEqual([expect.stringMatching(/^SEARCH cards USING COVERING INDEX cards_by_due \(due<\?\)$/)]);
	});

	it('count the retired cards and the leeches through the partial indexes that hold only them (migration 15)', () => {
		storeCards([]);
		const plans = new Map(plansByIndex());
		expect(plans.get('cards_retired')).toMatch(/^SEARCH cards USING COVERING INDEX cards_retired \(retired_at>\?\)$|^SCAN cards USING COVERING INDEX cards_retired$/);
		expect(plans.get('cards_db_tagged')).toMatch(/^SCAN cards USING INDEX cards_db_tagged/);
		// Counted in the index's own order: no sort of every card.
		expect(plans.get('cards_counts_by_deck')).not.toMatch(/TEMP B-TREE/);
	});
});

describe('the cards due in a span, as load balancing weighs a day', () => {
	it('are the active, unsuspended, studied cards due in it, other than the card being answered', () => {
		fc.assert(
			// The span starts near the answered card's due date, so the card is often in it.
			fc.property(fc.array(card, {minLength: 1, maxLength: 40}), fc.nat(), fc.integer({min: -2, max: 1}), fc.integer({min: 0, max: 3}), (cards, drawnIndex, startDays, spanDays) => {
				storeCards(cards);
				const answered = drawnIndex % cards.length;
				const from = now + ((cards[answered]!.dueDays ?? 0) + startDays) * DAY;
				const to = from + spanDays * DAY;
				const expected = cards.filter((drawn, index) => {
					const due = drawn.dueDays === null ? null : now + drawn.dueDays * DAY;
					return !drawn.retired && !drawn.suspended && drawn.state !== 'new' && due !== null && due >= from && due < to && index !== answered;
				}).length;
				expect(dueCountBetween(store, from, to, `card-${answered}`)).toBe(expected);
			}),
			{numRuns: 200},
		);
	});

	it('are counted in the narrow index of such cards (migration 16), not in the wide one the queue reads', () => {
		const plans = plansByIndex(() => void dueCountBetween(store, now, now + DAY, 'card-0'));
		expect(plans).toEqual([['cards_due_load', expect.stringMatching(/^SEARCH cards USING INDEX cards_due_load \(due>\? AND due<\?\)/)]]);
	});
});
