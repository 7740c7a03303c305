import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {activeCards, type StoredCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {activeCardIdsAtLine, activeCardIdsStartingWith, isActiveCardId} from '../../src/store/search/named-cards.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

/*
The cards `fluency info` is told by id, by the start of an id, or by deck:line, found through the
indexes. Each answer must be what reading every active card and filtering them gives. The decks
are synced with blocks of four lines, then one is edited twice (two notes added in the middle,
then a note above them taken out), so its lines are spread over many blocks, split and moved.
*/

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

const note = (index: number) =>
	index % 5 === 0
		? `C: Step ${index} runs {{c1::the tests}} and {{c2::the build}}.`
		: index % 5 === 1
			? `R: Term ${index}\nA: Meaning ${index}.`
			: `Q: What is step ${index}?\nA: Stage ${index}.`;
const deckText = (indexes: readonly number[]) => `---\ntitle: Steps\n---\n\n${indexes.map(note).join('\n\n')}\n`;

/** A synced database of two decks, the first edited twice after its first sync, and its active cards read whole. */
function syncedDecks(): {store: Store; path: string; cards: StoredCard[]} {
	const temp = makeTempDecks({'other.md': deckText([100, 101, 102])});
	const notes = Array.from({length: 40}, (_, index) => index);
	const path = temp.write('steps.md', deckText(notes));
	const store = Store.open(temp.db);
	stores.push(store);
	const sync = (at: number) => loadDecks(store, findDeckFiles([temp.decks], temp.root).files, at, {checkpointEvery: 40, blockLines: 4});
	sync(1_700_000_000_000);
	temp.write('steps.md', deckText([...notes.slice(0, 20), 200, 201, ...notes.slice(20)]));
	sync(1_700_000_060_000);
	temp.write('steps.md', deckText([...notes.slice(0, 7), ...notes.slice(8, 20), 200, 201, ...notes.slice(20)]));
	sync(1_700_000_120_000);
	return {store, path, cards: activeCards(store)};
}

describe('a card named on the command line', () => {
	it('by deck:line is the note at that line or the last above it, as filtering every card finds it', () => {
		const {store, path, cards} = syncedDecks();
		const last = Math.max(...cards.map((card) => card.line));
		const reference = (deck: (card: StoredCard) => boolean, line: number) => {
			const inDeck = cards.filter(deck);
			if (inDeck.length === 0) return undefined;
			const noteLine = Math.max(0, ...inDeck.filter((card) => card.line <= line).map((card) => card.line));
			return inDeck.filter((card) => card.line === noteLine).map((card) => card.id);
		};
		// Every line, of either deck by name, of the edited one by path too, and of a deck that does
		// not exist: a few hundred lookups, each checked, where random lines left the count below to chance.
		let notesOfTwo = 0;
		for (const named of [{name: 'steps'}, {path}, {name: 'other'}, {name: 'missing'}]) {
			for (let line = 0; line <= last + 5; line++) {
				const expected = reference((card) => ('path' in named ? card.file === named.path : card.deck === named.name), line);
				const found = activeCardIdsAtLine(store, named, line);
				expect({named, line, found}).toEqual({named, line, found: expected});
				if ((found?.length ?? 0) > 1) notesOfTwo++;
			}
		}
		// Cloze and reversed notes put two cards on one line: the answer then names both.
		expect(notesOfTwo).toBeGreaterThan(30);
	});

	it('by id or the start of one is an active card, as filtering every card finds it', () => {
		const {store, cards} = syncedDecks();
		const retired = store.db.prepare('SELECT id FROM cards WHERE retired_at IS NOT NULL').pluck().all() as string[];
		expect(retired.length).toBeGreaterThan(0);
		for (const id of retired) expect(isActiveCardId(store, id)).toBe(false);
		for (const card of cards) expect(isActiveCardId(store, card.id)).toBe(true);
		for (const card of [...cards, ...retired.map((id) => ({id}))]) {
			for (const length of [4, 5, 8, 16]) {
				const prefix = card.id.slice(0, length);
				expect(activeCardIdsStartingWith(store, prefix)).toEqual(cards.map((each) => each.id).filter((id) => id.startsWith(prefix)).sort());
			}
		}
	});
});
