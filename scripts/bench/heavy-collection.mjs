// A heavy Anki user's collection, as fluency holds it: 100,000 cards with 1,000,000 answers (ten
// per card, a year of them), either as 1,000 deck files of 100 cards or as one file of 100,000.
// Every card is in review, due on one of the next hundred days, so each day about 1,000 are due:
// the review's queue is full and its limits, not the collection, decide how many are shown.
//
// Built once per bench run (module state) and removed when the process ends (temp.mjs). The
// answers go in as a bulk load should (indexes dropped, one transaction, indexes rebuilt from the
// schema's text); their figures are plausible, not replayed: no bench replays a card's history.
import {spawnSync} from 'node:child_process';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {Store} from '../../dist/store/database.js';
import {answerSlotMismatches, recountAnswerSlots} from '../../dist/store/stats/answer-slots.js';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

export const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'fluency');
export const CARDS = 100_000;
export const ANSWERS_PER_CARD = 10;
const DAY = 86_400_000;

export const LAYOUTS = {
	files: {label: '1,000 files', make: () => makeDecks(1000, notesFor(CARDS) / 1000)},
	file: {label: 'one file', make: () => makeDecks(1, notesFor(CARDS))},
};

const built = new Map();

/** A temporary home for the CLI: data directory, no config file. */
export function freshHome() {
	const home = benchTempDir('heavy');
	return {home, env: {...process.env, FLUENCY_DATA_DIR: home, FLUENCY_CONFIG: join(home, 'none.yaml'), TERM: 'xterm-256color'}};
}

/** The decks folder alone (for first syncs), made once per layout. */
export function heavyDecks(layout) {
	const key = `decks:${layout}`;
	if (!built.has(key)) {
		const decks = LAYOUTS[layout].make();
		built.set(key, decks);
	}
	return built.get(key);
}

/** The decks, synced into a database that holds their million answers: {decks, home, env, db}. */
export function heavyCollection(layout) {
	const key = `collection:${layout}`;
	if (built.has(key)) return built.get(key);
	const decks = heavyDecks(layout);
	const {home, env} = freshHome();
	const sync = spawnSync(process.execPath, [bin, 'sync', '--decks', decks], {env, encoding: 'utf8'});
	if (sync.status !== 0) throw new Error(`fluency sync failed: ${sync.stderr}`);
	const db = join(home, 'fluency.db');
	addAnswers(db, Date.now());
	// The first command of the day makes the daily backup; the figures are of any later start.
	const decksRun = spawnSync(process.execPath, [bin, 'decks', '--decks', decks], {env, encoding: 'utf8'});
	if (decksRun.status !== 0) throw new Error(`fluency decks failed: ${decksRun.stderr}`);
	const collection = {decks, home, env, db};
	built.set(key, collection);
	return collection;
}

function addAnswers(path, now) {
	const store = Store.open(path);
	const cards = store.db.prepare('SELECT id FROM cards WHERE retired_at IS NULL ORDER BY rowid').pluck().all();
	if (cards.length < CARDS * 0.99) throw new Error(`expected about ${CARDS} cards, found ${cards.length}`);
	const indexes = store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'reviews' AND sql IS NOT NULL").all();
	const insert = store.db.prepare(
		`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
			elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after)
		 VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, 5, ?, ?, ?, ?, ?, 5, ?, ?)`,
	);
	const toReview = store.db.prepare(
		`UPDATE cards SET state = 'review', stability = ?, difficulty = 5, reps = ?, lapses = ?, scheduled_days = ?, last_review = ?, due = ? WHERE id = ?`,
	);
	store.transaction(() => {
		for (const {name} of indexes) store.db.exec(`DROP INDEX ${name}`);
		cards.forEach((card, index) => {
			// Ten answers over the last year, intervals growing; one lapse in thirteen answers.
			let at = now - 365 * DAY + (index % 1000) * 60_000;
			let stability = 0;
			let interval = 0;
			let lapses = 0;
			let lastAt = at;
			for (let step = 0; step < ANSWERS_PER_CARD; step++) {
				const lapse = step > 1 && (index + step) % 13 === 0;
				const stateBefore = step === 0 ? 'new' : step === 1 ? 'learning' : lapse ? 'review' : 'review';
				const nextInterval = lapse ? 1 : Math.min(2 ** step, 60);
				const nextStability = lapse ? Math.max(1, stability / 3) : nextInterval * 1.2;
				if (lapse) lapses++;
				insert.run(`bench-${index}-${step}`, card, at, lapse ? 1 : 3, 4000 + ((index * 7 + step * 13) % 9000), stateBefore, stability, interval, interval, step < 2 ? null : 0.85 + ((index + step) % 15) / 100,
					lapse ? 'relearning' : 'review', nextStability, nextInterval, at + nextInterval * DAY);
				lastAt = at;
				stability = nextStability;
				interval = nextInterval;
				at += Math.max(1, Math.round((365 / ANSWERS_PER_CARD) * (0.5 + (step % 3) / 2))) * DAY;
			}
			const due = now - DAY + (index % 100) * DAY;
			toReview.run(stability, ANSWERS_PER_CARD, lapses, interval, lastAt, due, card);
		});
		for (const {sql} of indexes) store.db.exec(sql);
	});
	// No real writer inserts answers by bare SQL: fluency counts each answer as it writes it, into
	// the tables the statistics read. Counted again from the answers, as `fluency doctor --repair`
	// does, the statistics read what a collection that answered a million times would hold.
	recountAnswerSlots(store);
	if (answerSlotMismatches(store) !== 0) throw new Error('the answers counted for the statistics disagree with the answers');
	store.close();
}
