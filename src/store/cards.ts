import {type CardKind, type DeckCard, sha256} from '../core/decks/card.js';
import {type CardContent, type CardTexts, cardTexts} from '../core/decks/card-texts.js';
import type {KnownCard} from '../core/decks/identity.js';
import type {CardState, Memory} from '../core/scheduling/scheduler.js';
import type {Store} from './database.js';
import {storedJson} from './database.js';
import {deckNamesById} from './decks.js';
import {CARD_LINE, type CardPlace, cardsOfDeckInOrder, SET_RETIRED_PLACE} from './line-blocks.js';
import {moveCountedAnswers} from './stats/answer-slots.js';

/** A card as the database holds it: content from its deck file, memory from its history. */
export type StoredCard = {
	readonly id: string;
	readonly deckId: number;
	readonly deck: string;
	readonly deckTitle: string;
	readonly file: string;
	readonly kind: CardKind;
	readonly ordinal: number;
	readonly line: number;
	readonly source: string;
	readonly prompt: string;
	readonly answer: string;
	readonly extra: string;
	readonly tags: readonly string[];
	/** The `ID:` line of its note, if it has one. */
	readonly explicitId: string | null;
	readonly noteKey: string;
	readonly retiredAt: number | null;
	readonly memory: Memory;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	/** Tags set in the database, not in the deck file: `marked`, `leech`. */
	readonly dbTags: readonly string[];
	/** 0 for none, 1–4. */
	readonly flag: number;
};

/** The light view of a card that queue building and filtering need. */
export type CardSummary = {
	readonly id: string;
	readonly deck: string;
	readonly tags: readonly string[];
	readonly noteKey: string;
	/**
	Order in which new cards are introduced: decks take turns (the first new card of each deck,
	then the second of each...), so a day's new cards are not all from the deck whose name sorts
	first, and a deck half studied is not left behind a fresh one. 0 for a card that is not new.
	*/
	readonly position: number;
	readonly state: CardState;
	readonly due: number | null;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	/** Tags set in the database (`marked`, `leech`), for `is:leech` and `tag:marked`. */
	readonly dbTags: readonly string[];
	/** 0 for none, 1–4, for `flag:N`. */
	readonly flag: number;
};

type CardRow = {
	id: string;
	deck_id: number;
	deck: string;
	deck_title: string;
	file: string;
	kind: CardKind;
	ordinal: number;
	line: number;
	source: string;
	prompt: string;
	answer: string;
	extra: string;
	tags: string;
	note_key: string;
	explicit_id: string | null;
	retired_at: number | null;
	state: CardState;
	due: number | null;
	stability: number;
	difficulty: number;
	reps: number;
	lapses: number;
	learning_steps: number;
	scheduled_days: number;
	last_review: number | null;
	suspended: number;
	buried_until: number | null;
	db_tags: string;
	flag: number;
};

export const memoryOf = (row: Pick<CardRow, 'state' | 'due' | 'stability' | 'difficulty' | 'reps' | 'lapses' | 'learning_steps' | 'scheduled_days' | 'last_review'>): Memory => ({
	state: row.state,
	due: row.due,
	stability: row.stability,
	difficulty: row.difficulty,
	reps: row.reps,
	lapses: row.lapses,
	learningSteps: row.learning_steps,
	scheduledDays: row.scheduled_days,
	lastReview: row.last_review,
});

const toCard = (row: CardRow): StoredCard => ({
	id: row.id,
	deckId: row.deck_id,
	deck: row.deck,
	deckTitle: row.deck_title,
	file: row.file,
	kind: row.kind,
	ordinal: row.ordinal,
	line: row.line,
	source: row.source,
	prompt: row.prompt,
	answer: row.answer,
	extra: row.extra,
	tags: storedJson<string[]>(row.tags, 'the tags of a card'),
	explicitId: row.explicit_id ?? null,
	noteKey: row.note_key,
	retiredAt: row.retired_at,
	memory: memoryOf(row),
	suspended: row.suspended === 1,
	buriedUntil: row.buried_until,
	dbTags: storedJson<string[]>(row.db_tags, 'the database tags of a card'),
	flag: row.flag,
});

