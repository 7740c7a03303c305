import {closeSync, readSync} from 'node:fs';
import {eventContent, implausibleTime, type LogEvent, type ParametersEvent, parseEventLine} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import {type SyncFileState} from '../../store/sync/events.js';
import {displayPath} from '../decks/deck-files.js';
import {openRegularFileForReading} from '../safe-files.js';
import {type Incoming, ReadEvents} from './read-events.js';
import {TAIL_BYTES} from './log-files.js';

/*
Reading what is new in another device's log since the last sync, from a byte offset remembered
with the bytes just before it, so a log rewritten behind our back is read again from its start.
*/

export type ReadLog = {
	name: string;
	events: ReadEvents;
	parameters: Array<Incoming<ParametersEvent>>;
	/** Lines skipped that may become good (mended, finished, their time come): the read stops before the first, so they are read again. */
	problems: Problem[];
	/** Lines skipped for good (another device's events, impossible dates): the read goes past them, and they are reported at every sync from what is remembered. */
	lasting: Problem[];
	/** Whether the file was read from its start (new, or rewritten behind our back). */
	fromStart: boolean;
	state: SyncFileState;
};

// A log is read this much at a time (a test reads one in small pieces).
const CHUNK_BYTES = 4 * 1024 * 1024;
// How often a read says how far it is, in lines (a power of two).
const LINES_PER_REPORT = 16_384;

/** A line dated further ahead than the clock skew allowed, but less than this, is read again at every sync until its time is near. */
const REREAD_FUTURE_MS = 366 * 86_400_000;

/**
Read what is new in one device's log since the last sync. The file is the log of the device its
name says (`owner`): a device line naming another device, and an event claiming to be another
device's, are skipped, so no file speaks for another device (this one least of all). So is a line
with an implausible date: before 2006, or more than a day ahead of this machine's clock.
*/
export function readLog(
	path: string,
	name: string,
	owner: string,
	previous: SyncFileState | undefined,
	now: number,
	chunkBytes = CHUNK_BYTES,
	onRead?: (done: number, total: number) => void,
): ReadLog | undefined {
	const {fd, stats} = openRegularFileForReading(path, {followLinks: true});
	try {
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
		const shown = displayPath(path);
		const events = new ReadEvents(shown, path, owner);
		const parameters: ReadLog['parameters'] = [];
		const problems: Problem[] = [];
		const lasting: Problem[] = [];
		let deviceName = start > 0 ? (previous?.deviceName ?? null) : null;
		let lastEventAt = start > 0 ? (previous?.lastEventAt ?? null) : null;
		let count = start > 0 ? (previous?.events ?? 0) : 0;
		// Where the lines read whole end: the next read starts there.
		let readTo = start;
		// One string for each device, card, identity key and deck named: the events are held until applied.
		const strings = new Map<string, string>();
		const shared = (text: string) => {
			const known = strings.get(text);
			if (known !== undefined) return known;
			strings.set(text, text);
			return text;
		};
		let resumeAt: {offset: number; line: number; events: number} | undefined;
		for (const {bytes, offset, whole} of linesOf(fd, start, stats.size, chunkBytes)) {
			lineNumber++;
			if (onRead && (lineNumber & (LINES_PER_REPORT - 1)) === 0) onRead(offset - start, stats.size - start);
			if (!whole) {
				problems.push(error(shown, lineNumber, 'last line is incomplete (still being written, or cut off by a crash); it is read once it is whole'));
				resumeAt ??= {offset, line: lineNumber - 1, events: count};
				break;
			}
			readTo = offset + bytes.length + 1;
			const line = bytes.toString('utf8').replace(/\r$/, '');
			if (line.trim() === '') continue;
			// Stop the read position before a line that may become good (mended, or its time come), so it is read again.
			const skip = (message: string, again: boolean) => {
				(again ? problems : lasting).push(error(shown, lineNumber, `skipped: ${message}`));
				if (again) resumeAt ??= {offset, line: lineNumber - 1, events: count};
			};
			const parsed = parseEventLine(line, shared);
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
			if (parsed.kind === 'parameters') parameters.push({event: parsed.event, file: shown, lineNumber, path, offset, length: bytes.length});
			else events.push(parsed.event, lineNumber, offset, bytes.length);
			lastEventAt = Math.max(lastEventAt ?? 0, parsed.event.at);
			count++;
		}
		onRead?.(stats.size - start, stats.size - start);
		const offset = resumeAt?.offset ?? readTo;
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


/**
The lines of the open file `fd` from byte `start` up to `end`, each with the place of its first
byte; a last line with no newline comes with `whole` false. A line's bytes are valid until the
next line is asked for.
*/
function* linesOf(fd: number, start: number, end: number, chunkBytes: number): Generator<{bytes: Buffer; offset: number; whole: boolean}> {
	// The pieces of a line begun in the chunks before (joined once it ends: a stranger's line with no
	// newline for many chunks is joined once, not once a chunk), and where it starts in the file.
	let carried: Buffer[] = [];
	let carriedAt = start;
	// One buffer for every chunk: a buffer a chunk lived outside V8's heap until a collection, and a
	// 60 MB log's first read held 44 MB of them at its end.
	const chunk = Buffer.allocUnsafe(Math.max(0, Math.min(chunkBytes, end - start)));
	for (let position = start; position < end; ) {
		const read = readSync(fd, chunk, 0, Math.min(chunk.length, end - position), position);
		if (read === 0) break;
		const chunkAt = position;
		position += read;
		const data = chunk.subarray(0, read);
		let cursor = 0;
		if (carried.length > 0) {
			const newline = data.indexOf(10);
			if (newline === -1) {
				// Copied: the next chunk is read into the same buffer.
				carried.push(Buffer.from(data));
				continue;
			}
			yield {bytes: Buffer.concat([...carried, data.subarray(0, newline)]), offset: carriedAt, whole: true};
			cursor = newline + 1;
		}
		for (let newline = data.indexOf(10, cursor); newline !== -1; newline = data.indexOf(10, cursor)) {
			yield {bytes: data.subarray(cursor, newline), offset: chunkAt + cursor, whole: true};
			cursor = newline + 1;
		}
		// Copied, so the chunk it came from is not kept for it.
		carried = cursor < data.length ? [Buffer.from(data.subarray(cursor))] : [];
		carriedAt = chunkAt + cursor;
	}
	if (carried.length > 0) yield {bytes: Buffer.concat(carried), offset: carriedAt, whole: false};
}

/**
Reads the lines of events again where they were read, for the events that wait for their card:
the line as its device wrote it is what waits. Undefined when the file no longer holds that
event's line there (rewritten since it was read).
*/
export class LinesAsRead {
	readonly #files = new Map<string, number | undefined>();

	line(item: Incoming<LogEvent>): string | undefined {
		if (!this.#files.has(item.path)) {
			let fd: number | undefined;
			try {
				fd = openRegularFileForReading(item.path, {followLinks: true}).fd;
			} catch {
				fd = undefined;
			}
			this.#files.set(item.path, fd);
		}
		const fd = this.#files.get(item.path);
		if (fd === undefined) return undefined;
		const bytes = Buffer.alloc(item.length);
		if (readSync(fd, bytes, 0, item.length, item.offset) !== item.length) return undefined;
		const line = bytes.toString('utf8').replace(/\r$/, '');
		const parsed = parseEventLine(line);
		return parsed.kind === 'event' && parsed.event.id === item.event.id && eventContent(parsed.event) === eventContent(item.event) ? line : undefined;
	}

	close(): void {
		for (const fd of this.#files.values()) if (fd !== undefined) closeSync(fd);
		this.#files.clear();
	}
}
