import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {examine} from '../../src/app/safety/doctor.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {importCardHistories} from '../../src/store/interchange/history-import.js';
import {recordAnswer, undoAnswer} from '../../src/store/review/reviews.js';
import {replayAndSave} from '../../src/store/scheduling/card-replay.js';
import {answerSlotMismatches, countAnswers, OUTCOME, RECALL_BIN, recountAnswerSlots} from '../../src/store/stats/answer-slots.js';
import {insertImportedEvent, removeStoredEvent, storedEvents} from '../../src/store/sync/events.js';
import {makeTempDir} from '../helpers/temp.js';

let store: Store;
let root: string;
let cards: string[];
const t0 = Date.parse('2026-11-20T09:00:00Z');
const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});

/** The three cards' text, and the deck files each starts in. */
const CARD_TEXTS = ['Q: What is CI?\nA: Continuous integration.', 'Q: What is CD?\nA: Continuous delivery.', 'Q: What is a PR?\nA: A pull request.'];
const DECKS = ['backend', 'data'] as const;
const FIRST_PLACES = ['backend', 'backend', 'data'];

/** Write each card into the deck file named for it, and sync the decks as `fluency sync` does. */
function placeCards(places: readonly string[]): void {
	for (const deck of DECKS) {
		const texts = CARD_TEXTS.filter((_, index) => places[index] === deck);
		writeFileSync(join(root, 'decks', `${deck}.md`), `---\ntitle: ${deck}\n---\n\n${texts.join('\n\n')}\n`);
	}
	loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, t0);
}

beforeEach(() => {
	root = makeTempDir('fluency-answer-slots-');
	mkdirSync(join(root, 'decks'));
	store = Store.open(join(root, 'fluency.db'));
	placeCards(FIRST_PLACES);
	const byPrompt = new Map(activeCards(store).map((card) => [card.prompt, card.id]));
	cards = CARD_TEXTS.map((text) => byPrompt.get(text.slice(3, text.indexOf('\n')))!);
});
afterEach(() => store.close());

const slots = () => store.db.prepare('SELECT slot, outcome, answers, ms FROM answer_slots WHERE answers != 0 OR ms != 0 ORDER BY 1, 2').raw().all();
/** What answer_slots must hold, counted from the answers themselves. */
const recounted = () =>
	store.db
		.prepare(
			`SELECT reviewed_at / 900000, CASE WHEN state_before != 'review' THEN 0 WHEN scheduled_days_before < 21 THEN 1 + (rating > 1) ELSE 3 + (rating > 1) END, count(*), sum(duration_ms)
			 FROM reviews WHERE undone_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`,
		)
		.raw()
		.all();

