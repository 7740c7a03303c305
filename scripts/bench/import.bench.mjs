// `fluency import` of a large Anki package (20,000 notes, 22,000 cards, 220,000 reviews), through
// the real CLI: wall time and peak resident memory as the kernel counts them. Run alone with
// `npm run bench -- import`.
import {spawnSync} from 'node:child_process';
import {mkdirSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeAnkiPackage} from './anki-package.mjs';
import {floors} from './floors.mjs';
import {benchTempDir} from './temp.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
const pkg = await makeAnkiPackage();
const runs = new Map();

/** One import into a fresh home: seconds and peak megabytes. */
function importOnce() {
	const home = benchTempDir('import');
	const decks = join(home, 'decks');
	mkdirSync(decks);
	const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml')};
	const started = performance.now();
	const {stderr, status} = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'import', pkg, '--decks', decks], {env, encoding: 'utf8'});
	const seconds = (performance.now() - started) / 1000;
	rmSync(home, {recursive: true, force: true});
	if (status !== 0) throw new Error(`import failed: ${stderr}`);
	return {ms: seconds * 1000, megabytes: Number(stderr.trim().split('\n').at(-1)) / 1024};
}

const CARDS = 22_000;
const REVIEWS = 220_000;

/*
The least any import of this package can take on this machine: Node's start, a row written for
each card and each review at SQLite's bulk insert rate, and each review scheduled at ts-fsrs's raw
rate. It leaves out reading the package, converting HTML and writing the deck files, so the real
limit is higher; it says how much of the figure is fluency's own work.
*/
function importFloor() {
	const {nodeStartMs, insertRowsPerSecond, fsrsAnswersPerSecond} = floors();
	return nodeStartMs + (1000 * (CARDS + REVIEWS)) / insertRowsPerSecond + (1000 * REVIEWS) / fsrsAnswersPerSecond;
}

const measured = (run) => {
	if (!runs.has(run)) runs.set(run, importOnce());
	return runs.get(run);
};

export const figures = [
	{name: 'import an Anki package of 20,000 notes and 220,000 reviews', target: 5000, unit: 'ms', runs: 3, measure: (() => {
		let run = 0;
		return () => measured(run++).ms;
	})(), floor: importFloor},
	{name: 'peak memory, that import', target: 200, unit: 'MB', runs: 3, measure: (() => {
		let run = 0;
		return () => measured(run++).megabytes;
	})()},
];
