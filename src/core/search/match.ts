import type {Memory, Rating, Scheduler} from '../scheduling/scheduler.js';
import type {CardStatus, Comparison, Pattern, Property, QueryNode} from './query.js';

/** What a search looks at on one card. */
export type SearchCard = {
	readonly id: string;
	readonly deck: string;
	/** The tags written in the deck file. */
	readonly tags: readonly string[];
	/** The tags kept in the database only (`marked`, `leech`): `tag:` finds them too, as Anki's tags. */
	readonly dbTags: readonly string[];
	/** 0 for none, 1–4. */
	readonly flag: number;
	/** The note's question as written (a cloze note's whole text), what Anki calls the Front field. */
	readonly front: string;
	/** The note's answer (a cloze note's `Note:` text), what Anki calls the Back field. */
	readonly back: string;
	/** Everything a bare word is looked for in: question, answer, note, as shown and as written. */
	readonly text: string;
	readonly memory: Memory;
	readonly suspended: boolean;
	readonly buriedUntil: number | null;
	/** When the card first came into the collection. */
	readonly createdAt: number;
};

/**
The moment a search runs and what it needs from outside the card: study days, the scheduler of
each deck (for recall now), and the history (for `rated:` and `introduced:`), read only when a
query asks for them.
*/
export type SearchContext = {
	readonly now: number;
	/** The first moment of the study day `days - 1` days before today: where "the last `days` days" begin. */
	readonly since: (days: number) => number;
	/** Where today's study day ends: `is:due` cards fall due before it. */
	readonly todayEnd: number;
	readonly schedulerFor: (deck: string) => Scheduler;
	/** Cards answered at or after `since` (with `rating`, when given). */
	readonly answeredSince: (since: number, rating?: Rating) => ReadonlySet<string>;
	/** Cards whose first answer was at or after `since`. */
	readonly firstAnsweredSince: (since: number) => ReadonlySet<string>;
};

/** Does `card` match the query? */
export function matchesQuery(query: QueryNode, card: SearchCard, context: SearchContext): boolean {
	switch (query.kind) {
		case 'all':
			return true;
		case 'and':
			return query.terms.every((term) => matchesQuery(term, card, context));
		case 'or':
			return query.terms.some((term) => matchesQuery(term, card, context));
		case 'not':
			return !matchesQuery(query.term, card, context);
		case 'text':
			return query.field === 'any' ? regexOf(query.pattern, false).test(card.text) : regexOf(query.pattern, true).test((query.field === 'front' ? card.front : card.back).trim());
		case 'deck':
			return withParents(card.deck, ['/']).some((name) => regexOf(query.pattern, true).test(name));
		case 'tag': {
			const tags = [...card.tags, ...card.dbTags];
			if (query.pattern.text.toLowerCase() === 'none') return tags.length === 0;
			return tags.some((tag) => withParents(tag, ['/', '::']).some((name) => regexOf(query.pattern, true).test(name)));
		}
		case 'is':
			return hasStatus(query.status, card, context);
		case 'prop': {
			const value = propertyOf(query.property, card, context);
			return value !== undefined && compare(value, query.comparison, query.value);
		}
		case 'rated':
			return context.answeredSince(context.since(query.days), query.rating).has(card.id);
		case 'introduced':
			return context.firstAnsweredSince(context.since(query.days)).has(card.id);
		case 'added':
			return card.createdAt >= context.since(query.days);
		case 'flag':
			return card.flag === query.flag;
	}
}

const HOUR_MS = 3_600_000;

/**
A moment before which every card the query can match falls due, when the query says so (`is:due`,
`prop:due<N`, `<=N`, `=N`, and AND or OR of such terms): the store then reads only the cards due
before it, not every card. Undefined when the query sets no such bound. The bound is generous (a
study day is 23 to 25 hours, and a day more besides): each card read is still tested in full.
*/
export function dueBound(query: QueryNode, context: Pick<SearchContext, 'todayEnd'>): number | undefined {
	switch (query.kind) {
		case 'and': {
			const bounds = query.terms.map((term) => dueBound(term, context)).filter((bound) => bound !== undefined);
			return bounds.length === 0 ? undefined : Math.min(...bounds);
		}
		case 'or': {
			const bounds = query.terms.map((term) => dueBound(term, context));
			return bounds.every((bound) => bound !== undefined) ? Math.max(...bounds) : undefined;
		}
		case 'is':
			return query.status === 'due' ? context.todayEnd : undefined;
		case 'prop': {
			if (query.property !== 'due' || !['<', '<=', '='].includes(query.comparison)) return undefined;
			// The last study day, counted from today, that the comparison lets a card fall due on.
			const lastDay = (query.comparison === '<' ? Math.ceil(query.value) - 1 : Math.floor(query.value)) + 1;
			return context.todayEnd + lastDay * (lastDay >= 0 ? 25 : 23) * HOUR_MS;
		}
		default:
			return undefined;
	}
}