const recallSlots = () => store.db.prepare('SELECT slot, bin, passed, answers, predicted FROM recall_slots WHERE answers != 0 ORDER BY 1, 2, 3').raw().all();
/** What recall_slots must hold, counted from the answers themselves. */
const recallRecounted = () =>
	store.db
		.prepare(
			`SELECT reviewed_at / 900000, ${RECALL_BIN}, rating > 1, count(*), sum(retrievability)
			 FROM reviews WHERE undone_at IS NULL AND state_before = 'review' AND retrievability IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
		)
		.raw()
		.all() as Array<[number, number, number, number, number]>;

const deckDays = () => store.db.prepare('SELECT day, deck_id, answers, mature, passed, mature_passed FROM deck_review_days WHERE answers != 0 ORDER BY 1, 2').raw().all();
/** What deck_review_days must hold, counted from the answers and the decks the cards are in now. */
const deckDaysRecounted = () =>
	store.db
		.prepare(
			`SELECT reviews.reviewed_at / 86400000, cards.deck_id, count(*), sum(scheduled_days_before >= 21), sum(rating > 1), sum(scheduled_days_before >= 21 AND rating > 1)
			 FROM reviews JOIN cards ON cards.id = reviews.card_id WHERE undone_at IS NULL AND state_before = 'review' GROUP BY 1, 2 ORDER BY 1, 2`,
		)
		.raw()
		.all();

type Step =
	| {kind: 'answer' | 'sync'; card: number; rating: Rating; hours: number; ms: number}
	| {kind: 'undo' | 'sync-undo' | 'replace'; card: number; rating: Rating}
	| {kind: 'import'; card: number; ratings: Rating[]; hours: number}
	| {kind: 'move'; card: number};

const rating = fc.constantFrom<Rating>(1, 2, 3, 4);
const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({kind: fc.constantFrom('answer' as const, 'sync' as const), card: fc.nat(2), rating, hours: fc.nat(24 * 60), ms: fc.nat(90_000)}),
	fc.record({kind: fc.constantFrom('undo' as const, 'sync-undo' as const, 'replace' as const), card: fc.nat(2), rating}),
	fc.record({kind: fc.constant('import' as const), card: fc.nat(2), ratings: fc.array(rating, {minLength: 1, maxLength: 4}), hours: fc.nat(24 * 60)}),
	fc.record({kind: fc.constant('move' as const), card: fc.nat(2)}),
);

let eventNumber = 0;
const reviewEvent = (cardId: string, at: number, answer: Rating, durationMs: number) =>
	({type: 'review', id: `e${eventNumber++}`, device: 'other', at, card: cardId, key: '', deck: '', rating: answer, durationMs}) as const;
const latestAnswer = (cardId: string) =>
	store.db.prepare('SELECT id FROM reviews WHERE card_id = ? AND undone_at IS NULL ORDER BY reviewed_at DESC, id DESC LIMIT 1').pluck().get(cardId) as string | undefined;

/**
Each step the way fluency writes it: a review's answer or undo, a sync's events and replay, a
replaced event, a history import, and a card moved to the other deck file and synced.
*/
function apply(steps: readonly Step[]): void {
	const places = [...FIRST_PLACES];
	for (const step of steps) {
		const cardId = cards[step.card]!;
		if (step.kind === 'move') {
			places[step.card] = places[step.card] === 'backend' ? 'data' : 'backend';
			placeCards(places);
			expect(activeCards(store).find((card) => card.id === cardId)?.deck).toBe(places[step.card]);
		} else if (step.kind === 'answer') {
			recordAnswer(store, {cardId, rating: step.rating, at: t0 + step.hours * 3_600_000, durationMs: step.ms}, (memory, at) => scheduler.answer(memory, step.rating, at, cardId));
		} else if (step.kind === 'undo') {
			const latest = latestAnswer(cardId);
			if (latest) undoAnswer(store, latest, t0, () => scheduler);
		} else if (step.kind === 'sync') {
			store.transaction(() => {
				insertImportedEvent(store, reviewEvent(cardId, t0 + step.hours * 3_600_000 + 7, step.rating, step.ms), cardId);
				replayAndSave(store, cardId, scheduler);
			});
		} else if (step.kind === 'sync-undo') {
			const latest = latestAnswer(cardId);
			if (!latest) continue;
			store.transaction(() => {
				insertImportedEvent(store, {type: 'undo', id: `e${eventNumber++}`, device: 'other', at: t0, card: cardId, key: '', deck: '', target: latest}, cardId);
				replayAndSave(store, cardId, scheduler);
			});
		} else if (step.kind === 'replace') {
			// Another version of an answer read from a log: the stored one goes, the new one comes in its place.
			const latest = latestAnswer(cardId);
			if (!latest) continue;
			store.transaction(() => {
				const at = store.db.prepare('SELECT reviewed_at FROM reviews WHERE id = ?').pluck().get(latest) as number;
				removeStoredEvent(store, storedEvents(store, [latest]).get(latest)!);
				insertImportedEvent(store, {...reviewEvent(cardId, at + 3_600_000, step.rating, 1234), id: latest}, cardId);
				replayAndSave(store, cardId, scheduler);
			});
		} else if (step.kind === 'import') {
			const events = step.ratings.map((answer, index) => reviewEvent(cardId, t0 + (step.hours + index * 30) * 3_600_000, answer, 2000 + index));
			importCardHistories(store, [{cardId, events}], scheduler);
		}
	}
}

describe('the answers counted per quarter hour', () => {
	it('always equal counting the answers again, whichever writer changed them', () => {
		fc.assert(
			fc.property(fc.array(step, {maxLength: 25}), (steps) => {
				store.transaction(() => {
					store.db.exec('DELETE FROM reviews; DELETE FROM card_events; DELETE FROM answer_slots; DELETE FROM recall_slots; DELETE FROM deck_review_days');
				});
				placeCards(FIRST_PLACES);
				apply(steps);
				expect(slots()).toEqual(recounted());
				expect(deckDays()).toEqual(deckDaysRecounted());
				expect(recallSlots()).toEqual(recallRecounted().map(([slot, bin, passed, answers, predicted]) => [slot, bin, passed, answers, expect.closeTo(predicted, 9)]));
				expect(answerSlotMismatches(store)).toBe(0);
			}),
			{numRuns: 60},
		);
	});

	it('tell outcomes apart as the statistics queries do, at the young and mature boundary too', () => {
		const states = ['new', 'learning', 'review', 'relearning'];
		const sqlOutcome = store.db.prepare(`SELECT ${OUTCOME} FROM (SELECT ? AS state_before, ? AS scheduled_days_before, ? AS rating)`).pluck();
		states.forEach((stateBefore, stateIndex) =>
			[0, 20, 21, 22, 400].forEach((scheduledDaysBefore, dayIndex) =>
				[1, 2, 3, 4].forEach((answer) => {
					// Each combination in a slot of its own, outside any transaction: written at once.
					const slot = (stateIndex * 5 + dayIndex) * 4 + answer;
					countAnswers(store, [{cardId: cards[0]!, reviewedAt: slot * 900_000, durationMs: 1, stateBefore, scheduledDaysBefore, rating: answer, retrievability: null}], 1);
					const outcome = store.db.prepare('SELECT outcome FROM answer_slots WHERE slot = ?').pluck().get(slot);
					expect(outcome, `${stateBefore} ${scheduledDaysBefore} ${answer}`).toBe(sqlOutcome.get(stateBefore, scheduledDaysBefore, answer));
				}),
			),
		);
	});

	it('bin predicted recall as the migration and the recount do, on the edges too', () => {
		const sqlBin = store.db.prepare(`SELECT ${RECALL_BIN} FROM (SELECT ? AS retrievability)`).pluck();
		[-0.2, 0, 0.0499999, 0.05, 0.15, 0.5, 0.5999, 0.6, 0.85, 0.8500001, 0.9, 0.95, 0.9999, 1, 1.5, 2, 3].forEach((retrievability, index) => {
			// Each prediction in a slot of its own, outside any transaction: written at once.
			countAnswers(store, [{cardId: cards[0]!, reviewedAt: index * 900_000, durationMs: 1, stateBefore: 'review', scheduledDaysBefore: 3, rating: 3, retrievability}], 1);
			const bin = store.db.prepare('SELECT bin FROM recall_slots WHERE slot = ?').pluck().get(index);
			expect(bin, String(retrievability)).toBe(sqlBin.get(retrievability));
		});
	});

	it('are rolled back with the answers they count, a nested transaction alone included', () => {
		const cardId = cards[0]!;
		const answer = (at: number) => recordAnswer(store, {cardId, rating: 3, at, durationMs: 1000}, (memory, recordedAt) => scheduler.answer(memory, 3, recordedAt, cardId));
		expect(() =>
			store.transaction(() => {
				answer(t0);
				throw new Error('stop');
			}),
		).toThrow('stop');
		expect(slots()).toEqual([]);
		store.transaction(() => {
			answer(t0);
			try {
				store.transaction(() => {
					answer(t0 + 86_400_000);
					throw new Error('inner');
				});
			} catch {
				// The inner answer is rolled back, the outer one kept.
			}
		});
		expect(slots()).toEqual([[Math.trunc(t0 / 900_000), 0, 1, 1000]]);
		expect(answerSlotMismatches(store)).toBe(0);
	});

	it('are found wrong by `fluency doctor` and counted again from the answers by its repair', () => {
		apply([{kind: 'answer', card: 0, rating: 3, hours: 1, ms: 5000}, {kind: 'import', card: 1, ratings: [3, 1, 3], hours: 2}, {kind: 'import', card: 2, ratings: [3, 3, 3], hours: 2}]);
		const doctor = (repair: boolean) => examine(store, () => scheduler, repair).findings.filter((finding) => /answer counts?/.test(finding.message));
		expect(doctor(false)).toEqual([{ok: true, message: 'the answer counts statistics read agree with the answers'}]);
		store.db.exec('UPDATE answer_slots SET answers = answers + 2 WHERE (slot, outcome) IN (SELECT slot, outcome FROM answer_slots LIMIT 2)');
		expect(answerSlotMismatches(store)).toBe(2);
		expect(doctor(false)).toEqual([{ok: false, message: '2 answer counts statistics read disagree with the answers (fluency doctor --repair counts them again)'}]);
		expect(doctor(true)).toEqual([{ok: true, message: '2 answer counts statistics read disagreed with the answers and were counted again'}]);
		expect(slots()).toEqual(recounted());
		expect(answerSlotMismatches(store)).toBe(0);
		// A deck's day count gone wrong too.
		expect(deckDays()).not.toEqual([]);
		store.db.exec('UPDATE deck_review_days SET passed = passed + 1 WHERE (day, deck_id) IN (SELECT day, deck_id FROM deck_review_days LIMIT 1)');
		expect(doctor(false)).toEqual([{ok: false, message: '1 answer count statistics read disagrees with the answers (fluency doctor --repair counts them again)'}]);
		doctor(true);
		expect(deckDays()).toEqual(deckDaysRecounted());
	});

	it('follow the answers a repair removes for an impossible time', () => {
		apply([{kind: 'answer', card: 0, rating: 3, hours: 1, ms: 5000}]);
		store.db.prepare('UPDATE reviews SET duration_ms = -5').run();
		recountAnswerSlots(store);
		examine(store, () => scheduler, true);
		expect(store.db.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(0);
		expect(slots()).toEqual([]);
	});
});
