/*
An Anki card's history as fluency's log events: its graded reviews since its last start (as Anki's
FSRS reads them, see review-history.ts), its suspension and leech tag, and the due date Anki gave
it. Ids come from Anki's ids, so the same card gives the same events on every import. Built from
the package alone: the database only decides, afterwards, which of the events are new.
*/
import {LEECH_TAG} from '../../review/leech.js';
import type {Rating} from '../../scheduling/scheduler.js';
import type {SyncEvent} from '../../sync/event-log.js';
import {stableEventId} from '../../sync/event-id.js';
import type {AnkiCard} from './collection.js';
import {historyToKeep} from './review-history.js';
import type {AnkiReview, AnkiReviewLog} from './review-log.js';

const DAY_SECONDS = 86_400;

export type ImportedCardHistory = {
	readonly cardId: string;
	readonly events: readonly SyncEvent[];
	/** Carried over from the other program: when the card is next due, if it has been studied. */
	readonly due?: number;
};

/** What the report counts of the histories read: see AnkiImportReport. */
export type HistoryTally = {reviewsBeforeLastStart: number; cardsWithoutLearningStart: number; studiedCardsWithoutHistory: number};

/** The id of the event an Anki review becomes: the same for the same review on every import. */
export function ankiReviewEventId(ankiCardId: number, reviewId: number): string {
	return stableEventId(reviewId, `anki-revlog:${ankiCardId}:${reviewId}`);
}

/** Where a review's event id comes from: worked out here, or looked up where another thread worked it out ahead. */
export type ReviewEventIds = (ankiCardId: number, review: AnkiReview) => string;
const workedOutHere: ReviewEventIds = (ankiCardId, review) => ankiReviewEventId(ankiCardId, review.id);

/** The fluency card an Anki card's history is written for. */
export type HistoryTarget = {readonly device: string; readonly card: string; readonly key: string; readonly deck: string};

/** An Anki card's next due time: review days count from the collection's creation, learning steps in seconds. */
function dueOf(created: number, card: AnkiCard): number | undefined {
	const due = card.originalDeckId ? card.originalDue : card.due;
	if (card.type === 0 || due <= 0) return undefined;
	if (card.type === 2 || card.queue === 3 || card.queue === 2) return (created + due * DAY_SECONDS) * 1000;
	return due > 1_000_000_000 ? due * 1000 : undefined;
}

/**
An Anki card's reviews, suspension and leech tag (`leech`: its note is tagged so) as log events
for the fluency card `target`, counted into `tally`; undefined when it has none.
*/
export function ankiCardHistory(
	collection: {readonly created: number; readonly reviews: AnkiReviewLog},
	ankiCard: AnkiCard,
	target: HistoryTarget,
	leech: boolean,
	tally: HistoryTally,
	eventIdOf: ReviewEventIds = workedOutHere,
): ImportedCardHistory | undefined {
	const rows = collection.reviews.of(ankiCard.id);
	const kept = historyToKeep(rows);
	tally.reviewsBeforeLastStart += kept.leftOut;
	if (kept.kind === 'incomplete') tally.cardsWithoutLearningStart++;
	if (kept.kind === 'none' && ankiCard.type !== 0) tally.studiedCardsWithoutHistory++;
	const {device, card, key, deck} = target;
	// Each field named, not `...target`: Node 20 builds `{...target, more}` about 50 times slower, 1.5 s of a 200,000-review import.
	const events: SyncEvent[] = kept.reviews.map((review) => ({
		type: 'review',
		id: eventIdOf(ankiCard.id, review),
		device,
		at: review.id,
		card,
		key,
		deck,
		rating: review.ease as Rating,
		durationMs: Math.max(0, review.time),
	}));
	// Timed after the card's last review, so the same suspension or tag gets the same id on every import.
	const after = (rows.at(-1)?.id ?? collection.created * 1000) + 1;
	if (ankiCard.queue === -1) events.push({device, card, key, deck, type: 'suspend', id: stableEventId(after, `anki-suspend:${ankiCard.id}`), at: after});
	// A database tag, as a leech found here gets.
	if (leech) events.push({device, card, key, deck, type: 'tag', tag: LEECH_TAG, id: stableEventId(after, `anki-leech:${ankiCard.id}`), at: after});
	if (events.length === 0) return undefined;
	const due = dueOf(collection.created, ankiCard);
	return {cardId: card, events, ...(due === undefined ? {} : {due})};
}
