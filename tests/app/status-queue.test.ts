import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {outlookCards} from '../../src/app/review/custom-study.js';
import {studyDay, todaysQueue} from '../../src/app/review/study.js';
import {Fluency} from '../../src/app/service/fluency.js';
import type {Settings} from '../../src/app/settings/config.js';
import {type Outlook, outlookOf} from '../../src/core/review/outlook.js';
import {buildQueue, type Queue, type QueueCard} from '../../src/core/review/queue.js';
import {EVERYTHING, isSelected, type Selection} from '../../src/core/review/select.js';
import {cardSummaries, type CardSummary, setBuriedUntil, setSuspended} from '../../src/store/cards.js';
import type {Store} from '../../src/store/database.js';
import {someNewCard} from '../../src/store/review/outlook-cards.js';
import {studiedToday} from '../../src/store/review/reviews.js';
import {setCardMemory} from '../helpers/raw-database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
Today's queue (what `fluency review` starts with and `fluency status` counts) is read from only the
cards that can enter it: due ones through the due index, and no more new ones than the limit can
reach. Here, on collections of every state, limit and selection, it must be card for card the
queue buildQueue makes from every card of the collection.
*/

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Basic, reversed (two cards a note) and cloze (two deletions a note) notes in three decks, one nested.
const note = (index: number) =>
	index % 3 === 0 ? `R: Term ${index}\n\nA: Meaning ${index}.` : index % 3 === 1 ? `C: Card ${index}: {{c1::one}} and {{c2::two}}.` : `Q: Question ${index}?\n\nA: Answer ${index}.`;
const deck = (title: string, tags: string, from: number) =>
	`---\ntitle: ${title}\ntags: [${tags}]\n---\n\n${Array.from({length: 12}, (_, index) => note(from + index)).join('\n\n')}\n`;

let fluency: Fluency;
let store: Store;
let ids: string[];

beforeAll(async () => {
	const root = makeTempDir('fluency-status-queue-');
	const decks = join(root, 'decks');
	mkdirSync(join(decks, 'ml'), {recursive: true});
	writeFileSync(join(decks, 'ops.md'), deck('Ops', 'backend', 0));
	writeFileSync(join(decks, 'ml.md'), deck('ML', 'models', 100));
	writeFileSync(join(decks, 'ml', 'serving.md'), deck('Serving', 'backend', 200));
	fluency = await Fluency.open({decks: [decks], db: join(root, 'fluency.db')}, {env: {FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'none.yaml')}});
	store = fluency.store;
	ids = cardSummaries(store).map((card) => card.id);
});

afterAll(() => fluency.close());

const memory = fc.record({
	state: fc.constantFrom('new', 'new', 'learning', 'relearning', 'review', 'review'),
	// From two days ago to two days ahead, so some fall due now, later today, and on other days.
	due: fc.integer({min: -48, max: 48}).map((hours) => hours * HOUR),
	suspended: fc.boolean().map((yes) => (yes ? 1 : 0)),
	buried: fc.constantFrom(undefined, -HOUR, 3 * HOUR),
});
const selection = fc.constantFrom<Selection>(EVERYTHING, {decks: ['ml'], tags: []}, {decks: [], tags: ['backend']}, {decks: ['ops'], tags: ['models']});

/** The cards, in turn, the memories drawn (due dates and burials relative to `now`). */
function giveMemories(memories: ReadonlyArray<{state: string; due: number; suspended: number; buried: number | undefined}>, now: number): void {
	ids.forEach((id, index) => {
		const {state, due, suspended, buried} = memories[index % memories.length]!;
		setCardMemory(store.db, {state, due: now + due, stability: 2, difficulty: 5, last_review: now - 2 * HOUR, suspended}, id);
		setSuspended(store, id, suspended === 1);
		setBuriedUntil(store, id, buried === undefined ? null : now + buried);
	});
}

/** The queue from every card, as the review built it before it read only the candidates. */
function queueFromEveryCard(settings: Settings, now: number, selection: Selection): Queue {
	const day = studyDay(settings, now);
	return buildQueue(cardSummaries(store).filter((card) => isSelected(card, selection)), now, day, settings.limits, studiedToday(store, day));
}

/** The queue, its learning and review cards without the position that orders only new cards. */
function comparable(queue: Queue) {
	const withoutPosition = (cards: readonly QueueCard[]) => cards.map(({position: _, ...card}) => card);
	return {learning: withoutPosition(queue.learning), reviews: withoutPosition(queue.reviews), learningLater: withoutPosition(queue.learningLater), newCards: queue.newCards};
}

describe("today's queue from the cards that can enter it", () => {
	it('is the queue the review builds from every card', () => {
		fc.assert(
			fc.property(fc.array(memory, {minLength: 60, maxLength: 60}), fc.nat(40), fc.nat(12), selection, (memories, newPerDay, reviewsPerDay, selected) => {
				const now = Date.now();
				giveMemories(memories, now);
				const settings: Settings = {...fluency.settings, limits: {newPerDay, reviewsPerDay}};
				expect(comparable(todaysQueue(store, settings, now, selected).queue)).toEqual(comparable(queueFromEveryCard(settings, now, selected)));
			}),
			{numRuns: 40},
		);
	});
});

/** What an outlook says, its next card by id. */
const outlookFigures = ({nextCard, ...figures}: Outlook<CardSummary>) => ({...figures, nextCard: nextCard?.id});

describe('the outlook from the cards that can change it', () => {
	it('is the outlook of every card, reviews held back included, and finds the same new cards', () => {
		fc.assert(
			fc.property(fc.array(memory, {minLength: 60, maxLength: 60}), selection, fc.option(fc.integer({min: -30, max: 30})), (memories, selected, throughHours) => {
				const now = Date.now();
				giveMemories(memories, now);
				const accept = (card: CardSummary) => isSelected(card, selected);
				// As "nothing waiting" says it: reviews due before the end of the day wait for it.
				const readThrough = throughHours === null ? Number.NEGATIVE_INFINITY : now + throughHours * HOUR;
				const heldBack = (card: CardSummary) => card.state === 'review' && !card.suspended && (card.buriedUntil === null || card.buriedUntil <= now) && card.due !== null && card.due < readThrough;
				const waiting = (cards: readonly CardSummary[]) => cards.map((card) => (heldBack(card) ? {...card, due: readThrough} : card));
				const every = cardSummaries(store).filter(accept);
				const kept = outlookCards(store, now, accept, readThrough);
				expect(outlookFigures(outlookOf(waiting(kept), now))).toEqual(outlookFigures(outlookOf(waiting(every), now)));
				expect(kept.filter(heldBack).length).toBe(every.filter(heldBack).length);
				expect(someNewCard(store, accept)).toBe(every.some((card) => card.state === 'new' && !card.suspended));
			}),
			{numRuns: 60},
		);
	});
});
