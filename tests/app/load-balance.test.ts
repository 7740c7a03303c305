/*
Load balancing through the review actions the review screen uses, on a real database synced from
a real deck: the chosen days even out the load, the button shows the chosen day, and the choice is
recorded so a replay (here, on another device, after an undo, and by `fluency reschedule`) gives
the same dates.
*/
import {copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {examine} from '../../src/app/safety/doctor.js';
import {logFileName} from '../../src/app/sync/log-files.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {loadParameters, Schedulers} from '../../src/app/scheduling/parameters.js';
import {reschedule} from '../../src/app/scheduling/reschedule.js';
import {reviewActions} from '../../src/app/review/review-actions.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {DAY_MS, studyDayNumber} from '../../src/core/scheduling/day.js';
import {formatInterval} from '../../src/core/scheduling/interval.js';
import {weekdayOf} from '../../src/core/scheduling/load-balance.js';
import {DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {EVERYTHING} from '../../src/core/review/select.js';
import {activeCards, getCard} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowCount, rowsOf} from '../../src/store/inspect.js';

const settings: SchedulerSettings = {...DEFAULT_SCHEDULER_SETTINGS, fuzz: true, studyDays: {dayStartHour: 4, utcOffset: () => 0}};
const t0 = Date.parse('2026-12-04T10:00:00Z'); // a Friday
// A deck as a user writes it: forty short question cards.
const DECK = Array.from({length: 40}, (_, index) => `Q: Which port does service ${index} listen on?\n\nA: ${8000 + index}.\n`).join('\n');

type Device = {root: string; decks: string; syncDir: string; store: Store; schedulers: Schedulers};
const devices: Device[] = [];
afterEach(() => {
	for (const device of devices.splice(0)) {
		device.store.close();
		rmSync(device.root, {recursive: true, force: true});
	}
});

function device(): Device {
	const root = makeTempDir('fluency-balance-');
	const decks = join(root, 'decks');
	mkdirSync(decks);
	writeFileSync(join(decks, 'ports.md'), DECK);
	const store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([decks], root).files, t0);
	const made = {root, decks, syncDir: join(decks, '.fluency'), store, schedulers: new Schedulers(settings, loadParameters(store))};
	devices.push(made);
	return made;
}

function actionsOn(on: Device, balancing: boolean, easyDays = {}) {
	const clock = {now: t0};
	const actions = reviewActions({
		store: on.store,
		schedulerFor: (deck) => on.schedulers.forDeck(deck),
		now: () => clock.now,
		selection: EVERYTHING,
		buryUntil: t0 + DAY_MS,
		tomorrowEnd: t0 + 2 * DAY_MS,
		...(balancing ? {loadBalancing: {easyDays}} : {}),
	});
	return {actions, clock};
}

/** Answer every card Easy, a few seconds apart, checking that each stores what its button showed. */
function answerAllEasy(on: Device, balancing: boolean, easyDays = {}): string[] {
	const {actions, clock} = actionsOn(on, balancing, easyDays);
	const reviewIds: string[] = [];
	for (const summary of activeCards(on.store)) {
		const card = actions.card(summary.id)!;
		const shown = actions.intervals(card)[4];
		clock.now += 5_000;
		reviewIds.push(actions.answer(card, 4, 4_000).reviewId);
		const stored = getCard(on.store, card.id)!.memory;
		expect(formatInterval(stored.due! - stored.lastReview!)).toBe(shown);
	}
	return reviewIds;
}

const dueDays = (on: Device) => {
	const counts = new Map<number, number>();
	for (const card of activeCards(on.store)) counts.set(studyDayNumber(card.memory.due!, 4, () => 0), (counts.get(studyDayNumber(card.memory.due!, 4, () => 0)) ?? 0) + 1);
	return counts;
};
const spread = (counts: Map<number, number>) => Math.max(...counts.values()) - Math.min(...counts.values());
const dueEvents = (on: Device) => rowsOf(on.store, 'card_events').filter((event) => event['kind'] === 'due' && event['target_id'] !== null).length;

describe('load balancing', () => {
	it('evens out the days cards fall due on, within their fuzz range', () => {
		const balanced = device();
		answerAllEasy(balanced, true);
		const random = device();
		answerAllEasy(random, false);
		expect(spread(dueDays(balanced))).toBeLessThanOrEqual(1);
		expect(spread(dueDays(random))).toBeGreaterThan(spread(dueDays(balanced)));
		expect(dueEvents(balanced)).toBeGreaterThan(0);
		expect(dueEvents(random)).toBe(0);
	});

	it('keeps days off free while another day of the range is', () => {
		const on = device();
		answerAllEasy(on, true, {saturday: 0, sunday: 0});
		const weekend = [...dueDays(on).keys()].filter((day) => ['saturday', 'sunday'].includes(weekdayOf(day)));
		expect(weekend).toEqual([]);
	});

	it('gives the same dates on replay: by reschedule, after an undo, and on another device', () => {
		const a = device();
		const reviewIds = answerAllEasy(a, true);
		const before = activeCards(a.store).map((card) => card.memory);
		expect(reschedule(a.store, a.schedulers).dueChanged).toBe(0);
		expect(examine(a.store, (deck) => a.schedulers.forDeck(deck)).disagreeing).toEqual([]);
		// Undo the last answer: its recorded day goes with it.
		const {actions} = actionsOn(a, true);
		expect(actions.undoAnswer(reviewIds.at(-1)!)).toBe(true);
		expect(reschedule(a.store, a.schedulers).dueChanged).toBe(0);
		expect(examine(a.store, (deck) => a.schedulers.forDeck(deck)).disagreeing).toEqual([]);
		const afterUndo = activeCards(a.store).map((card) => card.memory);
		expect(afterUndo.slice(0, -1)).toEqual(before.slice(0, -1));
		expect(afterUndo.at(-1)!.state).toBe('new');
		// Another device reads the log and computes the same dates, the balanced ones included.
		syncEventLogs(a.store, settings, a.syncDir, t0 + DAY_MS);
		const b = device();
		mkdirSync(b.syncDir, {recursive: true});
		for (const name of readdirSync(a.syncDir)) copyFileSync(join(a.syncDir, name), join(b.syncDir, name));
		expect(readdirSync(a.syncDir)).toContain(logFileName(a.store.deviceId));
		syncEventLogs(b.store, settings, b.syncDir, t0 + DAY_MS + 1);
		expect(activeCards(b.store).map((card) => card.memory)).toEqual(afterUndo);
	});
});
