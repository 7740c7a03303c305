/*
The SQL behind multi-device sync: which local events still have to be written to this device's
log, which read events are new, and writing a card's replayed history back.
*/
import {type CardEventType, eventContent, type EventType, type LogEvent, parseEventLine, type SyncEvent} from '../../core/sync/event-log.js';
import {cardEventColumns, cardEventOfRow} from '../card-event-rows.js';
import type {HistoryEvent, ReplayedCard} from '../../core/scheduling/replay.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import {saveMemory, setBuriedUntil, setSuspended} from '../cards.js';
import {outcomeColumns} from '../review/outcome-columns.js';
import type {Store} from '../database.js';
import {readMeta, writeMeta} from '../meta.js';
import {countAnswers, countedAnswer} from '../stats/answer-slots.js';

const EXPORTED_REVIEWS = 'sync.exported_reviews_rowid';
const EXPORTED_EVENTS = 'sync.exported_events_rowid';
const EXPORTED_PARAMETERS = 'sync.exported_parameters_rowid';

export type PendingExport = {readonly events: readonly LogEvent[]; readonly reviewsRowid: number; readonly eventsRowid: number; readonly parametersRowid: number};

/** This device's events not yet written to its log (with `everything`, all of them), oldest first. */
export function eventsToExport(store: Store, everything = false): PendingExport {
	const events: LogEvent[] = [];
	const marks = eachEventToExport(store, everything, (event) => events.push(event));
	return {events, ...marks};
}

/** How far into each table of events an export reached: the last row it wrote or stepped past. */
export type ExportMarks = Pick<PendingExport, 'reviewsRowid' | 'eventsRowid' | 'parametersRowid'>;

/** The marks before any export: every row of every table is still to be written. */
const NOTHING_EXPORTED: ExportMarks = {reviewsRowid: 0, eventsRowid: 0, parametersRowid: 0};

/** Where the last export stopped in each table. */
export function exportedUpTo(store: Store): ExportMarks {
	return {
		reviewsRowid: Number(readMeta(store, EXPORTED_REVIEWS) ?? 0),
		eventsRowid: Number(readMeta(store, EXPORTED_EVENTS) ?? 0),
		parametersRowid: Number(readMeta(store, EXPORTED_PARAMETERS) ?? 0),
	};
}

/** Each table's last row now: where an export of everything stored so far stops. */
export function lastEventRows(store: Store): ExportMarks {
	const [reviews, events, parameters] = store
		.statement('SELECT (SELECT max(rowid) FROM reviews), (SELECT max(rowid) FROM card_events), (SELECT max(rowid) FROM parameter_events)', 'arrays')
		.get() as [number | null, number | null, number | null];
	return {reviewsRowid: reviews ?? 0, eventsRowid: events ?? 0, parametersRowid: parameters ?? 0};
}

/** How many of this device's events lie after `from` and up to `to` in their tables. */
export function ownEventsBetween(store: Store, from: ExportMarks, to: ExportMarks): number {
	return store
		.statement(
			`SELECT (SELECT count(*) FROM reviews WHERE rowid > @fromReviews AND rowid <= @toReviews AND device_id = @device)
				+ (SELECT count(*) FROM card_events WHERE rowid > @fromEvents AND rowid <= @toEvents AND device_id = @device)
				+ (SELECT count(*) FROM parameter_events WHERE rowid > @fromParameters AND rowid <= @toParameters AND device_id = @device)`,
			'values',
		)
		.get({
			device: store.deviceId,
			fromReviews: from.reviewsRowid,
			toReviews: to.reviewsRowid,
			fromEvents: from.eventsRowid,
			toEvents: to.eventsRowid,
			fromParameters: from.parametersRowid,
			toParameters: to.parametersRowid,
		}) as number;
}

/**
At most how many events the next export writes, read from the tables' last rows: the rows added
since the last export, other devices' among them. For a progress bar, at no cost.
*/
export function eventsToExportAtMost(store: Store): number {
	const after = exportedUpTo(store);
	const top = lastEventRows(store);
	return Math.max(0, top.reviewsRowid - after.reviewsRowid) + Math.max(0, top.eventsRowid - after.eventsRowid) + Math.max(0, top.parametersRowid - after.parametersRowid);
}

