// npm run bench: speed and memory figures beside their targets, the median of several runs, on
// this machine. Each figure is a module in scripts/bench/ exporting {figures: [{name, target,
// unit, runs, measure, floor?}]}; measure() returns one measurement (lower is better), and
// floor(), where a physical limit exists, that limit in the same unit, measured in the same run.
import {availableParallelism, cpus} from 'node:os';
import {readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {dirname, join} from 'node:path';

const here = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv[2];
const modules = readdirSync(here).filter((name) => name.endsWith('.bench.mjs') && (!only || name.includes(only))).sort();

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const format = (value, unit) => (unit === 'ratio' ? `${value.toFixed(2)}×` : unit === 'MB' ? `${value.toFixed(0)} MB` : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`);

console.log(`fluency benchmarks on ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`);
const rows = [];
for (const file of modules) {
	const {figures} = await import(join(here, file));
	for (const figure of figures) {
		process.stderr.write(`measuring ${figure.name}...\n`);
		const values = [];
		for (let run = 0; run < figure.runs; run++) values.push(await figure.measure());
		const value = median(values);
		const floor = figure.floor?.();
		const floorCell = floor === undefined ? '' : `${format(floor, figure.unit)} (${(value / floor).toFixed(1)}×)`;
		rows.push([figure.name, format(value, figure.unit), `< ${format(figure.target, figure.unit)}`, value < figure.target ? 'ok' : 'MISSED', floorCell, `${figure.runs} runs`]);
		process.stderr.write(`  ${rows.at(-1).slice(1, 5).join('  ')}  [${values.map((v) => format(v, figure.unit)).join(', ')}]\n`);
	}
}
const HEADER = ['Figure', 'Median', 'Target', '', 'Floor (figure / floor)', 'Runs'];
const widths = HEADER.map((_, column) => Math.max(...[HEADER, ...rows].map((row) => row[column].length)));
const line = (row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
console.log(line(HEADER));
for (const row of rows) console.log(line(row));
if (rows.some((row) => row[3] === 'MISSED')) process.exitCode = 1;
