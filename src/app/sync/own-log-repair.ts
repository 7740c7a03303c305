import {appendFileSync, closeSync, readSync, statSync} from 'node:fs';
import {encodeEvent, parseEventLine, scanOwnLog} from '../../core/sync/event-log.js';
import type {Store} from '../../store/database.js';
import {eventsToExport, markExported, type OwnLogMark, setOwnLogMark} from '../../store/sync/events.js';
import {writeFileWhole} from '../decks/deck-files.js';
import {openRegularFileForAppending, openRegularFileForReading, readOwnFile} from '../safe-files.js';
import {thisDeviceHeader} from './log-files.js';

/*
Noticing that this device's log was changed behind its back (a git checkout or reset, a bad merge)
and making it hold every event of this device exactly once again.
*/

/** Whether the log still ends exactly where this device last left it. */
export function endsAtMark(file: string, mark: OwnLogMark | undefined): boolean {
	if (!mark) return false;
	const {fd, stats} = openRegularFileForReading(file, {followLinks: false});
	try {
		const {size} = stats;
		const expected = Buffer.from(mark.lastLine);
		if (size !== mark.size || expected.length > size) return false;
		const actual = Buffer.alloc(expected.length);
		readSync(fd, actual, 0, actual.length, size - actual.length);
		return actual.equals(expected);
	} finally {
		closeSync(fd);
	}
}

/** This device's events that its log lacks, with what the log holds. */
export function ownLogGaps(store: Store, file: string) {
	// Not read through a link; no log yet is an empty one.
	const scan = scanOwnLog(readOwnFile(file) ?? '');
	const all = eventsToExport(store, true);
	return {scan, all, missing: all.events.filter((event) => !scan.ids.has(event.id))};
}

/**
Make the log hold every event of this device exactly once: append the missing ones, or, when a
line has to go (cut off, mangled, repeated), write the log again by replacing it whole, keeping
its lines in their order.
*/
export function repairOwnLog(store: Store, file: string, now: number): {written: number; restored: number; dropped: number} {
	const {scan, all, missing} = ownLogGaps(store, file);
	const notYetWritten = new Set(eventsToExport(store).events.map((event) => event.id));
	const added = missing.map(encodeEvent);
	let lastLine = scan.lastLine;
	if (scan.clean) {
		const lines = [...(scan.keep.length === 0 && added.length > 0 ? [thisDeviceHeader(store.deviceId, now)] : []), ...added];
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
		const header = scan.keep[0] !== undefined && parseEventLine(scan.keep[0]).kind === 'header' ? [] : [thisDeviceHeader(store.deviceId, now)];
		const lines = [...header, ...scan.keep, ...added];
		writeFileWhole(file, lines.map((line) => `${line}\n`).join(''));
		lastLine = `${lines.at(-1)!}\n`;
	}
	markExported(store, all);
	setOwnLogMark(store, {size: statSync(file).size, lastLine});
	return {written: missing.length, restored: missing.filter((event) => !notYetWritten.has(event.id)).length, dropped: scan.dropped};
}
