/*
The sync folder is shared (git, Syncthing, Dropbox), so whoever can push to it can write any
file there: these tests play that stranger against the real sync code, a real SQLite file and
real log files (issue 15, items 1 to 4). Every forged line here has the shape fluency's own
log writer gives its lines (see encodeEvent), changed only where the attack needs it.
*/
import {appendFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {appendCardText} from '../../src/app/decks/add-card.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {logFileName} from '../../src/app/sync/log-files.js';
import {dropWaitingEvents, PENDING_LIMIT} from '../../src/app/sync/pending-events.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {syncStatus} from '../../src/app/sync/sync-status.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {encodeEvent, encodeHeader, type SyncEvent} from '../../src/core/sync/event-log.js';
import {formatProblem} from '../../src/core/problem.js';
import {type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowCount, rowsOf} from '../../src/store/inspect.js';

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const scheduler = new Scheduler(settings);
const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A release to a small share of traffic first.\n';
const t0 = Date.parse('2026-11-24T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const STRANGER = '0190aaaa-0000-7000-8000-000000000001';
const OTHER = '0190bbbb-0000-7000-8000-000000000002';

type Device = {root: string; decks: string; syncDir: string; store: Store};
const opened: Device[] = [];
afterEach(() => {
	for (const device of opened.splice(0)) {
		device.store.close();
		rmSync(device.root, {recursive: true, force: true});
	}
});

function device(): Device {
	const root = makeTempDir('fluency-untrusted-');
	const decks = join(root, 'decks');
	mkdirSync(decks);
	writeFileSync(join(decks, 'backend.md'), DECK);
	const made = {root, decks, syncDir: join(decks, '.fluency'), store: Store.open(join(root, 'fluency.db'))};
	opened.push(made);
	loadDecks(made.store, findDeckFiles([decks], root).files, t0);
	return made;
}

const cardOf = (on: Device, prompt = 'What does CI stand for?') => activeCards(on.store).find((card) => card.prompt === prompt)!;
function answer(on: Device, rating: Rating, at: number, prompt?: string): string {
	return recordAnswer(on.store, {cardId: cardOf(on, prompt).id, rating, at, durationMs: 2000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt)).reviewId;
}
const sync = (on: Device, at: number) => syncEventLogs(on.store, settings, on.syncDir, at);
const messages = (report: ReturnType<typeof sync>) => report.problems.map(formatProblem);

/** A forged review in the shape fluency writes, for this machine's card unless told otherwise. */
function review(on: Device, fields: Partial<Record<string, unknown>> & {id: string}): string {
	const card = cardOf(on);
	const key = String(rowsOf(on.store, 'cards').find((row) => row['id'] === card.id)!['identity_key']);
	const event: SyncEvent = {type: 'review', id: fields.id, device: STRANGER, at: t0, card: card.id, key, deck: 'backend', rating: 3, durationMs: 1000};
	const line = JSON.parse(encodeEvent(event)) as Record<string, unknown>;
	return JSON.stringify({...line, ...fields});
}
/** Write a stranger's log: its device line, then the given lines. */
function strangerLog(on: Device, lines: readonly string[], device = STRANGER): string {
	mkdirSync(on.syncDir, {recursive: true});
	const path = join(on.syncDir, logFileName(device));
	writeFileSync(path, [encodeHeader({type: 'device', device, name: 'stranger', created: t0}), ...lines].map((line) => `${line}\n`).join(''));
	return path;
}
const reviewCount = (on: Device) => rowCount(on.store, 'reviews');
const id = (n: number) => `0190cccc-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('links in the sync and decks folders', () => {
	it('never writes this device\'s log through a link put in its place, nor changes the target', () => {
		const laptop = device();
		answer(laptop, 3, t0);
		sync(laptop, t0 + MINUTE);
		// The stranger's push replaces the log (its name shows in the repository) with a link to a dotfile.
		const bashrc = join(laptop.root, '.bashrc');
		writeFileSync(bashrc, 'alias ll="ls -l"\n', {mode: 0o600});
		const ownLog = join(laptop.syncDir, logFileName(laptop.store.deviceId));
		rmSync(ownLog);
		symlinkSync(bashrc, ownLog);
		answer(laptop, 4, t0 + 10 * MINUTE);
		const report = sync(laptop, t0 + 11 * MINUTE);
		expect(readFileSync(bashrc, 'utf8')).toBe('alias ll="ls -l"\n');
		expect(statSync(bashrc).mode & 0o777).toBe(0o600);
		expect(lstatSync(ownLog).isSymbolicLink()).toBe(true);
		expect(messages(report).join('\n')).toMatch(/skipped: this device's log is a symbolic link/);
		// Once the link is gone, the whole history is written to a new log.
		rmSync(ownLog);
		expect(sync(laptop, t0 + 12 * MINUTE).exported).toBe(2);
	});

	it('creates nothing at the target of a dangling link', () => {
		const laptop = device();
		answer(laptop, 3, t0);
		mkdirSync(laptop.syncDir, {recursive: true});
		const target = join(laptop.root, 'created-by-fluency');
		symlinkSync(target, join(laptop.syncDir, logFileName(laptop.store.deviceId)));
		const report = sync(laptop, t0 + MINUTE);
		expect(existsSync(target)).toBe(false);
		expect(report.exported).toBe(0);
	});

	it('does not read a log through a link that leaves the sync folder', () => {
		const laptop = device();
		const outside = join(laptop.root, 'elsewhere.jsonl');
		writeFileSync(outside, `${encodeHeader({type: 'device', device: STRANGER, name: 'x', created: t0})}\n${review(laptop, {id: id(1)})}\n`);
		mkdirSync(laptop.syncDir, {recursive: true});
		symlinkSync(outside, join(laptop.syncDir, logFileName(STRANGER)));
		const report = sync(laptop, t0 + MINUTE);
		expect(messages(report)).toContain(`${join(laptop.syncDir, logFileName(STRANGER))}:1: skipped: symbolic link leaves the sync folder`);
		expect(reviewCount(laptop)).toBe(0);
	});

	it('does not read a deck through a link that leaves the decks folder, and adds no card through a link', () => {
		const laptop = device();
		const secret = join(laptop.root, 'secret.md');
		writeFileSync(secret, 'Q: What is the password?\nA: hunter2\n');
		symlinkSync(secret, join(laptop.decks, 'stolen.md'));
		const found = findDeckFiles([laptop.decks], laptop.root);
		expect(found.files.map((file) => file.deck)).toEqual(['backend']);
		expect(found.problems.map(formatProblem)).toEqual(['decks/stolen.md:1: skipped: symbolic link leaves the decks folder']);
		expect(() => appendCardText(join(laptop.decks, 'stolen.md'), 'stolen', 'Q: x?\nA: y.')).toThrow(/symbolic link/);
		expect(readFileSync(secret, 'utf8')).toBe('Q: What is the password?\nA: hunter2\n');
	});
});

describe('forged log lines', () => {
	it('skips lines dated outside 2006 to now plus a day, naming file and line, and breaks nothing', () => {
		const laptop = device();
		const path = strangerLog(laptop, [
			review(laptop, {id: id(1), at: '+275760-09-13T00:00:00.000Z'}),
			review(laptop, {id: id(2), at: '-271821-04-20T00:00:00.000Z'}),
			review(laptop, {id: id(3), at: '2999-01-01T00:00:00.000Z'}),
			review(laptop, {id: id(4), at: '1999-01-01T00:00:00.000Z'}),
			review(laptop, {id: id(5), at: new Date(t0 - HOUR).toISOString()}),
		]);
		const report = sync(laptop, t0);
		const lines = messages(report);
		expect(lines.filter((line) => line.includes('skipped:')).map((line) => line.split(': ')[0])).toEqual([2, 3, 4, 5].map((line) => `${path}:${line}`));
		expect(reviewCount(laptop)).toBe(1);
		expect(report.imported).toBe(1);
	});

	it('holds an event from the near future until its time, so this device\'s next answer is not dated after it', () => {
		const laptop = device();
		strangerLog(laptop, [review(laptop, {id: id(1), at: new Date(t0 + 2 * HOUR).toISOString()})]);
		const first = sync(laptop, t0);
		expect(first.imported).toBe(0);
		expect(first.pending).toBe(1);
		expect(reviewCount(laptop)).toBe(0);
		const mine = answer(laptop, 3, t0 + MINUTE);
		const recorded = rowsOf(laptop.store, 'reviews').find((review) => review['id'] === mine) as {reviewed_at: number};
		expect(recorded.reviewed_at).toBe(t0 + MINUTE);
		expect(sync(laptop, t0 + HOUR).imported).toBe(0);
		const later = sync(laptop, t0 + 3 * HOUR);
		expect(later.imported).toBe(1);
		expect(later.pending).toBe(0);
		expect(reviewCount(laptop)).toBe(2);
	});
});

describe('events belong to the device of their log', () => {
	it('skips events that claim another device, and never writes them into that device\'s log', () => {
		const laptop = device();
		answer(laptop, 3, t0);
		sync(laptop, t0 + MINUTE);
		const path = strangerLog(laptop, [
			review(laptop, {id: id(1), device: laptop.store.deviceId, at: new Date(t0 + 2 * MINUTE).toISOString(), rating: 1}),
			encodeHeader({type: 'device', device: OTHER, name: 'impostor', created: t0}),
		]);
		const report = sync(laptop, t0 + 3 * MINUTE);
		expect(messages(report)).toEqual([
			`${path}:2: skipped: the event says it is from device ${laptop.store.deviceId}, but this is the log of device ${STRANGER}; a device's events come only from its own log`,
			`${path}:3: skipped: the device line names device ${OTHER}, but this is the log of device ${STRANGER}`,
		]);
		expect(reviewCount(laptop)).toBe(1);
		sync(laptop, t0 + 4 * MINUTE);
		expect(readFileSync(join(laptop.syncDir, logFileName(laptop.store.deviceId)), 'utf8')).not.toContain(id(1));
	});

	it('skips a log not named after a device', () => {
		const laptop = device();
		mkdirSync(laptop.syncDir, {recursive: true});
		writeFileSync(join(laptop.syncDir, 'evil.jsonl'), `${review(laptop, {id: id(1)})}\n`);
		const report = sync(laptop, t0 + MINUTE);
		expect(messages(report)).toEqual([`${join(laptop.syncDir, 'evil.jsonl')}:1: skipped: not a device log (each device writes only \`<its device id>.jsonl\`)`]);
		expect(reviewCount(laptop)).toBe(0);
	});

	it('keeps the same version of an event read twice with other content, whatever the order the logs arrive in', () => {
		const good = review(device(), {id: id(7), device: STRANGER, rating: 4});
		const states: unknown[] = [];
		for (const order of [['first', 'second'], ['second', 'first']] as const) {
			const on = device();
			const lines = {first: review(on, {id: id(7), device: STRANGER, rating: 4}), second: review(on, {id: id(7), device: OTHER, rating: 1, at: new Date(t0 + MINUTE).toISOString()})};
			const devices = {first: STRANGER, second: OTHER};
			const reports = order.map((which, step) => {
				strangerLog(on, [lines[which]], devices[which]);
				return sync(on, t0 + (step + 2) * HOUR);
			});
			expect(reports.flatMap(messages).join('\n')).toMatch(/read before with other content/);
			states.push(rowsOf(on.store, 'reviews').map(({id, device_id, reviewed_at, rating}) => ({id, device_id, reviewed_at, rating})));
			expect(JSON.parse(good).rating).toBe(4);
		}
		expect(states[0]).toEqual(states[1]);
		expect(states[0]).toHaveLength(1);
	});
});

