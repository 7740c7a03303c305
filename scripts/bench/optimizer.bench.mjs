// The optimizer over 100,000 reviews: reading the history from the database, converting it,
// fitting with fsrs-rs, and scoring the current and fitted parameters.
import {join} from 'node:path';
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {fit, historyForTraining} from '../../dist/app/scheduling/optimizer.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {seededRandom} from '../../dist/core/random.js';
import {DEFAULT_WEIGHTS, Scheduler} from '../../dist/core/scheduling/scheduler.js';
import {activeCards} from '../../dist/store/cards.js';
import {Store} from '../../dist/store/database.js';
import {recordAnswer} from '../../dist/store/review/reviews.js';
import {makeDecks} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const DAY = 86_400_000;
const store = Store.open(join(benchTempDir('optimizer'), 'fluency.db'));
loadDecks(store, findDeckFiles([makeDecks(100, 100)]).files, Date.now());
const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36500, fuzz: false, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});
const random = seededRandom(1);
let reviews = 0;
store.transaction(() => {
	for (const card of activeCards(store)) {
		let at = Date.parse('2024-01-01T09:00:00Z') + Math.floor(random() * 60) * DAY;
		let memory = recordAnswer(store, {cardId: card.id, rating: 3, at, durationMs: 5000}, (state, time) => scheduler.answer(state, 3, time)).outcome.after;
		reviews++;
		for (let step = 0; step < 9 && reviews < 100_000; step++) {
			at = Math.max(at + DAY, memory.due ?? at);
			const rating = random() < (scheduler.retrievability(memory, at) ?? 1) ? 3 : 1;
			memory = recordAnswer(store, {cardId: card.id, rating, at, durationMs: 5000}, (state, time) => scheduler.answer(state, rating, time)).outcome.after;
			reviews++;
		}
	}
});

export const figures = [
	{
		name: `optimizer over ${reviews.toLocaleString('en')} reviews`,
		target: 10_000,
		runs: 3,
		measure: async () => {
			const started = performance.now();
			// As `fluency optimize` fits: from FSRS's defaults, with the scheduler's one relearning step.
			await fit(historyForTraining(store, 4, () => 0), DEFAULT_WEIGHTS, {numRelearningSteps: 1});
			return performance.now() - started;
		},
	},
];
