import {appendFileSync, closeSync, ftruncateSync, openSync, readSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {encodeEvent, type LogEvent} from '../../core/sync/event-log.js';
import type {Store} from '../../store/database.js';
import {type ExportMarks, exportedUpTo, lastEventRows, type OwnLogMark, ownEventsBetween, ownLogMark} from '../../store/sync/events.js';
import {kindOf} from '../safe-files.js';
import {logFileName} from './log-files.js';
import {exportEvents, openOwnLogForAppending, ownLogRefusal, recordAppend} from './own-log-export.js';
import {LineAppender} from './line-appender.js';
import {endsAtMark} from './own-log-repair.js';

/*
The log lines of a large import, written to a private file as its events are stored and appended
to this device's log once they are committed. Left to the export that follows an import, the
events are read back from the database, joined to their cards and decks and sorted by time: for
220,000 Anki answers, 0.9 s of the import's 7. The lines are in the order the import stored them
(card by card), which no reader relies on: every reader replays a card from its whole history.

No line reaches the shared log before its event is committed, and no event is written twice: the
append checks, under the write lock, that every event of this device stored since the import began
has a line and that the log still ends where it did then (an export in between would have moved
its end). Otherwise it writes nothing, and the ordinary export that follows every import writes
the events from the database.
*/

// The lines file is copied into the log this much at a time.
const COPY_CHUNK = 1024 * 1024;

export type ImportLog = {
	/** Each event of this device the import stored, as the export would read it back. */
	readonly stored: (event: LogEvent) => void;
	/** Call inside the import's transaction, once all is stored. */
	readonly storedAll: () => void;
	/** Call once, after the import committed (or rolled back): append the lines to this device's log. Whether it did. */
	readonly append: () => boolean;
};

/**
Start the lines of an import that is about to store events, inside its transaction (so no other
process stores or exports events until it commits). This device's pending events are exported
first, so the import's lines are all the log lacks; undefined when the log cannot be written
(the export after the import reports why).
*/
export function startImportLog(store: Store, dir: string, scratch: string, now: number): ImportLog | undefined {
	if (exportEvents(store, dir, now).problem) return undefined;
	const from = exportedUpTo(store);
	const mark = ownLogMark(store);
	if (!mark) return undefined;
	const linesFile = join(scratch, 'import-log-lines');
	const fd = openSync(linesFile, 'wx', 0o600);
	const lines = new LineAppender(fd);
	let lastLine = '';
	let events = 0;
	let lastEventAt: number | null = null;
	let to: ExportMarks | undefined;
	return {
		stored(event) {
			lastLine = `${encodeEvent(event)}\n`;
			events++;
			lastEventAt = Math.max(lastEventAt ?? event.at, event.at);
			lines.append(lastLine);
		},
		storedAll() {
			lines.flush();
			to = lastEventRows(store);
		},
		append() {
			closeSync(fd);
			try {
				if (!to || events === 0) return false;
				const file = join(dir, logFileName(store.deviceId));
				const marks = to;
				return store.transaction(() => {
					// Every event of this device stored since the import began has a line (none went by
					// unseen, the import was not rolled back), and the log still ends where it did then:
					// no export wrote to it since, and nobody changed it.
					if (ownEventsBetween(store, from, marks) !== events || ownLogRefusal(dir, file) || !endsWhereItDid(file, mark)) return false;
					return appendLines(store, file, linesFile, marks, {lastLine, events, lastEventAt}, now);
				});
			} finally {
				rmSync(linesFile, {force: true});
			}
		},
	};
}

/** Whether the log is as this device last left it: ending at its mark, or still missing when it never wrote one. */
function endsWhereItDid(file: string, mark: OwnLogMark): boolean {
	if (kindOf(file) === 'missing') return mark.size === 0;
	return endsAtMark(file, mark);
}

/**
Append the lines file to the log and record it. A write that fails (a full disk) is cut off
again, so the log still ends at its mark and the export that follows tries again, or says why not.
*/
function appendLines(store: Store, file: string, linesFile: string, marks: ExportMarks, lines: {lastLine: string; events: number; lastEventAt: number | null}, now: number): boolean {
	let opened: {fd: number; from: number; header: boolean};
	try {
		opened = openOwnLogForAppending(store, dirname(file), file, now);
	} catch {
		return false;
	}
	const {fd: log, from, header} = opened;
	const source = openSync(linesFile, 'r');
	try {
		try {
			const buffer = Buffer.alloc(COPY_CHUNK);
			for (let read = readSync(source, buffer); read > 0; read = readSync(source, buffer)) appendFileSync(log, buffer.subarray(0, read));
		} catch (thrown) {
			if (typeof (thrown as NodeJS.ErrnoException).code !== 'string') throw thrown;
			ftruncateSync(log, from);
			return false;
		}
		recordAppend(store, file, marks, lines.lastLine, {from, lines: lines.events + (header ? 1 : 0), header, events: lines.events, lastEventAt: lines.lastEventAt});
		return true;
	} finally {
		closeSync(source);
		closeSync(log);
	}
}
