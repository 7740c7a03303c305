// Peak memory of the real CLI with 100,000 cards: everyday use (`fluency decks` on a synced
// collection: re-sync, counts, today's queue) and the one-off first sync of all of them.
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
const decks = makeDecks(1000, notesFor(100_000) / 1000);
const freshHome = () => benchTempDir('memory');
// GNU time reports the child's peak resident memory, as the kernel counts it.
const peakMegabytes = (home, args) => {
	const env = {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml')};
	const {stderr} = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args, '--decks', decks], {env, encoding: 'utf8'});
	return Number(stderr.trim().split('\n').at(-1)) / 1024;
};
const synced = freshHome();
peakMegabytes(synced, ['sync']);

export const figures = [
	{name: 'peak memory, `fluency decks` with 100,000 cards', target: 150, unit: 'MB', runs: 3, measure: () => peakMegabytes(synced, ['decks'])},
	{name: 'peak memory, first sync of 100,000 cards', target: 150, unit: 'MB', runs: 1, measure: () => peakMegabytes(freshHome(), ['sync'])},
];