const CARD_SELECT = `SELECT cards.*, ${CARD_LINE} AS line, decks.name AS deck, decks.title AS deck_title, decks.path AS file
	FROM cards JOIN decks ON decks.id = cards.deck_id JOIN line_blocks ON line_blocks.id = cards.line_block`;

export function getCard(store: Store, id: string): StoredCard | undefined {
	const row = store.statement(`${CARD_SELECT} WHERE cards.id = ?`).get(id) as CardRow | undefined;
	return row ? toCard(row) : undefined;
}

/** Active cards, in deck order. */
export function activeCards(store: Store): StoredCard[] {
	return (
		store.statement(`${CARD_SELECT} WHERE cards.retired_at IS NULL ORDER BY decks.name, line_blocks.first_line, line_blocks.id, cards.line_in_block, cards.ordinal`).all() as CardRow[]
	).map(toCard);
}

/**
Every active card, lightly, for building a queue. Read a deck at a time (a few hundred rows in
one call is several times faster than stepping through all of them), and repeated tag lists are
shared, so a collection of 100,000 cards stays small in memory.
*/
export function cardSummaries(store: Store): CardSummary[] {
	const tagLists = new Map<string, readonly string[]>();
	type Row = [id: string, tags: string, noteKey: string, state: CardState, due: number | null, suspended: number, buriedUntil: number | null, dbTags: string, flag: number];
	const decks = store
		.statement('SELECT id, name FROM decks WHERE EXISTS (SELECT 1 FROM cards WHERE cards.deck_id = decks.id AND cards.retired_at IS NULL) ORDER BY name')
		.all() as Array<{id: number; name: string}>;
	// Each deck's cards by line, block by block through the cards_by_block index, so no sort is needed.
	const statement = store.statement(
		`SELECT cards.id, cards.tags, cards.note_key, cards.state, cards.due, cards.suspended, cards.buried_until, cards.db_tags, cards.flag
		 ${cardsOfDeckInOrder()}`,
		'arrays',
	);
	const summaries: CardSummary[] = [];
	decks.forEach(({id: deckId, name: deck}, deckIndex) => {
		let newRank = 0;
		(statement.all(deckId) as Row[]).forEach(([id, tags, noteKey, state, due, suspended, buriedUntil, dbTags, flag]) => {
			let tagList = tagLists.get(tags);
			if (!tagList) tagLists.set(tags, (tagList = storedJson<string[]>(tags, 'the tags of a card')));
			let dbTagList = tagLists.get(dbTags);
			if (!dbTagList) tagLists.set(dbTags, (dbTagList = storedJson<string[]>(dbTags, 'the database tags of a card')));
			summaries.push({id, deck, tags: tagList, noteKey, position: state === 'new' ? newRank++ * decks.length + deckIndex : 0, state, due, suspended: suspended === 1, buriedUntil, dbTags: dbTagList, flag});
		});
	});
	return summaries;
}

/** The names of the decks that hold an active card: what a selector can name. */
export function activeDeckNames(store: Store): string[] {
	return store.statement('SELECT name FROM decks WHERE EXISTS (SELECT 1 FROM cards WHERE cards.deck_id = decks.id AND cards.retired_at IS NULL) ORDER BY name', 'values').all() as string[];
}

/** Every tag an active card has, from each distinct list of tags once. */
export function activeCardTags(store: Store): Set<string> {
	const lists = store.statement('SELECT DISTINCT tags FROM cards WHERE retired_at IS NULL', 'values').all() as string[];
	return new Set(lists.flatMap((list) => storedJson<string[]>(list, 'the tags of a card')));
}

