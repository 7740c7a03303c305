/*
The per-device event log that carries review history between machines: one JSON object per
line, appended only by the device that owns the file, readable in a git diff.

  {"type":"device","device":"0190…","name":"laptop","created":"2026-11-24T09:00:00.000Z"}
  {"type":"review","id":"0190…","device":"0190…","at":"2026-11-24T09:01:02.345Z","card":"3f2a…","key":"q:what is ci#0","deck":"backend","rating":3,"ms":4100}
  {"type":"undo","id":"…","device":"…","at":"…","card":"…","key":"…","deck":"…","target":"<review id>"}
  {"type":"bury","id":"…",…,"until":"2026-11-25T03:00:00.000Z"}
  {"type":"due","id":"…",…,"due":"2026-12-20T00:00:00.000Z"}             (optionally "target":"<review id>")
  {"type":"parameters","id":"…","device":"…","at":"…","preset":"" or "<deck>","weights":[0.212,…] or null}
  {"type":"tag","id":"…",…,"tag":"marked"}     {"type":"untag",…,"tag":"leech"}     {"type":"flag",…,"flag":2}
  {"type":"suspend","id":"…",…,"batch":"<command id>"}     {"type":"undo",…,"target":"<card event id>","batch":"…"}

Tags set here (`marked`, `leech`) and a flag 0–4 live in the database only: the deck file is never
rewritten for them, so they travel as events. A `batch` names the command (`fluency suspend …`) an
event belongs to, so `fluency undo` takes back the whole command, one undo per card event. A
`target` on an event other than an undo or a due names the answer that caused it (a leech's tag
and suspension), so it goes when that answer is undone.

A `due` event carries a due date over from another program (an Anki import keeps Anki's date),
so every device replays it instead of computing its own.

Events name their card by id and by identity key, so a machine that gave the card another id
(it first saw the card with different text) can still find it.

A `parameters` event is about no card: it sets (or, with null weights, forgets) the fitted FSRS
parameters of a preset ("" for the global ones), so every device schedules with the same ones.
*/
import {DEFAULT_WEIGHTS, type Rating} from '../scheduling/scheduler.js';

/** Every kind of card event besides an answer, listed once: the log, the database and the replay take them from here. */
const CARD_EVENT_TYPES = ['undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset', 'due', 'tag', 'untag', 'flag'] as const;
export type CardEventType = (typeof CARD_EVENT_TYPES)[number];
/** The card events that carry nothing but their time. */
type PlainCardEventType = Exclude<CardEventType, 'undo' | 'bury' | 'due' | 'tag' | 'untag' | 'flag'>;
/** The highest flag: 0 is none, 1–4 are Anki's red, orange, green, blue. */
const MAX_FLAG = 4;
/** A tag set in the database (not in the deck file): letters, digits, `-` and `_`, as the search language reads it. */
const DATABASE_TAG = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export type EventType = 'review' | CardEventType;

type EventBase = {
	readonly id: string;
	readonly device: string;
	readonly at: number;
	readonly card: string;
	readonly key: string;
	readonly deck: string;
};

/** What any card event other than an answer may carry: the command it belongs to, and (except an undo's, which is required) the answer that caused it. */
type CardEventBase = EventBase & {readonly batch?: string; readonly target?: string};

export type SyncEvent =
	| (EventBase & {readonly type: 'review'; readonly rating: Rating; readonly durationMs: number})
	| (CardEventBase & {readonly type: 'undo'; readonly target: string})
	| (CardEventBase & {readonly type: 'bury'; readonly until: number})
	| (CardEventBase & {readonly type: 'due'; readonly due: number})
	| (CardEventBase & {readonly type: 'tag' | 'untag'; readonly tag: string})
	| (CardEventBase & {readonly type: 'flag'; readonly flag: number})
	| (CardEventBase & {readonly type: PlainCardEventType});

