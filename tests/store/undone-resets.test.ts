import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {applyBulk, type BulkWorld, undoLastCommand} from '../../src/app/bulk/bulk-actions.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {studyDayAt} from '../../src/core/scheduling/day.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {resetsForPackage} from '../../src/store/interchange/anki-package-writer.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {lastResets} from '../../src/store/scheduling/training.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});

describe('a forget taken back by fluency undo', () => {
	it('is no reset for the optimizer\'s training, nor in an Anki export', () => {
		const temp = makeTempDecks({'backend.md': 'Q: What does CI stand for?\nA: Continuous integration.\n'});
		const store = Store.open(join(temp.root, 'fluency.db'));
		stores.push(store);
		const t0 = Date.parse('2026-11-24T10:00:00Z');
		loadDecks(store, findDeckFiles([temp.decks], temp.root).files, t0);
		const scheduler = new Scheduler();
		const id = activeCards(store)[0]!.id;
		recordAnswer(store, {cardId: id, rating: 3, at: t0, durationMs: 1000}, (memory, at) => scheduler.answer(memory, 3, at, id));
		const world = (now: number): BulkWorld => ({store, schedulerFor: () => scheduler, now, studyDayAt: (at) => studyDayAt(at, 4, () => 0)});
		applyBulk(world(t0 + 1000), [id], {kind: 'forget'});
		expect(lastResets(store)).toEqual(new Map([[id, t0 + 1000]]));
		expect(resetsForPackage(store)).toEqual([{cardId: id, at: t0 + 1000}]);
		undoLastCommand(world(t0 + 2000));
		expect(lastResets(store)).toEqual(new Map());
		expect(resetsForPackage(store)).toEqual([]);
	});
});
