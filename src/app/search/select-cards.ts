import {DAY_MS, studyDayAt} from '../../core/scheduling/day.js';
import type {CardKind} from '../../core/decks/card.js';
import type {CardState, Rating, Scheduler} from '../../core/scheduling/scheduler.js';
import {dueBound, matchesQuery, needsText, type SearchContext} from '../../core/search/match.js';
import {formatQueryProblem, parseQuery, type QueryNode} from '../../core/search/query.js';
import {markdownLineAsText} from '../../core/text.js';
import {cardsAnsweredSince, cardsFirstAnsweredSince, promptsOf, searchRows, type SearchRow} from '../../store/search/search-cards.js';
import {UsageError} from '../errors.js';
import type {Fluency} from '../service/fluency.js';

/**
The ids of the active cards `query` matches, in deck order (deck, line, card of the note), at
`now`. A query that does not parse is a usage error (exit 2) saying where:
`query: column 12: unclosed (`. What `find`, bulk actions and `review --query` all select with.
*/
export function selectCards(fluency: Fluency, query: string, now: number = fluency.now()): string[] {
	return matchingRows(fluency, query, now, 'query').rows.map((card) => card.id);
}

/** A card a search found, as `fluency find` lists it. */
export type FoundCard = {
	readonly id: string;
	readonly deck: string;
	readonly line: number;
	readonly kind: CardKind;
	readonly ordinal: number;
	/** The first line of the question as the review asks it. */
	readonly question: string;
	readonly state: CardState;
	readonly suspended: boolean;
	readonly buried: boolean;
	readonly due: number | null;
	/** Study days from today to the due date: 0 today, negative when overdue. */
	readonly dueInDays: number | null;
	/** Probability of recall now; null for a new card. */
	readonly retrievability: number | null;
	readonly stability: number | null;
	/** From 0 (easiest) to 1, as Anki shows FSRS difficulty and `prop:d` compares it. */
	readonly difficulty: number | null;
	readonly interval: number | null;
	readonly lapses: number;
	readonly reps: number;
	readonly addedAt: number;
};

/** The cards `query` matches, with what a listing shows; `command` names who asked, in the error for a bad query. */
export function searchCards(fluency: Fluency, query: string, now: number, command: string): FoundCard[] {
	const {rows, withText} = matchingRows(fluency, query, now, command);
	// Without the text read for the search, only the found cards' prompts are: a query can look at 100,000 cards and find ten.
	const prompts = withText ? undefined : promptsOf(fluency.store, rows.map((row) => row.id));
	return rows.map((row) => foundCard(row, prompts?.get(row.id) ?? row.prompt, fluency.schedulerFor(row.deck), now));
}

function matchingRows(fluency: Fluency, query: string, now: number, command: string): {rows: SearchRow[]; withText: boolean} {
	const parsed = parsedQuery(query, command);
	const withText = needsText(parsed);
	const context = searchContext(fluency, now);
	return {rows: searchRows(fluency.store, withText, dueBound(parsed, context)).filter((card) => matchesQuery(parsed, card, context)), withText};
}

function foundCard(row: SearchRow, prompt: string, scheduler: Scheduler, now: number): FoundCard {
	const {memory} = row;
	const studied = memory.state !== 'new';
	return {
		id: row.id,
		deck: row.deck,
		line: row.line,
		kind: row.kind,
		ordinal: row.ordinal,
		question: markdownLineAsText(prompt.split('\n').find((line) => line.trim() !== '')?.trim() ?? ''),
		state: memory.state,
		suspended: row.suspended,
		buried: row.buriedUntil !== null && row.buriedUntil > now,
		due: studied ? memory.due : null,
		dueInDays: studied && memory.due !== null ? scheduler.studyDay(memory.due) - scheduler.studyDay(now) : null,
		retrievability: scheduler.retrievability(memory, now),
		stability: studied ? memory.stability : null,
		difficulty: studied ? (memory.difficulty - 1) / 9 : null,
		interval: studied ? memory.scheduledDays : null,
		lapses: memory.lapses,
		reps: memory.reps,
		addedAt: row.createdAt,
	};
}

/** The parsed query, or the usage error saying where it is wrong. */
function parsedQuery(query: string, command: string): QueryNode {
	const parsed = parseQuery(query);
	if (!parsed.ok) throw new UsageError(`${command}: ${formatQueryProblem(parsed.problem)}`);
	return parsed.query;
}

function searchContext(fluency: Fluency, now: number): SearchContext {
	const {dayStartHour, utcOffset} = fluency.settings;
	const today = studyDayAt(now, dayStartHour, utcOffset);
	// Half a day in, so a daylight-saving hour never lands on the day before.
	const since = (days: number) => studyDayAt(today.start + DAY_MS / 2 - (days - 1) * DAY_MS, dayStartHour, utcOffset).start;
	const answered = new Map<string, ReadonlySet<string>>();
	const firstAnswered = new Map<number, ReadonlySet<string>>();
	return {
		now,
		since,
		todayEnd: today.end,
		schedulerFor: fluency.schedulerFor,
		answeredSince: (from: number, rating?: Rating) => {
			const key = `${from}:${rating ?? ''}`;
			let ids = answered.get(key);
			if (!ids) answered.set(key, (ids = cardsAnsweredSince(fluency.store, from, rating)));
			return ids;
		},
		firstAnsweredSince: (from: number) => {
			let ids = firstAnswered.get(from);
			if (!ids) firstAnswered.set(from, (ids = cardsFirstAnsweredSince(fluency.store, from)));
			return ids;
		},
	};
}
