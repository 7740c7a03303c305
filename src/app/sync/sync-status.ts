import {join} from 'node:path';
import type {Store} from '../../store/database.js';
import {eventsToExport, syncFileStates, ownLogMark, pendingTotals} from '../../store/sync/events.js';
import {overflowMark} from '../../store/sync/remembered.js';
import {kindOf} from '../safe-files.js';
import {endsAtMark, ownLogGaps} from './own-log-repair.js';
import {logFileName} from './log-files.js';

/*
What `fluency sync --status` shows.
*/

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