/** Per deck name: its active cards, how many are suspended, and how many never studied and not suspended. */
export function cardCountsByDeck(store: Store): Map<string, {total: number; suspended: number; unseen: number}> {
	// Counted per deck, suspension and state in the index's own order (no sort, one count per group,
	// a few rows per deck), then summed and named here: summing three expressions per card in SQL
	// cost twice as long over 100,000 cards.
	const rows = store
		.statement(
			`SELECT deck_id, suspended, state, count(*) FROM cards INDEXED BY cards_counts_by_deck WHERE retired_at IS NULL GROUP BY deck_id, suspended, state`,
			'arrays',
		)
		.all() as Array<[number, number, CardState, number]>;
	const names = deckNamesById(store);
	const counts = new Map<string, {total: number; suspended: number; unseen: number}>();
	for (const [deckId, suspended, state, count] of rows) {
		const deck = names.get(deckId) ?? '?';
		let deckCounts = counts.get(deck);
		if (!deckCounts) counts.set(deck, (deckCounts = {total: 0, suspended: 0, unseen: 0}));
		deckCounts.total += count;
		if (suspended === 1) deckCounts.suspended += count;
		else if (state === 'new') deckCounts.unseen += count;
	}
	return counts;
}

/**
A known card with the rest of what a sync compares to tell a card it need not write. Its question
and answer texts are not read: they follow from its content, which its content hash stands for,
except a cloze card's, which follow from its source (the note's whole cloze text, which another
deletion's edit changes without touching this card's hash), so that is read for cloze cards alone.
*/
export type StoredKnownCard = KnownCard & {readonly line: number; readonly place: CardPlace; readonly clozeSource: string | null};

type KnownRow = [
	id: string,
	deck: string,
	kind: CardKind,
	ordinal: number,
	identityKey: string,
	contentHash: string,
	retiredAt: number | null,
	line: number,
	block: number,
	lineInBlock: number,
	clozeSource: string | null,
];
const toKnown = ([id, deck, kind, ordinal, identityKey, contentHash, retiredAt, line, block, lineInBlock, clozeSource]: KnownRow): StoredKnownCard => ({
	id,
	deck,
	kind,
	ordinal,
	identityKey,
	contentHash,
	retired: retiredAt !== null,
	line,
	place: {block, lineInBlock},
	clozeSource,
});
const KNOWN_SELECT = `SELECT cards.id, decks.name, cards.kind, cards.ordinal, cards.identity_key, cards.content_hash, cards.retired_at, ${CARD_LINE},
	cards.line_block, cards.line_in_block, CASE WHEN cards.kind = 'cloze' THEN cards.source END
	FROM cards JOIN decks ON decks.id = cards.deck_id JOIN line_blocks ON line_blocks.id = cards.line_block`;

/** The active cards of the given decks, as identity matching sees them. */
export function knownCardsOfDecks(store: Store, deckIds: readonly number[]): StoredKnownCard[] {
	if (deckIds.length === 0) return [];
	const rows = store.statement(`${KNOWN_SELECT} WHERE cards.retired_at IS NULL AND cards.deck_id IN (SELECT value FROM json_each(?))`, 'arrays').all(JSON.stringify(deckIds)) as KnownRow[];
	return rows.map(toKnown);
}

/**
The active cards of a deck from a line on, and before `beforeLine` if given: what a parse of part
of its file reads again. Each block before `beforeLine` is looked in through cards_by_block, for
the lines of the range it holds.
*/
export function knownCardsOfDeckLines(store: Store, deckId: number, fromLine: number, beforeLine = Number.MAX_SAFE_INTEGER): StoredKnownCard[] {
	const rows = store
		.statement(
			`${KNOWN_SELECT} WHERE line_blocks.deck_id = ? AND line_blocks.first_line < ? AND cards.deck_id = line_blocks.deck_id AND cards.retired_at IS NULL
			 AND cards.line_in_block >= ? - line_blocks.first_line AND cards.line_in_block < ? - line_blocks.first_line`,
			'arrays',
		)
		.all(deckId, beforeLine, fromLine, beforeLine) as KnownRow[];
	return rows.map(toKnown);
}

