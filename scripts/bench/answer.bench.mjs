// Answering a card in the core: schedule with FSRS and commit the review and new state, with the
// store set up as a review session sets it up (the log is checkpointed while the user reads).
import {join} from 'node:path';
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {Scheduler} from '../../dist/core/scheduling/scheduler.js';
import {activeCards} from '../../dist/store/cards.js';
import {Store} from '../../dist/store/database.js';
import {recordAnswer} from '../../dist/store/review/reviews.js';
import {makeDecks} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const store = Store.open(join(benchTempDir('answer'), 'fluency.db'));
loadDecks(store, findDeckFiles([makeDecks(10, 100)]).files, Date.now());
const cards = activeCards(store);
store.checkpointWhenIdle();
store.checkpoint();
const scheduler = new Scheduler();
let clock = Date.now();

/** The 99th percentile of `count` timings of `timed`, which answers card number `index` and returns how long the timed part took. */
const p99 = (count, timed) => {
	const durations = Array.from({length: count}, (_, index) => timed(index)).sort((a, b) => a - b);
	return durations[Math.floor(durations.length * 0.99)];
};
const answer = (index, rating) => {
	const card = cards[index % cards.length];
	clock += 60_000;
	recordAnswer(store, {cardId: card.id, rating, at: clock, durationMs: 5000}, (memory, at) => scheduler.answer(memory, rating, at));
};
const timed = (work) => {
	const started = performance.now();
	work();
	return performance.now() - started;
};

export const figures = [
	{
		name: 'answer a card (schedule + commit), p99',
		target: 2,
		runs: 3,
		measure: () => p99(2000, (index) => timed(() => answer(index, 1 + (index % 4)))),
	},
	{
		// Off the answer path, but a key pressed meanwhile waits for it: under a 60 Hz frame it is not felt.
		name: 'checkpoint while the user reads, after each answer, p99',
		target: 16,
		runs: 3,
		measure: () =>
			p99(300, (index) => {
				answer(index, 3);
				return timed(() => store.checkpoint());
			}),
	},
];
