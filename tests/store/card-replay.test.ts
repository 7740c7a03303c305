import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {NEW_MEMORY, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards, getCard, saveMemory} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer, suspendCard, undoAnswer} from '../../src/store/review/reviews.js';
import {replayAndSave, replayStoredHistory} from '../../src/store/scheduling/card-replay.js';

const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});
const t0 = Date.parse('2026-11-24T09:00:00Z');
let root: string;
let store: Store;
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

describe('replaying a card from its stored history', () => {
	it('stores what the history gives: the state, each answer\'s figures, and the undone answer with its undo time', () => {
		root = mkdtempSync(join(tmpdir(), 'fluency-card-replay-'));
		store = Store.open(join(root, 'fluency.db'));
		// A one-card deck as a user writes it (decks/*.md).
		writeFileSync(join(root, 'backend.md'), 'Q: What does CI stand for?\nA: Continuous integration.\n');
		loadDecks(store, findDeckFiles([root], root).files, t0);
		const card = activeCards(store)[0]!;
		const answer = (rating: 1 | 3, at: number) => recordAnswer(store, {cardId: card.id, rating, at, durationMs: 2000}, (memory, when) => scheduler.answer(memory, rating, when, card.id)).reviewId;
		answer(3, t0);
		const undone = answer(1, t0 + 86_400_000);
		undoAnswer(store, undone, t0 + 86_400_000 + 5000, () => scheduler);
		suspendCard(store, card.id, true, t0 + 86_400_000 + 6000);
		const expected = replayStoredHistory(store, card.id, scheduler);
		// A state that does not follow from the history (what doctor finds after a bad write).
		saveMemory(store, card.id, NEW_MEMORY);
		store.statement('UPDATE reviews SET undone_at = NULL, stability_after = 0').run();

		expect(replayAndSave(store, card.id, scheduler)).toEqual(expected);
		expect(getCard(store, card.id)).toMatchObject({memory: expected.memory, suspended: true, buriedUntil: null});
		const rows = store.statement('SELECT id, undone_at AS undoneAt, stability_after AS stability FROM reviews ORDER BY reviewed_at').all() as Array<{id: string; undoneAt: number | null; stability: number}>;
		expect(rows.map((row) => row.undoneAt)).toEqual([null, t0 + 86_400_000 + 5000]);
		expect(rows[0]!.stability).toBe(expected.reviews[0]!.outcome.after.stability);
		expect(expected.reviews.map((review) => review.id)).toEqual([rows[0]!.id]);
	});
});
