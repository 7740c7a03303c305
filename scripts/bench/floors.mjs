// The physical floors the heavy figures are printed beside, measured in the same run on the same
// machine: how long Node takes to start doing nothing, how many rows a second SQLite inserts in
// one transaction, and how many answers a second ts-fsrs schedules. A figure's floor says how far
// from the limit it is; a figure under its floor would mean the floor is measured wrong.
import {spawnSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {createEmptyCard, fsrs, Rating} from 'ts-fsrs';
import {benchTempDir} from './temp.mjs';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let measured;

/** {nodeStartMs, insertRowsPerSecond, fsrsAnswersPerSecond}, measured once per bench run. */
export function floors() {
	if (measured) return measured;
	const nodeStartMs = median(
		Array.from({length: 7}, () => {
			const started = performance.now();
			spawnSync(process.execPath, ['-e', '0']);
			return performance.now() - started;
		}),
	);
	measured = {nodeStartMs, insertRowsPerSecond: insertRate(), fsrsAnswersPerSecond: fsrsRate()};
	return measured;
}

// Rows as wide as a card's: an id, a few integers, about 200 bytes of text, one index.
function insertRate() {
	const dir = benchTempDir('floor');
	try {
		const db = new Database(join(dir, 'floor.db'));
		db.pragma('journal_mode = WAL');
		db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, deck INTEGER NOT NULL, line INTEGER NOT NULL, text TEXT NOT NULL) STRICT; CREATE INDEX rows_by_deck ON rows (deck, line)');
		const insert = db.prepare('INSERT INTO rows VALUES (?, ?, ?, ?)');
		const text = 'Question: why does the model feature pipeline latency matter? Because deploy canary drift schema metric retention experiment rollout service event queue cache index partition replica batch stream.';
		const count = 200_000;
		const started = performance.now();
		db.transaction(() => {
			for (let row = 0; row < count; row++) insert.run(`card-${row.toString(36).padStart(8, '0')}`, row % 1000, row, text);
		})();
		const seconds = (performance.now() - started) / 1000;
		db.close();
		return count / seconds;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

function fsrsRate() {
	const scheduler = fsrs();
	let card = createEmptyCard(new Date(2026, 0, 1));
	let at = card.due;
	const count = 20_000;
	const started = performance.now();
	for (let answer = 0; answer < count; answer++) {
		card = scheduler.next(card, at, answer % 7 === 0 ? Rating.Again : Rating.Good).card;
		at = new Date(Math.max(card.due.getTime(), at.getTime() + 60_000));
		if (answer % 50 === 49) card = createEmptyCard(at);
	}
	return count / ((performance.now() - started) / 1000);
}
