/*
The SQL behind fitted FSRS parameters: every change is a row of parameter_events (from this device
or read from another's log), and the latest per preset, by (at, id), is the one in effect.
*/
import type {ParametersEvent} from '../../core/sync/event-log.js';
import type {Store} from '../database.js';
import {storedJson} from '../database.js';

/** Per preset ('' for the global ones), the weights of its latest change; null when that change forgot them. */
export function parametersInEffect(store: Store): Map<string, readonly number[] | null> {
	const rows = store
		.statement(
			`SELECT preset, weights FROM (
				SELECT preset, weights, row_number() OVER (PARTITION BY preset ORDER BY at DESC, id DESC) AS latest FROM parameter_events
			 ) WHERE latest = 1 ORDER BY preset`,
		)
		.all() as Array<{preset: string; weights: string | null}>;
	return new Map(rows.map((row) => [row.preset, row.weights === null ? null : storedJson<number[]>(row.weights, 'the weights of fitted parameters')]));
}

/** The time of a preset's latest change, if it has any. */
export function latestParametersAt(store: Store, preset: string): number | undefined {
	const row = store.statement('SELECT max(at) AS at FROM parameter_events WHERE preset = ?').get(preset) as {at: number | null};
	return row.at ?? undefined;
}

/** Store a change of parameters; false when it was already there (read from a log twice). */
export function insertParametersEvent(store: Store, event: ParametersEvent): boolean {
	return (
		store
			.statement('INSERT OR IGNORE INTO parameter_events (id, device_id, at, preset, weights) VALUES (?, ?, ?, ?, ?)')
			.run(event.id, event.device, event.at, event.preset, event.weights === null ? null : JSON.stringify(event.weights)).changes > 0
	);
}