/**
The same events handed to `visit` one at a time, for a log written as they come: held at once as
rows, events and lines, the history of a 200,000-review import added 250 MB to its peak memory.
The database is busy until this returns, so `visit` cannot use it.
*/
export function eachEventToExport(store: Store, everything: boolean, visit: (event: LogEvent) => void): Omit<PendingExport, 'events'> & {readonly moved: boolean} {
	const {reviewsRowid: afterReviews, eventsRowid: afterEvents, parametersRowid: afterParameters} = everything ? NOTHING_EXPORTED : exportedUpTo(store);
	const top = lastEventRows(store);
	// Rows as arrays, in the SELECT's column order: no object with a dozen named fields per row
	// of a 200,000-line export, and each event below is built in one literal.
	type Row = [
		kind: EventType | 'parameters',
		rowid: number,
		id: string,
		at: number,
		cardId: string,
		identityKey: string,
		deck: string,
		rating: Rating | null,
		durationMs: number | null,
		targetId: string | null,
		until: number | null,
		weights: string | null,
		value: string | null,
		batch: string | null,
	];
	// The marks move past other devices' rows too, read before the query so none it returns is
	// above them: left behind, a million answers synced from another device were scanned again by
	// every command (490 ms each). No row is ever deleted from these tables, so a row added later
	// always has a higher rowid than any read here.
	let reviewsRowid = Math.max(afterReviews, top.reviewsRowid);
	let eventsRowid = Math.max(afterEvents, top.eventsRowid);
	let parametersRowid = Math.max(afterParameters, top.parametersRowid);
	// `NOT INDEXED`: left to itself SQLite walks reviews_by_time for the order, over every answer
	// ever given and one table lookup per row, even to find the few new ones. Taking the new rows
	// by rowid and sorting them is 3x faster for a whole log (a large import's first export) and
	// reads only the new rows otherwise.
	const rows = store
		.statement(
			`SELECT 'review' AS kind, reviews.rowid AS rowid, reviews.id AS id, reviews.reviewed_at AS at, reviews.card_id, cards.identity_key, decks.name AS deck,
				reviews.rating, reviews.duration_ms, NULL AS target_id, NULL AS until, NULL AS weights, NULL AS value, NULL AS batch
			 FROM reviews NOT INDEXED JOIN cards ON cards.id = reviews.card_id JOIN decks ON decks.id = cards.deck_id
			 WHERE reviews.rowid > @afterReviews AND reviews.device_id = @device
			 UNION ALL
			 SELECT card_events.kind, card_events.rowid, card_events.id, card_events.at, card_events.card_id, cards.identity_key, decks.name,
				NULL, NULL, card_events.target_id, card_events.until, NULL, card_events.value, card_events.batch
			 FROM card_events JOIN cards ON cards.id = card_events.card_id JOIN decks ON decks.id = cards.deck_id
			 WHERE card_events.rowid > @afterEvents AND card_events.device_id = @device
			 UNION ALL
			 SELECT 'parameters', rowid, id, at, NULL, NULL, preset, NULL, NULL, NULL, NULL, weights, NULL, NULL
			 FROM parameter_events WHERE rowid > @afterParameters AND device_id = @device
			 ORDER BY at, id`,
			'arrays',
		)
		.iterate({afterReviews, afterEvents, afterParameters, device: store.deviceId}) as IterableIterator<Row>;
	const device = store.deviceId;
	for (const [kind, rowid, id, at, card, key, deck, rating, durationMs, targetId, until, weights, value, batch] of rows) {
		if (kind === 'parameters') {
			parametersRowid = Math.max(parametersRowid, rowid);
			visit({type: 'parameters', id, device, at, preset: deck, weights: weights === null ? null : (JSON.parse(weights) as number[])});
		} else if (kind === 'review') {
			reviewsRowid = Math.max(reviewsRowid, rowid);
			visit({type: 'review', id, device, at, card, key, deck, rating: rating!, durationMs: durationMs!});
		} else {
			eventsRowid = Math.max(eventsRowid, rowid);
			visit(cardEventOfRow({kind, id, device_id: device, at, target_id: targetId, until, value, batch}, {card, key, deck}));
		}
	}
	return {reviewsRowid, eventsRowid, parametersRowid, moved: reviewsRowid !== afterReviews || eventsRowid !== afterEvents || parametersRowid !== afterParameters};
}

/**
A stored event of this device as the export reads it back: its card named by the identity key and
deck the database holds for it, its columns as card_events keeps them. What an import hands its
log as it stores events must be what an export of them would have written.
*/
export function eventAsExported(event: SyncEvent, card: {readonly id: string; readonly key: string; readonly deck: string}, device: string): LogEvent {
	if (event.type === 'review') return {type: 'review', id: event.id, device, at: event.at, card: card.id, key: card.key, deck: card.deck, rating: event.rating, durationMs: event.durationMs};
	const [targetId, until, value, batch] = cardEventColumns(event);
	return cardEventOfRow({kind: event.type, id: event.id, device_id: device, at: event.at, target_id: targetId, until, value, batch}, {card: card.id, key: card.key, deck: card.deck});
}

