import type {CardKind} from '../../core/decks/card.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import type {SearchCard} from '../../core/search/match.js';
import {memoryOf} from '../cards.js';
import {type Store, storedJson} from '../database.js';
import {CARD_LINE, cardsOfDeckInOrder} from '../line-blocks.js';

/** A card as search reads it, with where it is written and the first line of its question for a listing. */
export type SearchRow = SearchCard & {readonly line: number; readonly kind: CardKind; readonly ordinal: number; readonly prompt: string};

/**
Every active card, in deck order, as a search tests it; with `dueBefore`, only those due before
it (core/search/match.ts dueBound: `prop:due<=9` reads 11,000 of 100,000 cards). The text columns
are read only when the query looks at text (`withText`); otherwise they are empty, and `promptsOf`
reads the prompts of the cards a listing shows. Repeated tag lists are shared.
*/
export function searchRows(store: Store, withText: boolean, dueBefore?: number): SearchRow[] {
	const text = withText ? 'cards.prompt, cards.answer, cards.extra, cards.source' : "'', '', '', ''";
	type Row = [
		id: string,
		deck: string,
		tags: string,
		kind: CardKind,
		ordinal: number,
		line: number,
		prompt: string,
		answer: string,
		extra: string,
		source: string,
		createdAt: number,
		state: SearchCard['memory']['state'],
		due: number | null,
		stability: number,
		difficulty: number,
		reps: number,
		lapses: number,
		learningSteps: number,
		scheduledDays: number,
		lastReview: number | null,
		suspended: number,
		buriedUntil: number | null,
		dbTags: string,
		flag: number,
	];
	const columns = `${text}, cards.created_at, cards.state, cards.due, cards.stability, cards.difficulty, cards.reps, cards.lapses, cards.learning_steps,
		cards.scheduled_days, cards.last_review, cards.suspended, cards.buried_until, cards.db_tags, cards.flag`;
	const rows = dueBefore === undefined ? everyActiveRow(store, columns) : dueRows(store, columns, dueBefore);
	const tagLists = new Map<string, readonly string[]>();
	const toSearchRow = ([id, deck, tags, kind, ordinal, line, prompt, answer, extra, source, createdAt, state, due, stability, difficulty, reps, lapses, learningSteps, scheduledDays, lastReview, suspended, buriedUntil, dbTags, flag]: Row): SearchRow => {
		let tagList = tagLists.get(tags);
		if (!tagList) tagLists.set(tags, (tagList = storedJson<string[]>(tags, 'the tags of a card')));
		let dbTagList = tagLists.get(dbTags);
		if (!dbTagList) tagLists.set(dbTags, (dbTagList = storedJson<string[]>(dbTags, 'the database tags of a card')));
		return {
			id,
			deck,
			tags: tagList,
			dbTags: dbTagList,
			flag,
			kind,
			ordinal,
			line,
			prompt,
			front: source,
			// The answer of a note is the prompt of its backward card.
			back: kind === 'cloze' ? extra : kind === 'reversed' && ordinal === 1 ? prompt : answer,
			text: withText ? `${prompt}\n${answer}\n${extra}\n${source}` : '',
			memory: memoryOf({state, due, stability, difficulty, reps, lapses, learning_steps: learningSteps, scheduled_days: scheduledDays, last_review: lastReview}),
			suspended: suspended === 1,
			buriedUntil,
			createdAt,
		};
	};
	// Row by row: each SQLite row is garbage as soon as its card is made, so a young-generation
	// collection does not copy 10,000 rows of twenty values along with the cards.
	const cards: SearchRow[] = [];
	for (const row of rows as Iterable<Row>) cards.push(toSearchRow(row));
	return dueBefore === undefined ? cards : inDeckOrder(store, cards);
}

/**
The due cards put in deck order here rather than by SQLite: its sorter copies each row of twenty
values into a temporary tree, a third of the query's time, where this sorts references. The decks
are ranked by SQLite, so their names compare as everywhere else (bytewise).
*/
function inDeckOrder(store: Store, cards: SearchRow[]): SearchRow[] {
	const names = store.statement('SELECT name FROM decks ORDER BY name', 'values').all() as string[];
	const rank = new Map(names.map((name, index) => [name, index]));
	// Each card's deck ranked once, not twice per comparison: 11,000 cards make 150,000 comparisons.
	const deckRanks = new Float64Array(cards.length);
	const order = Array.from(cards, (card, index) => {
		deckRanks[index] = rank.get(card.deck)!;
		return index;
	});
	order.sort((a, b) => deckRanks[a]! - deckRanks[b]! || cards[a]!.line - cards[b]!.line || cards[a]!.ordinal - cards[b]!.ordinal);
	return order.map((index) => cards[index]!);
}

