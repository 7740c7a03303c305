// Deck sync, measured in-process (the CLI adds Node's own start-up on top).
import {appendFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {Store} from '../../dist/store/database.js';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const decks = makeDecks(100, notesFor(10_000) / 100);
const time = (work) => {
	const started = performance.now();
	work();
	return performance.now() - started;
};
const syncOnce = (store) => loadDecks(store, findDeckFiles([decks]).files, Date.now());
const freshStore = () => Store.open(join(benchTempDir('db'), 'fluency.db'));

let warm;
const warmStore = () => {
	if (!warm) {
		warm = freshStore();
		syncOnce(warm);
	}
	return warm;
};

export const figures = [
	{
		name: 'first sync, 10,000 cards in 100 files',
		target: 1000,
		runs: 5,
		measure: () => {
			const store = freshStore();
			const elapsed = time(() => syncOnce(store));
			store.close();
			return elapsed;
		},
	},
	{name: 're-sync, nothing changed', target: 100, runs: 7, measure: () => time(() => syncOnce(warmStore()))},
	{
		name: 're-sync, one file changed',
		target: 50,
		runs: 7,
		measure: () => {
			const store = warmStore();
			const folder = join(decks, readdirSync(decks)[0]);
			appendFileSync(join(folder, readdirSync(folder)[0]), `\nQ: An added question ${Math.random()}?\n\nA: An added answer.\n`);
			return time(() => syncOnce(store));
		},
	},
];
