import type {CardEventType} from '../../core/sync/event-log.js';
import type {StudyDay} from '../../core/scheduling/day.js';
import {answerTimeMs} from '../../core/review/answer-time.js';
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import type {AnswerOutcome, Memory, Rating} from '../../core/scheduling/scheduler.js';
import {getCard, saveMemory, setBuriedUntil, setSuspended, type StoredCard} from '../cards.js';
import {StoreError, type Store} from '../database.js';
import {replayAndSave} from '../scheduling/card-replay.js';
import {countAnswers} from '../stats/answer-slots.js';
import {outcomeColumns} from './outcome-columns.js';


export type RecordedAnswer = {
	readonly reviewId: string;
	readonly card: StoredCard;
	readonly outcome: AnswerOutcome;
	/** When the answer is recorded as given (after the card's last answer) and the time it is recorded as taking. */
	readonly at: number;
	readonly durationMs: number;
};

/**
Record an answer: the review row and the card's new state in one transaction, committed before
this returns. The card's current state is read inside the transaction, so an answer given in
another terminal meanwhile is built upon, never overwritten.

An answer is recorded no earlier than just after the card's last review. Otherwise an answer
whose clock reading was taken before another terminal committed a later one would sit before it
in time but after it in the card's state, and replaying the history would give another state.
`schedule` receives that recorded time.
*/
export function recordAnswer(
	store: Store,
	answer: {cardId: string; rating: Rating; at: number; durationMs: number},
	schedule: (memory: Memory, at: number) => AnswerOutcome,
): RecordedAnswer {
	return store.transaction(() => {
		const card = getCard(store, answer.cardId);
		if (!card) throw new StoreError(`card ${answer.cardId} is not in the database`);
		const asked = Math.round(answer.at);
		const at = card.memory.lastReview === null ? asked : Math.max(asked, card.memory.lastReview + 1);
		const outcome = schedule(card.memory, at);
		const reviewId = store.newEventId();
		const durationMs = answerTimeMs(answer.durationMs);
		store
			.statement(
				`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before,
					scheduled_days_before, elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after)
				 VALUES (@id, @cardId, @deviceId, @at, @rating, @durationMs, @stateBefore, @stabilityBefore, @difficultyBefore,
					@scheduledDaysBefore, @elapsedDays, @retrievability, @stateAfter, @stabilityAfter, @difficultyAfter, @scheduledDays, @dueAfter)`,
			)
			.run({
				id: reviewId,
				cardId: card.id,
				deviceId: store.deviceId,
				at,
				rating: answer.rating,
				durationMs,
				...outcomeColumns(outcome, at),
			});
		countAnswers(store, [{cardId: card.id, reviewedAt: at, durationMs, stateBefore: outcome.before.state, scheduledDaysBefore: outcome.before.scheduledDays, rating: answer.rating, retrievability: outcome.retrievability}], 1);
		saveMemory(store, card.id, outcome.after);
		// The day load balancing chose depends on this device's due counts: recorded, so a replay anywhere applies it.
		if (outcome.balanced && outcome.after.due !== null) appendEvent(store, card.id, 'due', at, reviewId, outcome.after.due);
		return {reviewId, card, outcome, at, durationMs};
	});
}

/**
Undo an answer: the review is marked undone (never deleted), an undo event is appended, and the
card is replayed from its history without that answer, as every other device replays it when the
undo reaches it. The card gets back the state it had before the answer, and loses what the answer
brought with it (a leech's tag and suspension, a load-balanced date). Returns the card, or
undefined when that review is already undone or was not the card's latest answer.
*/
export function undoAnswer(store: Store, reviewId: string, at: number, schedulerFor: SchedulerFor): StoredCard | undefined {
	return store.transaction(() => {
		type Row = {card_id: string; undone_at: number | null; reviewed_at: number};
		const review = store.statement('SELECT card_id, undone_at, reviewed_at FROM reviews WHERE id = ?').get(reviewId) as Row | undefined;
		if (!review || review.undone_at !== null) return undefined;
		const later = store
			.statement('SELECT 1 FROM reviews WHERE card_id = ? AND undone_at IS NULL AND (reviewed_at > ? OR (reviewed_at = ? AND id > ?))')
			.get(review.card_id, review.reviewed_at, review.reviewed_at, reviewId);
		if (later) return undefined;
		const card = getCard(store, review.card_id);
		if (!card) throw new StoreError(`card ${review.card_id} is not in the database`);
		appendEvent(store, review.card_id, 'undo', at, reviewId);
		replayAndSave(store, review.card_id, schedulerFor(card.deck));
		return getCard(store, review.card_id);
	});
}

export function suspendCard(store: Store, cardId: string, suspended: boolean, at: number): void {
	store.transaction(() => {
		setSuspended(store, cardId, suspended);
		appendEvent(store, cardId, suspended ? 'suspend' : 'unsuspend', at);
	});
}

/** Hide a card until `until` (the start of the next study day). */
export function buryCard(store: Store, cardId: string, until: number | null, at: number): void {
	store.transaction(() => {
		setBuriedUntil(store, cardId, until);
		appendEvent(store, cardId, until === null ? 'unbury' : 'bury', at, null, until);
	});
}

function appendEvent(store: Store, cardId: string, kind: CardEventType, at: number, targetId: string | null = null, until: number | null = null, value: string | null = null): string {
	const id = store.newEventId();
	store
		.statement('INSERT INTO card_events (id, card_id, device_id, at, kind, target_id, until, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
		.run(id, cardId, store.deviceId, at, kind, targetId, until, value);
	return id;
}

/** How much of today's limits earlier answers used, and which notes were answered today. */
export function studiedToday(store: Store, day: StudyDay): {newCards: number; reviews: number; notesSeen: Set<string>} {
	type Row = {state_before: string; note_key: string};
	const rows = store
		.statement(
			// The note from cards_deck_by_id (migration 17), not from the card's row.
			`SELECT reviews.state_before, cards.note_key FROM reviews JOIN cards INDEXED BY cards_deck_by_id ON cards.id = reviews.card_id
			 WHERE reviews.reviewed_at >= ? AND reviews.reviewed_at < ? AND reviews.undone_at IS NULL`,
		)
		.all(day.start, day.end) as Row[];
	return {
		newCards: rows.filter((row) => row.state_before === 'new').length,
		reviews: rows.filter((row) => row.state_before === 'review').length,
		notesSeen: new Set(rows.map((row) => row.note_key)),
	};
}

export type ReviewRecord = {
	readonly id: string;
	readonly cardId: string;
	readonly reviewedAt: number;
	readonly rating: Rating;
	readonly durationMs: number;
	readonly stateBefore: string;
	readonly undoneAt: number | null;
};

/** A card's answers in time order, undone ones included. */
export function reviewsOfCard(store: Store, cardId: string): ReviewRecord[] {
	type Row = {id: string; card_id: string; reviewed_at: number; rating: Rating; duration_ms: number; state_before: string; undone_at: number | null};
	return (store.statement('SELECT id, card_id, reviewed_at, rating, duration_ms, state_before, undone_at FROM reviews WHERE card_id = ? ORDER BY reviewed_at, id').all(cardId) as Row[]).map(
		(row) => ({id: row.id, cardId: row.card_id, reviewedAt: row.reviewed_at, rating: row.rating, durationMs: row.duration_ms, stateBefore: row.state_before, undoneAt: row.undone_at}),
	);
}

export function reviewCount(store: Store): number {
	return (store.statement('SELECT count(*) AS n FROM reviews WHERE undone_at IS NULL').get() as {n: number}).n;
}