/** Every active card's row, in deck order. */
function* everyActiveRow(store: Store, columns: string): Generator<unknown[]> {
	// A deck at a time, block by block through the cards_by_block index, already in line order: no sort of every card.
	const decks = store
		.statement('SELECT id, name FROM decks WHERE EXISTS (SELECT 1 FROM cards WHERE cards.deck_id = decks.id AND cards.retired_at IS NULL) ORDER BY name')
		.all() as Array<{id: number; name: string}>;
	const statement = store.statement(
		`SELECT cards.id, ?, cards.tags, cards.kind, cards.ordinal, ${CARD_LINE}, ${columns}
		 ${cardsOfDeckInOrder()}`,
		'arrays',
	);
	for (const {id, name} of decks) yield* statement.iterate(name, id) as IterableIterator<unknown[]>;
}

/** The rows of the active cards due before `before`, found by the due index, in no order. */
function dueRows(store: Store, columns: string, before: number): IterableIterator<unknown[]> {
	return store
		.statement(
			`SELECT cards.id, decks.name, cards.tags, cards.kind, cards.ordinal, ${CARD_LINE}, ${columns}
			 FROM cards INDEXED BY cards_by_due CROSS JOIN decks ON decks.id = cards.deck_id CROSS JOIN line_blocks ON line_blocks.id = cards.line_block
			 WHERE cards.due < ? AND cards.retired_at IS NULL`,
			'arrays',
		)
		.iterate(before) as IterableIterator<unknown[]>;
}

/** The cards with an answer (not undone) at or after `since`, with `rating` when given. */
export function cardsAnsweredSince(store: Store, since: number, rating?: Rating): Set<string> {
	const ids =
		rating === undefined
			? store.statement('SELECT DISTINCT card_id FROM reviews WHERE reviewed_at >= ? AND undone_at IS NULL', 'values').all(since)
			: store.statement('SELECT DISTINCT card_id FROM reviews WHERE reviewed_at >= ? AND undone_at IS NULL AND rating = ?', 'values').all(since, rating);
	return new Set(ids as string[]);
}

/** The cards whose first answer (not undone) was at or after `since`. */
export function cardsFirstAnsweredSince(store: Store, since: number): Set<string> {
	const ids = store.statement('SELECT card_id FROM reviews WHERE undone_at IS NULL GROUP BY card_id HAVING min(reviewed_at) >= ?', 'values').all(since);
	return new Set(ids as string[]);
}

/** One answer as card info lists it. */
export type AnswerRecord = {
	readonly at: number;
	readonly rating: Rating;
	readonly durationMs: number;
	readonly stateBefore: string;
	/** Study days since the answer before (0 for the first). */
	readonly elapsedDays: number;
	/** Recall FSRS predicted at the moment of the answer; null for a new card. */
	readonly retrievability: number | null;
	/** Days until the next review this answer scheduled (0 for a learning step). */
	readonly scheduledDays: number;
	readonly dueAfter: number;
	readonly stabilityAfter: number;
	readonly difficultyAfter: number;
};

/** A card's answers in time order, undone ones left out. */
export function answersOf(store: Store, cardId: string): AnswerRecord[] {
	type Row = [number, Rating, number, string, number, number | null, number, number, number, number];
	const rows = store
		.statement(
			`SELECT reviewed_at, rating, duration_ms, state_before, elapsed_days, retrievability, scheduled_days, due_after, stability_after, difficulty_after
			 FROM reviews WHERE card_id = ? AND undone_at IS NULL ORDER BY reviewed_at, id`,
			'arrays',
		)
		.all(cardId) as Row[];
	return rows.map(([at, rating, durationMs, stateBefore, elapsedDays, retrievability, scheduledDays, dueAfter, stabilityAfter, difficultyAfter]) => ({
		at,
		rating,
		durationMs,
		stateBefore,
		elapsedDays,
		retrievability,
		scheduledDays,
		dueAfter,
		stabilityAfter,
		difficultyAfter,
	}));
}

/** The prompts of these cards, by id: for the cards a search found, when it did not read every card's text. */
export function promptsOf(store: Store, ids: readonly string[]): Map<string, string> {
	const rows = store.statement('SELECT id, prompt FROM cards WHERE id IN (SELECT value FROM json_each(?))', 'arrays').all(JSON.stringify(ids)) as Array<[string, string]>;
	return new Map(rows);
}
