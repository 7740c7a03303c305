import {appendFileSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {activeCards, insertNewCard} from '../../src/store/cards.js';
import {LinePlaces} from '../../src/store/line-blocks.js';
import {Store} from '../../src/store/database.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

/*
What a sync writes to the card rows when a deck file changed: a heavy user keeps one file of many
thousand cards, and each edit to it must write the cards it changed, not every card of the file.
SQLite's temp triggers count the rows written, on the real database file.
*/

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

const cardsText = (count: number) => Array.from({length: count}, (_, card) => `Q: What is term ${card}?\n\nA: Meaning ${card}.\n`).join('\n');

function countWrites(store: Store): () => {inserted: number; updated: number} {
	store.db.exec(`
		CREATE TEMP TABLE card_writes (kind TEXT NOT NULL);
		CREATE TEMP TRIGGER count_card_inserts AFTER INSERT ON main.cards BEGIN INSERT INTO card_writes VALUES ('insert'); END;
		CREATE TEMP TRIGGER count_card_updates AFTER UPDATE ON main.cards BEGIN INSERT INTO card_writes VALUES ('update'); END;
	`);
	return () => {
		const count = (kind: string) => store.db.prepare('SELECT count(*) FROM card_writes WHERE kind = ?').pluck().get(kind) as number;
		const writes = {inserted: count('insert'), updated: count('update')};
		store.db.exec('DELETE FROM card_writes');
		return writes;
	};
}

describe('a sync of a changed deck file', () => {
	it('writes the card added, the card edited and the cards whose line moved, and no other', () => {
		const temp = makeTempDecks({'big.md': `---\ntitle: Big\n---\n\n${cardsText(200)}`});
		const store = Store.open(join(temp.root, 'fluency.db'));
		stores.push(store);
		const sync = (at: number) => loadDecks(store, findDeckFiles([temp.decks], temp.root).files, at);
		const t0 = Date.parse('2026-12-01T09:00:00Z');
		sync(t0);
		const writes = countWrites(store);
		const path = join(temp.decks, 'big.md');

		appendFileSync(path, '\nQ: What is an added term?\n\nA: An added meaning.\n');
		expect(sync(t0 + 1000)).toMatchObject({added: 1, changed: 0});
		expect(writes()).toEqual({inserted: 1, updated: 0});

		writeFileSync(path, readFileSync(path, 'utf8').replace('A: Meaning 150.', 'A: Meaning 150, edited.'));
		expect(sync(t0 + 2000)).toMatchObject({added: 0, changed: 1});
		expect(writes()).toEqual({inserted: 0, updated: 1});

		// Two lines more above the last 20 cards: they are the same cards, on other lines.
		writeFileSync(path, readFileSync(path, 'utf8').replace('Q: What is term 181?', 'Q: What is term\nwith more words,\n181?'));
		sync(t0 + 3000);
		expect(writes()).toEqual({inserted: 0, updated: 20});
		const byPrompt = new Map(activeCards(store).map((card) => [card.prompt, card]));
		expect(byPrompt.get('What is term 199?')?.line).toBe(byPrompt.get('What is term 180?')!.line + 19 * 4 + 2);
		const updatedAt = (prompt: string) => store.db.prepare('SELECT updated_at FROM cards WHERE prompt = ?').pluck().get(prompt);
		expect([updatedAt('What is term 150?'), updatedAt('What is term 199?'), updatedAt('What is term 10?')]).toEqual([t0 + 2000, t0, t0]);
	});
});

describe('the rows a sync leaves after an edit', () => {
	it('are the rows a first sync of the edited file writes: no card the sync passes over is out of date', () => {
		const before = `---\ntitle: Mixed\ntags: [ops]\n---\n\n${cardsText(6)}\nR: Canary\n\nA: A small first release.\n\nC: {{c1::CI}} runs the {{c2::tests}}.\n\nTags: ci\n`;
		const edits = [
			// Lines move: two cards inserted above the rest.
			(text: string) => text.replace('Q: What is term 0?', 'Q: A new first term?\n\nA: New.\n\nQ: What is term 0?'),
			// A cloze reworded around its deletions, a note's tags changed, the deck's tags changed.
			(text: string) => text.replace('runs the {{c2::tests}}.', 'runs the whole {{c2::tests}}.').replace('Tags: ci', 'Tags: ci testing').replace('tags: [ops]', 'tags: [ops, sre]'),
			// Notes reordered.
			(text: string) => text.replace(/Q: What is term 1\?\n\nA: Meaning 1\.\n\n(Q: What is term 2\?\n\nA: Meaning 2\.\n)/, '$1\nQ: What is term 1?\n\nA: Meaning 1.\n'),
			// A cloze's second deletion made plain text: its first card reads the same, but its note's source changed.
			(text: string) => text.replace('{{c2::tests}}', 'tests'),
		];
		const columns = 'cards.id, identity_key, note_key, explicit_id, kind, ordinal, line_blocks.first_line + line_in_block AS line, source, prompt, answer, extra, tags, content_hash';
		const rowsOf = (store: Store) => store.db.prepare(`SELECT ${columns} FROM cards JOIN line_blocks ON line_blocks.id = cards.line_block WHERE retired_at IS NULL ORDER BY cards.id`).all();
		const edited = makeTempDecks({'mixed.md': before});
		const store = Store.open(join(edited.root, 'fluency.db'));
		stores.push(store);
		const t0 = Date.parse('2026-12-01T09:00:00Z');
		loadDecks(store, findDeckFiles([edited.decks], edited.root).files, t0);
		let text = before;
		edits.forEach((edit, index) => {
			text = edit(text);
			writeFileSync(join(edited.decks, 'mixed.md'), text);
			loadDecks(store, findDeckFiles([edited.decks], edited.root).files, t0 + (index + 1) * 1000);
			const fresh = makeTempDecks({'mixed.md': text});
			const first = Store.open(join(fresh.root, 'fluency.db'));
			stores.push(first);
			loadDecks(first, findDeckFiles([fresh.decks], fresh.root).files, t0);
			// Ids can differ where the edited database kept a card's identity across the edit: compare everything else.
			const withoutIds = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).map(({id: _, ...row}) => row).sort((a, b) => String(a['line']).localeCompare(String(b['line'])) || String(a['identity_key']).localeCompare(String(b['identity_key'])));
			expect(withoutIds(rowsOf(store))).toEqual(withoutIds(rowsOf(first)));
		});
	});
});

describe('a card first seen in a deck file', () => {
	it('is refused an id a row holds, and that row is left as it was', () => {
		const temp = makeTempDecks({'d.md': 'Q: What is CI?\n\nA: Integrating daily.\n'});
		const store = Store.open(join(temp.root, 'fluency.db'));
		stores.push(store);
		const t0 = Date.parse('2026-12-01T09:00:00Z');
		loadDecks(store, findDeckFiles([temp.decks], temp.root).files, t0);
		const [held] = activeCards(store);
		const deckId = store.db.prepare('SELECT deck_id FROM cards WHERE id = ?').pluck().get(held!.id) as number;
		const other = parseDeck({file: 'd.md', deck: 'd', text: 'Q: What is CD?\n\nA: Always releasable.\n'}).cards[0]!;
		expect(() => store.transaction(() => insertNewCard(store, held!.id, deckId, other, new LinePlaces(store).place(deckId, other.line), t0 + 1000))).toThrow(/UNIQUE constraint failed: cards\.id/);
		expect(activeCards(store)).toEqual([held]);
	});
});
