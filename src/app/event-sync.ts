import {appendFileSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {encodeEvent, encodeHeader, type ParametersEvent, parseEventLine, scanOwnLog, type SyncEvent} from '../core/event-log.js';
import {error, type Problem} from '../core/problem.js';
import {replayCard} from '../core/replay.js';
import type {SchedulerSettings} from '../core/scheduler.js';
import {sanitizeLine} from '../core/text.js';
import {getCard} from '../store/cards.js';
import type {Store} from '../store/database.js';
import {
	addPendingEvent,
	cardHistory,
	cardsWithAnyHistory,
	eachEventToExport,
	eventsToExport,
	forgetExported,
	insertImportedEvent,
	knownEventIds,
	markExported,
	type OwnLogMark,
	ownLogMark,
	pendingEvents,
	removePendingEvent,
	resolveEventCard,
	saveReplay,
	saveSyncFileState,
	setOwnLogMark,
	type SyncFileState,
	syncFileStates,
	undoTimes,
} from '../store/event-sync.js';
import {insertParametersEvent} from '../store/parameters.js';
import {displayPath, writeFileWhole} from './deck-files.js';
import {changedPresets, loadParameters, markScheduledWith, scheduledWith, Schedulers} from './parameters.js';

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
};

/**
Append this device's new events to its own log. The database remembers where the log ended after
the last write (its size and last line): a log that no longer ends there was changed behind our
back (a `git checkout` or `reset`, a bad merge), and is compared event by event with the database
and repaired. Checking costs a stat and one short read, so a large history exports as fast as a
small one; only a changed log is read whole.
*/
export function exportEvents(store: Store, dir: string, now: number): ExportReport {
	const file = join(dir, logFileName(store.deviceId));
	// The write lock is held throughout, so a second fluency process on this database waits
	// instead of writing the same events again; a crash before the commit leaves a log that no
	// longer ends where the database says, which the next export repairs without duplicating.
	return store.transaction(() => {
		if (!existsSync(file)) {
			// A new or deleted log: write this device's whole history to it.
			forgetExported(store);
		} else if (!endsAtMark(file, ownLogMark(store))) {
			return repairOwnLog(store, file, now);
		}
		return appendNewEvents(store, dir, file, now);
	});
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
				appended.from = existsSync(file) ? statSync(file).size : 0;
				if (appended.from === 0) {
					chunk = `${encodeHeader({type: 'device', device: store.deviceId, name: hostname(), created: now})}\n`;
					appended.header = true;
					appended.lines++;
				}
				fd = openSync(file, 'a');
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
	const stats = statSync(file);
	const fd = openSync(file, 'r');
	try {
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
	const {size} = statSync(file);
	const expected = Buffer.from(mark.lastLine);
	if (size !== mark.size || expected.length > size) return false;
	const fd = openSync(file, 'r');
	try {
		const actual = Buffer.alloc(expected.length);
		readSync(fd, actual, 0, actual.length, size - actual.length);
		return actual.equals(expected);
	} finally {
		closeSync(fd);
	}
}

/** This device's events that its log lacks, with what the log holds. */
function ownLogGaps(store: Store, file: string) {
	const scan = scanOwnLog(existsSync(file) ? readFileSync(file, 'utf8') : '');
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
			appendFileSync(file, lines.map((line) => `${line}\n`).join(''));
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

type ReadLog = {events: Array<{event: SyncEvent; line: string; source: string}>; parameters: ParametersEvent[]; problems: Problem[]; state: SyncFileState};

/** Read what is new in one device's log since the last sync. */
function readLog(path: string, name: string, previous: SyncFileState | undefined): ReadLog | undefined {
	const stats = statSync(path);
	if (previous && previous.size === stats.size && previous.mtimeMs === stats.mtimeMs) return undefined;
	const fd = openSync(path, 'r');
	try {
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
		const parameters: ParametersEvent[] = [];
		const problems: Problem[] = [];
		let deviceId = start > 0 ? (previous?.deviceId ?? null) : null;
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
			const parsed = parseEventLine(line);
			if (parsed.kind === 'bad') {
				problems.push(error(shown, lineNumber, `skipped: ${parsed.message}`));
				resumeAt ??= {offset: start + lineStart, line: lineNumber - 1, events: count};
			} else if (parsed.kind === 'header') {
				deviceId = parsed.header.device;
				deviceName = parsed.header.name;
			} else if (parsed.kind === 'parameters') {
				parameters.push(parsed.event);
				deviceId ??= parsed.event.device;
				lastEventAt = Math.max(lastEventAt ?? 0, parsed.event.at);
				count++;
			} else {
				events.push({event: parsed.event, line, source: `${shown}:${lineNumber}`});
				deviceId ??= parsed.event.device;
				lastEventAt = Math.max(lastEventAt ?? 0, parsed.event.at);
				count++;
			}
		}
		// Stop before the first bad line, so a line mended later (or finished) is read again.
		const offset = resumeAt?.offset ?? start + cursor;
		const tailStart = Math.max(0, offset - TAIL_BYTES);
		const state: SyncFileState = {
			name,
			offset,
			line: resumeAt?.line ?? lineNumber,
			size: resumeAt ? -1 : stats.size,
			mtimeMs: stats.mtimeMs,
			tail: readBytes(tailStart, offset - tailStart).toString('base64'),
			deviceId,
			deviceName,
			lastEventAt,
			events: resumeAt?.events ?? count,
		};
		return {events, parameters, problems, state};
	} finally {
		closeSync(fd);
	}
}

/**
Write this device's new events to its log, read every device's log, add the events not seen
before, and replay each card they touch. One transaction for everything read.

Cards are replayed with the parameters in effect once everything is read. When another device's
change of parameters alters the ones a deck uses, every card of that deck with history is replayed
too, as `fluency reschedule` would: card state stays a function of the logs alone, so devices
that have read the same logs agree card for card.
*/
export function syncEventLogs(store: Store, settings: SchedulerSettings, dir: string, now: number): EventSyncReport {
	const exported = exportEvents(store, dir, now);
	const ownLog = join(dir, logFileName(store.deviceId));
	const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(LOG_SUFFIX)).sort() : [];
	const states = syncFileStates(store);
	const logs = names.flatMap((name) => {
		const read = readLog(join(dir, name), name, states.get(name));
		return read ? [read] : [];
	});
	const problems = logs.flatMap((log) => log.problems);

	let imported = 0;
	let parametersChanged: string[] = [];
	let rescheduledCards = 0;
	let replayedCards = 0;
	const touched = new Set<string>();
	store.transaction(() => {
		const incoming = logs.flatMap((log) => log.events);
		const incomingParameters = logs.flatMap((log) => log.parameters);
		const ids = [...incoming.map(({event}) => event.id), ...incomingParameters.map((event) => event.id)];
		const known = new Set<string>();
		for (let index = 0; index < ids.length; index += ID_BATCH) {
			for (const id of knownEventIds(store, ids.slice(index, index + ID_BATCH))) known.add(id);
		}
		const parametersBefore = incomingParameters.some((event) => !known.has(event.id)) ? loadParameters(store) : undefined;
		for (const event of incomingParameters) {
			if (known.has(event.id)) continue;
			known.add(event.id);
			if (insertParametersEvent(store, event)) imported++;
		}
		for (const {event, line, source} of incoming) {
			if (known.has(event.id)) continue;
			known.add(event.id);
			const cardId = resolveEventCard(store, event);
			if (cardId === undefined) {
				addPendingEvent(store, event, line, source, now);
				continue;
			}
			insertImportedEvent(store, event, cardId);
			touched.add(cardId);
			imported++;
		}
		// Events that waited for their card: its deck file may have arrived since.
		for (const pending of pendingEvents(store)) {
			const parsed = parseEventLine(pending.line);
			if (parsed.kind !== 'event') {
				removePendingEvent(store, pending.id);
				continue;
			}
			const cardId = resolveEventCard(store, parsed.event);
			if (cardId === undefined) continue;
			insertImportedEvent(store, parsed.event, cardId);
			removePendingEvent(store, pending.id);
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
			saveReplay(store, cardId, replayCard(cardHistory(store, cardId), schedulers.forDeck(deck ?? getCard(store, cardId)!.deck), cardId), undoTimes(store, cardId));
		}
		for (const log of logs) saveSyncFileState(store, log.state);
	});
	return {
		exported: exported.written,
		restored: exported.restored,
		dropped: exported.dropped,
		ownLog,
		imported,
		pending: pendingEvents(store).length,
		replayedCards,
		parametersChanged,
		rescheduledCards,
		problems,
	};
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
export function syncStatus(store: Store, dir: string): {devices: DeviceStatus[]; pendingImport: number; pendingExport: number; dir: string} {
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
	const intact = existsSync(ownLog) ? endsAtMark(ownLog, ownLogMark(store)) : eventsToExport(store, true).events.length === 0;
	const pendingExport = intact ? eventsToExport(store).events.length : ownLogGaps(store, ownLog).missing.length;
	return {devices, pendingImport: pendingEvents(store).length, pendingExport, dir};
}
