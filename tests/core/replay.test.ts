import {describe, expect, it} from 'vitest';
import {encodeEvent, encodeHeader, parseEventLine, scanOwnLog, type SyncEvent} from '../../src/core/sync/event-log.js';
import {type HistoryEvent, replayCard} from '../../src/core/scheduling/replay.js';
import {DEFAULT_WEIGHTS, NEW_MEMORY, Scheduler} from '../../src/core/scheduling/scheduler.js';

const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;
const CARD = '3f2a9c1e5b7d4a60';
const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;

const history: HistoryEvent[] = [
	{id: id(1), at: t0, type: 'review', rating: 3},
	{id: id(2), at: t0 + 600_000, type: 'review', rating: 3},
	{id: id(3), at: t0 + 3 * DAY, type: 'review', rating: 1},
	{id: id(4), at: t0 + 3 * DAY + 1, type: 'reset'},
	{id: id(5), at: t0 + 4 * DAY, type: 'review', rating: 4},
	{id: id(6), at: t0 + 4 * DAY + 5, type: 'suspend'},
	{id: id(7), at: t0 + 5 * DAY, type: 'unsuspend'},
	{id: id(8), at: t0 + 6 * DAY, type: 'review', rating: 2},
	{id: id(9), at: t0 + 6 * DAY + 1, type: 'undo', target: id(8)},
	{id: id(10), at: t0 + 6 * DAY + 2, type: 'bury', until: t0 + 7 * DAY},
];

describe('replaying a card', () => {
	it('gives the same state for any order the events arrive in', () => {
		const expected = replayCard(history, scheduler, CARD);
		for (const order of [[...history].reverse(), [...history.slice(5), ...history.slice(0, 5)], [history[9]!, history[3]!, ...history.filter((_, index) => index !== 9 && index !== 3)]]) {
			expect(replayCard(order, scheduler, CARD)).toEqual(expected);
		}
	});

	it('starts from scratch after a reset, and leaves out undone answers', () => {
		const replayed = replayCard(history, scheduler, CARD);
		const afterReset = scheduler.answer(NEW_MEMORY, 4, t0 + 4 * DAY, CARD).after;
		expect(replayed.memory).toEqual(afterReset);
		expect(replayed.reviews.map((review) => review.id)).toEqual([id(1), id(2), id(3), id(5)]);
		expect([...replayed.undone]).toEqual([id(8)]);
	});

	it('takes the latest suspend or bury as the card\'s state', () => {
		const replayed = replayCard(history, scheduler, CARD);
		expect(replayed.suspended).toBe(false);
		expect(replayed.buriedUntil).toBe(t0 + 7 * DAY);
	});

	it('breaks ties in time by event id, not by arrival', () => {
		const tied: HistoryEvent[] = [
			{id: id(2), at: t0, type: 'reset'},
			{id: id(1), at: t0, type: 'review', rating: 4},
		];
		expect(replayCard(tied, scheduler, CARD).memory).toEqual(NEW_MEMORY);
		expect(replayCard([...tied].reverse(), scheduler, CARD).memory).toEqual(NEW_MEMORY);
	});

	it('keeps a carried-over due date until the next review, in any order, and makes a new card a review card due then', () => {
		const carried = t0 + 30 * DAY;
		const reviewed: HistoryEvent[] = [
			{id: id(1), at: t0, type: 'review', rating: 3},
			{id: id(2), at: t0 + DAY, type: 'review', rating: 3},
			{id: id(3), at: t0 + DAY + 1, type: 'due', due: carried},
		];
		const replayed = replayCard(reviewed, scheduler, CARD);
		expect(replayed.memory).toEqual({...replayCard(reviewed.slice(0, 2), scheduler, CARD).memory, due: carried});
		expect(replayCard([...reviewed].reverse(), scheduler, CARD)).toEqual(replayed);
		const later: HistoryEvent = {id: id(4), at: t0 + 5 * DAY, type: 'review', rating: 3};
		expect(replayCard([...reviewed, later], scheduler, CARD).memory).toEqual(scheduler.answer(replayed.memory, 3, t0 + 5 * DAY, CARD).after);
		// As Anki's Set due date on a new card: a review card due then, its memory converted from the interval.
		const byHand = replayCard([{id: id(1), at: t0, type: 'due', due: carried}], scheduler, CARD).memory;
		expect(byHand).toEqual(scheduler.scheduledByHand(carried, t0));
		expect(byHand).toMatchObject({state: 'review', due: carried, scheduledDays: 30});
	});
});