export function markExported(store: Store, exported: ExportMarks): void {
	store.transaction(() => {
		writeMeta(store, EXPORTED_REVIEWS, String(exported.reviewsRowid));
		writeMeta(store, EXPORTED_EVENTS, String(exported.eventsRowid));
		writeMeta(store, EXPORTED_PARAMETERS, String(exported.parametersRowid));
	});
}

/** Export again from the first event: this device's log is new or was deleted. */
export function forgetExported(store: Store): void {
	markExported(store, NOTHING_EXPORTED);
}

const OWN_LOG = 'sync.own_log';

/** What this device last wrote to its log: the file's size then, and its last line (which names an event id, so it is unique). */
export type OwnLogMark = {readonly size: number; readonly lastLine: string};

export function ownLogMark(store: Store): OwnLogMark | undefined {
	const value = readMeta(store, OWN_LOG);
	if (!value) return undefined;
	try {
		const parsed = JSON.parse(value) as Partial<OwnLogMark>;
		return typeof parsed.size === 'number' && typeof parsed.lastLine === 'string' ? {size: parsed.size, lastLine: parsed.lastLine} : undefined;
	} catch {
		return undefined;
	}
}

export function setOwnLogMark(store: Store, mark: OwnLogMark): void {
	writeMeta(store, OWN_LOG, JSON.stringify(mark));
}

/** Of these event ids, the ones this database already holds (as events or waiting for their card). */
function knownEventIds(store: Store, ids: readonly string[]): Set<string> {
	if (ids.length === 0) return new Set();
	const rows = store
		.statement(
			`SELECT id FROM reviews WHERE id IN (SELECT value FROM json_each(@ids))
			 UNION ALL SELECT id FROM card_events WHERE id IN (SELECT value FROM json_each(@ids))
			 UNION ALL SELECT id FROM parameter_events WHERE id IN (SELECT value FROM json_each(@ids))
			 UNION ALL SELECT id FROM pending_events WHERE id IN (SELECT value FROM json_each(@ids))`,
		)
		.all({ids: JSON.stringify(ids)}) as Array<{id: string}>;
	return new Set(rows.map((row) => row.id));
}

/**
The local card an event means: the same id, or else the card with the same identity key
(preferring an active card in the same deck). Undefined when no local card matches yet.
*/
export function resolveEventCard(store: Store, event: Pick<SyncEvent, 'card' | 'key' | 'deck'>): string | undefined {
	if (store.statement('SELECT 1 FROM cards WHERE id = ?').get(event.card)) return event.card;
	const row = store
		.statement(
			`SELECT cards.id FROM cards JOIN decks ON decks.id = cards.deck_id WHERE cards.identity_key = ?
			 ORDER BY cards.retired_at IS NOT NULL, decks.name = ? DESC, cards.id LIMIT 1`,
		)
		.get(event.key, event.deck) as {id: string} | undefined;
	return row?.id;
}

