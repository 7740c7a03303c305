import {copyFileSync, mkdirSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {applyBulk, type BulkWorld, undoLastCommand} from '../../src/app/bulk/bulk-actions.js';
import {MARKED, setCardFlag, toggleTag} from '../../src/app/bulk/card-marks.js';
import {logFileName} from '../../src/app/sync/log-files.js';
import {studyDayAt} from '../../src/core/scheduling/day.js';
import {type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {type Device, deviceWithDeck, syncDevice} from '../helpers/devices.js';

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const scheduler = new Scheduler(settings);
const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A release to a small share of traffic first.\n\nR: Idempotent\nA: Same effect once or many times.\n';
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;

const devices: Device[] = [];
afterEach(() => {
	for (const device of devices.splice(0)) device.store.close();
});

const device = (name: string) => deviceWithDeck(name, {file: 'backend.md', text: DECK}, t0, devices);
const sync = (on: Device, at: number) => syncDevice(on, settings, at);
function copyLogs(from: Device, to: Device): void {
	mkdirSync(to.syncDir, {recursive: true});
	for (const name of readdirSync(from.syncDir)) if (name !== logFileName(to.store.deviceId)) copyFileSync(join(from.syncDir, name), join(to.syncDir, name));
}
const world = (on: Device, now: number): BulkWorld => ({store: on.store, schedulerFor: () => scheduler, now, studyDayAt: (at) => studyDayAt(at, 4, () => 0)});
const ids = (on: Device) => activeCards(on.store).sort((a, b) => a.line - b.line || a.ordinal - b.ordinal).map((card) => card.id);
/** Every card's state, in deck order: what a second device must end with. */
const stateOf = (on: Device) =>
	activeCards(on.store)
		.sort((a, b) => a.line - b.line || a.ordinal - b.ordinal)
		.map((card) => ({prompt: card.prompt, memory: card.memory, suspended: card.suspended, buriedUntil: card.buriedUntil, dbTags: card.dbTags, flag: card.flag}));

describe('bulk commands, marks and flags on several machines', () => {
	it('are events in the log that a second device replays to the same state, undo included', () => {
		const laptop = device('laptop');
		const cards = ids(laptop);
		for (const [index, id] of cards.entries()) {
			const rating = (index === 0 ? 3 : 1) as Rating;
			recordAnswer(laptop.store, {cardId: id, rating, at: t0 + index * 1000, durationMs: 2000}, (memory, at) => scheduler.answer(memory, rating, at, id));
		}
		const marks = {store: laptop.store, schedulerFor: () => scheduler, now: () => t0 + DAY};
		expect(toggleTag(marks, cards[0]!, MARKED)).toBe(true);
		setCardFlag(marks, cards[1]!, 3);
		expect(applyBulk(world(laptop, t0 + DAY + 1000), cards, {kind: 'suspend'}).changed).toBe(cards.length);
		expect(applyBulk(world(laptop, t0 + DAY + 2000), [cards[1]!], {kind: 'forget'}).changed).toBe(1);
		expect(applyBulk(world(laptop, t0 + DAY + 3000), [cards[0]!, cards[2]!], {kind: 'set-due', days: {from: 3, to: 7}}).changed).toBe(2);
		expect(applyBulk(world(laptop, t0 + DAY + 4000), [cards[2]!], {kind: 'bury'}).changed).toBe(1);
		expect(undoLastCommand(world(laptop, t0 + DAY + 5000))).toEqual({kind: 'bury', at: t0 + DAY + 4000, cards: 1});
		expect(undoLastCommand(world(laptop, t0 + DAY + 6000))).toMatchObject({kind: 'set-due', cards: 2});
		expect(toggleTag(marks, cards[0]!, MARKED)).toBe(false);
		expect(toggleTag(marks, cards[2]!, MARKED)).toBe(true);

		expect(sync(laptop, t0 + DAY + 7000).exported).toBeGreaterThan(0);
		const types = readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as {type: string; batch?: string});
		expect(new Set(types.map((line) => line.type))).toEqual(new Set(['device', 'review', 'tag', 'untag', 'flag', 'suspend', 'reset', 'due', 'bury', 'undo']));
		// One command, one batch: the suspension of every card.
		const batches = types.filter((line) => line.type === 'suspend').map((line) => line.batch);
		expect(batches).toHaveLength(cards.length);
		expect(new Set(batches).size).toBe(1);

		const desk = device('desk');
		copyLogs(laptop, desk);
		sync(desk, t0 + DAY + 8000);
		const expected = stateOf(laptop);
		expect(expected.map((card) => [card.suspended, card.dbTags, card.flag, card.memory.state])).toEqual([
			[true, [], 0, 'learning'],
			[true, [], 3, 'new'],
			[true, [MARKED], 0, 'learning'],
			[true, [], 0, 'learning'],
		]);
		expect(stateOf(desk)).toEqual(expected);

		// The second device undoes nothing of the first's: its own undo has no command to take back.
		expect(undoLastCommand(world(desk, t0 + DAY + 9000))).toBeUndefined();
		// An undo made on the first device after the second synced arrives and is replayed the same.
		expect(undoLastCommand(world(laptop, t0 + DAY + 10_000))).toMatchObject({kind: 'forget', cards: 1});
		sync(laptop, t0 + DAY + 11_000);
		copyLogs(laptop, desk);
		sync(desk, t0 + DAY + 12_000);
		expect(stateOf(laptop)[1]!.memory.state).not.toBe('new');
		expect(stateOf(desk)).toEqual(stateOf(laptop));
	});
});
