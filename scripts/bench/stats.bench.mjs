// `fluency stats` over 1,000,000 review rows: every figure, computed from the real schema.
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {findDeckFiles} from '../../dist/app/deck-files.js';
import {collectStats} from '../../dist/app/stats.js';
import {syncDecks} from '../../dist/app/sync-decks.js';
import {seededRandom} from '../../dist/core/random.js';
import {activeCards} from '../../dist/store/cards.js';
import {Store} from '../../dist/store/database.js';
import {makeDecks} from './collection.mjs';

const DAY = 86_400_000;
const now = Date.now();
const store = Store.open(join(mkdtempSync(join(tmpdir(), 'fluency-bench-stats-')), 'fluency.db'));
syncDecks(store, findDeckFiles([makeDecks(100, 100)]).files, now);
const cards = activeCards(store);
const random = seededRandom(4);
const insert = store.db.prepare(
	`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
		elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, card_before)
	 VALUES (?, ?, 'bench', ?, ?, ?, ?, 10, 5, ?, 3, ?, 'review', 12, 5, 12, 0, '{}')`,
);
store.transaction(() => {
	for (let index = 0; index < 1_000_000; index++) {
		const state = index % 10 === 0 ? 'new' : 'review';
		insert.run(
			`r${String(index).padStart(8, '0')}`,
			cards[index % cards.length].id,
			now - Math.floor(random() * 3 * 365) * DAY - Math.floor(random() * DAY),
			random() < 0.12 ? 1 : 3,
			Math.floor(random() * 20_000),
			state,
			Math.floor(random() * 60),
			state === 'new' ? null : 0.7 + random() * 0.3,
		);
	}
});

export const figures = [
	{
		name: '`fluency stats` over 1,000,000 review rows',
		target: 1000,
		runs: 5,
		measure: () => {
			const started = performance.now();
			collectStats(store, {selection: {decks: [], tags: []}, now, dayStartHour: 4, utcOffset: () => 60});
			return performance.now() - started;
		},
	},
];