/** Fitted parameters set, or forgotten (null weights), for a deck's preset or globally (preset ""). */
export type ParametersEvent = {
	readonly type: 'parameters';
	readonly id: string;
	readonly device: string;
	readonly at: number;
	readonly preset: string;
	readonly weights: readonly number[] | null;
};

/** Any line of a log that is an event: about a card, or about the parameters. */
export type LogEvent = SyncEvent | ParametersEvent;

export type DeviceHeader = {readonly type: 'device'; readonly device: string; readonly name: string; readonly created: number};

export type ParsedLine =
	| {readonly kind: 'event'; readonly event: SyncEvent}
	| {readonly kind: 'parameters'; readonly event: ParametersEvent}
	| {readonly kind: 'header'; readonly header: DeviceHeader}
	| {readonly kind: 'bad'; readonly message: string};

/** The earliest time an event can carry: fluency's history starts after this, so an earlier date is forged or broken. */
export const EARLIEST_EVENT_TIME = Date.UTC(2006, 0, 1);
/** How far ahead of this machine's clock another device's event may be dated: clocks disagree, but not by more. */
export const CLOCK_SKEW_MS = 24 * 3_600_000;
/** How far ahead a bury or a carried-over due date may reach: past fluency's 100-year maximum interval, but no further. */
const LATEST_FUTURE_MS = 200 * 365.25 * 86_400_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_LINE = 16 * 1024;

export function encodeEvent(event: LogEvent): string {
	if (event.type === 'parameters') {
		return JSON.stringify({type: event.type, id: event.id, device: event.device, at: new Date(event.at).toISOString(), preset: event.preset, weights: event.weights});
	}
	// Each object literal names its fields in their final order: no shared base spread into a
	// second object per line, which a large import's first export writes 200,000 times.
	const {type, id, device, card, key, deck} = event;
	const at = new Date(event.at).toISOString();
	switch (event.type) {
		case 'review':
			return reviewLine(id, device, at, card, key, deck, event.rating, event.durationMs);
		case 'undo':
			return JSON.stringify({type, id, device, at, card, key, deck, target: event.target, ...batchOf(event)});
		case 'bury':
			return JSON.stringify({type, id, device, at, card, key, deck, until: new Date(event.until).toISOString(), ...optional(event)});
		case 'due':
			return JSON.stringify({type, id, device, at, card, key, deck, due: new Date(event.due).toISOString(), ...optional(event)});
		case 'tag':
		case 'untag':
			return JSON.stringify({type, id, device, at, card, key, deck, tag: event.tag, ...optional(event)});
		case 'flag':
			return JSON.stringify({type, id, device, at, card, key, deck, flag: event.flag, ...optional(event)});
		default:
			return JSON.stringify({type, id, device, at, card, key, deck, ...optional(event)});
	}
}

