import {eventContent, type LogEvent} from '../../core/sync/event-log.js';
import {type StoredEvent} from '../../store/sync/events.js';
import {type Incoming, type ReadLog, sourceOf} from './log-reader.js';

/*
Two lines with one event id and different content: which version every device keeps.
*/

/** Of two versions of one event, the one every device keeps: the smaller content, then the smaller card key. Order-free, so the same on every machine. */
export function versionKey(content: string, key: string | null): string {
	return `${content}\u0000${key ?? ''}`;
}

export function incomingKey(item: Incoming<LogEvent>): string {
	return versionKey(eventContent(item.event), item.event.type === 'parameters' ? null : item.event.key);
}

/**
Whether a stored event is the one read. The card is not compared: a stored event names the local
card it was matched to, whose id and identity key may both differ from the line's (matched by
key, then the question edited). Content includes the device, and a log carries only its own
device's events, so two logs can never hold one id with equal content.
*/
export function sameAsStored(stored: StoredEvent, event: LogEvent): boolean {
	return stored.content === eventContent(event);
}

/** One version of each event id among the lines read; each other version is reported. */
export function chooseVersions(logs: readonly ReadLog[], report: (source: string, message: string) => void): Map<string, Incoming<LogEvent>> {
	const chosen = new Map<string, Incoming<LogEvent>>();
	for (const item of logs.flatMap((log): Array<Incoming<LogEvent>> => [...log.parameters, ...log.events])) {
		const other = chosen.get(item.event.id);
		if (other === undefined) {
			chosen.set(item.event.id, item);
			continue;
		}
		const [kept, skipped] = incomingKey(other) <= incomingKey(item) ? [other, item] : [item, other];
		if (eventContent(kept.event) === eventContent(skipped.event) && (kept.event.type === 'parameters' || skipped.event.type === 'parameters' || kept.event.card === skipped.event.card || kept.event.key === skipped.event.key)) continue;
		report(sourceOf(skipped), `skipped: event ${item.event.id} has other content at ${sourceOf(kept)}; of two versions of an event every device keeps the same one`);
		chosen.set(item.event.id, kept);
	}
	return chosen;
}
