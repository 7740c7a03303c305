/*
The deck size limit as the loader and `fluency add` see it: the same byte rule as the parser
(tests/core/parse-deck.test.ts), on real files in a temp folder.
*/
import {appendFileSync, readFileSync, rmSync, statSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {appendCardText} from '../../src/app/decks/add-card.js';
import {readDeckText} from '../../src/app/decks/deck-files.js';
import {MAX_DECK_FILE_BYTES} from '../../src/core/decks/deck-size.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

const roots: string[] = [];
afterEach(() => {
	for (const root of roots.splice(0)) rmSync(root, {recursive: true, force: true});
});

/** A deck file as a user grows one: front matter, then card after card, here padded to `bytes`. */
function deckFile(bytes: number): {path: string; decks: string} {
	const home = makeTempDecks();
	roots.push(home.root);
	const head = '---\ntitle: Big\n---\n\nQ: What is in this deck?\nA: Notes, written over years: ';
	// Some two-byte letters, so characters and bytes differ; the rest ASCII, which is quick to write and read at 32 MiB.
	const accents = 'é'.repeat(1000);
	const text = head + accents + 'x'.repeat(bytes - head.length - 2 * accents.length);
	const path = home.write('big.md', `${text}`);
	expect(statSync(path).size).toBe(bytes);
	return {path, decks: home.decks};
}

describe('deck size', () => {
	it('the loader reads a file of exactly the limit and refuses one byte more', () => {
		const atLimit = deckFile(MAX_DECK_FILE_BYTES);
		expect(readDeckText({path: atLimit.path, deck: 'big', displayPath: 'decks/big.md'})).toHaveProperty('text');
		appendFileSync(atLimit.path, 'x');
		expect(readDeckText({path: atLimit.path, deck: 'big', displayPath: 'decks/big.md'})).toEqual({
			problem: {file: 'decks/big.md', line: 1, severity: 'error', message: 'file is larger than 32 MiB; split it into several decks'},
		});
	});

	it('adding a card that would take a deck over the limit adds nothing, so the deck still loads', () => {
		const {path} = deckFile(MAX_DECK_FILE_BYTES - 20);
		const before = readFileSync(path);
		expect(() => appendCardText(path, 'big', 'Q: One more question?\nA: One more answer.')).toThrow(/would be larger than 32 MiB with this card; nothing was added/);
		expect(readFileSync(path).equals(before)).toBe(true);
		appendCardText(path, 'big', 'Q: q?\nA: a');
		expect(statSync(path).size).toBe(MAX_DECK_FILE_BYTES - 20 + '\n\nQ: q?\nA: a\n'.length);
	});
});
