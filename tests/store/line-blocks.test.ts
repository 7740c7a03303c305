import {join} from 'node:path';
import fc from 'fast-check';
import {afterEach, describe, expect, it} from 'vitest';
import {cardSummaries, retireCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {type CardPlace, LinePlaces} from '../../src/store/line-blocks.js';
import {misplacedCards} from '../helpers/raw-database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
A card's line is kept as a place in a block of its deck's lines (src/store/line-blocks.ts). Here a
model file (the lines its cards are at) is edited at random as syncs edit one, and the blocks are
checked against it after each edit: every card reads back at its line, in the order of the lines,
each in the block its line falls in, none far past its block's start. The sync's own steps are
followed: the places of the cards in the stretch are read before the blocks change, and a card
whose place reads the same is not written.
*/

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

type ModelCard = {readonly id: string; line: number};

// Lines replaced at a place (fractions of the file, unbiased) by `inserted` lines, `cards` of them holding a card each.
// A sync's stretch is a line or more, from one checkpoint to a later one, or to the end.
const replacement = fc.record({
	from: fc.noBias(fc.integer({min: 0, max: 999})),
	length: fc.option(fc.integer({min: 1, max: 12}), {nil: undefined}),
	inserted: fc.nat(12),
	cards: fc.nat(5),
	kept: fc.nat(5),
});
const growth = fc.record({grown: fc.integer({min: 1, max: 6})});

describe('the blocks of lines a card is kept in', () => {
	it('give back each card at its line, in line order, through any edits and additions at the end', () => {
		const store = Store.open(join(makeTempDir('fluency-line-blocks-'), 'fluency.db'));
		stores.push(store);
		store.db.exec("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'd', 'd.md', 'D', 0)");
		const insert = store.db.prepare(
			`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, line_block, line_in_block, source, prompt, answer, content_hash, created_at, updated_at)
			 VALUES (?, 1, ?, ?, 'basic', 0, ?, ?, '', '', '', '', 0, 0)`,
		);
		const move = store.db.prepare('UPDATE cards SET line_block = ?, line_in_block = ? WHERE id = ?');
		const placeOf = store.db.prepare('SELECT line_block AS block, line_in_block AS lineInBlock FROM cards WHERE id = ?');
		fc.assert(
			fc.property(fc.integer({min: 0, max: 40}), fc.array(fc.oneof(replacement, growth), {minLength: 1, maxLength: 8}), fc.integer({min: 2, max: 6}), (initial, edits, blockLines) => {
				store.db.exec('DELETE FROM cards; DELETE FROM line_blocks');
				let cards: ModelCard[] = [];
				let lines = 0;
				let made = 0;
				const added = (line: number, places: LinePlaces) => {
					const id = `c${made++}`;
					const {block, lineInBlock} = places.place(1, line);
					insert.run(id, id, id, block, lineInBlock);
					return {id, line};
				};
				const grow = (count: number) => {
					const places = new LinePlaces(store, blockLines);
					for (let card = 0; card < count; card++) cards.push(added(lines + 2 * card + 1, places));
					lines += 2 * count;
				};
				grow(initial);
				for (const edit of edits) {
					if ('grown' in edit) {
						grow(edit.grown);
					} else {
						const firstLine = 1 + Math.floor((edit.from / 1000) * lines);
						const oldEndLine = edit.length === undefined ? undefined : Math.min(lines + 1, firstLine + edit.length);
						const end = oldEndLine ?? lines + 1;
						const delta = oldEndLine === undefined ? edit.inserted - (end - firstLine) : edit.inserted - (oldEndLine - firstLine);
						const inStretch = cards.filter((card) => card.line >= firstLine && card.line < end);
						// As the sync does: the places of the stretch's cards are read before the blocks change.
						const stale = new Map(inStretch.map((card) => [card.id, placeOf.get(card.id) as CardPlace]));
						const count = Math.min(edit.cards, edit.inserted);
						const newLines = Array.from({length: count}, (_, index) => firstLine + Math.floor((index * edit.inserted) / count));
						const kept = inStretch.slice(0, Math.min(edit.kept, newLines.length));
						let rewritten: ModelCard[] = [];
						const places = new LinePlaces(store, blockLines);
						// As the sync writes a stretch's cards: each placed in line order and written unless its place reads the same, then the rest retired.
						places.replaceLines(1, firstLine, oldEndLine, delta, () => {
							rewritten = newLines.map((line, index) => {
								const card = kept[index];
								if (!card) return added(line, places);
								const place = places.place(1, line);
								const was = stale.get(card.id)!;
								if (was.block !== place.block || was.lineInBlock !== place.lineInBlock) move.run(place.block, place.lineInBlock, card.id);
								return {id: card.id, line};
							});
							for (const card of inStretch.slice(kept.length)) retireCard(store, card.id, 1);
						});
						const before = cards.filter((card) => card.line < firstLine);
						const after = oldEndLine === undefined ? [] : cards.filter((card) => card.line >= oldEndLine).map((card) => ({...card, line: card.line + delta}));
						cards = [...before, ...rewritten, ...after];
						lines += delta;
					}
					const stored = new Map(rowsOf(store, 'cards').filter((row) => row['retired_at'] === null).map((row) => [row['id'], row['line']]));
					expect(stored).toEqual(new Map(cards.map((card) => [card.id, card.line])));
					expect(misplacedCards(store.db)).toEqual([]);
					// No block holds a card `blockLines` or more past its start, so splitting one moves few cards.
					expect(store.db.prepare('SELECT max(line_in_block) FROM cards WHERE retired_at IS NULL').pluck().get() ?? 0).toBeLessThan(blockLines);
					expect(cardSummaries(store).map((card) => card.id)).toEqual(cards.map((card) => card.id));
					expect(store.db.pragma('foreign_key_check')).toEqual([]);
				}
			}),
			{numRuns: 300},
		);
	});

	it('lose a block that starts where a stretch emptied of its lines now ends', () => {
		const store = storeWithCardsAt([1, 5, 7], 2);
		// Line 2 rewritten as it was: a block starts at 3, after the stretch, younger than the one at 5.
		new LinePlaces(store, 2).replaceLines(1, 2, 3, 0, () => undefined);
		// Lines 3 and 4 taken out: the block at 3 would start where the one at 5 now does, and the
		// younger of the two is the one lines 3 and on are placed in. The card at 5 must be in it.
		new LinePlaces(store, 2).replaceLines(1, 3, 5, -2, () => undefined);
		expect(misplacedCards(store.db)).toEqual([]);
		expect(Object.fromEntries(rowsOf(store, 'cards').map((row) => [row['id'], row['line']]))).toEqual({c1: 1, c5: 3, c7: 5});
		expect(store.db.prepare('SELECT first_line FROM line_blocks ORDER BY first_line').pluck().all()).toEqual([0, 3, 5]);
	});

	it('keep a retired card at the line it left the file at, whatever moves after', () => {
		const store = storeWithCardsAt([1, 3, 5, 7, 9], 2);
		retireCard(store, 'c7', 1);
		new LinePlaces(store, 2).replaceLines(1, 2, 4, 10, () => undefined);
		const lines = Object.fromEntries(rowsOf(store, 'cards').map((row) => [row['id'], row['line']]));
		expect(lines).toEqual({c1: 1, c3: 3, c5: 15, c7: 7, c9: 19});
	});
});

/** A database of one deck whose cards (`c<line>`) are at these lines, placed as a first sync places them. */
function storeWithCardsAt(lines: readonly number[], blockLines: number): Store {
	const store = Store.open(join(makeTempDir('fluency-line-blocks-'), 'fluency.db'));
	stores.push(store);
	store.db.exec("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'd', 'd.md', 'D', 0)");
	const places = new LinePlaces(store, blockLines);
	const insert = store.db.prepare(
		`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, line_block, line_in_block, source, prompt, answer, content_hash, created_at, updated_at)
		 VALUES (?, 1, ?, ?, 'basic', 0, ?, ?, '', '', '', '', 0, 0)`,
	);
	for (const line of lines) {
		const {block, lineInBlock} = places.place(1, line);
		insert.run(`c${line}`, `c${line}`, `c${line}`, block, lineInBlock);
	}
	return store;
}
