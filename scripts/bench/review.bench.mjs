// Cold start of `fluency review`: from the shell starting the process to the first card on the
// screen, in a real terminal (script(1) gives it one), with 10,000 cards already synced.
import {spawn, spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
const decks = makeDecks(100, notesFor(10_000) / 100);
const home = benchTempDir('review');
const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml'), TERM: 'xterm-256color'};
spawnSync(process.execPath, [bin, 'sync', '--decks', decks], {env});
// The first run of the day makes the daily backup; measure the runs after it, as on any later start.
spawnSync(process.execPath, [bin, 'decks', '--decks', decks], {env});

export const figures = [
	{
		name: 'cold start of `fluency review` to the first card, 10,000 cards',
		target: 300,
		runs: 7,
		measure: () =>
			new Promise((done, fail) => {
				const started = performance.now();
				const child = spawn('script', ['-qfec', `${process.execPath} ${bin} review --decks ${decks}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'ignore']});
				let screen = '';
				let elapsed;
				const timer = setTimeout(() => fail(new Error(`no card on screen after 10 s: ${screen.slice(-300)}`)), 10_000);
				child.on('exit', () => {
					clearTimeout(timer);
					if (elapsed !== undefined) done(elapsed);
				});
				child.stdout.on('data', (chunk) => {
					screen += chunk.toString();
					if (elapsed === undefined && /Question \d+:/.test(screen)) {
						elapsed = performance.now() - started;
						child.stdin.write('q');
					}
				});
			}),
	},
];
