/*
The card ids a first sync has written. It writes into an empty table, so an id is in use only if
this sync wrote it, and asking SQLite about each new card's id was 4% of a first sync of 100,000
cards. A card id is hexadecimal from a hash (cardIdFor), so its first six digits, as a bit in a
2 MB map, tell most new ids from all those written (at 100,000 written, all but one in 170); only
when the bit is set is the database asked. A set of the ids themselves cost as much as asking
SQLite, and held them all until the sync ended.
*/

const DIGITS = 6;

export class WrittenIds {
	readonly #bits = new Uint8Array(2 ** (4 * DIGITS - 3));

	add(id: string): void {
		const bit = bitOf(id);
		if (bit >= 0) this.#bits[bit >>> 3]! |= 1 << (bit & 7);
	}

	/** False when no id written has the first digits of `id`: it is certainly not in use. */
	mayHold(id: string): boolean {
		const bit = bitOf(id);
		return bit < 0 || (this.#bits[bit >>> 3]! & (1 << (bit & 7))) !== 0;
	}
}

/** The number the id's first digits make, or -1 for an id that does not start with lowercase hexadecimal digits (always asked of the database). */
function bitOf(id: string): number {
	if (id.length < DIGITS) return -1;
	let value = 0;
	for (let index = 0; index < DIGITS; index++) {
		const code = id.charCodeAt(index);
		const digit = code >= 0x30 && code <= 0x39 ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : -1;
		if (digit < 0) return -1;
		value = value * 16 + digit;
	}
	return value;
}