describe('events waiting for cards that never come', () => {
	it('keeps at most the limit, says so, shows it in the status, and drops them on request', () => {
		const laptop = device();
		const lines = Array.from({length: PENDING_LIMIT.count + 500}, (_, n) =>
			JSON.stringify({type: 'review', id: id(n + 1), device: STRANGER, at: new Date(t0 - HOUR).toISOString(), card: `missing-${n}`, key: `q:missing ${n}#0`, deck: 'gone', rating: 3, ms: 1000}),
		);
		strangerLog(laptop, lines);
		const report = sync(laptop, t0);
		expect(report.pending).toBe(PENDING_LIMIT.count);
		expect(messages(report).join('\n')).toMatch(/500 events for cards this machine does not have were not kept/);
		expect(syncStatus(laptop.store, laptop.syncDir)).toMatchObject({pendingImport: PENDING_LIMIT.count, notKept: 500});
		expect(dropWaitingEvents(laptop.store)).toBe(PENDING_LIMIT.count);
		expect(syncStatus(laptop.store, laptop.syncDir)).toMatchObject({pendingImport: 0, notKept: 0});
		appendFileSync(join(laptop.syncDir, logFileName(STRANGER)), '');
		expect(readdirSync(laptop.syncDir)).toContain(logFileName(STRANGER));
	});
});
