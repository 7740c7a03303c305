import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {withCardIndexesBuiltAfter, withCardStateIndexesBuiltAfter, withHistoryIndexesBuiltAfter, withReviewIndexesBuiltAfter} from '../../src/store/bulk-indexes.js';
import {activeCards, cardCountsByDeck} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {cardsDueBefore} from '../../src/store/review/queue-candidates.js';
import {makeTempDir} from '../helpers/temp.js';

let root: string;
let store: Store;

beforeEach(() => {
	root = makeTempDir('fluency-bulk-indexes-');
	store = Store.open(join(root, 'fluency.db'));
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

const reviewIndexes = () => store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'reviews' ORDER BY name").all();
const cardIndexes = () => store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cards' ORDER BY name").all() as Array<{name: string; sql: string | null}>;

/** Deck files as a user's first sync meets them: several decks, notes of every kind. */
function writeDecks(): string {
	const decks = join(root, 'decks');
	mkdirSync(join(decks, 'ml'), {recursive: true});
	const notes = (from: number) =>
		Array.from({length: 30}, (_, index) => (index % 3 === 0 ? `R: Term ${from + index}\n\nA: Meaning.` : index % 3 === 1 ? `C: {{c1::One}} and {{c2::two}} ${from + index}.` : `Q: Question ${from + index}?\n\nA: Answer.`)).join('\n\n');
	writeFileSync(join(decks, 'ops.md'), `${notes(0)}\n`);
	writeFileSync(join(decks, 'ml', 'serving.md'), `${notes(100)}\n`);
	return decks;
}

describe("a first sync, with the cards' indexes built after it", () => {
	it('keeps only what the sync reads and the indexes no new card enters, and leaves every index as the migrations defined it', () => {
		const before = cardIndexes();
		expect(before.length).toBeGreaterThan(3);
		const during = store.transaction(() => withCardIndexesBuiltAfter(store, () => cardIndexes().map((index) => index.name)));
		expect(during.sort()).toEqual(['cards_db_tagged', 'cards_due_load', 'cards_memory', 'cards_retired', 'sqlite_autoindex_cards_1']);
		expect(cardIndexes()).toEqual(before);
	});

	it('writes every card, and the queries that read the indexes find them', () => {
		const before = cardIndexes();
		const decks = writeDecks();
		const now = Date.now();
		const report = loadDecks(store, findDeckFiles([decks], root).files, now);
		// Ten notes of each kind a deck: reversed and cloze notes make two cards each.
		expect(report.added).toBe(2 * 50);
		expect(cardIndexes()).toEqual(before);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
		expect(activeCards(store)).toHaveLength(100);
		expect(Object.fromEntries(cardCountsByDeck(store))).toEqual({'ml/serving': {total: 50, suspended: 0, unseen: 50}, ops: {total: 50, suspended: 0, unseen: 50}});
		expect(cardsDueBefore(store, now + 86_400_000)).toEqual([]);
		// A second sync of the same files changes nothing, through the indexes the first one built.
		expect(loadDecks(store, findDeckFiles([decks], root).files, now + 1000)).toMatchObject({added: 0, changed: 0, retired: 0});
	});
});

describe('a large import with the review indexes built after it', () => {
	it('leaves every index of the reviews table as the migrations defined it', () => {
		const before = reviewIndexes();
		expect(before.length).toBeGreaterThan(2);
		const during = store.transaction(() => withReviewIndexesBuiltAfter(store, () => reviewIndexes()));
		// Only what the import reads stays while it runs: the primary key and the card's history.
		expect(during.map((index) => (index as {name: string}).name)).toEqual(['reviews_by_card', 'sqlite_autoindex_reviews_1']);
		expect(reviewIndexes()).toEqual(before);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
	});
});

describe("a large history import, with the cards' state indexes built after it", () => {
	it('keeps the indexes on what it does not change (place, identity, deck) and leaves every index as the migrations defined it', () => {
		const before = cardIndexes();
		const during = store.transaction(() => withCardStateIndexesBuiltAfter(store, () => cardIndexes().map((index) => index.name)));
		expect(during.sort()).toEqual(['cards_by_block', 'cards_by_identity', 'cards_deck_by_id', 'cards_retired', 'sqlite_autoindex_cards_1']);
		expect(cardIndexes()).toEqual(before);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
	});
});

describe('a review history written in bulk (an import, a first sync of a log)', () => {
	const indexesDuring = (adding: {answers: number; cards: number}, cardHistoriesRead: boolean) =>
		store.transaction(() => withHistoryIndexesBuiltAfter(store, adding, cardHistoriesRead, () => ({reviews: reviewIndexes().length, cards: cardIndexes().length})));
	const all = () => ({reviews: reviewIndexes().length, cards: cardIndexes().length});

	it('keeps every index for a few answers and cards, where keeping them current costs less than building them again', () => {
		writeDecks();
		loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, Date.now());
		expect(indexesDuring({answers: 9_999, cards: 999}, false)).toEqual(all());
	});

	it("builds the answers' indexes afterwards from 10,000 answers, and the cards' from 1,000 cards, each once it is at least as many (a quarter of the cards) as are stored", () => {
		loadDecks(store, findDeckFiles([writeDecks()], root).files, Date.now());
		const before = all();
		// Only the primary key stays when no card's history is read back; reviews_by_card too when one is.
		expect(indexesDuring({answers: 10_000, cards: 999}, false)).toEqual({reviews: 1, cards: before.cards});
		expect(indexesDuring({answers: 10_000, cards: 999}, true)).toEqual({reviews: 2, cards: before.cards});
		expect(indexesDuring({answers: 9_999, cards: 1_000}, false)).toEqual({reviews: before.reviews, cards: 5});
		expect(all()).toEqual(before);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
	});
});

describe.each([
	{table: 'cards', builtAfter: withCardIndexesBuiltAfter, indexes: cardIndexes},
	{table: 'cards (state)', builtAfter: withCardStateIndexesBuiltAfter, indexes: cardIndexes},
	{table: 'reviews', builtAfter: withReviewIndexesBuiltAfter, indexes: reviewIndexes},
])('the $table indexes built after bulk work', ({builtAfter, indexes}) => {
	it('come back when the work fails, as the rolled-back transaction had them', () => {
		const before = indexes();
		expect(() =>
			store.transaction(() =>
				builtAfter(store, () => {
					throw new Error('the package is damaged');
				}),
			),
		).toThrow('the package is damaged');
		expect(indexes()).toEqual(before);
	});

	it('are never dropped outside a transaction, where other processes would miss them', () => {
		const before = indexes();
		expect(() => builtAfter(store, () => undefined)).toThrow(/inside a transaction/);
		expect(indexes()).toEqual(before);
	});
});