/** Of these identity keys, those an active card of the deck has at or after `fromLine`. */
export function keysOfDeckFromLine(store: Store, deckId: number, keys: readonly string[], fromLine: number): string[] {
	if (keys.length === 0) return [];
	return store
		.statement(
			`SELECT cards.identity_key FROM cards INDEXED BY cards_by_identity JOIN line_blocks ON line_blocks.id = cards.line_block
			 WHERE cards.identity_key IN (SELECT value FROM json_each(?)) AND cards.deck_id = ? AND cards.retired_at IS NULL AND ${CARD_LINE} >= ?`,
			'values',
		)
		.all(JSON.stringify(keys), deckId, fromLine) as string[];
}

/** The line of the first note of a deck before `beforeLine` with a card of this identity key, if any. */
export function firstLineWithKey(store: Store, deckId: number, identityKey: string, beforeLine: number): number | undefined {
	// Named: the planner otherwise walks the deck's cards by line, 90 ms for 100,000.
	const line = store
		.statement(
			`SELECT min(${CARD_LINE}) FROM cards INDEXED BY cards_by_identity JOIN line_blocks ON line_blocks.id = cards.line_block
			 WHERE cards.identity_key = ? AND cards.deck_id = ? AND cards.retired_at IS NULL AND ${CARD_LINE} < ?`,
			'values',
		)
		.get(identityKey, deckId, beforeLine) as number | null;
	return line ?? undefined;
}

/** Retired cards with any of these identity keys: a card that returns gets its history back. */
export function retiredCardsWithKeys(store: Store, keys: readonly string[]): StoredKnownCard[] {
	if (keys.length === 0) return [];
	const rows = store.statement(`${KNOWN_SELECT} WHERE cards.retired_at IS NOT NULL AND cards.identity_key IN (SELECT value FROM json_each(?))`, 'arrays').all(JSON.stringify(keys)) as KnownRow[];
	return rows.map(toKnown);
}

/** The question and answer texts of these cards, by id, for the similarity pass of card identity: worked out from what their rows hold (card-texts.ts). */
export function knownCardTexts(store: Store, cards: readonly KnownCard[]): Map<string, CardTexts> {
	const rows = store
		.statement('SELECT id, kind, ordinal, source, prompt, answer FROM cards WHERE id IN (SELECT value FROM json_each(?))', 'arrays')
		.all(JSON.stringify(cards.map((card) => card.id))) as Array<[string, CardContent['kind'], number, string, string, string]>;
	return new Map(rows.map(([id, kind, ordinal, source, prompt, answer]) => [id, cardTexts({kind, ordinal, source, prompt, answer})]));
}

/** Whether the database holds any card, retired ones included. */
export function hasCards(store: Store): boolean {
	return store.statement('SELECT EXISTS (SELECT 1 FROM cards)', 'values').get() === 1;
}

export function cardExists(store: Store, id: string): boolean {
	return store.statement('SELECT 1 FROM cards WHERE id = ?').get(id) !== undefined;
}

/** The cards of one note share this key: a hash of the deck and the identity key without its ordinal, short because every card carries it. */
function noteKeyOf(card: DeckCard): string {
	return sha256(`${card.deck}\u0000${card.identityKey.replace(/#\d+$/, '')}`).slice(0, 16);
}

// What a deck file sets of a card's row, in the order both writers below give it.
const CONTENT_COLUMNS = 'id, deck_id, identity_key, note_key, explicit_id, kind, ordinal, line_block, line_in_block, source, prompt, answer, extra, tags, content_hash, created_at, updated_at';
const INSERT_NEW_CARD = `INSERT INTO cards (${CONTENT_COLUMNS}) VALUES (${CONTENT_COLUMNS.replace(/\w+/g, '?')})`;

