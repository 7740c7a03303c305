import {appendFileSync, closeSync, fstatSync, mkdirSync, readdirSync, readFileSync, readSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {encodeEvent, encodeHeader, eventContent, implausibleTime, type LogEvent, type ParametersEvent, parseEventLine, scanOwnLog, type SyncEvent} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import type {SchedulerSettings} from '../../core/scheduling/scheduler.js';
import {sanitizeLine} from '../../core/text.js';
import {getCard} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {
	addPendingEvent,
	cardCount,
	cardIdsAndKeys,
	dropPendingEvents,
	cardsWithAnyHistory,
	eachEventToExport,
	eventsToExport,
	forgetExported,
	forgetReadPositions,
	insertImportedEvent,
	markExported,
	type OwnLogMark,
	ownLogMark,
	pendingTotals,
	readyPendingEvents,
	removeStoredEvent,
	resolveEventCard,
	saveSyncFileState,
	setOwnLogMark,
	type SyncFileState,
	syncFileStates,
	type StoredEvent,
	storedEvents,
} from '../../store/sync/events.js';
import {replayAndSave} from '../../store/scheduling/card-replay.js';
import {clearOverflowMark, overflowMark, rememberedProblems, rememberProblems, setOverflowMark} from '../../store/sync/remembered.js';
import {insertParametersEvent} from '../../store/scheduling/parameters.js';
import {displayPath, writeFileWhole} from '../decks/deck-files.js';
import {describeKind, kindOf, openRegularFileForAppending, openRegularFileForReading, refusalToRead, UnsafeFileError} from '../safe-files.js';
import {changedPresets, loadParameters, markScheduledWith, scheduledWith, Schedulers} from '../scheduling/parameters.js';

/*
Review history travels between machines as files: each device appends its events to its own
`<device id>.jsonl` in the sync folder and reads everyone's. No file ever has two writers, so
git, Syncthing or Dropbox never see a conflict. Importing is idempotent (by event id) and every
touched card is replayed from its whole history, so the order in which logs arrive never
changes the result.
*/

export type EventSyncReport = {
	readonly exported: number;
	/** Of the exported events, those this device's log had held once and lost (a git checkout or reset, a bad merge). */
	readonly restored: number;
	/** Lines dropped from this device's log while repairing it: cut off, mangled or repeated. */
	readonly dropped: number;
	/** This device's log file. */
	readonly ownLog: string;
	readonly imported: number;
	/** Events read whose card this machine does not have yet. */
	readonly pending: number;
	readonly replayedCards: number;
	/** The presets ('' for the global ones) whose fitted parameters changed with what was read. */
	readonly parametersChanged: readonly string[];
	/** Of the replayed cards, those recomputed because their deck's parameters changed. */
	readonly rescheduledCards: number;
	readonly problems: readonly Problem[];
};

const LOG_SUFFIX = '.jsonl';
// Bytes kept from just before the read offset, to notice a file rewritten behind our back.
const TAIL_BYTES = 64;
const ID_BATCH = 500;

export function logFileName(deviceId: string): string {
	return `${deviceId}${LOG_SUFFIX}`;
}

export type ExportReport = {
	/** Events written to this device's log. */
	readonly written: number;
	/** Of them, events the log had held once and lost. */
	readonly restored: number;
	/** Lines dropped from the log while repairing it. */
	readonly dropped: number;
	/** Why nothing could be written (this device's log is a link, a folder, the disk is full): one line. */
	readonly problem?: Problem;
};

/**
Why this device's log must not be written, or undefined when it may. fluency creates the log as
a regular file; a link in its place was put there by someone else (its name shows in a shared
repository) and may point anywhere, so nothing is written through it, nor into anything else.
*/
function ownLogRefusal(dir: string, file: string): string | undefined {
	const folder = statSync(dir, {throwIfNoEntry: false});
	if (folder && !folder.isDirectory()) return 'the sync folder is not a folder; no review history is written or read';
	const kind = kindOf(file);
	if (kind === 'symlink') return "skipped: this device's log is a symbolic link, and fluency does not write through links it did not create (delete the link: the next command writes this device's log again)";
	if (kind !== 'file' && kind !== 'missing') return `skipped: this device's log is ${describeKind(kind)}, not a file (delete it: the next command writes this device's log again)`;
	return undefined;
}

/**
Append this device's new events to its own log. The database remembers where the log ended after
the last write (its size and last line): a log that no longer ends there was changed behind our
back (a `git checkout` or `reset`, a bad merge), and is compared event by event with the database
and repaired. Checking costs a stat and one short read, so a large history exports as fast as a
small one; only a changed log is read whole. A log that cannot be written is one problem, never
a failed command: the events stay in the database and are written once it can be.
*/
export function exportEvents(store: Store, dir: string, now: number): ExportReport {
	const file = join(dir, logFileName(store.deviceId));
	const refusal = ownLogRefusal(dir, file);
	if (refusal) return {written: 0, restored: 0, dropped: 0, problem: error(displayPath(file), 1, refusal)};
	try {
		// The write lock is held throughout, so a second fluency process on this database waits
		// instead of writing the same events again; a crash before the commit leaves a log that no
		// longer ends where the database says, which the next export repairs without duplicating.
		return store.transaction(() => {
			if (kindOf(file) === 'missing') {
				// A new or deleted log: write this device's whole history to it.
				forgetExported(store);
			} else if (!endsAtMark(file, ownLogMark(store))) {
				return repairOwnLog(store, file, now);
			}
			return appendNewEvents(store, dir, file, now);
		});
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		// A link swapped in meanwhile, a full disk, a read-only folder: the file's fault, not fluency's.
		if (thrown instanceof UnsafeFileError) return {written: 0, restored: 0, dropped: 0, problem: error(displayPath(file), 1, `skipped: this device's log ${thrown.message}`)};
		if (typeof code === 'string' && code.startsWith('E')) {
			return {written: 0, restored: 0, dropped: 0, problem: error(displayPath(file), 1, `cannot write this device's log (${(thrown as Error).message}); its events stay in the database and are written once it can be`)};
		}
		throw thrown;
	}
}

// Lines are written to the log this many characters at a time.
const WRITE_CHUNK = 1024 * 1024;

/**
Write this device's events that are not in its log yet, as they are read: a first export after a
large import is hundreds of thousands of lines. Whole lines, a chunk at a time: a crash part-way
leaves a log that no longer ends at the mark, which the next export repairs, and a line cut short
is skipped by readers until it is whole.
*/
function appendNewEvents(store: Store, dir: string, file: string, now: number): ExportReport {
	let fd: number | undefined;
	let chunk = '';
	let lastLine = '';
	let written = 0;
	const appended = {from: 0, lines: 0, header: false, lastEventAt: null as number | null};
	try {
		const marks = eachEventToExport(store, false, (event) => {
			if (fd === undefined) {
				mkdirSync(dir, {recursive: true});
				fd = openRegularFileForAppending(file);
				appended.from = fstatSync(fd).size;
				if (appended.from === 0) {
					chunk = `${encodeHeader({type: 'device', device: store.deviceId, name: hostname(), created: now})}\n`;
					appended.header = true;
					appended.lines++;
				}
			}
			lastLine = `${encodeEvent(event)}\n`;
			chunk += lastLine;
			written++;
			appended.lines++;
			appended.lastEventAt = Math.max(appended.lastEventAt ?? event.at, event.at);
			if (chunk.length >= WRITE_CHUNK) {
				appendFileSync(fd, chunk);
				chunk = '';
			}
		});
		if (fd === undefined) return {written: 0, restored: 0, dropped: 0};
		appendFileSync(fd, chunk);
		markExported(store, marks);
		setOwnLogMark(store, {size: statSync(file).size, lastLine});
		keepReadingPositionAtEnd(store, file, {...appended, events: written});
		return {written, restored: 0, dropped: 0};
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
What this device just appended to its own log it need not read back: every event in it came from
this database. When the last read of the log had reached the point the append started from (or
there was no log), the read position moves to the new end with the append, so the next sync does
not parse, say, the 220,000 lines a large Anki import wrote (53 MB, 460 MB of memory to find them
all known). Otherwise the next read catches up as usual, so nothing is ever skipped unread.
*/
function keepReadingPositionAtEnd(store: Store, file: string, appended: {from: number; lines: number; header: boolean; events: number; lastEventAt: number | null}): void {
	const name = logFileName(store.deviceId);
	const previous = syncFileStates(store).get(name);
	const caughtUp = previous ? previous.offset === appended.from && previous.size === appended.from : appended.from === 0;
	if (!caughtUp) return;
	const fd = openRegularFileForReading(file, {followLinks: false});
	try {
		const stats = fstatSync(fd);
		const tail = Buffer.alloc(Math.min(TAIL_BYTES, stats.size));
		readSync(fd, tail, 0, tail.length, stats.size - tail.length);
		saveSyncFileState(store, {
			name,
			offset: stats.size,
			line: (previous?.line ?? 0) + appended.lines,
			size: stats.size,
			mtimeMs: stats.mtimeMs,
			tail: tail.toString('base64'),
			deviceId: store.deviceId,
			deviceName: appended.header ? hostname() : (previous?.deviceName ?? null),
			lastEventAt: Math.max(previous?.lastEventAt ?? 0, appended.lastEventAt ?? 0) || null,
			events: (previous?.events ?? 0) + appended.events,
		});
	} finally {
		closeSync(fd);
	}
}

/** Whether the log still ends exactly where this device last left it. */
function endsAtMark(file: string, mark: OwnLogMark | undefined): boolean {
	if (!mark) return false;
	const fd = openRegularFileForReading(file, {followLinks: false});
	try {
		const {size} = fstatSync(fd);
		const expected = Buffer.from(mark.lastLine);
		if (size !== mark.size || expected.length > size) return false;
		const actual = Buffer.alloc(expected.length);
		readSync(fd, actual, 0, actual.length, size - actual.length);
		return actual.equals(expected);
	} finally {
		closeSync(fd);
	}
}

/** This device's log as text, not read through a link; '' when there is none. */
function readLogText(file: string): string {
	if (kindOf(file) === 'missing') return '';
	const fd = openRegularFileForReading(file, {followLinks: false});
	try {
		return readFileSync(fd, 'utf8');
	} finally {
		closeSync(fd);
	}
}

/** This device's events that its log lacks, with what the log holds. */
function ownLogGaps(store: Store, file: string) {
	const scan = scanOwnLog(readLogText(file));
	const all = eventsToExport(store, true);
	return {scan, all, missing: all.events.filter((event) => !scan.ids.has(event.id))};
}

/**
Make the log hold every event of this device exactly once: append the missing ones, or, when a
line has to go (cut off, mangled, repeated), write the log again by replacing it whole, keeping
its lines in their order.
*/
function repairOwnLog(store: Store, file: string, now: number): ExportReport {
	const {scan, all, missing} = ownLogGaps(store, file);
	const notYetWritten = new Set(eventsToExport(store).events.map((event) => event.id));
	const added = missing.map(encodeEvent);
	let lastLine = scan.lastLine;
	if (scan.clean) {
		const lines = [...(scan.keep.length === 0 && added.length > 0 ? [encodeHeader({type: 'device', device: store.deviceId, name: hostname(), created: now})] : []), ...added];
		if (lines.length > 0) {
			const fd = openRegularFileForAppending(file);
			try {
				appendFileSync(fd, lines.map((line) => `${line}\n`).join(''));
			} finally {
				closeSync(fd);
			}
			lastLine = `${lines.at(-1)!}\n`;
		}
	} else {
		const header = scan.keep[0] !== undefined && parseEventLine(scan.keep[0]).kind === 'header' ? [] : [encodeHeader({type: 'device', device: store.deviceId, name: hostname(), created: now})];
		const lines = [...header, ...scan.keep, ...added];
		writeFileWhole(file, lines.map((line) => `${line}\n`).join(''));
		lastLine = `${lines.at(-1)!}\n`;
	}
	markExported(store, all);
	setOwnLogMark(store, {size: statSync(file).size, lastLine});
	return {written: missing.length, restored: missing.filter((event) => !notYetWritten.has(event.id)).length, dropped: scan.dropped};
}

/**
An event read, with where it was read. The line is kept as bytes of the file read (no copy) and
its place as the file and line number: a stranger's log of 300,000 events would otherwise hold
as many strings of each, for the few kept waiting.
*/
type Incoming<E extends LogEvent> = {readonly event: E; readonly bytes: Buffer; readonly file: string; readonly lineNumber: number};
const sourceOf = (item: Incoming<LogEvent>) => `${item.file}:${item.lineNumber}`;
type ReadLog = {
	name: string;
	events: Array<Incoming<SyncEvent>>;
	parameters: Array<Incoming<ParametersEvent>>;
	/** Lines skipped that may become good (mended, finished, their time come): the read stops before the first, so they are read again. */
	problems: Problem[];
	/** Lines skipped for good (another device's events, impossible dates): the read goes past them, and they are reported at every sync from what is remembered. */
	lasting: Problem[];
	/** Whether the file was read from its start (new, or rewritten behind our back). */
	fromStart: boolean;
	state: SyncFileState;
};

/** A device's log is named after the device: `<device id>.jsonl`. */
const DEVICE_LOG_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;
/** A line dated further ahead than the clock skew allowed, but less than this, is read again at every sync until its time is near. */
const REREAD_FUTURE_MS = 366 * 86_400_000;

/**
Read what is new in one device's log since the last sync. The file is the log of the device its
name says (`owner`): a device line naming another device, and an event claiming to be another
device's, are skipped, so no file speaks for another device (this one least of all). So is a line
with an implausible date: before 2006, or more than a day ahead of this machine's clock.
*/
function readLog(path: string, name: string, owner: string, previous: SyncFileState | undefined, now: number): ReadLog | undefined {
	const fd = openRegularFileForReading(path, {followLinks: true});
	try {
		const stats = fstatSync(fd);
		if (previous && previous.size === stats.size && previous.mtimeMs === stats.mtimeMs) return undefined;
		const readBytes = (from: number, length: number) => {
			const buffer = Buffer.alloc(Math.max(0, length));
			const read = readSync(fd, buffer, 0, buffer.length, from);
			return buffer.subarray(0, read);
		};
		let start = 0;
		let lineNumber = 0;
		if (previous && previous.offset <= stats.size) {
			const tailStart = Math.max(0, previous.offset - TAIL_BYTES);
			if (readBytes(tailStart, previous.offset - tailStart).toString('base64') === previous.tail) {
				start = previous.offset;
				lineNumber = previous.line;
			}
		}
		const text = readBytes(start, stats.size - start);
		const shown = displayPath(path);
		const events: ReadLog['events'] = [];
		const parameters: ReadLog['parameters'] = [];
		const problems: Problem[] = [];
		const lasting: Problem[] = [];
		let deviceName = start > 0 ? (previous?.deviceName ?? null) : null;
		let lastEventAt = start > 0 ? (previous?.lastEventAt ?? null) : null;
		let count = start > 0 ? (previous?.events ?? 0) : 0;
		let cursor = 0;
		let resumeAt: {offset: number; line: number; events: number} | undefined;
		while (cursor < text.length) {
			const newline = text.indexOf(10, cursor);
			lineNumber++;
			if (newline === -1) {
				problems.push(error(shown, lineNumber, 'last line is incomplete (still being written, or cut off by a crash); it is read once it is whole'));
				resumeAt ??= {offset: start + cursor, line: lineNumber - 1, events: count};
				break;
			}
			const line = text.subarray(cursor, newline).toString('utf8').replace(/\r$/, '');
			const lineStart = cursor;
			cursor = newline + 1;
			if (line.trim() === '') continue;
			// Stop the read position before a line that may become good (mended, or its time come), so it is read again.
			const skip = (message: string, again: boolean) => {
				(again ? problems : lasting).push(error(shown, lineNumber, `skipped: ${message}`));
				if (again) resumeAt ??= {offset: start + lineStart, line: lineNumber - 1, events: count};
			};
			const parsed = parseEventLine(line);
			if (parsed.kind === 'bad') {
				skip(parsed.message, true);
				continue;
			}
			if (parsed.kind === 'header') {
				if (parsed.header.device !== owner) skip(`the device line names device ${parsed.header.device}, but this is the log of device ${owner}`, false);
				else deviceName = parsed.header.name;
				continue;
			}
			if (parsed.event.device !== owner) {
				skip(`the event says it is from device ${parsed.event.device}, but this is the log of device ${owner}; a device's events come only from its own log`, false);
				continue;
			}
			const implausible = implausibleTime(parsed.event, now);
			if (implausible !== undefined) {
				skip(implausible, parsed.event.at > now && parsed.event.at <= now + REREAD_FUTURE_MS);
				continue;
			}
			const bytes = text.subarray(lineStart, newline);
			if (parsed.kind === 'parameters') parameters.push({event: parsed.event, bytes, file: shown, lineNumber});
			else events.push({event: parsed.event, bytes, file: shown, lineNumber});
			lastEventAt = Math.max(lastEventAt ?? 0, parsed.event.at);
			count++;
		}
		const offset = resumeAt?.offset ?? start + cursor;
		const tailStart = Math.max(0, offset - TAIL_BYTES);
		const state: SyncFileState = {
			name,
			offset,
			line: resumeAt?.line ?? lineNumber,
			size: resumeAt ? -1 : stats.size,
			mtimeMs: stats.mtimeMs,
			tail: readBytes(tailStart, offset - tailStart).toString('base64'),
			deviceId: owner,
			deviceName,
			lastEventAt,
			events: resumeAt?.events ?? count,
		};
		return {name, events, parameters, problems, lasting, fromStart: start === 0, state};
	} finally {
		closeSync(fd);
	}
}

/** The logs in the sync folder that may be read, and one problem for each file skipped: a link leaving the folder, a FIFO, a folder, a file not named after a device. */
function logsToRead(dir: string): {names: string[]; problems: Problem[]} {
	const problems: Problem[] = [];
	if (!statSync(dir, {throwIfNoEntry: false})?.isDirectory()) return {names: [], problems};
	const names = readdirSync(dir)
		.filter((name) => name.endsWith(LOG_SUFFIX))
		.sort()
		.filter((name) => {
			const path = join(dir, name);
			const refusal = refusalToRead(path, dir, 'the sync folder');
			if (refusal !== undefined) problems.push(error(displayPath(path), 1, `skipped: ${refusal}`));
			else if (!DEVICE_LOG_NAME.test(name)) problems.push(error(displayPath(path), 1, 'skipped: not a device log (each device writes only `<its device id>.jsonl`)'));
			else return true;
			return false;
		});
	return {names, problems};
}

const MANY_EVENTS = 1000;
/** Most events kept waiting for their card, and most bytes of their lines: a log of events for cards that never come must not fill the database. */
export const PENDING_LIMIT = {count: 20_000, bytes: 8 * 1024 * 1024} as const;

/** Of two versions of one event, the one every device keeps: the smaller content, then the smaller card key. Order-free, so the same on every machine. */
function versionKey(content: string, key: string | null): string {
	return `${content}\u0000${key ?? ''}`;
}

function incomingKey(item: Incoming<LogEvent>): string {
	return versionKey(eventContent(item.event), item.event.type === 'parameters' ? null : item.event.key);
}

/**
Whether a stored event is the one read. The card is not compared: a stored event names the local
card it was matched to, whose id and identity key may both differ from the line's (matched by
key, then the question edited). Content includes the device, and a log carries only its own
device's events, so two logs can never hold one id with equal content.
*/
function sameAsStored(stored: StoredEvent, event: LogEvent): boolean {
	return stored.content === eventContent(event);
}

/**
Write this device's new events to its log, read every device's log, add the events not seen
before, and replay each card they touch. One transaction for everything read.

Cards are replayed with the parameters in effect once everything is read. When another device's
change of parameters alters the ones a deck uses, every card of that deck with history is replayed
too, as `fluency reschedule` would: card state stays a function of the logs alone, so devices
that have read the same logs agree card for card.

Two lines with one event id and different content (one forged or broken) are both reported, and
the version with the smaller content is kept wherever and in whatever order they are read. An
event dated after now waits, like one whose card has not arrived, until its time.
*/
export function syncEventLogs(store: Store, settings: SchedulerSettings, dir: string, now: number): EventSyncReport {
	const exported = exportEvents(store, dir, now);
	const ownLog = join(dir, logFileName(store.deviceId));
	rereadAfterOverflow(store);
	const listed = logsToRead(dir);
	const states = syncFileStates(store);
	const problems: Problem[] = [...(exported.problem ? [exported.problem] : []), ...listed.problems];
	const logs = listed.names.flatMap((name) => {
		try {
			const read = readLog(join(dir, name), name, DEVICE_LOG_NAME.exec(name)![1]!, states.get(name), now);
			return read ? [read] : [];
		} catch (thrown) {
			// Swapped for something else since it was listed, or unreadable: skipped, like any bad file.
			if (!(thrown instanceof UnsafeFileError) && typeof (thrown as NodeJS.ErrnoException).code !== 'string') throw thrown;
			problems.push(error(displayPath(join(dir, name)), 1, `skipped: ${thrown instanceof UnsafeFileError ? thrown.message : (thrown as Error).message}`));
			return [];
		}
	});
	problems.push(...logs.flatMap((log) => log.problems));
	const lasting = new Map(listed.names.map((name) => [name, rememberedProblems(store, name)]));
	for (const log of logs) lasting.set(log.name, [...(log.fromStart ? [] : (lasting.get(log.name) ?? [])), ...log.lasting]);
	const nameOfShown = new Map(listed.names.map((name) => [displayPath(join(dir, name)), name]));
	const lastingProblem = (source: string, message: string) => {
		const [file, line] = placeOf(source);
		const name = nameOfShown.get(file);
		if (name !== undefined) lasting.get(name)!.push(error(file, line, message));
	};

	let imported = 0;
	let parametersChanged: string[] = [];
	let rescheduledCards = 0;
	let replayedCards = 0;
	let notKept = 0;
	const touched = new Set<string>();
	store.transaction(() => {
		const chosen = chooseVersions(logs, lastingProblem);
		const ids = [...chosen.keys()];
		const stored = new Map<string, StoredEvent>();
		for (let index = 0; index < ids.length; index += ID_BATCH) {
			for (const [id, event] of storedEvents(store, ids.slice(index, index + ID_BATCH))) stored.set(id, event);
		}
		const toApply: Array<Incoming<LogEvent>> = [];
		for (const item of chosen.values()) {
			const existing = stored.get(item.event.id);
			if (existing === undefined) {
				toApply.push(item);
				continue;
			}
			if (sameAsStored(existing, item.event)) continue;
			if (versionKey(existing.content, existing.identityKey) <= incomingKey(item)) {
				lastingProblem(sourceOf(item), `skipped: event ${item.event.id} was read before with other content; of two versions of an event every device keeps the same one`);
				continue;
			}
			lastingProblem(sourceOf(item), `event ${item.event.id} was read before with other content; this version replaces it, as on every device`);
			if (existing.cardId !== null && existing.table !== 'pending_events') touched.add(existing.cardId);
			removeStoredEvent(store, existing);
			toApply.push(item);
		}
		const incomingParameters = toApply.flatMap((item) => (item.event.type === 'parameters' ? [item.event] : []));
		const parametersBefore = incomingParameters.length > 0 ? loadParameters(store) : undefined;
		for (const event of incomingParameters) if (insertParametersEvent(store, event)) imported++;
		let room = pendingRoom(store);
		// Many events at once (a first sync, a stranger's huge log): one read of the cards spares two queries for each event with no card here.
		const cards = toApply.length > MANY_EVENTS ? cardIdsAndKeys(store) : undefined;
		const mayHaveCard = (event: SyncEvent) => cards === undefined || cards.ids.has(event.card) || cards.keys.has(event.key);
		for (const item of toApply) {
			if (item.event.type === 'parameters') continue;
			const event = item.event;
			const cardId = event.at <= now && mayHaveCard(event) ? resolveEventCard(store, event) : undefined;
			if (cardId === undefined) {
				// Its card has not arrived, or its time has not come: it waits, within bounds.
				const bytes = item.bytes.length;
				if (room.count < 1 || room.bytes < bytes) {
					notKept++;
					continue;
				}
				room = {count: room.count - 1, bytes: room.bytes - bytes};
				addPendingEvent(store, event, item.bytes.toString('utf8').replace(/\r$/, ''), sourceOf(item), now);
				continue;
			}
			insertImportedEvent(store, event, cardId);
			touched.add(cardId);
			imported++;
		}
		if (notKept > 0) setOverflowMark(store, {cards: cardCount(store), notKept});
		// Events that waited for their card (its deck file may have arrived since) or for their time.
		for (const pending of readyPendingEvents(store, now)) {
			const parsed = parseEventLine(pending.line);
			const cardId = parsed.kind === 'event' ? resolveEventCard(store, parsed.event) : undefined;
			removeStoredEvent(store, {id: pending.id, table: 'pending_events', content: '', cardId: null, identityKey: null});
			if (parsed.kind !== 'event' || cardId === undefined) continue;
			insertImportedEvent(store, parsed.event, cardId);
			touched.add(cardId);
			imported++;
		}
		const parameters = loadParameters(store);
		const schedulers = new Schedulers(settings, parameters);
		const toReplay = new Map<string, string | undefined>([...touched].map((cardId) => [cardId, undefined]));
		if (parametersBefore) {
			parametersChanged = changedPresets(parametersBefore, parameters);
			if (parametersChanged.length > 0) {
				const previous = new Schedulers(settings, parametersBefore);
				const key = (weights: readonly number[] | undefined) => JSON.stringify(weights ?? null);
				for (const card of cardsWithAnyHistory(store)) {
					if (key(previous.weightsFor(card.deck)) === key(schedulers.weightsFor(card.deck))) continue;
					toReplay.set(card.id, card.deck);
					rescheduledCards++;
				}
				// Due dates that were current stay current; ones already waiting for `fluency reschedule` (another retention, say) still are.
				if (scheduledWith(store) === previous.fingerprint()) markScheduledWith(store, schedulers.fingerprint());
			}
		}
		replayedCards = toReplay.size;
		for (const [cardId, deck] of toReplay) {
			const card = getCard(store, cardId);
			// A card whose event was replaced by another version may have lost its last event; replaying an empty history resets it.
			if (!card) continue;
			replayAndSave(store, cardId, schedulers.forDeck(deck ?? card.deck));
		}
		for (const log of logs) {
			saveSyncFileState(store, log.state);
			rememberProblems(store, log.name, lasting.get(log.name) ?? []);
		}
	});
	for (const name of listed.names) problems.push(...(lasting.get(name) ?? []));
	if (notKept > 0) {
		problems.push(
			error(
				displayPath(dir),
				1,
				`${notKept} events for cards this machine does not have were not kept: at most ${PENDING_LIMIT.count} events (${PENDING_LIMIT.bytes / 1024 / 1024} MiB) wait for their card; every log is read again once new cards arrive (\`fluency sync --drop-pending\` forgets the waiting ones)`,
			),
		);
	}
	return {
		exported: exported.written,
		restored: exported.restored,
		dropped: exported.dropped,
		ownLog,
		imported,
		pending: pendingTotals(store).count,
		replayedCards,
		parametersChanged,
		rescheduledCards,
		problems,
	};
}

/** One version of each event id among the lines read; each other version is reported. */
function chooseVersions(logs: readonly ReadLog[], report: (source: string, message: string) => void): Map<string, Incoming<LogEvent>> {
	const chosen = new Map<string, Incoming<LogEvent>>();
	for (const item of logs.flatMap((log): Array<Incoming<LogEvent>> => [...log.parameters, ...log.events])) {
		const other = chosen.get(item.event.id);
		if (other === undefined) {
			chosen.set(item.event.id, item);
			continue;
		}
		const [kept, skipped] = incomingKey(other) <= incomingKey(item) ? [other, item] : [item, other];
		if (eventContent(kept.event) === eventContent(skipped.event) && (kept.event.type === 'parameters' || skipped.event.type === 'parameters' || kept.event.card === skipped.event.card || kept.event.key === skipped.event.key)) continue;
		report(sourceOf(skipped), `skipped: event ${item.event.id} has other content at ${sourceOf(kept)}; of two versions of an event every device keeps the same one`);
		chosen.set(item.event.id, kept);
	}
	return chosen;
}

function placeOf(source: string): [string, number] {
	const at = source.lastIndexOf(':');
	return [source.slice(0, at), Number(source.slice(at + 1))];
}

function pendingRoom(store: Store): {count: number; bytes: number} {
	const {count, bytes} = pendingTotals(store);
	return {count: PENDING_LIMIT.count - count, bytes: PENDING_LIMIT.bytes - bytes};
}

/**
Events not kept because too many waited are in logs already read. Once cards arrive (their deck
files came), every log is read again from its start, so those events get their chance.
*/
function rereadAfterOverflow(store: Store): void {
	const mark = overflowMark(store);
	if (mark === undefined || mark.cards === cardCount(store)) return;
	store.transaction(() => {
		forgetReadPositions(store);
		clearOverflowMark(store);
	});
}

/** Forget the events that wait for their card or their time (`fluency sync --drop-pending`); returns how many. */
export function dropWaitingEvents(store: Store): number {
	return store.transaction(() => {
		clearOverflowMark(store);
		return dropPendingEvents(store);
	});
}

/** One line saying that another device's change of parameters was applied, or undefined when none was. */
export function formatParametersChange(report: EventSyncReport): string | undefined {
	if (report.parametersChanged.length === 0) return undefined;
	const what = report.parametersChanged.map((preset) => (preset === '' ? 'the global ones' : `the preset for ${preset}`)).join(', ');
	return sanitizeLine(`fitted parameters changed on another device (${what}): ${report.rescheduledCards} ${report.rescheduledCards === 1 ? 'card' : 'cards'} recomputed from their history`);
}

/** One line saying how this device's log was repaired, or undefined when it needed nothing. */
export function formatOwnLogRepair(report: EventSyncReport): string | undefined {
	if (report.restored === 0 && report.dropped === 0) return undefined;
	const parts = [
		...(report.restored > 0 ? [`had lost ${report.restored} of its events (a git checkout or reset, a bad merge?); they are written to it again`] : []),
		...(report.dropped > 0 ? [`${report.dropped} cut-off, mangled or repeated ${report.dropped === 1 ? 'line was' : 'lines were'} removed from it`] : []),
	];
	return sanitizeLine(`${displayPath(report.ownLog)}: this device's log ${parts.join('; ')}`);
}

export type DeviceStatus = {readonly deviceId: string | null; readonly name: string | null; readonly file: string; readonly lastEventAt: number | null; readonly events: number; readonly thisDevice: boolean};

/** What `fluency sync --status` shows: devices seen, their last event, and what is pending. */
export function syncStatus(store: Store, dir: string): {devices: DeviceStatus[]; pendingImport: number; pendingImportBytes: number; notKept: number; pendingExport: number; dir: string} {
	const devices = [...syncFileStates(store).values()].map((state) => ({
		deviceId: state.deviceId,
		name: state.deviceName,
		file: join(dir, state.name),
		lastEventAt: state.lastEventAt,
		events: state.events,
		thisDevice: state.deviceId === store.deviceId,
	}));
	// A log changed behind our back is compared event by event, so what it lost counts as pending.
	const ownLog = join(dir, logFileName(store.deviceId));
	const kind = kindOf(ownLog);
	let pendingExport: number;
	if (kind === 'missing') pendingExport = eventsToExport(store, true).events.length;
	// A log fluency will not write (a link, a folder): what it has not written yet is pending.
	else if (kind !== 'file') pendingExport = eventsToExport(store).events.length;
	else pendingExport = endsAtMark(ownLog, ownLogMark(store)) ? eventsToExport(store).events.length : ownLogGaps(store, ownLog).missing.length;
	const pending = pendingTotals(store);
	return {devices, pendingImport: pending.count, pendingImportBytes: pending.bytes, notKept: overflowMark(store)?.notKept ?? 0, pendingExport, dir};
}