/** Store an event read from a log under the local card id; false when it was already there. Its derived figures are filled by the card's replay. */
export function insertImportedEvent(store: Store, event: SyncEvent, cardId: string): boolean {
	if (event.type === 'review') {
		const added =
			store
				.statement(
					`INSERT OR IGNORE INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before,
						scheduled_days_before, elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after)
					 VALUES (?, ?, ?, ?, ?, ?, 'new', 0, 0, 0, 0, NULL, 'new', 0, 0, 0, ?)`,
				)
				.run(event.id, cardId, event.device, event.at, event.rating, event.durationMs, event.at).changes > 0;
		if (added) countAnswers(store, [{cardId, reviewedAt: event.at, durationMs: event.durationMs, stateBefore: 'new', scheduledDaysBefore: 0, rating: event.rating, retrievability: null}], 1);
		return added;
	}
	return store
		.statement('INSERT OR IGNORE INTO card_events (id, card_id, device_id, at, kind, target_id, until, value, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
		.run(event.id, cardId, event.device, event.at, event.type, ...cardEventColumns(event)).changes > 0;
}

/**
Keep an event whose card this machine does not have yet, or whose time has not come yet.
received_at holds when it may first be applied: now, or the event's own time when that is later.
*/
export function addPendingEvent(store: Store, event: SyncEvent, line: string, source: string, now: number): void {
	store
		.statement('INSERT OR IGNORE INTO pending_events (id, card, identity_key, deck, line, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
		.run(event.id, event.card, event.key, event.deck, line, source, Math.max(now, event.at));
}

/** How many events wait, and the bytes of their lines. */
export function pendingTotals(store: Store): {count: number; bytes: number} {
	const row = store.statement('SELECT count(*) AS count, coalesce(sum(length(CAST(line AS BLOB))), 0) AS bytes FROM pending_events').get() as {count: number; bytes: number};
	return row;
}

/**
The waiting events that can be applied now: their time has come and a card with their id or
identity key exists. Found by the indexes, so a sync with thousands waiting stays fast.
*/
export function readyPendingEvents(store: Store, now: number): Array<{id: string; line: string; source: string}> {
	return store
		.statement(
			`SELECT id, line, source FROM pending_events AS pending WHERE received_at <= ?
			 AND (EXISTS (SELECT 1 FROM cards WHERE cards.id = pending.card) OR EXISTS (SELECT 1 FROM cards WHERE cards.identity_key = pending.identity_key))
			 ORDER BY received_at, id`,
		)
		.all(now) as Array<{id: string; line: string; source: string}>;
}

/** Forget every waiting event; returns how many there were. */
export function dropPendingEvents(store: Store): number {
	return store.statement('DELETE FROM pending_events').run().changes;
}

/** An event this database already holds, as what it says (its content) and the card it is about. */
export type StoredEvent = {
	readonly id: string;
	readonly table: 'reviews' | 'card_events' | 'parameter_events' | 'pending_events';
	readonly content: string;
	readonly cardId: string | null;
	readonly identityKey: string | null;
};

/** Whether this database holds any event (an answer, a card event, parameters, one waiting for its card). */
export function holdsEvents(store: Store): boolean {
	return (
		store
			.statement(
				`SELECT EXISTS (SELECT 1 FROM reviews) OR EXISTS (SELECT 1 FROM card_events) OR EXISTS (SELECT 1 FROM parameter_events) OR EXISTS (SELECT 1 FROM pending_events)`,
				'values',
			)
			.get() === 1
	);
}

/** Of these event ids, the events this database already holds (as events or waiting for their card). */
export function storedEvents(store: Store, ids: readonly string[]): Map<string, StoredEvent> {
	const found = new Map<string, StoredEvent>();
	if (ids.length === 0) return found;
	type Row = {
		tbl: StoredEvent['table'];
		id: string;
		kind: string;
		device_id: string;
		at: number;
		rating: Rating | null;
		duration_ms: number | null;
		target_id: string | null;
		until: number | null;
		preset: string | null;
		weights: string | null;
		value: string | null;
		batch: string | null;
		card_id: string | null;
		identity_key: string | null;
		line: string | null;
	};
	const rows = store
		.statement(
			`SELECT 'reviews' AS tbl, reviews.id, 'review' AS kind, reviews.device_id, reviews.reviewed_at AS at, reviews.rating, reviews.duration_ms,
				NULL AS target_id, NULL AS until, NULL AS preset, NULL AS weights, NULL AS value, NULL AS batch, reviews.card_id, cards.identity_key, NULL AS line
			 FROM reviews JOIN cards ON cards.id = reviews.card_id WHERE reviews.id IN (SELECT value FROM json_each(@ids))
			 UNION ALL
			 SELECT 'card_events', card_events.id, card_events.kind, card_events.device_id, card_events.at, NULL, NULL,
				card_events.target_id, card_events.until, NULL, NULL, card_events.value, card_events.batch, card_events.card_id, cards.identity_key, NULL
			 FROM card_events JOIN cards ON cards.id = card_events.card_id WHERE card_events.id IN (SELECT value FROM json_each(@ids))
			 UNION ALL
			 SELECT 'parameter_events', id, 'parameters', device_id, at, NULL, NULL, NULL, NULL, preset, weights, NULL, NULL, NULL, NULL, NULL
			 FROM parameter_events WHERE id IN (SELECT value FROM json_each(@ids))
			 UNION ALL
			 SELECT 'pending_events', id, '', '', 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, card, identity_key, line
			 FROM pending_events WHERE id IN (SELECT value FROM json_each(@ids))`,
		)
		.all({ids: JSON.stringify(ids)}) as Row[];
	for (const row of rows) {
		let event: LogEvent | undefined;
		if (row.tbl === 'pending_events') {
			const parsed = parseEventLine(row.line ?? '');
			event = parsed.kind === 'event' ? parsed.event : undefined;
		} else if (row.kind === 'parameters') {
			event = {type: 'parameters', id: row.id, device: row.device_id, at: row.at, preset: row.preset ?? '', weights: row.weights === null ? null : (JSON.parse(row.weights) as number[])};
		} else {
			const card = {card: row.card_id ?? '', key: row.identity_key ?? '', deck: ''};
			if (row.kind === 'review') event = {id: row.id, device: row.device_id, at: row.at, ...card, type: 'review', rating: row.rating!, durationMs: row.duration_ms ?? 0};
			else event = cardEventOfRow({...row, kind: row.kind as CardEventType}, card);
		}
		found.set(row.id, {id: row.id, table: row.tbl, content: event ? eventContent(event) : '', cardId: row.card_id, identityKey: row.identity_key});
	}
	return found;
}

/** Remove a stored event, to put the version of it that wins a conflict in its place. */
export function removeStoredEvent(store: Store, stored: StoredEvent): void {
	const counted = stored.table === 'reviews' ? countedAnswer(store, stored.id) : undefined;
	if (counted) countAnswers(store, [counted], -1);
	store.statement(`DELETE FROM ${stored.table} WHERE id = ?`).run(stored.id);
}

function removePendingEvent(store: Store, id: string): void {
	store.statement('DELETE FROM pending_events WHERE id = ?').run(id);
}

export type SyncFileState = {
	readonly name: string;
	readonly offset: number;
	readonly line: number;
	readonly size: number;
	readonly mtimeMs: number;
	readonly tail: string;
	readonly deviceId: string | null;
	readonly deviceName: string | null;
	readonly lastEventAt: number | null;
	readonly events: number;
};

export function syncFileStates(store: Store): Map<string, SyncFileState> {
	type Row = {name: string; offset: number; line: number; size: number; mtime_ms: number; tail: string; device_id: string | null; device_name: string | null; last_event_at: number | null; events: number};
	const rows = store.statement('SELECT * FROM sync_files').all() as Row[];
	return new Map(
		rows.map((row) => [
			row.name,
			{name: row.name, offset: row.offset, line: row.line, size: row.size, mtimeMs: row.mtime_ms, tail: row.tail, deviceId: row.device_id, deviceName: row.device_name, lastEventAt: row.last_event_at, events: row.events},
		]),
	);
}

export function saveSyncFileState(store: Store, state: SyncFileState): void {
	store
		.statement(
			`INSERT INTO sync_files (name, offset, line, size, mtime_ms, tail, device_id, device_name, last_event_at, events)
			 VALUES (@name, @offset, @line, @size, @mtimeMs, @tail, @deviceId, @deviceName, @lastEventAt, @events)
			 ON CONFLICT (name) DO UPDATE SET offset = excluded.offset, line = excluded.line, size = excluded.size, mtime_ms = excluded.mtime_ms,
				tail = excluded.tail, device_id = excluded.device_id, device_name = excluded.device_name, last_event_at = excluded.last_event_at, events = excluded.events`,
		)
		.run(state);
}

/** Every card that has any history, with its deck and due time. */
export function cardsWithAnyHistory(store: Store): Array<{id: string; deck: string; due: number | null}> {
	return store
		.statement(
			`SELECT cards.id, decks.name AS deck, cards.due FROM cards JOIN decks ON decks.id = cards.deck_id
			 WHERE EXISTS (SELECT 1 FROM reviews WHERE card_id = cards.id) OR EXISTS (SELECT 1 FROM card_events WHERE card_id = cards.id)`,
		)
		.all() as Array<{id: string; deck: string; due: number | null}>;
}

/** How many cards the database holds, retired ones included. */
export function cardCount(store: Store): number {
	return (store.statement('SELECT count(*) AS n FROM cards').get() as {n: number}).n;
}

/** Read every log again from its start at the next sync (events already held are recognised by id). */
export function forgetReadPositions(store: Store): void {
	store.statement('DELETE FROM sync_files').run();
}

/** Every card's id and identity key, to tell at once which of many read events can have a card here. */
export function cardIdsAndKeys(store: Store): {ids: Set<string>; keys: Set<string>} {
	const rows = store.statement('SELECT id, identity_key FROM cards', 'arrays').all() as Array<[string, string]>;
	return {ids: new Set(rows.map((row) => row[0])), keys: new Set(rows.map((row) => row[1]))};
}
