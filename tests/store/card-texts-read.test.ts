import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {cardTexts} from '../../src/core/decks/card-texts.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {knownCardsOfDecks, knownCardTexts} from '../../src/store/cards.js';
import {listDecks} from '../../src/store/decks.js';
import {Store} from '../../src/store/database.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

const DECK = `Q: What is a **canary** release?

A: A release to a few users first.

R: Idempotent

A: Safe to repeat, whatever *retries* do.

C: A {{c1::feature flag}} hides {{c2::code}} behind a {{c1::switch}}.

Q: ?!

A: Symbols only.
`;

describe('the texts the similarity pass reads of cards a sync stored', () => {
	it('are the texts of the cards as the deck file makes them, read from nothing but their stored content', () => {
		const decks = makeTempDecks({'texts.md': DECK});
		const store = Store.open(join(decks.root, 'fluency.db'));
		stores.push(store);
		loadDecks(store, findDeckFiles([decks.decks], decks.root).files, Date.parse('2026-12-01T09:00:00Z'));
		const stored = knownCardsOfDecks(store, listDecks(store).map((deck) => deck.id));
		const parsed = parseDeck({file: 'texts.md', deck: 'texts', text: readFileSync(join(decks.decks, 'texts.md'), 'utf8')}).cards;
		expect(stored).toHaveLength(parsed.length);
		const read = knownCardTexts(store, stored);
		const byKey = new Map(stored.map((card) => [card.identityKey, read.get(card.id)]));
		expect(new Map(parsed.map((card) => [card.identityKey, cardTexts(card)]))).toEqual(byKey);
	});
});
