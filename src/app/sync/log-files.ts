import {readdirSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {encodeHeader} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import {displayPath} from '../decks/deck-files.js';
import {refusalToRead} from '../safe-files.js';

/*
The log files in the sync folder: one per device, named after it, opening with a device line.
*/

const LOG_SUFFIX = '.jsonl';
// Bytes kept from just before the read offset, to notice a file rewritten behind our back.
export const TAIL_BYTES = 64;

export function logFileName(deviceId: string): string {
	return `${deviceId}${LOG_SUFFIX}`;
}

/** A device's log is named after the device: `<device id>.jsonl`. */
export const DEVICE_LOG_NAME = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/;

/** The logs in the sync folder that may be read, and one problem for each file skipped: a link leaving the folder, a FIFO, a folder, a file not named after a device. */
export function logsToRead(dir: string): {names: string[]; problems: Problem[]} {
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

/** The device line that opens this device's log, written wherever a log is begun or rewritten: its id, this machine's name, when. */
export function thisDeviceHeader(deviceId: string, now: number): string {
	return encodeHeader({type: 'device', device: deviceId, name: hostname(), created: now});
}
