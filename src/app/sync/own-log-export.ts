import {appendFileSync, closeSync, fstatSync, mkdirSync, readSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {encodeEvent} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import type {Store} from '../../store/database.js';
import {eachEventToExport, eventsToExportAtMost, type ExportMarks, forgetExported, markExported, ownLogMark, saveSyncFileState, setOwnLogMark, syncFileStates} from '../../store/sync/events.js';
import {displayPath} from '../decks/deck-files.js';
import {describeKind, kindOf, openRegularFileForAppending, openRegularFileForReading, UnsafeFileError} from '../safe-files.js';
import {logFileName, TAIL_BYTES, thisDeviceHeader} from './log-files.js';
import {LineAppender} from './line-appender.js';
import {endsAtMark, repairOwnLog} from './own-log-repair.js';

/*
Writing this device's new events to its own log in the sync folder.
*/

/** How many events are written so far, of at most how many: called every EXPORT_PROGRESS_STEP events, and once all are written. */
export type ExportProgress = (written: number, atMost: number) => void;

const EXPORT_PROGRESS_STEP = 10_000;

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
export function ownLogRefusal(dir: string, file: string): string | undefined {
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
export function exportEvents(store: Store, dir: string, now: number, onProgress?: ExportProgress): ExportReport {
	const file = join(dir, logFileName(store.deviceId));
	const refusal = ownLogRefusal(dir, file);
	if (refusal) return {written: 0, restored: 0, dropped: 0, problem: error(displayPath(file), 1, refusal)};
	try {
		// The write lock is held throughout, so a second fluency process on this database waits
		// instead of writing the same events again; a crash before the commit leaves a log that no
		// longer ends where the database says, which the next export repairs without duplicating.
		return store.transaction(() => {
			if (kindOf(file) === 'missing') {
				// A deleted log: write this device's whole history to it again. A log never written
				// (this device has no events of its own yet) is left alone, so the marks keep past
				// other devices' rows instead of reading them all again on every command.
				if (ownLogMark(store)?.size !== 0) forgetExported(store);
			} else if (!endsAtMark(file, ownLogMark(store))) {
				return repairOwnLog(store, file, now);
			}
			return appendNewEvents(store, dir, file, now, onProgress);
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

/**
Write this device's events that are not in its log yet, as they are read: a first export after a
large import is hundreds of thousands of lines. Whole lines, a chunk at a time: a crash part-way
leaves a log that no longer ends at the mark, which the next export repairs, and a line cut short
is skipped by readers until it is whole.
*/
function appendNewEvents(store: Store, dir: string, file: string, now: number, onProgress?: ExportProgress): ExportReport {
	const atMost = onProgress ? eventsToExportAtMost(store) : 0;
	let fd: number | undefined;
	let lines: LineAppender | undefined;
	let lastLine = '';
	let written = 0;
	const appended = {from: 0, lines: 0, header: false, lastEventAt: null as number | null};
	try {
		const marks = eachEventToExport(store, false, (event) => {
			if (lines === undefined) {
				const opened = openOwnLogForAppending(store, dir, file, now);
				fd = opened.fd;
				lines = new LineAppender(fd);
				appended.from = opened.from;
				if (opened.header) {
					appended.header = true;
					appended.lines++;
				}
			}
			lastLine = `${encodeEvent(event)}\n`;
			lines.append(lastLine);
			written++;
			if (onProgress && written % EXPORT_PROGRESS_STEP === 0) onProgress(written, Math.max(atMost, written));
			appended.lines++;
			appended.lastEventAt = Math.max(appended.lastEventAt ?? event.at, event.at);
		});
		if (lines === undefined) {
			// Nothing of this device's, but the marks may have stepped past other devices' rows; a
			// log still missing is remembered as empty, so the next export knows it was not deleted.
			if (marks.moved) markExported(store, marks);
			if (ownLogMark(store) === undefined && kindOf(file) === 'missing') setOwnLogMark(store, {size: 0, lastLine: ''});
			return {written: 0, restored: 0, dropped: 0};
		}
		lines.flush();
		onProgress?.(written, written);
		recordAppend(store, file, marks, lastLine, {...appended, events: written});
		return {written, restored: 0, dropped: 0};
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
This device's log opened for appending, its folder made if need be, and begun with the device
line when it is empty: `from` is its size before, `header` whether the device line was written.
*/
export function openOwnLogForAppending(store: Store, dir: string, file: string, now: number): {fd: number; from: number; header: boolean} {
	mkdirSync(dir, {recursive: true});
	const fd = openRegularFileForAppending(file);
	try {
		const from = fstatSync(fd).size;
		if (from === 0) appendFileSync(fd, `${thisDeviceHeader(store.deviceId, now)}\n`);
		return {fd, from, header: from === 0};
	} catch (thrown) {
		closeSync(fd);
		throw thrown;
	}
}

/** What was appended to this device's log. */
export type Appended = {
	/** The log's size before. */
	readonly from: number;
	/** Lines appended, the device line among them when `header`. */
	readonly lines: number;
	readonly header: boolean;
	readonly events: number;
	readonly lastEventAt: number | null;
};

/**
Remember an append to this device's log: the export marks move to `marks`, and the log's end is
its size now and `lastLine`, so the next export knows whether it was changed behind its back.
*/
export function recordAppend(store: Store, file: string, marks: ExportMarks, lastLine: string, appended: Appended): void {
	markExported(store, marks);
	setOwnLogMark(store, {size: statSync(file).size, lastLine});
	keepReadingPositionAtEnd(store, file, appended);
}

/**
What this device just appended to its own log it need not read back: every event in it came from
this database. When the last read of the log had reached the point the append started from (or
there was no log), the read position moves to the new end with the append, so the next sync does
not parse, say, the 220,000 lines a large Anki import wrote (53 MB, 460 MB of memory to find them
all known). Otherwise the next read catches up as usual, so nothing is ever skipped unread.
*/
function keepReadingPositionAtEnd(store: Store, file: string, appended: Appended): void {
	const name = logFileName(store.deviceId);
	const previous = syncFileStates(store).get(name);
	const caughtUp = previous ? previous.offset === appended.from && previous.size === appended.from : appended.from === 0;
	if (!caughtUp) return;
	const {fd, stats} = openRegularFileForReading(file, {followLinks: false});
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
