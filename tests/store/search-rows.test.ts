import {join} from 'node:path';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../src/store/database.js';
import {searchRows} from '../../src/store/search/search-cards.js';
import {makeTempDir} from '../helpers/temp.js';

let store: Store;
const now = Date.parse('2026-12-06T12:00:00Z');
const DAY = 86_400_000;

beforeEach(() => {
	store = Store.open(join(makeTempDir('fluency-search-rows-'), 'fluency.db'));
	// Deck names whose order by name differs from their ids' order.
	store.db.exec(`INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'mlops', 'mlops.md', 'M', 0), (2, 'data', 'data.md', 'D', 0), (3, 'mlops/serving', 's.md', 'S', 0)`);
	// Two blocks of lines a deck (see line-blocks.ts), so deck order crosses from one to the next.
	store.db.exec('INSERT INTO line_blocks (id, deck_id, first_line) VALUES (10, 1, 0), (11, 1, 2000), (20, 2, 0), (21, 2, 2000), (30, 3, 0), (31, 3, 2000)');
});
afterEach(() => store.close());

const drawnCard = fc.record({deck: fc.constantFrom(1, 2, 3), line: fc.nat(50), ordinal: fc.nat(1), dueDays: fc.option(fc.integer({min: -20, max: 40})), retired: fc.boolean()});

describe('the cards a search reads', () => {
	it('are, below a due bound, the cards due before it, in the same deck order as every card', () => {
		const insert = store.db.prepare(
			`INSERT INTO cards (id, deck_id, kind, ordinal, line_block, line_in_block, source, prompt, answer, identity_key, note_key, content_hash, tags, created_at, updated_at, state, due, retired_at)
			 VALUES (?, ?, 'basic', ?, ?, ?, '', 'q', 'a', ?, ?, '', '[]', 0, 0, 'review', ?, ?)`,
		);
		fc.assert(
			fc.property(fc.array(drawnCard, {maxLength: 40}), fc.integer({min: -25, max: 45}), fc.boolean(), (cards, boundDays, withText) => {
				store.db.exec('DELETE FROM cards');
				cards.forEach((card, index) => {
					const line = card.line * 100 + index;
					const [block, lineInBlock] = line < 2000 ? [card.deck * 10, line] : [card.deck * 10 + 1, line - 2000];
					insert.run(`c${index}`, card.deck, card.ordinal, block, lineInBlock, `k${index}`, `k${index}`, card.dueDays === null ? null : now + card.dueDays * DAY, card.retired ? 1 : null);
				});
				const bound = now + boundDays * DAY;
				const every = searchRows(store, withText);
				expect(searchRows(store, withText, bound)).toEqual(every.filter((row) => row.memory.due !== null && row.memory.due < bound));
			}),
			{numRuns: 150},
		);
	});

	it('read the cards due before a bound from the due index alone, never a card row', () => {
		const plans: string[] = [];
		const prepare = store.db.prepare.bind(store.db);
		store.db.prepare = ((sql: string) => {
			if (/INDEXED BY cards_by_due/.test(sql) && !sql.startsWith('EXPLAIN')) plans.push((prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0) as Array<{detail: string}>).map((row) => row.detail).join('; '));
			return prepare(sql);
		}) as typeof store.db.prepare;
		try {
			searchRows(store, false, now);
		} finally {
			store.db.prepare = prepare;
		}
		expect(plans).toEqual([expect.stringMatching(/^SEARCH cards USING COVERING INDEX cards_by_due \(due<\?\)/)]);
	});
});
