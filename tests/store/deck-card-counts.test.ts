import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {NEW_MEMORY} from '../../src/core/scheduling/scheduler.js';
import {activeCards, cardCountsByDeck, saveMemory, setSuspended} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

let store: Store | undefined;
afterEach(() => store?.close());

const questions = (terms: readonly string[]) => terms.map((term) => `Q: What is ${term}?\n\nA: Something.\n`).join('\n');

it("counts each deck's active cards, the suspended ones, and the unseen ones not suspended", () => {
	const temp = makeTempDecks({'backend.md': questions(['CI', 'CD', 'a canary', 'a saga']), 'ml.md': questions(['a baseline', 'drift'])});
	store = Store.open(join(temp.root, 'fluency.db'));
	const sync = () => loadDecks(store!, findDeckFiles([temp.decks], temp.root).files, Date.parse('2026-12-01T09:00:00Z'));
	sync();
	const id = new Map(activeCards(store).map((card) => [card.prompt, card.id]));
	const studied = {...NEW_MEMORY, state: 'review' as const, due: 0, stability: 3, difficulty: 5, reps: 2, scheduledDays: 3, lastReview: 0};
	// backend: CD studied, a canary suspended while new, a saga studied and suspended; ml: drift retired from its file.
	saveMemory(store, id.get('What is CD?')!, studied);
	setSuspended(store, id.get('What is a canary?')!, true);
	saveMemory(store, id.get('What is a saga?')!, studied);
	setSuspended(store, id.get('What is a saga?')!, true);
	writeFileSync(join(temp.decks, 'ml.md'), questions(['a baseline']));
	sync();
	expect(Object.fromEntries(cardCountsByDeck(store))).toEqual({
		backend: {total: 4, suspended: 2, unseen: 1},
		ml: {total: 1, suspended: 0, unseen: 1},
	});
});