describe('event log lines', () => {
	const base = {id: id(1), device: id(99), at: t0, card: 'abc', key: 'q:what is ci#0', deck: 'backend'};
	const events: SyncEvent[] = [
		{...base, type: 'review', rating: 3, durationMs: 4100},
		{...base, type: 'undo', target: id(2)},
		{...base, type: 'bury', until: t0 + DAY},
		{...base, type: 'suspend'},
		{...base, type: 'reset'},
		{...base, type: 'due', due: t0 + 30 * DAY},
	];

	it.each(events)('round-trips a $type event', (event) => {
		expect(parseEventLine(encodeEvent(event))).toEqual({kind: 'event', event});
	});

	it.each([
		['{"type":"review","id":', 'not a complete JSON object (cut off by a crash, or a bad merge?)'],
		['<<<<<<< HEAD', 'not a complete JSON object (cut off by a crash, or a bad merge?)'],
		['[1,2]', 'not a JSON object'],
		[JSON.stringify({...base, at: new Date(t0).toISOString(), type: 'explode'}), 'unknown event type "explode"'],
		[JSON.stringify({...base, at: new Date(t0).toISOString(), type: 'review', rating: 7}), 'review rating must be 1, 2, 3 or 4'],
		[JSON.stringify({...base, at: 'yesterday', type: 'suspend'}), 'event time is missing or not a date'],
		[JSON.stringify({...base, id: 'x', at: new Date(t0).toISOString(), type: 'suspend'}), 'event id must be a UUID'],
		[JSON.stringify({...base, at: new Date(t0).toISOString(), type: 'due'}), 'due must say when the card is due'],
	])('says what is wrong with %s', (line, message) => {
		expect(parseEventLine(line)).toEqual({kind: 'bad', message});
	});
});

describe('parameters lines', () => {
	const base = {type: 'parameters' as const, id: id(1), device: id(99), at: t0};
	const weights = DEFAULT_WEIGHTS.map((weight) => weight * 2);

	it.each([
		{...base, preset: '', weights},
		{...base, preset: 'backend/apis', weights: null},
	])('round-trip a change for preset "$preset", naming no card', (event) => {
		const line = encodeEvent(event);
		expect(JSON.parse(line)).not.toHaveProperty('card');
		expect(parseEventLine(line)).toEqual({kind: 'parameters', event});
	});

	it.each([
		[{preset: ''}, 'parameters weights must be 21 numbers, or null for forgotten ones'],
		[{preset: '', weights: [1, 2, 3]}, 'parameters weights must be 21 numbers, or null for forgotten ones'],
		[{preset: '', weights: [...DEFAULT_WEIGHTS.slice(1), 'NaN']}, 'parameters weights must be 21 numbers, or null for forgotten ones'],
		[{preset: 7, weights: null}, 'parameters must name their preset ("" for the global ones)'],
		[{preset: '', weights: null, id: 'x'}, 'event id must be a UUID'],
		[{preset: '', weights: null, at: 'soon'}, 'event time is missing or not a date'],
	])('says what is wrong with %j', (fields, message) => {
		expect(parseEventLine(JSON.stringify({...base, at: new Date(t0).toISOString(), ...fields}))).toEqual({kind: 'bad', message});
	});

	it("are kept when this device's own log is repaired", () => {
		const line = encodeEvent({...base, preset: '', weights});
		expect(scanOwnLog(`${line}\n${line}\n`)).toMatchObject({ids: new Set([id(1)]), keep: [line], dropped: 1});
	});
});

describe("reading this device's own log to repair it", () => {
	const base = {device: id(99), at: t0, card: 'abc', key: 'q:what is ci#0', deck: 'backend'};
	const header = encodeHeader({type: 'device', device: id(99), name: 'laptop', created: t0});
	const [one, two, three] = [1, 2, 3].map((n) => encodeEvent({...base, id: id(n), type: 'suspend'}));
	const log = (...lines: string[]) => lines.map((line) => `${line}\n`).join('');

	it('finds a whole log clean, with the ids it holds and its last line', () => {
		expect(scanOwnLog(log(header, one!, two!))).toEqual({ids: new Set([id(1), id(2)]), keep: [header, one, two], clean: true, dropped: 0, lastLine: `${two}\n`});
		expect(scanOwnLog('')).toEqual({ids: new Set(), keep: [], clean: true, dropped: 0, lastLine: ''});
	});

	it('drops a cut-off line, a conflict marker and a repeated event, and keeps a line from a newer fluency', () => {
		const newer = JSON.stringify({...base, id: id(7), type: 'someday', at: new Date(t0).toISOString()});
		const scan = scanOwnLog(`${log(header, '<<<<<<< HEAD', one!, newer, one!, two!)}${three!.slice(0, 20)}`);
		expect(scan).toMatchObject({ids: new Set([id(1), id(2)]), keep: [header, one, newer, two], clean: false, dropped: 3, lastLine: ''});
	});

	it('puts the device line back on top', () => {
		expect(scanOwnLog(log(one!, header))).toMatchObject({keep: [header, one], clean: false, dropped: 0});
		expect(scanOwnLog(log(one!))).toMatchObject({keep: [one], clean: false});
	});
});

describe('clocks that disagree', () => {
	it('answers a card whose last review lies in this clock\'s future as if no time had passed', () => {
		const first = scheduler.answer(NEW_MEMORY, 3, t0 + DAY);
		const second = scheduler.answer(first.after, 3, t0);
		expect(second.elapsedDays).toBe(0);
		expect(second.after.reps).toBe(2);
		expect(replayCard([{id: id(1), at: t0 + DAY, type: 'review', rating: 3}, {id: id(2), at: t0 + DAY + 1, type: 'review', rating: 1}], scheduler, CARD).memory.lapses).toBe(0);
	});
});
