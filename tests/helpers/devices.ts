import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import type {SchedulerSettings} from '../../src/core/scheduling/scheduler.js';
import {Store} from '../../src/store/database.js';
import {makeTempDir} from './temp.js';

/** A machine of the sync tests: its decks folder (the sync folder inside it) and its own database. */
export type Device = {readonly root: string; readonly decks: string; readonly syncDir: string; readonly store: Store};

/** A new machine whose decks folder holds one deck file, synced at `at`; added to `opened`, for the test to close. */
export function deviceWithDeck(name: string, deck: {readonly file: string; readonly text: string}, at: number, opened: Device[]): Device {
	const root = makeTempDir(`fluency-${name}-`);
	const decks = join(root, 'decks');
	mkdirSync(decks);
	writeFileSync(join(decks, deck.file), deck.text);
	const made = {root, decks, syncDir: join(decks, '.fluency'), store: Store.open(join(root, 'fluency.db'))};
	opened.push(made);
	loadDecks(made.store, findDeckFiles([decks], root).files, at);
	return made;
}

/** What `fluency sync` does on a machine: its deck files, then the logs of every machine. */
export function syncDevice(on: Device, settings: SchedulerSettings, at: number) {
	loadDecks(on.store, findDeckFiles([on.decks], on.root).files, at);
	return syncEventLogs(on.store, settings, on.syncDir, at);
}
