import {formatLoadSummary, type LoadReport} from '../decks/load-decks.js';
import type {EventSyncReport} from '../sync/sync-event-logs.js';
import {formatOwnLogRepair, formatParametersChange} from '../sync/sync-summary.js';

/**
A line the service has for the user about what it did on its own: decks loaded, events exchanged,
a backup that failed. The CLI prints it to stderr: `minor` lines dim, and `hint` as a dim aside
after `text`.
*/
export type Notice = {readonly text: string; readonly minor?: boolean; readonly hint?: string};

/** What `fluency sync` does, and every command before its first read: deck files loaded, then review events exchanged. */
export type SyncOutcome = LoadReport & {readonly events: EventSyncReport};

/**
The lines a sync has for the user. Quiet when nothing changed and nothing is wrong, unless
`verbose` (`fluency sync` itself): then every count is said.
*/
export function syncNotices(outcome: SyncOutcome, verbose: boolean): Notice[] {
	const {events} = outcome;
	const notices: Notice[] = [];
	const errors = outcome.problems.filter((problem) => problem.severity === 'error').length;
	const somethingChanged = outcome.added + outcome.changed + outcome.moved + outcome.retired + outcome.restored > 0;
	if (verbose || somethingChanged || errors > 0) {
		// `fluency sync` lists every problem, the review logs' too; `fluency check` only reads decks.
		notices.push({text: formatLoadSummary(outcome), ...(errors > 0 && !verbose ? {hint: ' (`fluency sync` lists them)'} : {})});
	}
	if (verbose || events.imported > 0 || events.pending > 0) {
		notices.push({text: `review history: ${events.imported} events from other devices, ${events.exported} written to this device's log, ${events.pending} waiting for their card`});
	}
	const repaired = formatOwnLogRepair(events);
	if (repaired) notices.push({text: repaired});
	const parameters = formatParametersChange(events);
	if (parameters) notices.push({text: parameters});
	return notices;
}
