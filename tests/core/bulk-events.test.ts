import {describe, expect, it} from 'vitest';
import {dueDayFor, parseDueDays} from '../../src/core/bulk/due-days.js';
import {type HistoryEvent, replayCard} from '../../src/core/scheduling/replay.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {encodeEvent, parseEventLine, type SyncEvent} from '../../src/core/sync/event-log.js';

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const base = {device: id(900), card: 'c1', key: 'q:ci#0', deck: 'backend'};
const t0 = Date.parse('2026-11-24T09:00:00Z');

describe('the log lines of tags, flags and batches', () => {
	it.each<SyncEvent>([
		{...base, id: id(1), at: t0, type: 'tag', tag: 'marked'},
		{...base, id: id(2), at: t0, type: 'untag', tag: 'leech', batch: id(50)},
		{...base, id: id(3), at: t0, type: 'flag', flag: 4},
		{...base, id: id(4), at: t0, type: 'suspend', batch: id(50)},
		{...base, id: id(5), at: t0, type: 'suspend', target: id(60)},
		{...base, id: id(6), at: t0, type: 'tag', tag: 'leech', target: id(60)},
		{...base, id: id(7), at: t0, type: 'undo', target: id(4), batch: id(51)},
		{...base, id: id(8), at: t0, type: 'due', due: t0 + 86_400_000, batch: id(50)},
		{...base, id: id(9), at: t0, type: 'bury', until: t0 + 86_400_000, batch: id(50)},
	])('reads back what it writes: $type', (event) => {
		expect(parseEventLine(encodeEvent(event))).toEqual({kind: 'event', event});
	});

	it('writes an event without a batch as it did before batches existed', () => {
		expect(encodeEvent({...base, id: id(1), at: t0, type: 'suspend'})).toBe(`{"type":"suspend","id":"${id(1)}","device":"${id(900)}","at":"2026-11-24T09:00:00.000Z","card":"c1","key":"q:ci#0","deck":"backend"}`);
	});

	it('refuses a flag out of 0–4, a tag it could not search, a batch that is not a UUID', () => {
		const line = (extra: object) => JSON.stringify({id: id(1), device: id(900), at: '2026-11-24T09:00:00Z', card: 'c1', key: 'k', ...extra});
		expect(parseEventLine(line({type: 'flag', flag: 5}))).toEqual({kind: 'bad', message: 'flag must be a whole number from 0 to 4'});
		expect(parseEventLine(line({type: 'tag', tag: 'two words'})).kind).toBe('bad');
		expect(parseEventLine(line({type: 'suspend', batch: 'b1'})).kind).toBe('bad');
	});
});

describe('replaying undone card events', () => {
	const scheduler = new Scheduler();
	it('skips a card event an undo names, and an event that follows an undone answer', () => {
		const history: HistoryEvent[] = [
			{id: id(1), at: t0, type: 'review', rating: 1},
			{id: id(2), at: t0 + 1, type: 'tag', tag: 'leech', target: id(1)},
			{id: id(3), at: t0 + 1, type: 'suspend', target: id(1)},
			{id: id(4), at: t0 + 2, type: 'flag', flag: 2},
			{id: id(5), at: t0 + 3, type: 'tag', tag: 'marked'},
			{id: id(6), at: t0 + 4, type: 'reset'},
		];
		expect(replayCard(history, scheduler, 'c1')).toMatchObject({suspended: true, tags: ['leech', 'marked'], flag: 2, memory: {state: 'new'}});
		const undone = replayCard([...history, {id: id(7), at: t0 + 5, type: 'undo', target: id(1)}, {id: id(8), at: t0 + 5, type: 'undo', target: id(6)}], scheduler, 'c1');
		expect(undone).toMatchObject({suspended: false, tags: ['marked'], flag: 2, memory: {state: 'new', reps: 0}});
		const forgetUndone = replayCard([...history, {id: id(8), at: t0 + 5, type: 'undo', target: id(6)}], scheduler, 'c1');
		expect(forgetUndone.memory.state).toBe('learning');
	});
});

describe('set-due days', () => {
	it('reads 0, a number and a range, and says what is wrong with anything else', () => {
		expect(parseDueDays('0')).toEqual({from: 0, to: 0});
		expect(parseDueDays('3-7')).toEqual({from: 3, to: 7});
		expect(parseDueDays('7-3')).toBe('the range 7-3 goes backwards: write the smaller number first');
		expect(parseDueDays('-1')).toMatch(/^DAYS must be/);
		expect(parseDueDays('99999')).toMatch(/longest interval/);
	});

	it('draws each card a day in the range, the same for the same seed, spread over the range', () => {
		const days = Array.from({length: 200}, (_, index) => dueDayFor({from: 3, to: 7}, `batch:${index}`));
		expect(new Set(days)).toEqual(new Set([3, 4, 5, 6, 7]));
		expect(dueDayFor({from: 3, to: 7}, 'batch:1')).toBe(days[1]);
	});
});
