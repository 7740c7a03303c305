/*
The review screen (the real Ink component) on a real database synced from real deck files, with
a clock the test moves, driven by key presses through ink-testing-library.
*/
import {render} from 'ink-testing-library';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {reviewActions} from '../../src/app/review/review-actions.js';
import {syncDecks} from '../../src/app/decks/load-decks.js';
import {DAY_MS, studyDayAt} from '../../src/core/scheduling/day.js';
import {buildQueue} from '../../src/core/review/queue.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {EVERYTHING} from '../../src/core/review/select.js';
import {startSession} from '../../src/core/review/session.js';
import {cardSummaries} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {studiedToday} from '../../src/store/review/reviews.js';
import {type Leaving, ReviewApp, type ReviewState} from '../../src/ui/review/ReviewApp.js';
import {makeTempDecks, type TempDecks} from './temp-decks.js';

export const ENTER = '\r';
export const ESCAPE = '\u001b';
export const CTRL_C = '\u0003';

export const pause = (ms = 30) => new Promise((done) => setTimeout(done, ms));

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
	const clock = {now: Date.parse('2026-11-24T10:00:00Z')};
	const day = () => studyDayAt(clock.now, 4, () => 0);
	const sync = () => {
		syncDecks(store, findDeckFiles([temp.decks], temp.root).files, clock.now);
	};
	sync();
	const actions = reviewActions({store, schedulerFor: () => scheduler, now: () => clock.now, selection: EVERYTHING, buryUntil: day().end, tomorrowEnd: day().end + DAY_MS});
	const start = ({learnAheadMs = 20 * 60_000} = {}): ReviewState => {
		const today = day();
		const queue = buildQueue(cardSummaries(store), clock.now, today, {newPerDay: 20, reviewsPerDay: 200}, studiedToday(store, today));
		return {session: startSession(queue, today.end, learnAheadMs, clock.now), startedAt: clock.now};
	};
	return {...temp, store, clock, sync, start, actions, close: () => store.close()};
}

/** Mount the screen; `press` types keys one at a time, letting the screen redraw after each. */
export function mountReview(world: ReviewWorld, start: ReviewState = world.start(), title = 'All decks', notice?: string) {
	const left: Leaving[] = [];
	const app = render(<ReviewApp title={title} start={start} actions={world.actions} notice={notice} onLeave={(leaving) => left.push(leaving)} />);
	const press = async (...keys: string[]) => {
		for (const key of keys) {
			app.stdin.write(key);
			await pause();
		}
	};
	return {app, press, left, frame: () => plain(app.lastFrame() ?? '')};
}
