import {copyFileSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {stableEventId} from '../../src/core/sync/event-id.js';
import type {SyncEvent} from '../../src/core/sync/event-log.js';
import {type Rating, Scheduler, type SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {importCardHistories} from '../../src/store/interchange/history-import.js';
import {type Device, deviceWithDeck, syncDevice} from '../helpers/devices.js';
import {makeTempDir} from '../helpers/temp.js';

/*
A sync that takes seconds says what it is doing (the review screen stayed blank for five seconds
of a second device's first sync): the deck files read when there are many, a large log read, the
answers replayed. A sync with little or nothing to do says nothing.
*/

const settings: SchedulerSettings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
const t0 = Date.parse('2026-11-24T09:00:00Z');
const DAY = 86_400_000;

type Report = {stage: string; done: number; total: number};
const recorder = () => {
	const reports: Report[] = [];
	return {reports, progress: (stage: string, done: number, total: number) => void reports.push({stage, done, total})};
};

/** Each stage's reports: in order, from a first report to one with all done, never going back, against one total. */
function stagesOf(reports: readonly Report[]): string[] {
	const stages: string[] = [];
	for (const [index, report] of reports.entries()) {
		const before = reports[index - 1];
		if (before?.stage !== report.stage) {
			expect(before === undefined || before.done === before.total).toBe(true);
			stages.push(report.stage);
			continue;
		}
		expect(report.total).toBe(before.total);
		expect(report.done).toBeGreaterThanOrEqual(before.done);
	}
	const last = reports.at(-1);
	if (last) expect(last.done).toBe(last.total);
	return stages;
}

const devices: Device[] = [];
afterEach(() => {
	for (const device of devices.splice(0)) device.store.close();
});

describe('a long sync', () => {
	it('says how far it has read a large log and replayed its answers, and a sync with nothing new says nothing', () => {
		const cards = 100;
		const answers = 210;
		const deck = Array.from({length: cards}, (_, index) => `Q: What does queue ${index} hold?\nA: Messages of kind ${index}.`).join('\n\n');
		const laptop = deviceWithDeck('laptop', {file: 'queues.md', text: `${deck}\n`}, t0, devices);
		const keys = new Map(rowsOf(laptop.store, 'cards').map((row) => [row['id'], String(row['identity_key'])]));
		const scheduler = new Scheduler(settings);
		importCardHistories(
			laptop.store,
			activeCards(laptop.store).map((card, cardIndex) => ({
				cardId: card.id,
				events: Array.from({length: answers}, (_, index): SyncEvent => {
					const at = t0 - 500 * DAY + index * 2 * DAY + cardIndex * 60_000;
					return {type: 'review', id: stableEventId(at, `progress:${card.id}:${index}`), device: laptop.store.deviceId, at, card: card.id, key: keys.get(card.id)!, deck: card.deck, rating: (index % 7 === 0 ? 1 : 3) as Rating, durationMs: 5000};
				}),
			})),
			scheduler,
		);
		syncDevice(laptop, settings, t0);

		const desktop = deviceWithDeck('desktop', {file: 'queues.md', text: `${deck}\n`}, t0, devices);
		mkdirSync(desktop.syncDir, {recursive: true});
		for (const name of readdirSync(laptop.syncDir)) copyFileSync(join(laptop.syncDir, name), join(desktop.syncDir, name));
		const first = recorder();
		const report = syncEventLogs(desktop.store, settings, desktop.syncDir, t0 + 1000, first.progress);
		expect(report.imported).toBe(cards * answers);
		expect(stagesOf(first.reports)).toEqual(['reading history', 'replaying history']);
		// Part way through each, not only at its ends.
		expect(first.reports.filter((seen) => seen.stage === 'reading history' && seen.done > 0 && seen.done < seen.total).length).toBeGreaterThan(0);
		expect(first.reports.filter((seen) => seen.stage === 'replaying history').map((seen) => seen.done)).toEqual([0, cards + 1]);

		const again = recorder();
		syncEventLogs(desktop.store, settings, desktop.syncDir, t0 + 2000, again.progress);
		expect(again.reports).toEqual([]);
	});

	it('says how many deck files it has read when it reads many, and nothing once they are read', () => {
		const root = makeTempDir('fluency-progress-decks-');
		const decks = join(root, 'decks');
		mkdirSync(decks);
		for (let index = 0; index < 120; index++) writeFileSync(join(decks, `deck-${String(index).padStart(3, '0')}.md`), `Q: What is term ${index}?\nA: Meaning ${index}.\n`);
		const store = Store.open(join(root, 'fluency.db'));
		try {
			const first = recorder();
			loadDecks(store, findDeckFiles([decks], root).files, t0, {progress: first.progress});
			expect(stagesOf(first.reports)).toEqual(['reading decks']);
			expect(first.reports.map((seen) => seen.done)).toEqual([...Array.from({length: 120}, (_, index) => index), 120]);

			const again = recorder();
			loadDecks(store, findDeckFiles([decks], root).files, t0 + 1000, {progress: again.progress});
			expect(again.reports).toEqual([]);
			// A few files changed: quick, so nothing to say.
			writeFileSync(join(decks, 'deck-000.md'), 'Q: What is term zero?\nA: Nothing.\n');
			loadDecks(store, findDeckFiles([decks], root).files, t0 + 2000, {progress: again.progress});
			expect(again.reports).toEqual([]);
		} finally {
			store.close();
		}
	});
});
