// `fluency stats` over 1,000,000 review rows: every figure, from a database at the real schema.
// The answers all fall in the last year, so every figure (the per-deck one counts only the last
// year) reads all of them: the worst case for a history of this size.
import {join} from 'node:path';
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {collectStats} from '../../dist/app/stats/stats.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {seededRandom} from '../../dist/core/random.js';
import {Store} from '../../dist/store/database.js';
import {makeDecks} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const ANSWERS = 1_000_000;
const DAY = 86_400_000;
const now = Date.now();
const store = Store.open(join(benchTempDir('stats'), 'fluency.db'));
loadDecks(store, findDeckFiles([makeDecks(100, 100)]).files, now);
const cardIds = store.db.prepare('SELECT id FROM cards').pluck().all();
const random = seededRandom(4);
const pick = (weights) => {
	let draw = random();
	for (const [value, weight] of weights) if ((draw -= weight) < 0) return value;
	return weights.at(-1)[0];
};
// Built the way a bulk load should be: the indexes of the reviews table are dropped, the rows go in
// in one transaction in time order, and the indexes are created again from the schema's own text.
const indexes = store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'reviews' AND sql IS NOT NULL").all();
const insert = store.db.prepare(
	`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
		elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after)
	 VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, 5, ?, ?, ?, 'review', ?, 5, ?, ?)`,
);
store.transaction(() => {
	for (const {name} of indexes) store.db.exec(`DROP INDEX ${name}`);
	const first = now - 365 * DAY;
	for (let index = 0; index < ANSWERS; index++) {
		const at = first + Math.floor((index / ANSWERS) * 365 * DAY);
		const state = pick([['review', 0.86], ['new', 0.08], ['learning', 0.04], ['relearning', 0.02]]);
		const interval = state === 'review' ? Math.ceil(random() ** 2 * 400) : 0;
		insert.run(
			`bench-${String(index).padStart(8, '0')}`,
			cardIds[Math.floor(random() * cardIds.length)],
			at,
			pick([[1, 0.1], [2, 0.05], [3, 0.75], [4, 0.1]]),
			Math.floor(random() * 20_000),
			state,
			interval,
			interval,
			interval,
			state === 'new' ? null : 0.6 + random() * 0.4,
			interval * 2.5,
			interval * 2,
			at + interval * 2 * DAY,
		);
	}
	for (const {sql} of indexes) store.db.exec(sql);
	store.db
		.prepare(
			`UPDATE cards SET state = 'review', stability = 1 + abs(random() % 400), difficulty = 1 + abs(random() % 900) / 100.0,
				last_review = ? - abs(random() % 30) * ${DAY}, due = ? + abs(random() % 60) * ${DAY}`,
		)
		.run(now, now);
});

const options = {selection: {decks: [], tags: []}, now, dayStartHour: 4, utcOffset: (at) => -new Date(at).getTimezoneOffset(), desiredRetention: 0.9};
const timed = (selection) => () => {
	const started = performance.now();
	collectStats(store, {...options, selection});
	return performance.now() - started;
};

export const figures = [
	{name: 'stats over 1,000,000 review rows', target: 1000, runs: 5, measure: timed({decks: [], tags: []})},
	{name: 'stats of one deck in 100 over 1,000,000 review rows', target: 1000, runs: 5, measure: timed({decks: ['topic-00/deck-0000'], tags: []})},
];
