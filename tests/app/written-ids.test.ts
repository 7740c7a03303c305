import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {WrittenIds} from '../../src/app/decks/written-ids.js';
import {cardIdFor} from '../../src/core/decks/card.js';

describe('the ids a first sync has written', () => {
	it('may hold every id written, so the database is asked about each of them', () => {
		fc.assert(
			fc.property(fc.array(fc.string(), {maxLength: 200}), (keys) => {
				const written = new WrittenIds();
				const ids = keys.map((key) => cardIdFor(key));
				for (const id of ids) written.add(id);
				expect(ids.filter((id) => !written.mayHold(id))).toEqual([]);
			}),
		);
	});

	it('tells an id apart by its first six digits, and leaves any other id to the database', () => {
		const written = new WrittenIds();
		written.add('0123abff00000000');
		expect(written.mayHold('0123ab0000000000')).toBe(true);
		expect(written.mayHold('0123ac0000000000')).toBe(false);
		expect(written.mayHold('ffffff0000000000')).toBe(false);
		expect(new WrittenIds().mayHold('0123AB0000000000')).toBe(true);
		expect(new WrittenIds().mayHold('id:x')).toBe(true);
	});
});
