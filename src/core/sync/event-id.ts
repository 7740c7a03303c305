import {sha256} from '../decks/card.js';

/**
A UUIDv7-shaped id that is the same every time for the same event from elsewhere (an Anki
review, say): its time bits are the event's time, the rest comes from a hash of `source`. Importing
the same history twice then adds nothing, and ids still sort by time like fluency's own.
*/
export function stableEventId(at: number, source: string): string {
	const time = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
	const hash = sha256(source);
	const variant = ((Number.parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16);
	return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`;
}
