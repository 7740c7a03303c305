import {closeSync, fstatSync, readSync} from 'node:fs';
import {implausibleTime, type LogEvent, type ParametersEvent, parseEventLine, type SyncEvent} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import {type SyncFileState} from '../../store/sync/events.js';
import {displayPath} from '../decks/deck-files.js';
import {openRegularFileForReading} from '../safe-files.js';
import {TAIL_BYTES} from './log-files.js';

/*
Reading what is new in another device's log since the last sync, from a byte offset remembered
with the bytes just before it, so a log rewritten behind our back is read again from its start.
*/

/**
An event read, with where it was read. The line is kept as bytes of the file read (no copy) and
its place as the file and line number: a stranger's log of 300,000 events would otherwise hold
as many strings of each, for the few kept waiting.
*/
export type Incoming<E extends LogEvent> = {readonly event: E; readonly bytes: Buffer; readonly file: string; readonly lineNumber: number};
export const sourceOf = (item: Incoming<LogEvent>) => `${item.file}:${item.lineNumber}`;
export type ReadLog = {
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

/** A line dated further ahead than the clock skew allowed, but less than this, is read again at every sync until its time is near. */
const REREAD_FUTURE_MS = 366 * 86_400_000;

/**
Read what is new in one device's log since the last sync. The file is the log of the device its
name says (`owner`): a device line naming another device, and an event claiming to be another
device's, are skipped, so no file speaks for another device (this one least of all). So is a line
with an implausible date: before 2006, or more than a day ahead of this machine's clock.
*/
export function readLog(path: string, name: string, owner: string, previous: SyncFileState | undefined, now: number): ReadLog | undefined {
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
