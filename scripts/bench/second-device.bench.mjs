// A second device's first sync: the laptop imported a heavy Anki collection (the import bench's
// package: 22,000 cards, 220,000 answers) and wrote its log; the desktop, with the same decks and
// nothing studied, reads that log whole through the real CLI. The first-sync targets apply:
// it is the first sync a heavy user's second machine makes. `npm run bench -- second` runs it alone.
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeAnkiPackage} from './anki-package.mjs';
import {floors} from './floors.mjs';
import {benchTempDir} from './temp.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
const EVENTS = 242_000;

/** The laptop: the package imported into a fresh home, whose decks folder holds its log. */
function laptop(pkg) {
	const home = benchTempDir('laptop');
	const decks = join(home, 'decks');
	mkdirSync(decks);
	const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml')};
	const {status, stderr} = spawnSync(process.execPath, [bin, 'import', pkg, '--decks', decks], {env, encoding: 'utf8'});
	if (status !== 0) throw new Error(`import failed: ${stderr}`);
	return {decks, syncDir: join(decks, '.fluency')};
}

let source;
/** One first sync of the laptop's log on a new device: milliseconds and peak megabytes. */
async function syncOnce() {
	source ??= laptop(await makeAnkiPackage());
	const home = benchTempDir('desktop');
	const syncDir = join(home, 'sync');
	mkdirSync(syncDir);
	for (const name of readdirSync(source.syncDir)) copyFileSync(join(source.syncDir, name), join(syncDir, name));
	const config = join(home, 'config.yaml');
	writeFileSync(config, `decks: [${JSON.stringify(source.decks)}]\nsyncDir: ${JSON.stringify(syncDir)}\n`);
	const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: config};
	const started = performance.now();
	const {status, stderr} = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'sync'], {env, encoding: 'utf8'});
	const ms = performance.now() - started;
	if (status !== 0 || !stderr.includes(`review history: ${EVENTS} events from other devices`)) throw new Error(`sync failed: ${stderr}`);
	return {ms, megabytes: Number(stderr.trim().split('\n').at(-1)) / 1024};
}

const runs = [];
const measured = async (run) => {
	while (runs.length <= run) runs.push(await syncOnce());
	return runs[run];
};

// Node's start and a row written for each card and each answer at SQLite's bulk insert rate.
const floor = () => floors().nodeStartMs + (1000 * (22_000 + EVENTS)) / floors().insertRowsPerSecond;

let timeRun = 0;
let memoryRun = 0;
export const figures = [
	{name: "second device's first sync of that import's log (22,000 cards, 242,000 events)", target: 3000, unit: 'ms', runs: 3, measure: async () => (await measured(timeRun++)).ms, floor},
	{name: 'peak memory, that sync', target: 200, unit: 'MB', runs: 3, measure: async () => (await measured(memoryRun++)).megabytes},
];