// Characters JSON.stringify writes as they are: a string of only these needs no escaping.
const NEEDS_NO_ESCAPING = /^[\w\-.:/#@+ ]*$/;

/**
A review's line, byte for byte what JSON.stringify writes for it, put together from its parts
when none needs escaping (ids, keys and deck names almost never do): a large import writes
220,000 of them, and the template takes 40% less time than building and stringifying an object.
*/
function reviewLine(id: string, device: string, at: string, card: string, key: string, deck: string, rating: number, ms: number): string {
	const plain = NEEDS_NO_ESCAPING.test(id) && NEEDS_NO_ESCAPING.test(device) && NEEDS_NO_ESCAPING.test(card) && NEEDS_NO_ESCAPING.test(key) && NEEDS_NO_ESCAPING.test(deck);
	if (!plain || !Number.isFinite(rating) || !Number.isFinite(ms)) return JSON.stringify({type: 'review', id, device, at, card, key, deck, rating, ms});
	return `{"type":"review","id":"${id}","device":"${device}","at":"${at}","card":"${card}","key":"${key}","deck":"${deck}","rating":${rating},"ms":${ms}}`;
}

/** A card event's target and batch, only when it has them: a line without them reads as it did before either existed. */
function optional(event: {readonly target?: string; readonly batch?: string}): {target?: string; batch?: string} {
	return {...(event.target ? {target: event.target} : {}), ...batchOf(event)};
}

function batchOf(event: {readonly batch?: string}): {batch?: string} {
	return event.batch ? {batch: event.batch} : {};
}

export function encodeHeader(header: DeviceHeader): string {
	return JSON.stringify({type: 'device', device: header.device, name: header.name, created: new Date(header.created).toISOString()});
}

/**
Read one line; never throws. A bad line says what is wrong with it in plain words. `shared` may
hand back an equal string read before for a device, card, identity key or deck name: a log names
each of them in every event, and a large log's events are held at once.
*/
export function parseEventLine(line: string, shared: (text: string) => string = (text) => text): ParsedLine {
	if (line.length > MAX_LINE) return bad(`line is longer than ${MAX_LINE} characters`);
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return bad('not a complete JSON object (cut off by a crash, or a bad merge?)');
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('not a JSON object');
	const record = value as Record<string, unknown>;
	const text = (key: string) => (typeof record[key] === 'string' && record[key] !== '' ? (record[key] as string) : undefined);
	const sharedText = (key: string) => {
		const value = text(key);
		return value === undefined ? undefined : shared(value);
	};
	const time = (key: string) => {
		const parsed = typeof record[key] === 'string' ? Date.parse(record[key] as string) : Number.NaN;
		return Number.isFinite(parsed) ? parsed : undefined;
	};
	if (record['type'] === 'device') {
		const device = text('device');
		const created = time('created');
		if (!device || !UUID.test(device) || created === undefined) return bad('device line needs a device id and a created time');
		return {kind: 'header', header: {type: 'device', device, name: text('name') ?? '', created}};
	}
	const type = text('type');
	const id = text('id');
	const device = sharedText('device');
	const at = time('at');
	if (type === 'parameters') return parseParameters(record, id, device, at);
	const card = sharedText('card');
	const key = sharedText('key');
	const deck = sharedText('deck') ?? '';
	if (!type || (type !== 'review' && !(CARD_EVENT_TYPES as readonly string[]).includes(type))) return bad(`unknown event type ${JSON.stringify(record['type'])}`);
	if (!id || !UUID.test(id)) return bad('event id must be a UUID');
	if (!device || !UUID.test(device)) return bad('device id must be a UUID');
	if (at === undefined) return bad('event time is missing or not a date');
	if (!card || key === undefined) return bad('event must name its card and identity key');
	if (type === 'review') {
		const rating = record['rating'];
		const ms = record['ms'];
		if (rating !== 1 && rating !== 2 && rating !== 3 && rating !== 4) return bad('review rating must be 1, 2, 3 or 4');
		const durationMs = typeof ms === 'number' && ms >= 0 && ms <= Number.MAX_SAFE_INTEGER ? Math.round(ms) : 0;
		// Each field named, not `...base`: Node 20 builds `{...base, more}` about 50 times slower, and a log holds a million answers.
		return {kind: 'event', event: {type, id, device, at, card, key, deck, rating, durationMs}};
	}
	const batch = text('batch');
	if (batch !== undefined && !UUID.test(batch)) return bad('an event\'s batch must be a UUID');
	const target = text('target');
	if (type === 'undo') {
		if (!target || !UUID.test(target)) return bad('undo must name the event it undoes');
		return {kind: 'event', event: withCause({type, id, device, at, card, key, deck, target}, undefined, batch)};
	}
	// A target names the answer whose date load balancing chose (due), or that made the card a leech.
	if (target !== undefined && !UUID.test(target)) return bad(type === 'due' ? 'due must name the review it moves by its id' : `${type} must name the review it follows by its id`);
	if (type === 'bury') {
		const until = time('until');
		if (until === undefined) return bad('bury must say until when');
		return {kind: 'event', event: withCause({type, id, device, at, card, key, deck, until}, target, batch)};
	}
	if (type === 'due') {
		const due = time('due');
		if (due === undefined) return bad('due must say when the card is due');
		return {kind: 'event', event: withCause({type, id, device, at, card, key, deck, due}, target, batch)};
	}
	if (type === 'tag' || type === 'untag') {
		const tag = text('tag');
		if (tag === undefined || !DATABASE_TAG.test(tag)) return bad(`${type} must name a tag of letters, digits, - and _`);
		return {kind: 'event', event: withCause({type, id, device, at, card, key, deck, tag}, target, batch)};
	}
	if (type === 'flag') {
		const flag = record['flag'];
		if (typeof flag !== 'number' || !Number.isInteger(flag) || flag < 0 || flag > MAX_FLAG) return bad(`flag must be a whole number from 0 to ${MAX_FLAG}`);
		return {kind: 'event', event: withCause({type, id, device, at, card, key, deck, flag}, target, batch)};
	}
	return {kind: 'event', event: withCause({type: type as PlainCardEventType, id, device, at, card, key, deck}, target, batch)};
}

/**
A card event with the answer that caused it and the command it belongs to, when it has them, set
as fields of its own. Spread into a new object instead, each event got a hidden class of its own on
Node 20: the 22,000 carried-over due dates of a large log held 7.8 MB of them. A card event is
built this way wherever it is read: from a log line, or from its row.
*/
export function withCause<E extends SyncEvent>(event: E, target: string | null | undefined, batch: string | null | undefined): E {
	if (target) (event as {target?: string}).target = target;
	if (batch) (event as {batch?: string}).batch = batch;
	return event;
}


function parseParameters(record: Record<string, unknown>, id: string | undefined, device: string | undefined, at: number | undefined): ParsedLine {
	if (!id || !UUID.test(id)) return bad('event id must be a UUID');
	if (!device || !UUID.test(device)) return bad('device id must be a UUID');
	if (at === undefined) return bad('event time is missing or not a date');
	const preset = record['preset'];
	if (typeof preset !== 'string') return bad('parameters must name their preset ("" for the global ones)');
	const weights = record['weights'];
	if (weights === null) return {kind: 'parameters', event: {type: 'parameters', id, device, at, preset, weights: null}};
	// FSRS quietly falls back to its defaults on a wrong count; a bad line must be skipped instead, not applied.
	if (!Array.isArray(weights) || weights.length !== DEFAULT_WEIGHTS.length || !weights.every((weight) => typeof weight === 'number' && Number.isFinite(weight))) {
		return bad(`parameters weights must be ${DEFAULT_WEIGHTS.length} numbers, or null for forgotten ones`);
	}
	return {kind: 'parameters', event: {type: 'parameters', id, device, at, preset, weights: weights as number[]}};
}

/**
Why an event read from another device's log cannot be applied because of its dates, or undefined
when they are sane: its time between 2006 and `now` plus the clock skew allowed, a bury or due
date no more than 200 years ahead. `now` is this machine's clock: the core keeps none.
*/
export function implausibleTime(event: LogEvent, now: number): string | undefined {
	const shown = (time: number) => (Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time));
	// Parameters fitted before they were events are dated 1970-01-01 on purpose, so any later change wins over them.
	if (event.at < (event.type === 'parameters' ? 0 : EARLIEST_EVENT_TIME)) return `event time ${shown(event.at)} is before 2006 (a broken clock, or a forged line)`;
	if (event.at > now + CLOCK_SKEW_MS) return `event time ${shown(event.at)} is more than a day ahead of this machine's clock (a wrong clock, or a forged line); it is read again at every sync`;
	const until = event.type === 'bury' ? event.until : event.type === 'due' ? event.due : undefined;
	if (until !== undefined && (until < EARLIEST_EVENT_TIME || until > event.at + LATEST_FUTURE_MS)) return `${event.type} date ${shown(until)} is not between 2006 and 200 years after the event`;
	return undefined;
}

