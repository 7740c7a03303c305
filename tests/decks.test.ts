import {resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {findDeckFiles} from '../src/app/deck-files.js';
import {checkFiles} from '../src/cli/commands/check.js';

/*
The built-in decks are the product as much as the engine: each one parses without a problem,
passes every quality rule, and meets the size the decks were promised at.
*/
const DECKS = resolve(import.meta.dirname, '../decks');
const SHIPPED = ['backend', 'data', 'ml', 'mlops', 'product', 'responsible-ai'];

describe('the built-in decks', () => {
	const found = findDeckFiles([DECKS]);
	const result = checkFiles(found.files);

	it('are the six technical-fluency decks', () => {
		expect(result.decks.map((deck) => deck.name).sort()).toEqual(SHIPPED);
	});

	it('have no problems, errors or quality warnings', () => {
		expect([...found.problems, ...result.problems].map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toEqual([]);
	});

	it('hold at least 45 cards each and 360 in all', () => {
		for (const deck of result.decks) expect({deck: deck.name, enough: deck.cards.length >= 45}).toEqual({deck: deck.name, enough: true});
		expect(result.decks.reduce((total, deck) => total + deck.cards.length, 0)).toBeGreaterThanOrEqual(360);
	});

	it('list their sources and mix card types', () => {
		for (const deck of result.decks) {
			expect(deck.sources.length).toBeGreaterThan(0);
			expect(new Set(deck.cards.map((card) => card.kind))).toEqual(new Set(['basic', 'reversed', 'cloze']));
		}
	});
});
