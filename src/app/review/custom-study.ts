/*
Custom study (`fluency review --new N | --ahead DAYS | --forgotten DAYS | --query QUERY`): which
cards a session takes when today's queue is not what the user wants, and what to say when it is
empty or done.
*/
import type {Settings} from '../settings/config.js';
import {buildCustomQueue, dueBefore} from '../../core/review/custom-queue.js';
import {type Clock, nextDuePhrase, outlookOf, setAsidePhrase} from '../../core/review/outlook.js';
import type {QueueCard} from '../../core/review/queue.js';
import {isSelected, type Selection} from '../../core/review/select.js';
import {activeDeckNames, cardSummaries, type CardSummary} from '../../store/cards.js';
import {availableCardsByDue, type PlacedCard, setAsideCards, someNewCard} from '../../store/review/outlook-cards.js';
import {cardsDueBefore} from '../../store/review/queue-candidates.js';
import type {Store} from '../../store/database.js';
import {formatQueryProblem, parseQuery} from '../../core/search/query.js';
import {cardsAnsweredSince} from '../../store/search/search-cards.js';
import {selectCards} from '../search/select-cards.js';
import type {Fluency} from '../service/fluency.js';
import {studiedToday} from '../../store/review/reviews.js';
import {UsageError} from '../errors.js';
import {studyDay, type TodaysQueue, todaysQueue} from './study.js';

export type CustomStudy =
	/** N more new cards today on top of the daily limit. */
	| {readonly kind: 'new'; readonly cards: number}
	/** Review cards due within the next DAYS study days. */
	| {readonly kind: 'ahead'; readonly days: number}
	/** Cards answered Again in the last DAYS study days, today's included. */
	| {readonly kind: 'forgotten'; readonly days: number}
	/** Exactly the cards a search finds (`fluency find`'s language). */
	| {readonly kind: 'query'; readonly query: string};

/** Custom study with its search run: the ids a query found travel with it. */
export type StudyPlan = Exclude<CustomStudy, {kind: 'query'}> | {readonly kind: 'query'; readonly query: string; readonly cards: ReadonlySet<string>};

/**
The end screen's first line: a custom session ends its own cards, not the day's queue, which may
still hold cards, so it never says "Done for today".
*/
export function finishedLine(plan: StudyPlan | undefined): string {
	if (!plan) return 'Done for today.';
	const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;
	switch (plan.kind) {
		case 'new':
			return 'Custom study done: the extra new cards are seen.';
		case 'ahead':
			return `Custom study done: reviews due within ${days(plan.days)}.`;
		case 'forgotten':
			return `Custom study done: cards forgotten in the last ${days(plan.days)}.`;
		case 'query':
			return 'Custom study done: every card the search found.';
	}
}

/** The command line's options, as commander hands them over. */
export type CustomStudyOptions = {readonly new?: string; readonly ahead?: string; readonly forgotten?: string; readonly query?: string};

const MAX_DAYS = 3650;
const MAX_NEW = 9999;

/** The custom study the options ask for, if any; a usage error naming the bad value otherwise. */
export function customStudyFrom(options: CustomStudyOptions): CustomStudy | undefined {
	const given = (['new', 'ahead', 'forgotten', 'query'] as const).filter((name) => options[name] !== undefined);
	if (given.length > 1) throw new UsageError(`${given.map((name) => `--${name}`).join(' and ')} cannot be combined: choose one kind of custom study`);
	const [name] = given;
	if (name === undefined) return undefined;
	if (name === 'query') {
		// Parsed here too, so a wrong query is named before anything else is asked of the terminal.
		const parsed = parseQuery(options.query!);
		if (!parsed.ok) throw new UsageError(`query: ${formatQueryProblem(parsed.problem)}`);
		return {kind: 'query', query: options.query!};
	}
	const max = name === 'new' ? MAX_NEW : MAX_DAYS;
	const raw = options[name]!;
	const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
	if (!(value >= 1 && value <= max)) {
		throw new UsageError(`--${name} takes a whole number of ${name === 'new' ? 'cards' : 'days'} from 1 to ${max}, not \`${raw}\``);
	}
	return name === 'new' ? {kind: 'new', cards: value} : {kind: name, days: value};
}