/**
What an event says, apart from which card it names (a card can carry another id on another
machine): two lines with one id and different content mean one of them is forged or broken.
*/
export function eventContent(event: LogEvent): string {
	switch (event.type) {
		case 'parameters':
			return JSON.stringify([event.type, event.device, event.at, event.preset, event.weights]);
		case 'review':
			return JSON.stringify([event.type, event.device, event.at, event.rating, event.durationMs]);
		case 'undo':
			return JSON.stringify([event.type, event.device, event.at, event.target, ...batchContent(event)]);
		case 'bury':
			return JSON.stringify([event.type, event.device, event.at, event.until, ...batchContent(event)]);
		case 'due':
			return JSON.stringify([event.type, event.device, event.at, event.due, ...batchContent(event)]);
		case 'tag':
		case 'untag':
			return JSON.stringify([event.type, event.device, event.at, event.tag, event.target ?? null, ...batchContent(event)]);
		case 'flag':
			return JSON.stringify([event.type, event.device, event.at, event.flag, ...batchContent(event)]);
		default:
			return JSON.stringify([event.type, event.device, event.at, ...(event.target ? [event.target] : []), ...batchContent(event)]);
	}
}

/** An event's batch as part of its content, and nothing when it has none: events written before batches existed compare as they did. */
function batchContent(event: {readonly batch?: string}): string[] {
	return event.batch ? [event.batch] : [];
}