/** Does any part of the query need the card's text? The store reads it only then. */
export function needsText(query: QueryNode): boolean {
	switch (query.kind) {
		case 'and':
		case 'or':
			return query.terms.some(needsText);
		case 'not':
			return needsText(query.term);
		case 'text':
			return true;
		default:
			return false;
	}
}

function hasStatus(status: CardStatus, card: SearchCard, context: SearchContext): boolean {
	const {state, due} = card.memory;
	const buried = card.buriedUntil !== null && card.buriedUntil > context.now;
	switch (status) {
		case 'new':
			return state === 'new';
		case 'learn':
			return state === 'learning' || state === 'relearning';
		case 'review':
			// As Anki: a review card that lapsed and is relearning is still a review card.
			return state === 'review' || state === 'relearning';
		case 'due':
			// As Anki: what today's review would show, so not suspended or buried cards.
			return state !== 'new' && due !== null && due < context.todayEnd && !card.suspended && !buried;
		case 'suspended':
			return card.suspended;
		case 'buried':
			return buried;
		case 'leech':
			// A leech is tagged in the database when it reaches the threshold; a deck may tag one too.
			return [...card.tags, ...card.dbTags].some((tag) => tag.toLowerCase() === 'leech');
	}
}

/** A card's value of a `prop:` property, or undefined where it has none (a new card has no recall, stability or interval). */
function propertyOf(property: Property, card: SearchCard, context: SearchContext): number | undefined {
	const memory = card.memory;
	const studied = memory.state !== 'new';
	switch (property) {
		case 'r':
			return context.schedulerFor(card.deck).retrievability(memory, context.now) ?? undefined;
		case 's':
			return studied ? memory.stability : undefined;
		case 'd':
			// Anki shows difficulty from 0 to 1; FSRS keeps it from 1 to 10.
			return studied ? (memory.difficulty - 1) / 9 : undefined;
		case 'ivl':
			return studied ? memory.scheduledDays : undefined;
		case 'due': {
			if (!studied || memory.due === null) return undefined;
			const scheduler = context.schedulerFor(card.deck);
			return scheduler.studyDay(memory.due) - scheduler.studyDay(context.now);
		}
		case 'lapses':
			return memory.lapses;
		case 'reps':
			return memory.reps;
	}
}

function compare(value: number, comparison: Comparison, wanted: number): boolean {
	switch (comparison) {
		case '<':
			return value < wanted;
		case '<=':
			return value <= wanted;
		case '>':
			return value > wanted;
		case '>=':
			return value >= wanted;
		case '=':
			return Math.abs(value - wanted) < 1e-9;
		case '!=':
			return Math.abs(value - wanted) >= 1e-9;
	}
}

/** `a/b/c` and the names it sits within: `a/b`, `a`. */
function withParents(name: string, separators: readonly string[]): string[] {
	const names = [name];
	for (let index = name.length - 1; index > 0; index--) {
		for (const separator of separators) {
			if (name.startsWith(separator, index)) names.push(name.slice(0, index));
		}
	}
	return names;
}

const regexes = new WeakMap<Pattern, {whole?: RegExp; part?: RegExp}>();

/** A pattern as a case-insensitive regular expression: the whole text (`front:`, `deck:`, `tag:`) or any part of it (a word). */
function regexOf(pattern: Pattern, whole: boolean): RegExp {
	let cached = regexes.get(pattern);
	if (!cached) regexes.set(pattern, (cached = {}));
	const key = whole ? 'whole' : 'part';
	const found = cached[key];
	if (found) return found;
	const body = pattern.parts.map((part) => (typeof part === 'string' ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : part.wildcard === '*' ? '[^]*' : '[^]')).join('');
	const regex = new RegExp(whole ? `^${body}$` : body, 'iu');
	cached[key] = regex;
	return regex;
}