/** Run the search a query study asks for; other kinds need nothing more. */
export function planStudy(fluency: Fluency, custom: CustomStudy | undefined, now: number): StudyPlan | undefined {
	return custom?.kind === 'query' ? {...custom, cards: new Set(selectCards(fluency, custom.query, now))} : custom;
}

/** The session's queue: today's, or the custom study's chosen cards; `inSession` is what the outlook counts. */
export function studyQueue(store: Store, settings: Settings, now: number, selection: Selection, custom: StudyPlan | undefined): TodaysQueue {
	if (custom === undefined) return todaysQueue(store, settings, now, selection);
	// On top of the limit, less what was already studied today, as Anki's "increase today's new card limit".
	if (custom.kind === 'new') return todaysQueue(store, {...settings, limits: {...settings.limits, newPerDay: settings.limits.newPerDay + custom.cards}}, now, selection);
	const day = studyDay(settings, now);
	const horizon = custom.kind === 'ahead' ? studyDaysLater(settings, day.end, custom.days) : undefined;
	// Reviewing ahead takes review cards due before a horizon: the index on due dates finds them all.
	// The other kinds can take new cards, whose order needs their rank among every card of their deck.
	const candidates = horizon === undefined ? cardSummaries(store) : cardsDueBefore(store, horizon);
	const inSelection = candidates.filter((card) => isSelected(card, selection));
	const chosen: (card: QueueCard) => boolean =
		horizon !== undefined ? dueBefore(horizon) : custom.kind === 'forgotten' ? forgottenSince(store, settings, day.start, custom.days) : (card) => custom.kind === 'query' && custom.cards.has(card.id);
	const selected = inSelection.filter(chosen);
	const ids = new Set(selected.map((card) => card.id));
	return {queue: buildCustomQueue(selected, now, () => true), day, inSession: (card) => ids.has(card.id)};
}

/** The end of the study day `days` study days after the one ending at `end` (study days, so a DST change is followed). */
function studyDaysLater(settings: Settings, end: number, days: number): number {
	let later = end;
	for (let day = 0; day < days; day++) later = studyDay(settings, later).end;
	return later;
}

function forgottenSince(store: Store, settings: Settings, todayStart: number, days: number): (card: QueueCard) => boolean {
	let since = todayStart;
	for (let day = 1; day < days; day++) since = studyDay(settings, since - 1).start;
	const forgotten = cardsAnsweredSince(store, since, 1);
	return (card) => forgotten.has(card.id);
}

const clockOf = (settings: Settings, now: number): Clock => ({now, dayStartHour: settings.dayStartHour, utcOffset: settings.utcOffset});

