/*
A review's log line is put together from its parts when none needs escaping (event-log.ts,
reviewLine): it must be exactly the line JSON.stringify writes, and read back to the review.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {encodeEvent, parseEventLine, type SyncEvent} from '../../src/core/sync/event-log.js';

type Review = Extract<SyncEvent, {type: 'review'}>;

/** The line as encodeEvent wrote every review before the template: an object, stringified. */
const stringified = (review: Review) =>
	JSON.stringify({type: 'review', id: review.id, device: review.device, at: new Date(review.at).toISOString(), card: review.card, key: review.key, deck: review.deck, rating: review.rating, ms: review.durationMs});

// Text as it comes: mostly the plain ids, keys and deck names of real logs, sometimes anything at all.
const text = fc.oneof(fc.stringMatching(/^[\w\-.:/#@+ ]{0,40}$/), fc.string({unit: 'binary', maxLength: 20}), fc.constantFrom('"', '\\', '\n', '\u2028', 'é', '\ud800', 'deck "quoted"'));
const review = fc.record({
	type: fc.constant('review' as const),
	id: fc.oneof(fc.uuid(), text),
	device: fc.oneof(fc.uuid(), text),
	at: fc.integer({min: 0, max: 8_640_000_000_000_000}),
	card: text,
	key: text,
	deck: text,
	rating: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
	durationMs: fc.oneof(fc.nat(), fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1)),
});

describe('a review as a log line', () => {
	it('is byte for byte what JSON.stringify writes for it, whatever its text and numbers', () => {
		fc.assert(
			fc.property(review, (event) => {
				expect(encodeEvent(event)).toBe(stringified(event));
			}),
			{numRuns: 2000},
		);
	});

	it('reads back to the review it was written from', () => {
		const valid = review.filter((event) => /^[0-9a-f-]{36}$/.test(event.id) && /^[0-9a-f-]{36}$/.test(event.device) && event.card !== '' && event.key !== '' && Number.isSafeInteger(event.durationMs) && event.durationMs >= 0 && !Object.is(event.durationMs, -0));
		fc.assert(
			fc.property(
				valid.map((event) => ({...event, id: event.id.toLowerCase(), device: event.device.toLowerCase()})),
				(event) => {
					const parsed = parseEventLine(encodeEvent(event));
					expect(parsed).toEqual({kind: 'event', event});
				},
			),
			{numRuns: 500},
		);
	});
});