/**
Insert a card first seen in a deck file, under an id no row holds (identity.ts gives such ids):
one plain INSERT with its values in order, where saveCardContent's upsert looks the id up first
and binds seventeen named values (1.4 s of a 100,000-card first sync). Should the id be taken
after all, SQLite refuses it and the sync's transaction rolls back: nothing is overwritten.
*/
export function insertNewCard(store: Store, id: string, deckId: number, card: DeckCard, place: CardPlace, now: number): void {
	store
		.statement(INSERT_NEW_CARD)
		.run(
			id,
			deckId,
			card.identityKey,
			noteKeyOf(card),
			card.explicitId ?? null,
			card.kind,
			card.ordinal,
			place.block,
			place.lineInBlock,
			card.source,
			card.prompt,
			card.answer,
			card.extra,
			JSON.stringify(card.tags),
			card.contentHash,
			now,
			now,
		);
}

/**
Write a card's content from its deck file, creating it or bringing it back from retirement. A card
stored exactly so is not written: a changed file of 100,000 cards rewrote every row (6 s) for the
one card added to it. Given the row as it was read (`stored`), such a card does not even reach
SQLite: handing it 100,000 cards' text to compare cost 1.5 s of that sync. A card that moves to
another deck takes its answers' counts along (deck_review_days).
*/
export function saveCardContent(store: Store, id: string, deckId: number, card: DeckCard, place: CardPlace, now: number, stored?: StoredKnownCard): void {
	if (stored && holdsContentOf(stored, id, card)) {
		// Text added or taken out above a card moves it down or up the file and changes nothing
		// else: only its place is written.
		if (stored.place.block !== place.block || stored.place.lineInBlock !== place.lineInBlock) {
			store.statement('UPDATE cards SET line_block = ?, line_in_block = ? WHERE id = ?').run(place.block, place.lineInBlock, id);
		}
		return;
	}
	// Deck names are unique, so a card read in the deck it is saved to stays in that deck's row.
	if (stored === undefined || stored.deck !== card.deck) {
		const previousDeckId = store.statement('SELECT deck_id FROM cards WHERE id = ?', 'values').get(id) as number | undefined;
		if (previousDeckId !== undefined && previousDeckId !== deckId) moveCountedAnswers(store, id, previousDeckId, deckId);
	}
	store
		.statement(
			`INSERT INTO cards (${CONTENT_COLUMNS})
			 VALUES (@id, @deckId, @identityKey, @noteKey, @explicitId, @kind, @ordinal, @block, @lineInBlock, @source, @prompt, @answer, @extra, @tags, @contentHash, @now, @now)
			 ON CONFLICT (id) DO UPDATE SET deck_id = excluded.deck_id, identity_key = excluded.identity_key, note_key = excluded.note_key,
				explicit_id = excluded.explicit_id, kind = excluded.kind, ordinal = excluded.ordinal, line_block = excluded.line_block,
				line_in_block = excluded.line_in_block, source = excluded.source,
				prompt = excluded.prompt, answer = excluded.answer, extra = excluded.extra, tags = excluded.tags, content_hash = excluded.content_hash,
				updated_at = CASE WHEN cards.content_hash = excluded.content_hash THEN cards.updated_at ELSE excluded.updated_at END,
				retired_at = NULL
			 WHERE cards.deck_id IS NOT excluded.deck_id OR cards.identity_key IS NOT excluded.identity_key OR cards.note_key IS NOT excluded.note_key
				OR cards.explicit_id IS NOT excluded.explicit_id OR cards.kind IS NOT excluded.kind OR cards.ordinal IS NOT excluded.ordinal
				OR cards.line_block IS NOT excluded.line_block OR cards.line_in_block IS NOT excluded.line_in_block OR cards.source IS NOT excluded.source OR cards.prompt IS NOT excluded.prompt
				OR cards.answer IS NOT excluded.answer OR cards.extra IS NOT excluded.extra OR cards.tags IS NOT excluded.tags
				OR cards.content_hash IS NOT excluded.content_hash OR cards.retired_at IS NOT NULL`,
		)
		.run({
			id,
			deckId,
			identityKey: card.identityKey,
			noteKey: noteKeyOf(card),
			explicitId: card.explicitId ?? null,
			kind: card.kind,
			ordinal: card.ordinal,
			block: place.block,
			lineInBlock: place.lineInBlock,
			source: card.source,
			prompt: card.prompt,
			answer: card.answer,
			extra: card.extra,
			tags: JSON.stringify(card.tags),
			contentHash: card.contentHash,
			now,
		});
}

