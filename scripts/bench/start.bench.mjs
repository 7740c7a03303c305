// Start-up of the one-line commands, as a ratio to a bare `node -e 0` measured in the same run:
// a shell prompt runs `fluency status` before every prompt, so it must cost about what Node
// itself costs to start. Each run times the bare Node start and the command back to back, so a
// machine loaded by other work slows both alike; the ratio is the median of the runs' ratios.
//
// `node scripts/bench/start.bench.mjs [runs]` prints every figure (medians in ms, ratios, the
// target); `npm run bench` takes the ratios as its figures.
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
const TARGET = 1.5;

const decks = makeDecks(100, notesFor(10_000) / 100);
const home = benchTempDir('start');
const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml')};
// A collection of 10,000 cards, synced; a second command makes the day's backup, so the runs measured are any later start.
spawnSync(process.execPath, [bin, 'sync', '--decks', decks], {env});
spawnSync(process.execPath, [bin, 'decks', '--decks', decks], {env});

/** Milliseconds from spawning `args` under Node to its exit; it must succeed. */
function time(args) {
	const started = performance.now();
	const result = spawnSync(process.execPath, args, {env, encoding: 'utf8'});
	const elapsed = performance.now() - started;
	if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
	return elapsed;
}

const COMMANDS = [
	{label: '`fluency --version`', args: [bin, '--version']},
	{label: '`fluency status`, 10,000 cards', args: [bin, 'status', '--decks', decks]},
];
const BARE = ['-e', '0'];

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const figures = COMMANDS.map(({label, args}) => ({
	name: `${label}, as a ratio to \`node -e 0\``,
	target: TARGET,
	unit: 'ratio',
	runs: 15,
	measure: () => {
		const bare = time(BARE);
		return time(args) / bare;
	},
}));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const runs = Number(process.argv[2] ?? 21);
	// One warm-up of each: the first start reads the files from disk.
	time(BARE);
	for (const {args} of COMMANDS) time(args);
	const bare = [];
	const measured = COMMANDS.map(() => ({times: [], ratios: []}));
	for (let run = 0; run < runs; run++) {
		for (const [index, {args}] of COMMANDS.entries()) {
			const base = time(BARE);
			const elapsed = time(args);
			bare.push(base);
			measured[index].times.push(elapsed);
			measured[index].ratios.push(elapsed / base);
		}
	}
	const rows = [
		['`node -e 0`', `${median(bare).toFixed(0)} ms`, '1.00×', ''],
		...COMMANDS.map(({label}, index) => {
			const ratio = median(measured[index].ratios);
			return [label, `${median(measured[index].times).toFixed(0)} ms`, `${ratio.toFixed(2)}×`, `< ${TARGET}× ${ratio < TARGET ? 'ok' : 'MISSED'}`];
		}),
	];
	const header = ['Start of', 'Median', 'Ratio', 'Target'];
	const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
	console.log(`Node ${process.version}, ${runs} runs each, every run timed beside a bare \`node -e 0\`; ratio = median of the runs' ratios`);
	for (const row of [header, ...rows]) console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
}