/**
What to say when a session would have no card: why (`No card is waiting: 12 buried until tomorrow,
3 suspended · next card due in 2 days (Mon) (mlops).`), after what custom study found nothing,
and `limited` when new cards wait for tomorrow's limit.
*/
export function nothingWaiting(store: Store, settings: Settings, now: number, selection: Selection, custom: StudyPlan | undefined): {lines: string[]; newLimited: boolean} {
	const day = studyDay(settings, now);
	// A query's outlook is about the cards it found; the other kinds', about the whole selection.
	const accept = (card: CardSummary) => isSelected(card, selection) && (custom?.kind !== 'query' || custom.cards.has(card.id));
	// "No card matches" needs to know whether any card was found at all: a query reads them all.
	const selected = custom?.kind === 'query' ? cardSummaries(store).filter(accept) : outlookCards(store, now, accept, day.end);
	// Reviews due today that today's queue left out (its limit reached, or another card of their
	// note studied today) are not due "now": they wait for tomorrow's queue.
	const heldBack = (card: CardSummary) =>
		(custom === undefined || custom.kind === 'new') && card.state === 'review' && !card.suspended && (card.buriedUntil === null || card.buriedUntil <= now) && card.due !== null && card.due < day.end;
	const waitingCount = selected.filter(heldBack).length;
	const cards = waitingCount === 0 ? selected : selected.map((card) => (heldBack(card) ? {...card, due: day.end} : card));
	const clock = clockOf(settings, now);
	const outlook = outlookOf(cards, now);
	const aside = setAsidePhrase(outlook, clock);
	const lines = [`No card is waiting${aside ? `: ${aside}` : ''} · ${nextDuePhrase(outlook, clock)}${outlook.nextCard ? ` (${outlook.nextCard.deck})` : ''}.`];
	const days = (count: number) => (count === 1 ? 'day' : `${count} days`);
	if (custom?.kind === 'ahead') lines.unshift(`No card due in the next ${days(custom.days)} can be studied now.`);
	if (custom?.kind === 'forgotten') lines.unshift(`No card answered Again in the last ${days(custom.days)} can be studied now.`);
	if (custom?.kind === 'query' && selected.length === 0) lines.splice(0, lines.length, `No card matches \`${custom.query}\`${selection.decks.length + selection.tags.length > 0 ? ' in the decks and tags named' : ''}.`);
	if (waitingCount > 0) {
		lines.push(
			`${waitingCount} due ${waitingCount === 1 ? 'card waits' : 'cards wait'} for tomorrow: the daily review limit (${settings.limits.reviewsPerDay}, reviewsPerDay in the config) is reached, or another card of the same note was studied today; \`--ahead 1\` studies them now.`,
		);
	}
	const newLimit = settings.limits.newPerDay + (custom?.kind === 'new' ? custom.cards : 0);
	const newLimited = (custom === undefined || custom.kind === 'new') && studiedToday(store, day).newCards >= newLimit && someNewCard(store, accept);
	return {lines, newLimited};
}

/** For the end of a session: `Next card due tomorrow (Sun) · 2 buried until tomorrow, 1 suspended`. */
function outlookLine(settings: Settings, cards: readonly CardSummary[], now: number): string {
	const clock = clockOf(settings, now);
	const outlook = outlookOf(cards, now);
	const aside = setAsidePhrase(outlook, clock);
	const next = nextDuePhrase(outlook, clock);
	return `${next.charAt(0).toUpperCase()}${next.slice(1)}${aside ? ` · ${aside}` : ''}`;
}

/** The outlook line for the session's cards, as they stand now. */
export function sessionOutlook(store: Store, settings: Settings, inSession: (card: CardSummary) => boolean, now: number): string {
	return outlookLine(settings, outlookCards(store, now, inSession, Number.NEGATIVE_INFINITY), now);
}

/**
The cards `accept` keeps that can change an outlook of them, in the order `cardSummaries` gives
(which names the next card's deck when two are due at once): every one set aside; every other
one due before `readThrough` (a caller may treat those as due later); and, after those, the first
due and any due at the same moment. The rest are due later than a card already kept.
*/
export function outlookCards(store: Store, now: number, accept: (card: CardSummary) => boolean, readThrough: number): CardSummary[] {
	const kept: PlacedCard[] = setAsideCards(store, now).filter(accept);
	let firstDue: number | undefined;
	for (const card of availableCardsByDue(store, now)) {
		if (!accept(card)) continue;
		if (card.due! >= readThrough) {
			if (firstDue !== undefined && card.due! > firstDue) break;
			firstDue = card.due!;
		}
		kept.push(card);
	}
	const deckRank = new Map(activeDeckNames(store).map((name, rank) => [name, rank]));
	return kept.sort((a, b) => deckRank.get(a.deck)! - deckRank.get(b.deck)! || a.line - b.line || a.ordinal - b.ordinal);
}
