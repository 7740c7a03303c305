/*
A review's log line is put together from its parts when none needs escaping (event-log.ts,
reviewLine): it must be exactly the line JSON.stringify writes, and read back to the review. Every
other kind of event reads back from its line and from its database row to what was written.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {encodeEvent, parseEventLine, type SyncEvent} from '../../src/core/sync/event-log.js';
import {cardEventColumns, cardEventOfRow} from '../../src/store/card-event-rows.js';

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

type CardEvent = Exclude<SyncEvent, {type: 'review'}>;

// Every card event kind, with and without the answer that caused it and the command it belongs to.
const plainText = fc.stringMatching(/^[\w\-.:/#@+ ]{1,30}$/);
const cardEvent: fc.Arbitrary<CardEvent> = fc
	.record({
		base: fc.record({id: fc.uuid(), device: fc.uuid(), at: fc.integer({min: Date.UTC(2006, 0, 1), max: Date.UTC(2100, 0, 1)}), card: plainText, key: plainText, deck: fc.oneof(fc.constant(''), plainText)}),
		kind: fc.constantFrom('undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset', 'due', 'tag', 'untag', 'flag'),
		target: fc.option(fc.uuid(), {nil: undefined}),
		batch: fc.option(fc.uuid(), {nil: undefined}),
		until: fc.integer({min: Date.UTC(2006, 0, 1), max: Date.UTC(2100, 0, 1)}),
		tag: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
		flag: fc.integer({min: 0, max: 4}),
	})
	.map(({base, kind, target, batch, until, tag, flag}) => {
		const cause = {...(target ? {target} : {}), ...(batch ? {batch} : {})};
		switch (kind) {
			case 'undo':
				return {...base, type: kind, target: target ?? base.id, ...(batch ? {batch} : {})};
			case 'bury':
				return {...base, type: kind, until, ...cause};
			case 'due':
				return {...base, type: kind, due: until, ...cause};
			case 'tag':
			case 'untag':
				return {...base, type: kind, tag, ...cause};
			case 'flag':
				return {...base, type: kind, flag, ...cause};
			default:
				return {...base, type: kind, ...cause};
		}
	});

describe('a card event', () => {
	it('reads back from its log line to the event written, cause and command included', () => {
		fc.assert(
			fc.property(cardEvent, (event) => {
				expect(parseEventLine(encodeEvent(event))).toEqual({kind: 'event', event});
			}),
			{numRuns: 1000},
		);
	});

	it('reads back from its database row to the event stored', () => {
		fc.assert(
			fc.property(cardEvent, (event) => {
				const [target_id, until, value, batch] = cardEventColumns(event);
				const row = {kind: event.type, id: event.id, device_id: event.device, at: event.at, target_id, until, value, batch};
				expect(cardEventOfRow(row, {card: event.card, key: event.key, deck: event.deck})).toEqual(event);
			}),
			{numRuns: 1000},
		);
	});
});
