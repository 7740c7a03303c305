/*
The store records an answer's time by the core rule (tests/core/answer-time.test.ts): before,
the review screen capped it at a minute and the store only at zero, so any other caller of
recordAnswer could store an hour-long "answer".
*/
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer, reviewsOfCard} from '../../src/store/review/reviews.js';

let root: string;
let store: Store;
const t0 = Date.parse('2026-11-24T09:00:00Z');
const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'fluency-answer-time-'));
	mkdirSync(join(root, 'decks'));
	writeFileSync(join(root, 'decks', 'backend.md'), 'Q: What is CI?\nA: Continuous integration.\n');
	store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, t0);
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

it('records at most a minute, and never less than nothing', () => {
	const cardId = activeCards(store)[0]!.id;
	const durations = [60_000, 60_001, 3_600_000, -5];
	durations.forEach((durationMs, index) => {
		recordAnswer(store, {cardId, rating: 3, at: t0 + index * 1000, durationMs}, (memory, at) => scheduler.answer(memory, 3, at, cardId));
	});
	expect(reviewsOfCard(store, cardId).map((review) => review.durationMs)).toEqual([60_000, 60_000, 60_000, 0]);
});
