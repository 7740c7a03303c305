/*
Reading another device's log (src/app/sync/log-reader.ts): the file is read a chunk at a time and
each event keeps its line's place in the file rather than its bytes. Lines cross chunk boundaries
anywhere, so reading in pieces of any size must read what reading the file whole reads, and each
place must hold the very line its event came from.
*/
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {LinesAsRead, readLog} from '../../src/app/sync/log-reader.js';
import {encodeEvent, encodeHeader, parseEventLine, type SyncEvent} from '../../src/core/sync/event-log.js';
import {makeTempDir} from '../helpers/temp.js';

const root = makeTempDir('fluency-log-reader-');
afterAll(() => rmSync(root, {recursive: true, force: true}));

const OWNER = '01a251b7-8409-774a-af90-c2e5de05f7ba';
const STRANGER = '01a251b7-8409-774a-af90-c2e5de05f7bb';
const NOW = Date.parse('2026-12-01T00:00:00Z');
const NAME = `${OWNER}.jsonl`;

const hex = (length: number) => fc.string({unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length});
const uuid = fc.tuple(hex(8), hex(4), hex(3), hex(3), hex(12)).map(([a, b, c, d, e]) => `${a}-${b}-7${c}-8${d}-${e}`);
// Keys and deck names as users write them: accents, quotes, emoji (four UTF-8 bytes), spaces.
const text = fc.oneof(fc.constantFrom('q:what is ci#0', 'backend', 'ml/serving', 'déploiement', 'deck "quoted"', 'cache 🚀'), fc.string({minLength: 1, maxLength: 12}));
const event: fc.Arbitrary<SyncEvent> = fc.oneof(
	fc.record({type: fc.constant('review' as const), id: uuid, device: fc.constant(OWNER), at: fc.integer({min: Date.parse('2020-01-01'), max: NOW}), card: hex(16), key: text, deck: text, rating: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>, durationMs: fc.nat(100_000)}),
	fc.record({type: fc.constant('suspend' as const), id: uuid, device: fc.constant(OWNER), at: fc.integer({min: Date.parse('2020-01-01'), max: NOW}), card: hex(16), key: text, deck: text}),
);
// A line of a log as the world leaves it: events, blank lines, a mangled line, another device's event.
const line = fc.oneof(
	{weight: 8, arbitrary: event.map((each) => encodeEvent(each))},
	{weight: 1, arbitrary: fc.constant('')},
	{weight: 1, arbitrary: fc.constant('{"type":"review","id":')},
	{weight: 1, arbitrary: event.map((each) => encodeEvent({...each, device: STRANGER}))},
);
const log = fc.record({
	lines: fc.array(line, {maxLength: 40}),
	crlf: fc.boolean(),
	// Half of a line still being written, no newline yet.
	unfinished: fc.option(event.map((each) => encodeEvent(each).slice(0, 30)), {nil: undefined}),
});

function writeLog(lines: readonly string[], crlf: boolean, unfinished?: string): string {
	const path = join(root, NAME);
	const header = encodeHeader({type: 'device', device: OWNER, name: 'laptop', created: NOW - 86_400_000});
	writeFileSync(path, `${[header, ...lines].map((each) => `${each}${crlf ? '\r\n' : '\n'}`).join('')}${unfinished ?? ''}`);
	return path;
}

describe("reading another device's log", () => {
	it('reads in pieces of any size what it reads whole, and each event keeps the place of the very line it came from', () => {
		fc.assert(
			fc.property(log, fc.integer({min: 1, max: 300}), ({lines, crlf, unfinished}, chunkBytes) => {
				const path = writeLog(lines, crlf, unfinished);
				const whole = readLog(path, NAME, OWNER, undefined, NOW, 1 << 30)!;
				const pieces = readLog(path, NAME, OWNER, undefined, NOW, chunkBytes)!;
				// The events compared one by one: the columns that hold them are private to their class.
				expect({...pieces, events: [...pieces.events]}).toEqual({...whole, events: [...whole.events]});
				const bytes = readFileSync(path);
				for (const item of whole.events) {
					const text = bytes.subarray(item.offset, item.offset + item.length).toString('utf8').replace(/\r$/, '');
					expect(parseEventLine(text)).toEqual({kind: 'event', event: item.event});
				}
				expect(whole.events).toHaveLength(lines.filter((each) => each.includes(`"device":"${OWNER}"`)).length);
				// The next read starts at the first line that may yet become good (the mangled one), or else after the last whole line.
				const mangled = bytes.indexOf(`{"type":"review","id":${crlf ? '\r\n' : '\n'}`);
				expect(whole.state.offset).toBe(mangled === -1 ? bytes.length - (unfinished?.length ?? 0) : mangled);
			}),
			{numRuns: 300},
		);
	});

	it('gives back the line an event came from as its device wrote it, and nothing once the file no longer holds it there', () => {
		const written = encodeEvent({type: 'suspend', id: '01a251c3-d367-745f-b98c-14d91070583a', device: OWNER, at: NOW - 1000, card: 'ee630f2f7ddddcae', key: 'q:what is ci#0', deck: 'backend'});
		// A field this version does not know (a later one's): the line waits with it.
		const later = written.replace(/}$/, ',"reason":"vacation"}');
		const path = writeLog([later], true);
		const [item] = readLog(path, NAME, OWNER, undefined, NOW)!.events;
		const lines = new LinesAsRead();
		expect(lines.line(item!)).toBe(later);
		lines.close();
		writeLog([encodeEvent({...(item!.event as SyncEvent), at: NOW - 5000})], true);
		const changed = new LinesAsRead();
		expect(changed.line(item!)).toBeUndefined();
		changed.close();
	});
});
