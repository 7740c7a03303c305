/*
The queries behind `fluency doctor`: SQLite's own checks, and rows that contradict each other.
*/
import type Database from 'better-sqlite3';
import {openSqlite} from '../sqlite.js';
import type {Memory} from '../../core/scheduling/scheduler.js';
import {memoryOf} from '../cards.js';
import {isDamage, type Store} from '../database.js';
import {recountAnswerSlots} from '../stats/answer-slots.js';

/** What SQLite's integrity check finds wrong; a check that itself fails on the damage is one problem. */
export function integrityProblems(store: Store): string[] {
	try {
		const rows = store.db.pragma('integrity_check') as Array<{integrity_check: string}>;
		return rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
	} catch (thrown) {
		if (isDamage(thrown)) return [(thrown as Error).message];
		throw thrown;
	}
}

/** The same check on a file opened read-only, for a database too damaged (or too old) to open as a store. */
export function fileIntegrityProblems(path: string): string[] {
	let db: Database.Database | undefined;
	try {
		db = openSqlite(path, {readonly: true, fileMustExist: true});
		const rows = db.pragma('integrity_check') as Array<{integrity_check: string}>;
		return rows.map((row) => row.integrity_check).filter((message) => message !== 'ok');
	} catch (thrown) {
		if (isDamage(thrown)) return [(thrown as Error).message];
		throw thrown;
	} finally {
		db?.close();
	}
}

export function foreignKeyProblems(store: Store): Array<{table: string; rowid: number; parent: string}> {
	return store.db.pragma('foreign_key_check') as Array<{table: string; rowid: number; parent: string}>;
}

/** The times an answer or a card event can plausibly carry: from 2006 to now plus the clock skew allowed. */
export type TimeWindow = {readonly earliest: number; readonly latest: number};
const ANY_DATE: TimeWindow = {earliest: 0, latest: 8.64e15};

const IMPOSSIBLE_REVIEWS = 'FROM reviews WHERE reviewed_at < @earliest OR reviewed_at > @latest OR duration_ms < 0';
const IMPOSSIBLE_EVENTS = "FROM card_events WHERE at < @earliest OR at > @latest OR (kind IN ('bury', 'due') AND (until IS NULL OR abs(until) > 8.64e15))";

/**
Remove the answers and card events whose time is impossible (a forged log line read by an older
fluency, which checked no dates). Returns the cards they were about, to replay without them.
*/
export function removeImpossibleEvents(store: Store, window: TimeWindow): string[] {
	const cards = store.db.prepare(`SELECT card_id ${IMPOSSIBLE_REVIEWS} UNION SELECT card_id ${IMPOSSIBLE_EVENTS}`).pluck().all(window) as string[];
	const removedAnswers = store.db.prepare(`DELETE ${IMPOSSIBLE_REVIEWS}`).run(window).changes;
	store.db.prepare(`DELETE ${IMPOSSIBLE_EVENTS}`).run(window);
	// Rare enough (forged lines, once) to count every answer again rather than each removed one.
	if (removedAnswers > 0) recountAnswerSlots(store);
	return cards;
}

/** Counts of rows that should not exist, each with a sentence saying what they are. */
export function orphanedRows(store: Store, window: TimeWindow = ANY_DATE): Array<{count: number; what: string}> {
	const count = (sql: string) => (store.db.prepare(sql).get() as {n: number}).n;
	return [
		{count: count('SELECT count(*) AS n FROM cards JOIN decks ON decks.id = cards.deck_id WHERE cards.retired_at IS NULL AND decks.retired_at IS NOT NULL'), what: 'active cards in a deck that was removed'},
		{
			count: count("SELECT count(*) AS n FROM reviews WHERE undone_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM card_events WHERE kind = 'undo' AND target_id = reviews.id)"),
			what: 'answers marked undone with no undo event',
		},
		{
			count: count("SELECT count(*) AS n FROM card_events WHERE kind = 'undo' AND NOT EXISTS (SELECT 1 FROM reviews WHERE reviews.id = card_events.target_id AND reviews.card_id = card_events.card_id)"),
			what: 'undo events whose answer is missing',
		},
		{count: (store.db.prepare(`SELECT count(*) AS n ${IMPOSSIBLE_REVIEWS}`).get(window) as {n: number}).n, what: 'answers with an impossible time or duration (fluency doctor --repair removes them)'},
		{count: (store.db.prepare(`SELECT count(*) AS n ${IMPOSSIBLE_EVENTS}`).get(window) as {n: number}).n, what: 'card events with an impossible time (fluency doctor --repair removes them)'},
	].filter((entry) => entry.count > 0);
}

export type StoredState = {readonly id: string; readonly deck: string; readonly memory: Memory; readonly suspended: boolean; readonly buriedUntil: number | null};

/** Every card that has any history, with its stored state. */
export function cardsWithHistory(store: Store): StoredState[] {
	type Row = Parameters<typeof memoryOf>[0] & {id: string; deck: string; suspended: number; buried_until: number | null};
	const rows = store.db
		.prepare(
			`SELECT cards.*, decks.name AS deck FROM cards JOIN decks ON decks.id = cards.deck_id
			 WHERE EXISTS (SELECT 1 FROM reviews WHERE card_id = cards.id) OR EXISTS (SELECT 1 FROM card_events WHERE card_id = cards.id)`,
		)
		.all() as Row[];
	return rows.map((row) => ({id: row.id, deck: row.deck, memory: memoryOf(row), suspended: row.suspended === 1, buriedUntil: row.buried_until}));
}
