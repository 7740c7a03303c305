import {resolve} from 'node:path';
import {DAY_MS, systemUtcOffset, type UtcOffset} from '../../core/scheduling/day.js';
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import {type Rating} from '../../core/scheduling/scheduler.js';
import {getCard} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {activeCardIdsAtLine, activeCardIdsStartingWith, isActiveCardId} from '../../store/search/named-cards.js';
import {type AnswerRecord, answersOf} from '../../store/search/search-cards.js';
import {UsageError} from '../errors.js';
import {type ReviewCard, reviewCardOf} from '../review/review-card.js';
import type {Fluency} from '../service/fluency.js';
import {selectCards} from './select-cards.js';

/** Everything `fluency info` and the review's `i` show about one card. */
export type CardInfo = {
	readonly card: ReviewCard;
	readonly ordinal: number;
	/** The deck file's tags, then those kept in the database only (`marked`, `leech`). */
	readonly tags: readonly string[];
	readonly suspended: boolean;
	readonly buried: boolean;
	/** Recall now; null for a new card. */
	readonly retrievability: number | null;
	readonly answers: readonly AnswerRecord[];
	/** The time zone its dates are shown in: the one study days are counted in. */
	readonly utcOffset: UtcOffset;
	/** The forgetting curve since the last answer: recall after `days` study days, what the chart draws; undefined for a new card. */
	readonly curve?: {readonly recallAfter: (days: number) => number; readonly daysSinceReview: number; readonly intervalDays: number; readonly desiredRetention: number};
};

/** A card's info at `now`, from the store: what the review's overlay reads. Undefined when the card is not in the database. */
export function cardInfoOf(store: Store, schedulerFor: SchedulerFor, cardId: string, now: number): CardInfo | undefined {
	const stored = getCard(store, cardId);
	if (!stored) return undefined;
	const scheduler = schedulerFor(stored.deck);
	const {memory} = stored;
	const answers = answersOf(store, cardId);
	const lastReview = memory.lastReview;
	const studied = memory.state !== 'new' && lastReview !== null && memory.stability > 0;
	return {
		card: reviewCardOf(stored),
		ordinal: stored.ordinal,
		tags: [...stored.tags, ...stored.dbTags],
		suspended: stored.suspended,
		buried: stored.buriedUntil !== null && stored.buriedUntil > now,
		retrievability: scheduler.retrievability(memory, now),
		answers,
		utcOffset: scheduler.settings.studyDays?.utcOffset ?? systemUtcOffset,
		...(studied
			? {
					curve: {
						recallAfter: (days: number) => scheduler.retrievability(memory, lastReview + days * DAY_MS) ?? 0,
						daysSinceReview: scheduler.studyDaysBetween(lastReview, now),
						intervalDays: memory.scheduledDays,
						desiredRetention: scheduler.settings.desiredRetention,
					},
				}
			: {}),
	};
}

/**
`fluency info CARD`: the one card `what` names: a card id (or its start), `deck:line` (the note at
that line; a note of several cards must be told apart by id), or a search that matches exactly one card.
*/
export function cardInfo(fluency: Fluency, what: string, now: number = fluency.now()): CardInfo {
	const id = cardIdFor(fluency, what, now);
	return cardInfoOf(fluency.store, fluency.schedulerFor, id, now)!;
}

function cardIdFor(fluency: Fluency, what: string, now: number): string {
	const {store} = fluency;
	if (isActiveCardId(store, what)) return what;
	const place = /^(.+):(\d+)$/.exec(what);
	if (place) {
		const [, target, line] = place;
		const deck = target!.replace(/^deck:/, '');
		const note = activeCardIdsAtLine(store, deck.endsWith('.md') ? {path: resolve(deck)} : {name: deck}, Number(line));
		if (note !== undefined) {
			if (note.length === 0) throw new UsageError(`${what}: no card starts at or above line ${line}`);
			if (note.length > 1) throw new UsageError(`${what} is a note of ${note.length} cards: give one of their ids (${note.join(', ')})`);
			return note[0]!;
		}
	}
	if (/^[0-9a-f]{4,16}$/.test(what)) {
		const prefixed = activeCardIdsStartingWith(store, what);
		if (prefixed.length === 1) return prefixed[0]!;
		if (prefixed.length > 1) throw new UsageError(`${what} is the start of ${prefixed.length} card ids: give more of it`);
	}
	const matching = selectCards(fluency, what, now);
	if (matching.length === 1) return matching[0]!;
	if (matching.length === 0) throw new UsageError(`no card id, deck:line or search matches \`${what}\``);
	throw new UsageError(`\`${what}\` matches ${matching.length} cards: narrow it to one (\`fluency find\` lists them)`);
}