export type OwnLogScan = {
	/** The ids of the events the log holds. */
	readonly ids: ReadonlySet<string>;
	/** The lines worth keeping, in order, the device line first: whole JSON objects, each event once. */
	readonly keep: readonly string[];
	/** Whether the log is exactly `keep` (so missing events can simply be appended); false when a line would be dropped or moved. */
	readonly clean: boolean;
	/** How many lines `keep` leaves out. */
	readonly dropped: number;
	/** The last line of the log as it is, with its newline ('' for an empty log). */
	readonly lastLine: string;
};

/**
Read this device's own log to repair it. Only this device writes it and the database holds every
event in it, so a line that is not a whole JSON object (cut off, a merge's conflict marker) and a
repeated event can go; a JSON line this version cannot read (a newer fluency's event) stays.
*/
export function scanOwnLog(text: string): OwnLogScan {
	const lines = text.split('\n');
	const cutOff = lines.pop() ?? '';
	const ids = new Set<string>();
	const kept: string[] = [];
	const seen = new Set<string>();
	let header: string | undefined;
	let dropped = cutOff === '' ? 0 : 1;
	let moved = false;
	for (const raw of lines) {
		const line = raw.replace(/\r$/, '');
		if (line.trim() === '') continue;
		const parsed = parseEventLine(line);
		if (parsed.kind === 'header') {
			// The first device line is kept, at the top; any other is a repeat.
			if (header !== undefined) dropped++;
			else if (kept.length > 0) moved = true;
			header ??= line;
			continue;
		}
		const key = parsed.kind === 'event' || parsed.kind === 'parameters' ? parsed.event.id : line;
		if (seen.has(key) || (parsed.kind === 'bad' && !isJsonObject(line))) {
			dropped++;
			continue;
		}
		seen.add(key);
		if (parsed.kind === 'event' || parsed.kind === 'parameters') ids.add(parsed.event.id);
		kept.push(line);
	}
	const lastNewline = text.lastIndexOf('\n', text.length - 2);
	return {
		ids,
		keep: header === undefined ? kept : [header, ...kept],
		clean: dropped === 0 && !moved && (header !== undefined || kept.length === 0),
		dropped,
		lastLine: cutOff === '' ? text.slice(lastNewline + 1) : '',
	};
}

function isJsonObject(line: string): boolean {
	try {
		const value: unknown = JSON.parse(line);
		return value !== null && typeof value === 'object' && !Array.isArray(value);
	} catch {
		return false;
	}
}

function bad(message: string): ParsedLine {
	return {kind: 'bad', message};
}