/**
Whether the row read as `stored` already holds `card` as saveCardContent would write it, its line
aside: each other column it sets is equal, or follows from equal ones (note_key and explicit_id
from the deck and identity key; kind, ordinal, prompt, answer, extra and tags from the content
hash; the source from those, or from a cloze card's source).
*/
function holdsContentOf(stored: StoredKnownCard, id: string, card: DeckCard): boolean {
	return (
		stored.id === id &&
		!stored.retired &&
		stored.deck === card.deck &&
		stored.identityKey === card.identityKey &&
		stored.contentHash === card.contentHash &&
		(stored.clozeSource === null || stored.clozeSource === card.source)
	);
}

export function retireCard(store: Store, id: string, now: number): void {
	store.statement(`UPDATE cards SET retired_at = ?, ${SET_RETIRED_PLACE} WHERE id = ? AND retired_at IS NULL`).run(now, id);
}

export function saveMemory(store: Store, id: string, memory: Memory): void {
	store
		.statement(
			`UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty, reps = @reps, lapses = @lapses,
				learning_steps = @learningSteps, scheduled_days = @scheduledDays, last_review = @lastReview WHERE id = @id`,
		)
		.run({id, ...memory});
}

/** Everything a replay of a card's history decides, in one write of its row (a large import replays 20,000 cards). */
export function saveReplayedState(store: Store, id: string, state: {memory: Memory; suspended: boolean; buriedUntil: number | null; tags: readonly string[]; flag: number}): void {
	const {memory} = state;
	store
		.statement(
			`UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, reps = ?, lapses = ?, learning_steps = ?, scheduled_days = ?, last_review = ?,
				suspended = ?, buried_until = ?, db_tags = ?, flag = ? WHERE id = ?`,
		)
		.run(
			memory.state,
			memory.due,
			memory.stability,
			memory.difficulty,
			memory.reps,
			memory.lapses,
			memory.learningSteps,
			memory.scheduledDays,
			memory.lastReview,
			state.suspended ? 1 : 0,
			state.buriedUntil,
			JSON.stringify(state.tags),
			state.flag,
			id,
		);
}

export function setSuspended(store: Store, id: string, suspended: boolean): void {
	store.statement('UPDATE cards SET suspended = ? WHERE id = ?').run(suspended ? 1 : 0, id);
}

/** The tags set in the database (not the deck file's), sorted. */
export function setDatabaseTags(store: Store, id: string, tags: readonly string[]): void {
	store.statement('UPDATE cards SET db_tags = ? WHERE id = ?').run(JSON.stringify(tags), id);
}

export function setBuriedUntil(store: Store, id: string, until: number | null): void {
	store.statement('UPDATE cards SET buried_until = ? WHERE id = ?').run(until, id);
}

/** How many cards other than `exceptCardId` fall due in `from`..`to` (to excluded) and will be shown: what load balancing weighs a day by. */
export function dueCountBetween(store: Store, from: number, to: number, exceptCardId: string): number {
	// Counted in cards_due_load (migration 16), less the card itself if it is among them: the planner
	// would otherwise take the wide cards_by_due, which holds the id too.
	const shown = "retired_at IS NULL AND suspended = 0 AND state != 'new' AND due >= @from AND due < @to";
	return store
		.statement(`SELECT count(*) - (SELECT count(*) FROM cards WHERE id = @except AND ${shown}) FROM cards INDEXED BY cards_due_load WHERE ${shown}`, 'values')
		.get({from, to, except: exceptCardId}) as number;
}
