import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {activeCards} from '../../src/store/cards.js';
import {cardIdsAndKeys} from '../../src/store/sync/events.js';
import {Store} from '../../src/store/database.js';

let root: string;
let store: Store;
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

describe('cached statements', () => {
	it('keep their row shape: a read taking arrays leaves the same SQL returning objects to the next caller', () => {
		root = mkdtempSync(join(tmpdir(), 'fluency-statement-shapes-'));
		store = Store.open(join(root, 'fluency.db'));
		// A one-card deck as a user writes it (decks/*.md).
		writeFileSync(join(root, 'backend.md'), 'Q: What does CI stand for?\nA: Continuous integration.\n');
		loadDecks(store, findDeckFiles([root], root).files, Date.parse('2026-11-24T09:00:00Z'));
		const [card] = activeCards(store);
		// cardIdsAndKeys reads these rows as arrays; before, it switched the one shared statement to arrays for good.
		const read = cardIdsAndKeys(store);
		expect(read.ids).toEqual(new Set([card!.id]));
		const key = [...read.keys][0];
		expect(key).toMatch(/^q:what does ci stand for/);
		expect(store.statement('SELECT id, identity_key FROM cards').all()).toEqual([{id: card!.id, identity_key: key}]);
		expect(store.statement('SELECT id, identity_key FROM cards', 'arrays').all()).toEqual([[card!.id, key]]);
		expect(store.statement('SELECT id FROM cards', 'values').all()).toEqual([card!.id]);
	});
});
