/*
The review screen (the real Ink component) on a real database synced from real deck files, with
a clock the test moves, driven by key presses through ink-testing-library. The screen's timers
(its clock, the checkpoint after the keys rest, Ink's own) run on vitest's fake timers: a test
lets time pass with `pause` and never waits for real.
*/
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {render} from 'ink-testing-library';
import {onTestFinished, vi} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {finishedLine} from '../../src/app/review/custom-study.js';
import {reviewActions} from '../../src/app/review/review-actions.js';
import {todaysQueue} from '../../src/app/review/study.js';
import {settingsFrom} from '../../src/app/settings/config.js';
import {DAY_MS, studyDayAt} from '../../src/core/scheduling/day.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {EVERYTHING} from '../../src/core/review/select.js';
import {startSession} from '../../src/core/review/session.js';
import {Store} from '../../src/store/database.js';
import {type Leaving, ReviewApp, type ReviewState} from '../../src/ui/review/ReviewApp.js';
import {makeTempDecks, type TempDecks} from './temp-decks.js';

export const ENTER = '\r';
export const ESCAPE = '\u001b';
export const CTRL_C = '\u0003';

// React's scheduler runs effects (Ink's key listener among them) on the setImmediate it found when
// it loaded, which fake timers never replace: between fake steps, let that real queue run.
const realSetImmediate = setImmediate;
const settleReact = async () => {
	for (let turn = 0; turn < 3; turn++) await new Promise((done) => realSetImmediate(done));
};

/** The screen's own timers, faked: its clock's tick, the checkpoint after the keys rest. */
const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;
const STEP_MS = 10;

/** Fake the timers an Ink screen sets, for the rest of the current test; `pause` then moves them. */
export function fakeScreenTimers(): void {
	if (vi.isFakeTimers()) return;
	vi.useFakeTimers({toFake: [...FAKED]});
	onTestFinished(() => {
		vi.useRealTimers();
	});
}

/** Let `ms` pass on the fake timers, a step at a time, each followed by the redraw it caused: no real waiting. */
export async function pause(ms = 30): Promise<void> {
	await settleReact();
	for (let passed = 0; passed < ms; passed += STEP_MS) {
		await vi.advanceTimersByTimeAsync(Math.min(STEP_MS, ms - passed));
		await settleReact();
	}
}

/** Remove colour and other escape sequences from a frame. */
export const plain = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');

export type ReviewWorld = TempDecks & {
	readonly store: Store;
	readonly clock: {now: number};
	/** Sync the deck files into the database again, as the CLI does after an edit. */
	readonly sync: () => void;
	/** Today's session as `fluency review` starts it. */
	readonly start: (options?: {learnAheadMs?: number}) => ReviewState;
	readonly actions: ReturnType<typeof reviewActions>;
	readonly close: () => void;
};

// Study days in UTC, like the queue below. No fuzz by default, so the intervals on screen are the same on every run.
const utc = {dayStartHour: 4, utcOffset: () => 0};
const unfuzzed = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false, studyDays: utc});

/** Deck files in a temp directory, synced into a fresh database at 10:00 UTC on a fixed day. */
export function reviewWorld(files: Readonly<Record<string, string>>, {fuzz = false}: {fuzz?: boolean} = {}): ReviewWorld {
	const scheduler = fuzz ? new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: true, studyDays: utc}) : unfuzzed;
	const temp = makeTempDecks(files, 'fluency-ui-');
	const store = Store.open(temp.db);
	// The keys a user writes in config.yaml, for the day start, time zone and daily limits the queue uses.
	const config = {dayStartsAt: 4, timeZone: 'UTC', newPerDay: 20, reviewsPerDay: 200};
	const settings = settingsFrom(config, {dataDir: join(temp.root, 'data'), configFile: join(temp.root, 'config.yaml')}, {}, {});
	const clock = {now: Date.parse('2026-11-24T10:00:00Z')};
	const day = () => studyDayAt(clock.now, 4, () => 0);
	const sync = () => {
		loadDecks(store, findDeckFiles([temp.decks], temp.root).files, clock.now);
	};
	sync();
	const actions = reviewActions({store, schedulerFor: () => scheduler, now: () => clock.now, selection: EVERYTHING, buryUntil: day().end, tomorrowEnd: day().end + DAY_MS, leech: settings.leech});
	const start = ({learnAheadMs = 20 * 60_000} = {}): ReviewState => {
		// As `fluency review` starts it.
		const {queue, day: today} = todaysQueue(store, settings, clock.now, EVERYTHING);
		return {session: startSession(queue, today.end, learnAheadMs, clock.now), startedAt: clock.now};
	};
	const close = () => {
		store.close();
		rmSync(temp.root, {recursive: true, force: true});
	};
	return {...temp, store, clock, sync, start, actions, close};
}

/** Mount the screen on fake timers (for the rest of the test); `press` types keys one at a time, letting the screen redraw after each. */
export function mountReview(world: ReviewWorld, start: ReviewState = world.start(), title = 'All decks', notice?: string, finished = finishedLine(undefined)) {
	fakeScreenTimers();
	const left: Leaving[] = [];
	const app = render(<ReviewApp title={title} finished={finished} start={start} actions={world.actions} notice={notice} onLeave={(leaving) => left.push(leaving)} />);
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write(key);
			await pause();
		}
	};
	return {app, press, left, frame: () => plain(app.lastFrame() ?? '')};
}
