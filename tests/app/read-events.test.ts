/*
The events read from a log are kept column by column (read-events.ts) and become objects again as
they are applied: each must come back exactly as it was read, with the place of its line, across
the blocks the columns are kept in, and named by one number across several logs.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {SyncEvent} from '../../src/core/sync/event-log.js';
import {EventsOfLogs, type Incoming, ReadEvents} from '../../src/app/sync/read-events.js';

const DEVICE = '01a25204-f29b-7095-9a49-21aad58ce90d';
const text = fc.oneof(fc.constantFrom('', 'backend', 'q:what is ci#0', 'deck "quoted"', 'é'), fc.string({maxLength: 12}));
const time = fc.integer({min: 0, max: 8_640_000_000_000_000});
const base = fc.record({id: fc.uuid(), device: fc.constant(DEVICE), at: time, card: text, key: text, deck: text});
const review = fc.record({
	base,
	rating: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
	durationMs: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
});
const event: fc.Arbitrary<SyncEvent> = fc.oneof(
	{weight: 4, arbitrary: review.map(({base, rating, durationMs}): SyncEvent => ({type: 'review', ...base, rating, durationMs}))},
	{weight: 1, arbitrary: fc.record({base, due: time}).map(({base, due}): SyncEvent => ({type: 'due', ...base, due}))},
	{weight: 1, arbitrary: fc.record({base, target: fc.uuid(), batch: fc.uuid()}).map(({base, target, batch}): SyncEvent => ({type: 'undo', ...base, target, batch}))},
);
const place = fc.record({lineNumber: fc.integer({min: 1, max: 2 ** 31 - 1}), offset: fc.integer({min: 0, max: Number.MAX_SAFE_INTEGER}), length: fc.integer({min: 1, max: 16 * 1024 * 4})});
const read = fc.array(fc.record({event, place}), {maxLength: 60});

function filled(items: ReadonlyArray<{event: SyncEvent; place: {lineNumber: number; offset: number; length: number}}>, file = 'sync/a.jsonl'): ReadEvents {
	const events = new ReadEvents(file, `/home/u/${file}`, DEVICE);
	for (const {event, place} of items) events.push(event, place.lineNumber, place.offset, place.length);
	return events;
}

const incomingOf = (item: {event: SyncEvent; place: {lineNumber: number; offset: number; length: number}}, file = 'sync/a.jsonl'): Incoming<SyncEvent> => ({event: item.event, file, path: `/home/u/${file}`, ...item.place});

describe('the events read from a log', () => {
	it('give back each event and the place of its line as read, whatever they hold', () => {
		fc.assert(
			fc.property(read, (items) => {
				const events = filled(items);
				expect(events).toHaveLength(items.length);
				expect([...events]).toEqual(items.map((item) => incomingOf(item)));
				items.forEach((item, row) => {
					expect(events.id(row)).toBe(item.event.id);
					expect(events.isAnswer(row)).toBe(item.event.type === 'review');
				});
			}),
			{numRuns: 300},
		);
	});

	it('keep answers apart across the blocks their columns fill', () => {
		const items = Array.from({length: 9000}, (_, index) => ({
			event: {type: 'review', id: `01a25204-0000-7000-8000-${String(index).padStart(12, '0')}`, device: DEVICE, at: 1_700_000_000_000 + index, card: `card${index % 700}`, key: `key${index % 701}`, deck: `deck${index % 3}`, rating: ((index % 4) + 1) as 1 | 2 | 3 | 4, durationMs: index * 7} satisfies SyncEvent,
			place: {lineNumber: index + 2, offset: index * 250, length: 240 + (index % 9)},
		}));
		const events = filled(items);
		for (const row of [0, 4095, 4096, 4097, 8191, 8192, 8999]) expect(events.incoming(row)).toEqual(incomingOf(items[row]!));
		expect([...events]).toEqual(items.map((item) => incomingOf(item)));
	});

	it('of several logs are numbered one after another, each number naming one event of one log', () => {
		fc.assert(
			fc.property(fc.array(read, {maxLength: 4}), (logs) => {
				const files = logs.map((_, index) => `sync/${index}.jsonl`);
				const all = new EventsOfLogs(logs.map((items, index) => filled(items, files[index])));
				const expected = logs.flatMap((items, index) => items.map((item) => incomingOf(item, files[index])));
				expected.forEach((incoming, number) => {
					expect(all.incoming(number)).toEqual(incoming);
					expect(all.event(number)).toEqual(incoming.event);
					expect(all.id(number)).toBe(incoming.event.id);
				});
				let start = 0;
				logs.forEach((items, index) => {
					expect(all.start(index)).toBe(start);
					start += items.length;
				});
			}),
			{numRuns: 200},
		);
	});

	it('come back as they were from a worker: packed, cloned with their columns moved, and unpacked', () => {
		fc.assert(
			fc.property(fc.array(fc.record({event, place}), {maxLength: 5000}), (items) => {
				const {packed, transfer} = filled(items).packed();
				const events = ReadEvents.unpacked(structuredClone(packed, {transfer}));
				expect(events).toHaveLength(items.length);
				expect([...events]).toEqual(items.map((item) => incomingOf(item)));
				items.forEach((item, row) => expect([events.id(row), events.isAnswer(row)]).toEqual([item.event.id, item.event.type === 'review']));
				// The buffers moved: the worker's copy is empty.
				for (const buffer of transfer) expect(buffer.byteLength).toBe(0);
				// Unpacked events take more as a reader fills them.
				const more: SyncEvent = items[0]?.event ?? {type: 'review', id: '01a25204-0000-7000-8000-000000000000', device: DEVICE, at: 1, card: 'c', key: 'k', deck: 'd', rating: 3, durationMs: 1};
				events.push(more, 1, 0, 1);
				expect(events).toHaveLength(items.length + 1);
				expect(events.event(items.length)).toEqual(more);
			}),
			{numRuns: 60},
		);
	});
});
