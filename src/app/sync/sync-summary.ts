import {sanitizeLine} from '../../core/text.js';
import {displayPath} from '../decks/deck-files.js';
import type {EventSyncReport} from './sync-event-logs.js';

/*
The lines the terminal shows about an event sync.
*/

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
