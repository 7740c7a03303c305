import {eventContent, type LogEvent, type ParametersEvent} from '../../core/sync/event-log.js';
import {type StoredEvent} from '../../store/sync/events.js';
import type {ReadLog} from './log-reader.js';
import {type EventsOfLogs, type Incoming, sourceOf} from './read-events.js';

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

/** An event chosen: a card event by its number among the events read, or a change of parameters. */
export type Chosen = number | Incoming<ParametersEvent>;

/** A chosen event with the place of its line, made an object again if it is a card event. */
export function incomingOf(events: EventsOfLogs, item: Chosen): Incoming<LogEvent> {
	return typeof item === 'number' ? events.incoming(item) : item;
}

/** One version of each event id among the lines read; each other version is reported. */
export function chooseVersions(logs: readonly ReadLog[], events: EventsOfLogs, report: (source: string, message: string) => void): Map<string, Chosen> {
	const chosen = new Map<string, Chosen>();
	const consider = (id: string, item: Chosen) => {
		const other = chosen.get(id);
		if (other === undefined) {
			chosen.set(id, item);
			return;
		}
		const [first, second] = [incomingOf(events, other), incomingOf(events, item)];
		const [kept, skipped] = incomingKey(first) <= incomingKey(second) ? [first, second] : [second, first];
		if (eventContent(kept.event) === eventContent(skipped.event) && (kept.event.type === 'parameters' || skipped.event.type === 'parameters' || kept.event.card === skipped.event.card || kept.event.key === skipped.event.key)) return;
		report(sourceOf(skipped), `skipped: event ${id} has other content at ${sourceOf(kept)}; of two versions of an event every device keeps the same one`);
		chosen.set(id, kept === first ? other : item);
	};
	logs.forEach((log, index) => {
		for (const item of log.parameters) consider(item.event.id, item);
		const start = events.start(index);
		for (let row = 0; row < log.events.length; row++) consider(log.events.id(row), start + row);
	});
	return chosen;
}
