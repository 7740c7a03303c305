/*
Importing packages as Anki writes them (issue 13) and packages built to hurt (issue 15, item 6).
Every package here comes from tests/fixtures/anki-package.ts, whose collections carry Anki's WAL
header, its schema-18 `collate unicase` tables and its config; each test says which real-world
file its notes and history stand for.
*/
import {existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Deflate, unzipSync, zipSync} from 'fflate';
import {decompress} from 'fzstd';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {importAnkiPackage} from '../../src/app/interchange/import-anki.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards, cardCountsByDeck} from '../../src/store/cards.js';
import {cardsDueBefore} from '../../src/store/review/queue-candidates.js';
import {replayAndSave} from '../../src/store/scheduling/card-replay.js';
import {Store} from '../../src/store/database.js';
import {buildPackage, COLLECTION_CREATED, type CollectionOptions, type FixtureNote, type FixtureReview, type Variant, mediaEntries, zstdCompress} from '../fixtures/anki-package.js';
import {makeTempDir} from '../helpers/temp.js';
import {logFileName} from '../../src/app/sync/log-files.js';
import {exportEvents} from '../../src/app/sync/own-log-export.js';
import {encodeEvent} from '../../src/core/sync/event-log.js';
import {eventsToExport} from '../../src/store/sync/events.js';
import {rowCount, rowsOf} from '../../src/store/inspect.js';

const DAY = 86_400_000;
const t1 = (COLLECTION_CREATED + 10 * 86_400) * 1000;
const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false});
const GIB = 1024 ** 3;

let root: string;
let decks: string;
let store: Store;
beforeEach(() => {
	root = makeTempDir('fluency-anki-import-');
	decks = join(root, 'decks');
	mkdirSync(decks);
	store = Store.open(join(root, 'fluency.db'));
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

function importFile(file: string, force = false) {
	return importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force, now: t1 + 60 * DAY, sync: () => loadDecks(store, findDeckFiles([decks], root).files, t1 + 60 * DAY)});
}

async function importPackage(variant: Variant, notes: FixtureNote[], reviews: FixtureReview[] = [], media: Record<string, Uint8Array> = {}, options: CollectionOptions = {}, force = false) {
	const file = join(root, `collection.${variant === 'anki21b' ? 'colpkg' : 'apkg'}`);
	writeFileSync(file, await buildPackage(variant, notes, reviews, media, options));
	return importFile(file, force);
}

const deckText = (path: string) => readFileSync(join(decks, path), 'utf8');
const parsed = (path: string) => parseDeck({file: path, deck: path.replace(/\.md$/, ''), text: deckText(path)});
const cardByPrompt = (prompt: string) => activeCards(store).find((card) => card.prompt === prompt);

describe('the fixtures look like Anki\'s own files', () => {
	it('a modern package: WAL header, collate unicase, protobuf meta 08 03, the dummy collection.anki2', async () => {
		const files: Record<string, Uint8Array> = unzipSync(await buildPackage('anki21b', [{id: 1, guid: 'a', notetype: 'basic', deck: 'X', fields: ['q', 'a']}]));
		const collection = decompress(files['collection.anki21b']!);
		expect([collection[18], collection[19]]).toEqual([2, 2]);
		expect(Buffer.from(collection).toString('latin1')).toContain('name text not null collate unicase');
		expect([...files['meta']!]).toEqual([0x08, 0x03]);
		expect(Buffer.from(files['collection.anki2']!).toString('latin1')).toContain('Please update to the latest Anki version');
	});
});

// A shared deck as people export it from Anki 23.x: several decks, a suspended card, a card in
// relearning, a new card, reviews over two months, and a cloze with three deletions.
const SHARED: FixtureNote[] = [
	{id: 1, guid: 'n1', notetype: 'basic', deck: 'Networking', fields: ['TCP handshake?', 'SYN, SYN-ACK, ACK'], cards: [{ord: 0, id: 101, type: 2, queue: 2, due: 70, ivl: 20}]},
	{id: 2, guid: 'n2', notetype: 'basic', deck: 'Networking', fields: ['UDP is?', 'connectionless'], cards: [{ord: 0, id: 201, type: 2, queue: -1, due: 65, ivl: 8}]},
	{id: 3, guid: 'n3', notetype: 'basic', deck: 'Networking', fields: ['MTU of Ethernet?', '1500 bytes'], cards: [{ord: 0, id: 301, type: 3, queue: 1, due: Math.round((t1 + 30 * DAY + 600_000) / 1000), ivl: 1}]},
	{id: 4, guid: 'n4', notetype: 'basic', deck: 'Networking', fields: ['Port of DNS?', '53']},
	{id: 5, guid: 'n5', notetype: 'cloze', deck: 'Networking::Layers', fields: ['{{c1::Physical}}, {{c2::Data link}}, {{c3::Network}}', ''], cards: [{ord: 0, id: 501, type: 2, queue: 2, due: 60, ivl: 5}, {ord: 1, id: 502}, {ord: 2, id: 503}]},
];
const SHARED_REVIEWS: FixtureReview[] = [
	{id: t1, cid: 101, ease: 3, type: 0},
	{id: t1 + 600_000, cid: 101, ease: 3, type: 0},
	{id: t1 + DAY, cid: 101, ease: 3, type: 1},
	{id: t1 + 6 * DAY, cid: 101, ease: 4, type: 1},
	{id: t1 + 2000, cid: 201, ease: 3, type: 0},
	{id: t1 + 3 * DAY, cid: 201, ease: 3, type: 1},
	{id: t1 + 3000, cid: 301, ease: 3, type: 0},
	{id: t1 + 5 * DAY, cid: 301, ease: 3, type: 1},
	{id: t1 + 30 * DAY, cid: 301, ease: 1, type: 1},
	{id: t1 + 4000, cid: 501, ease: 3, type: 0},
	{id: t1 + 4 * DAY, cid: 501, ease: 3, type: 1},
];

describe.each<Variant>(['anki2', 'anki21', 'anki21b'])('a package as Anki writes it (%s)', (variant) => {
	it('keeps notes, cards, suspended cards, reviews per card, Anki\'s card states and due dates', async () => {
		const report = await importPackage(variant, SHARED, SHARED_REVIEWS);
		expect(report).toMatchObject({notes: 5, notesWritten: 5, cardsExpected: 7, cardsRead: 7, cardsLost: [], skipped: [], reviewsImported: 11});
		const cards = activeCards(store);
		expect(cards).toHaveLength(7);
		expect(cards.filter((card) => card.suspended)).toHaveLength(1);
		const reviewsOf = (id: string) => rowsOf(store, 'reviews').filter((review) => review['card_id'] === id).length;
		// Anki's type 2 review, 3 relearning, 0 new, card by card.
		const expectations: Array<[string, string, number, number | undefined]> = [
			['TCP handshake?', 'review', 4, (COLLECTION_CREATED + 70 * 86_400) * 1000],
			['UDP is?', 'review', 2, (COLLECTION_CREATED + 65 * 86_400) * 1000],
			['MTU of Ethernet?', 'relearning', 3, t1 + 30 * DAY + 600_000],
			['Port of DNS?', 'new', 0, undefined],
		];
		for (const [prompt, state, reviews, due] of expectations) {
			const card = cardByPrompt(prompt)!;
			expect({prompt, state: card.memory.state, reviews: reviewsOf(card.id)}).toEqual({prompt, state, reviews});
			if (due !== undefined) expect(card.memory.due).toBe(due);
		}
		expect(cardByPrompt('UDP is?')!.suspended).toBe(true);
		const layers = parsed('networking/layers.md');
		expect(layers.cards.map((card) => card.ordinal)).toEqual([1, 2, 3]);
		expect(report.rolloverHour).toBe(4);
	});
});

describe('history written in one pass', () => {
	/** Every review row and card state as the import wrote them, compared with a full replay of each card's stored history. */
	function expectWhatAFullReplayWrites(): void {
		const rows = () => rowsOf(store, 'reviews');
		const cards = () => rowsOf(store, 'cards').map(({id, state, due, stability, difficulty, reps, lapses, suspended}) => ({id, state, due, stability, difficulty, reps, lapses, suspended}));
		const written = {reviews: rows(), cards: cards()};
		store.transaction(() => {
			for (const card of activeCards(store)) replayAndSave(store, card.id, scheduler);
		});
		expect({reviews: rows(), cards: cards()}).toEqual(written);
	}

	it('gives every review the columns a full replay of the card gives it', async () => {
		await importPackage('anki21b', SHARED, SHARED_REVIEWS);
		expectWhatAFullReplayWrites();
	});

	// A collection of a thousand studied cards with eleven reviews each: past both thresholds at
	// which the import drops the card state and review indexes and builds them again at its end.
	const LARGE_NOTES: FixtureNote[] = Array.from({length: 1000}, (_, index) => ({
		id: index + 1,
		guid: `large-${index}`,
		notetype: 'basic',
		deck: index % 2 === 0 ? 'Large::Even' : 'Large::Odd',
		fields: [`Question ${index}?`, `Answer ${index}`],
		cards: [{ord: 0, id: 10_000 + index, type: 2, queue: index % 10 === 0 ? -1 : 2, due: 75 + (index % 20), ivl: 10}],
	}));
	const LARGE_REVIEWS: FixtureReview[] = LARGE_NOTES.flatMap((note, index) =>
		Array.from({length: 11}, (_, step) => ({id: t1 + step * 3 * DAY + index * 1000, cid: note.cards![0]!.id, ease: step === 5 ? 1 : 3, type: step < 2 ? 0 : 1})),
	);

	it('is the same when the import is large enough to build the indexes after it', async () => {
		const notes = LARGE_NOTES;
		const reviews = LARGE_REVIEWS;
		const indexes = () => store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all();
		const before = indexes();
		const file = join(root, 'large.colpkg');
		writeFileSync(file, await buildPackage('anki21b', notes, reviews));
		// Where the schema ended once the deck files were synced (a first sync rebuilds card indexes of
		// its own), marked by a table made then: a row of the schema made after it is numbered after it,
		// even where dropping the last rows left lower numbers free.
		let schemaEnd = 0;
		const sync = () => {
			loadDecks(store, findDeckFiles([decks], root).files, t1 + 60 * DAY);
			if (schemaEnd > 0) return; // The import again, below, must leave the schema as it is.
			store.db.exec('CREATE TABLE synced_mark (x)');
			schemaEnd = store.db.prepare("SELECT rowid FROM sqlite_schema WHERE name = 'synced_mark'").pluck().get() as number;
		};
		const report = importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1 + 60 * DAY, sync});
		expect(report).toMatchObject({cardsRead: 1000, reviewsImported: 11_000, cardsUpdated: 1000});
		expect(indexes()).toEqual(before);
		// Dropped and created again by the history's import, they were written to the schema after everything else.
		expect(store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND rowid > ? ORDER BY name").pluck().all(schemaEnd)).toEqual([
			// No card had a history, so none was read back: a card's events and answers are indexed once, at the end.
			'card_events_by_batch', 'card_events_by_card',
			'cards_by_due', 'cards_counts_by_deck', 'cards_db_tagged', 'cards_due_load', 'cards_memory', 'cards_new_by_block',
			'reviews_by_card', 'reviews_by_time', 'reviews_stats_by_card', 'reviews_stats_by_hour', 'reviews_stats_by_recall', 'reviews_stats_by_time',
		]);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
		expectWhatAFullReplayWrites();
		// The rebuilt indexes answer as a scan of the table does.
		const end = t1 + 75 * DAY;
		const due = activeCards(store).filter((card) => card.memory.due !== null && card.memory.due < end);
		expect(due.length).toBeGreaterThan(100);
		expect(new Set(cardsDueBefore(store, end).map((card) => card.id))).toEqual(new Set(due.map((card) => card.id)));
		expect(Object.fromEntries(cardCountsByDeck(store))).toEqual({'large/even': {total: 500, suspended: 100, unseen: 0}, 'large/odd': {total: 500, suspended: 0, unseen: 0}});
		// The same package again adds nothing, and leaves every index as it is: none is dropped and
		// built again (SQLite counts each change of the schema).
		const schemaVersion = () => store.db.pragma('schema_version', {simple: true}) as number;
		const versionBefore = schemaVersion();
		const again = importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1 + 61 * DAY, sync});
		expect(again).toMatchObject({notesWritten: 0, reviewsImported: 0, cardsUpdated: 0});
		expect(schemaVersion()).toBe(versionBefore);
	});
});

describe("the history in this device's log", () => {
	it('is written as the import stores it: every event once, as an export of the database writes it', async () => {
		const syncDir = join(decks, '.fluency');
		const notes: FixtureNote[] = [{...SHARED[1]!, tags: ['Leech']}, SHARED[0]!, SHARED[2]!, SHARED[3]!];
		const file = join(root, 'shared.colpkg');
		writeFileSync(file, await buildPackage('anki21b', notes, SHARED_REVIEWS));
		const sync = () => loadDecks(store, findDeckFiles([decks], root).files, t1 + 60 * DAY);
		const log = join(syncDir, logFileName(store.deviceId));
		const eventLines = () => readFileSync(log, 'utf8').split('\n').filter((line) => line !== '' && JSON.parse(line).type !== 'device');
		const exported = () => eventsToExport(store, true).events.map(encodeEvent);
		const report = importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1 + 60 * DAY, sync, syncDir});
		expect(report.reviewsImported).toBeGreaterThan(0);
		// Reviews, the leech's tag and suspension, carried-over due dates.
		expect(new Set(eventLines().map((line) => JSON.parse(line).type))).toEqual(new Set(['review', 'tag', 'suspend', 'due']));
		expect([...eventLines()].sort()).toEqual([...exported()].sort());
		expect(exportEvents(store, syncDir, t1 + 60 * DAY).written).toBe(0);
		// A newer export of the collection: only its new review is added.
		writeFileSync(file, await buildPackage('anki21b', notes, [...SHARED_REVIEWS, {id: t1 + 40 * DAY, cid: 101, ease: 3, type: 1}]));
		const lines = eventLines().length;
		importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1 + 61 * DAY, sync, syncDir});
		expect(eventLines().length).toBeGreaterThan(lines);
		expect([...eventLines()].sort()).toEqual([...exported()].sort());
		expect(exportEvents(store, syncDir, t1 + 61 * DAY).written).toBe(0);
	});
});

describe('history written in one pass, to cards of which some have a history', () => {
	it('keeps the index of each card\'s answers, which the replay of those cards reads', async () => {
		const notes: FixtureNote[] = Array.from({length: 1000}, (_, index) => ({
			id: index + 1,
			guid: `mixed-${index}`,
			notetype: 'basic',
			deck: 'Mixed',
			fields: [`Question ${index}?`, `Answer ${index}`],
			cards: [{ord: 0, id: 10_000 + index, type: 2, queue: 2, due: 75, ivl: 10}],
		}));
		const reviews: FixtureReview[] = notes.flatMap((note, index) =>
			Array.from({length: 11}, (_, step) => ({id: t1 + step * 3 * DAY + index * 1000, cid: note.cards![0]!.id, ease: step === 5 ? 1 : 3, type: step < 2 ? 0 : 1})),
		);
		// An earlier export held the first card and its first two answers.
		await importPackage('anki21b', notes.slice(0, 1), reviews.slice(0, 2));
		const byCard = store.db.prepare("SELECT rowid FROM sqlite_schema WHERE name = 'reviews_by_card'").pluck().get();
		const report = await importPackage('anki21b', notes, reviews);
		expect(report).toMatchObject({reviewsImported: 11_000 - 2, cardsUpdated: 1000});
		// The other review indexes were built again after the answers; this one was kept.
		expect(store.db.prepare("SELECT rowid FROM sqlite_schema WHERE name = 'reviews_by_card'").pluck().get()).toBe(byCard);
		expect(store.db.prepare("SELECT rowid FROM sqlite_schema WHERE name = 'reviews_by_time'").pluck().get()).toBeGreaterThan(byCard as number);
		expect(cardByPrompt('Question 0?')!.memory.reps).toBe(11);
		const rows = () => rowsOf(store, 'reviews');
		const cards = () => rowsOf(store, 'cards').map(({id, state, due, stability, difficulty, reps, lapses}) => ({id, state, due, stability, difficulty, reps, lapses}));
		const written = {reviews: rows(), cards: cards()};
		store.transaction(() => {
			for (const card of activeCards(store)) replayAndSave(store, card.id, scheduler);
		});
		expect({reviews: rows(), cards: cards()}).toEqual(written);
	});
});

describe('progress', () => {
	it('ends every stage at its total, so the line it draws is cleared before anything else is printed', async () => {
		const file = join(root, 'shared.colpkg');
		writeFileSync(file, await buildPackage('anki21b', SHARED, SHARED_REVIEWS));
		const steps: Array<[string, number, number]> = [];
		importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1 + 60 * DAY, sync: () => loadDecks(store, findDeckFiles([decks], root).files, t1 + 60 * DAY), onProgress: (stage, done, total) => steps.push([stage, done, total])});
		const stages = [...new Set(steps.map(([stage]) => stage))];
		expect(stages).toEqual(['reading', 'writing decks', 'importing history']);
		for (const stage of stages) {
			const last = steps.filter(([name]) => name === stage).at(-1)!;
			expect(last[1]).toBe(last[2]);
		}
	});
});

describe('history as old and real collections hold it', () => {
	// An Anki 2.0/2.1 collection still on the v1 scheduler (schedVer 1 in col.conf): while learning it
	// had three buttons, so the revlog's 2 is Good and 3 is Easy.
	const V1_NOTES: FixtureNote[] = [{id: 1, guid: 'v1', notetype: 'basic', deck: 'Old', fields: ['q', 'a'], cards: [{ord: 0, id: 11, type: 2, queue: 2, due: 40, ivl: 4}]}];
	const V1_REVIEWS: FixtureReview[] = [
		{id: t1, cid: 11, ease: 2, type: 0},
		{id: t1 + 600_000, cid: 11, ease: 2, type: 0},
		{id: t1 + DAY, cid: 11, ease: 3, type: 1},
	];
	it.each<Variant>(['anki2', 'anki21'])('maps v1 learning answers as Anki\'s v2 upgrade does (%s)', async (variant) => {
		const report = await importPackage(variant, V1_NOTES, V1_REVIEWS, {}, {schedVer: 1});
		expect(report).toMatchObject({schedulerVersion: 1, remappedV1Answers: 2, reviewsImported: 3});
		const ratings = rowsOf(store, 'reviews').sort((a, b) => Number(a['reviewed_at']) - Number(b['reviewed_at'])).map((row) => row['rating']);
		// Good, Good (not Hard, Hard), then a review-row Good that was never three-button.
		expect(ratings).toEqual([3, 3, 3]);
		expect(cardByPrompt('q')!.memory.state).toBe('review');
	});

	it('leaves v2 answers as they are', async () => {
		const report = await importPackage('anki21', V1_NOTES, V1_REVIEWS, {}, {schedVer: 2});
		expect(report.remappedV1Answers).toBe(0);
		expect(rowsOf(store, 'reviews').sort((a, b) => Number(a['reviewed_at']) - Number(b['reviewed_at'])).map((row) => row['rating'])).toEqual([2, 2, 3]);
	});

	it('counts and skips the reviews of deleted cards', async () => {
		const report = await importPackage('anki21b', V1_NOTES, [...V1_REVIEWS, {id: t1 + 5, cid: 999, ease: 3, type: 0}, {id: t1 + 6, cid: 998, ease: 3, type: 1}]);
		expect(report).toMatchObject({orphanedReviews: 2, reviewsImported: 3});
	});

	it('starts a history at its last run of learning, as Anki\'s FSRS does, and says what it left out', async () => {
		const notes: FixtureNote[] = [
			// Relearned from scratch after a reset in an old Anki that left no row: two runs of learning.
			{id: 1, guid: 'a', notetype: 'basic', deck: 'H', fields: ['twice learned', 'a'], cards: [{ord: 0, id: 11, type: 2, queue: 2, due: 50, ivl: 3}]},
			// Only review rows: its learning was before the history Anki kept (or it was rescheduled).
			{id: 2, guid: 'b', notetype: 'basic', deck: 'H', fields: ['no learning row', 'a'], cards: [{ord: 0, id: 21, type: 2, queue: 2, due: 55, ivl: 30}]},
			// Reset ("Forget") and not studied since: new again in Anki.
			{id: 3, guid: 'c', notetype: 'basic', deck: 'H', fields: ['forgotten', 'a'], cards: [{ord: 0, id: 31, type: 0, queue: 0, due: 3}]},
			// In review in Anki with no history at all (a shared deck exported with scheduling).
			{id: 4, guid: 'd', notetype: 'basic', deck: 'H', fields: ['no history', 'a'], cards: [{ord: 0, id: 41, type: 2, queue: 2, due: 58, ivl: 10}]},
		];
		const reviews: FixtureReview[] = [
			{id: t1, cid: 11, ease: 3, type: 0},
			{id: t1 + 2 * DAY, cid: 11, ease: 3, type: 1},
			{id: t1 + 10 * DAY, cid: 11, ease: 3, type: 0},
			{id: t1 + 10 * DAY + 600_000, cid: 11, ease: 3, type: 0},
			// "Set due date" and a reschedule: not answers.
			{id: t1 + 11 * DAY, cid: 11, ease: 0, factor: 2500, type: 4},
			{id: t1 + 12 * DAY, cid: 11, ease: 0, factor: 2500, type: 5},
			{id: t1 + 13 * DAY, cid: 11, ease: 3, type: 1},
			{id: t1 + 1000, cid: 21, ease: 3, type: 1},
			{id: t1 + 20 * DAY, cid: 21, ease: 3, type: 1},
			{id: t1 + 2000, cid: 31, ease: 3, type: 0},
			{id: t1 + 5 * DAY, cid: 31, ease: 0, factor: 0, type: 4},
		];
		const report = await importPackage('anki21b', notes, reviews);
		expect(report).toMatchObject({reviewsImported: 5, reviewsBeforeLastStart: 3, cardsWithoutLearningStart: 1, studiedCardsWithoutHistory: 1});
		expect(cardByPrompt('twice learned')!.memory).toMatchObject({reps: 3, state: 'review'});
		// Its memory is estimated from two reviews; the due date is Anki's.
		expect(cardByPrompt('no learning row')!.memory.due).toBe((COLLECTION_CREATED + 55 * 86_400) * 1000);
		expect(cardByPrompt('forgotten')!.memory.state).toBe('new');
		expect(cardByPrompt('no history')!.memory.state).toBe('new');
	});
});

describe('note types people use', () => {
	it('imports type-in notes as ordinary cards whose question does not show the answer', async () => {
		await importPackage('anki21b', [{id: 1, guid: 't', notetype: 'type-in', deck: 'Spanish', fields: ['to eat', 'comer']}]);
		const [card] = parsed('spanish.md').cards;
		expect(card).toMatchObject({kind: 'basic', prompt: 'to eat', answer: 'comer'});
	});

	it('reports image occlusion notes (built in and the add-on) by note type, and never writes a card that shows only an image', async () => {
		const notes: FixtureNote[] = [
			{id: 1, guid: 'io1', notetype: 'image-occlusion', deck: 'Anatomy', fields: ['{{c1::image-occlusion:rect:left=.2:top=.3:width=.1:height=.1:oi=1}}', '<img src="heart.png">', 'Heart', '', '']},
			{id: 2, guid: 'io2', notetype: 'image-occlusion', deck: 'Anatomy', fields: ['{{c1::image-occlusion:ellipse:left=.5:top=.3:rx=.1:ry=.1:oi=1}}', '<img src="lung.png">', '', '', '']},
			{id: 3, guid: 'ioe', notetype: 'io-enhanced', deck: 'Anatomy', fields: ['abc-1', 'Heart', '<img src="heart.png">', '<img src="abc-1-Q.svg">', '', '', '', '', '', '<img src="abc-1-A.svg">', '<img src="abc-1-O.svg">']},
			{id: 4, guid: 'ok', notetype: 'basic', deck: 'Anatomy', fields: ['Chambers of the heart?', '4']},
		];
		const report = await importPackage('anki21b', notes, [], {'heart.png': new Uint8Array([1]), 'lung.png': new Uint8Array([2])});
		expect(report.skipped.map((skip) => [skip.noteId, skip.reason])).toEqual([
			[1, 'note type "Image Occlusion" is Anki\'s image occlusion: its masks are drawn over an image, which a terminal cannot show'],
			[2, 'note type "Image Occlusion" is Anki\'s image occlusion: its masks are drawn over an image, which a terminal cannot show'],
			[3, 'note type "Image Occlusion Enhanced" is from the Image Occlusion Enhanced add-on: its masks are drawn over an image, which a terminal cannot show'],
		]);
		expect(parsed('anatomy.md').cards.map((card) => card.prompt)).toEqual(['Chambers of the heart?']);
		// The images no written card shows stay in the package.
		expect(report.mediaUnused).toBe(2);
		expect(existsSync(join(decks, 'media', 'heart.png'))).toBe(false);
	});

	it('keeps LaTeX and MathJax readable as their source, untouched by Markdown escaping', async () => {
		const notes: FixtureNote[] = [
			{id: 1, guid: 'm1', notetype: 'basic', deck: 'Math', fields: ['Derivative of [$]x_1^2[/$]?', '[$$]2x_1[/$$]']},
			{id: 2, guid: 'm2', notetype: 'basic', deck: 'Math', fields: ['Area: \\(\\pi r^2\\) when r &lt; 1?', '\\[\\int_0^1 f(x)\\,dx\\]']},
			{id: 3, guid: 'm3', notetype: 'basic', deck: 'Math', fields: ['[latex]\\begin{align}a &amp;= b\\\\<br>c &amp;= d\\end{align}[/latex]', 'aligned']},
		];
		await importPackage('anki21', notes);
		const cards = parsed('math.md').cards;
		expect(cards.map((card) => [card.prompt, card.answer])).toEqual([
			['Derivative of `$x_1^2$`?', '`$$2x_1$$`'],
			['Area: `$\\pi r^2$` when r \\< 1?', '`$$\\int_0^1 f(x)\\,dx$$`'],
			['```latex\n\\begin{align}a &= b\\\\\nc &= d\\end{align}\n```', 'aligned'],
		]);
	});

	it('keeps furigana readings and a cloze\'s several deletions', async () => {
		const notes: FixtureNote[] = [
			{id: 1, guid: 'j', notetype: 'japanese', deck: 'Japanese', fields: ['日本語', 'Japanese language', '日本語[にほんご]']},
			{id: 2, guid: 'c', notetype: 'cloze', deck: 'Japanese', fields: ['{{c1::東京}} is the capital; {{c2::大阪}} is in {{c3::関西}}; {{c1::Tokyo}} again', '']},
		];
		await importPackage('anki21b', notes);
		const cards = parsed('japanese.md').cards;
		expect(cards[0]).toMatchObject({prompt: '日本語', answer: '日本語\\[にほんご\\]\n\nJapanese language'});
		expect(cards.slice(1).map((card) => card.ordinal)).toEqual([1, 2, 3]);
	});
});

describe('HTML as people write it in Anki', () => {
	it('keeps escaped code as text, and reads headings, blank divs, empty links, tables and images cleanly', async () => {
		const notes: FixtureNote[] = [
			// From a C++ deck: code typed into Anki's editor is stored escaped, one <div> per line.
			{id: 1, guid: 'h1', notetype: 'basic', deck: 'Code', fields: ['<div>What does this print?</div><div>#include &lt;thread&gt;</div><div><br></div><div>&lt;script&gt;alert(1)&lt;/script&gt;</div>', '<div>Nothing</div><div><br></div>']},
			// A heading pasted from a web page, an empty anchor left by the editor, an image by URL-encoded name.
			{id: 2, guid: 'h2', notetype: 'basic', deck: 'Code', fields: ['<h2>Big O</h2>of binary search?<a name="top"></a><a href="https://x.example/"></a>', '<img src="big%20o.png"> O(log n)']},
			// A table with line breaks inside cells, as Anki's editor writes them.
			{id: 3, guid: 'h3', notetype: 'basic', deck: 'Code', fields: ['Compare', '<table><tr><th>Op</th><th>Cost</th></tr><tr><td>push<br>pop</td><td>O(1)<br>amortised</td></tr></table>']},
			{id: 4, guid: 'h4', notetype: 'basic', deck: 'Code', fields: ['Snippet?', '<pre><code>#include &lt;thread&gt;\nint main() {}</code></pre>']},
		];
		const report = await importPackage('anki21b', notes, [], {'big o.png': new Uint8Array([1, 2])});
		expect(report).toMatchObject({cardsRead: 4, mediaCopied: 1});
		const text = deckText('code.md');
		expect(text).not.toMatch(/^\s*\\\s*$/m);
		// Outside code, every `<` of the text is escaped: no live HTML.
		expect(text.replace(/```[\s\S]*?```/g, '')).not.toMatch(/(^|[^\\])<(script|thread)/);
		const cards = parsed('code.md').cards;
		expect(cards.map((card) => [card.prompt, card.answer])).toEqual([
			['What does this print?\n\n#include \\<thread>\n\n\\<script>alert(1)\\</script>', 'Nothing'],
			['**Big O**\n\nof binary search?', '![big o.png](media/big%20o.png) O(log n)'],
			['Compare', '| Op  | Cost |\n| --- | --- |\n| push pop | O(1) amortised |'],
			['Snippet?', '```\n#include <thread>\nint main() {}\n```'],
		]);
	});
});

describe('media in a shared decks folder', () => {
	it('replaces a link planted at a media file name instead of writing through it', async () => {
		// Someone with push access to the decks repository plants media/wave.png -> a file of the user's.
		const victim = join(root, 'victim.txt');
		writeFileSync(victim, 'precious');
		mkdirSync(join(decks, 'media'), {recursive: true});
		symlinkSync(victim, join(decks, 'media', 'wave.png'));
		symlinkSync(victim, join(decks, 'media', `wave.png.${process.pid}.partial`));
		const notes: FixtureNote[] = [{id: 1, guid: 'm1', notetype: 'basic', deck: 'Sounds', fields: ['<img src="wave.png">', 'a wave']}];
		const report = await importPackage('anki21b', notes, [], {'wave.png': new Uint8Array([137, 80, 78, 71])});
		expect(report).toMatchObject({mediaCopied: 1});
		expect(readFileSync(victim, 'utf8')).toBe('precious');
		expect(lstatSync(join(decks, 'media', 'wave.png')).isSymbolicLink()).toBe(false);
		expect([...readFileSync(join(decks, 'media', 'wave.png'))]).toEqual([137, 80, 78, 71]);
	});
});

describe('what the deck files hold after the import', () => {
	it('counts the cards the deck parser reads back, and says which did not survive', async () => {
		// Answers that are code blocks, as a programming deck holds them: the deck writer has
		// written `A: ```` lines the parser does not read as a fence (its owner is fixing that).
		const notes: FixtureNote[] = [
			{id: 1, guid: 'f1', notetype: 'basic', deck: 'Code', fields: ['Snippet?', '<pre><code>int main() {}</code></pre>']},
			{id: 2, guid: 'f2', notetype: 'basic', deck: 'Code', fields: ['Second?', 'two']},
			{id: 3, guid: 'f3', notetype: 'basic', deck: 'Code', fields: ['Third?', '<pre><code>let x</code></pre>more']},
			{id: 4, guid: 'f4', notetype: 'basic', deck: 'Code', fields: ['Fourth?', 'four']},
		];
		const report = await importPackage('anki21b', notes);
		const read = parsed('code.md').cards.length;
		expect(report.cardsRead).toBe(read);
		expect(report.cardsRead + report.cardsLost.reduce((sum, lost) => sum + lost.count, 0)).toBe(4);
		if (read < 4) expect(report.cardsLost).toEqual([{path: join(decks, 'code.md'), count: 4 - read, reason: 'the file does not read back as written'}]);
	});
});

describe('what the deck files hold after the import, as the sync reads them', () => {
	it('counts a card the sync could not read as lost, with the problem it found', async () => {
		const file = join(root, 'collection.colpkg');
		const notes: FixtureNote[] = [
			{id: 1, guid: 'l1', notetype: 'basic', deck: 'Loss', fields: ['First?', 'one']},
			{id: 2, guid: 'l2', notetype: 'basic', deck: 'Loss', fields: ['Second?', 'two']},
			{id: 3, guid: 'l3', notetype: 'basic', deck: 'Loss', fields: ['Third?', 'three']},
		];
		writeFileSync(file, await buildPackage('anki21b', notes));
		let brokenLine = 0;
		// Between the writing and the sync the second note loses its answer, as a file that did not read back would.
		const report = importAnkiPackage(store, scheduler, file, {
			into: decks,
			deckDirs: [decks],
			force: false,
			now: t1,
			sync: () => {
				const lines = deckText('loss.md').split('\n');
				brokenLine = lines.indexOf('Q: Second?') + 1;
				writeFileSync(join(decks, 'loss.md'), lines.filter((line) => line !== 'A: two').join('\n'));
				loadDecks(store, findDeckFiles([decks], root).files, t1);
			},
		});
		expect(brokenLine).toBeGreaterThan(0);
		expect(report).toMatchObject({cardsExpected: 3, cardsRead: 2});
		expect(report.cardsLost).toEqual([{path: join(decks, 'loss.md'), count: 1, reason: expect.stringMatching(new RegExp(`^the file does not read back as written \\(${brokenLine}: .*answer`)) as unknown}]);
	});

	it('leaves out a note whose HTML is nested too deeply to convert, and imports the others', async () => {
		// A broken or hostile package: 20,000 spans inside one another overflow any walk of the tree.
		const deep = `${'<span>'.repeat(20_000)}x${'</span>'.repeat(20_000)}`;
		const report = await importPackage('anki21b', [
			{id: 1, guid: 'd1', notetype: 'basic', deck: 'Deep', fields: ['Nested?', deep]},
			{id: 2, guid: 'd2', notetype: 'basic', deck: 'Deep', fields: ['Plain?', '<div>fine</div>']},
		]);
		expect(report.skipped).toEqual([{noteId: 1, reason: 'its HTML is nested too deeply to convert'}]);
		expect(report).toMatchObject({notes: 2, notesWritten: 1, cardsRead: 1, cardsLost: []});
		expect(parsed('deep.md').cards.map((card) => card.answer)).toEqual(['fine']);
	});

	it('counts every card of a file no deck was read from as lost', async () => {
		const file = join(root, 'collection.colpkg');
		writeFileSync(file, await buildPackage('anki21b', [{id: 1, guid: 'g1', notetype: 'basic', deck: 'Gone', fields: ['Q?', 'A']}]));
		const report = importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1, sync: () => rmSync(join(decks, 'gone.md'))});
		expect(report).toMatchObject({cardsExpected: 1, cardsRead: 0, cardsLost: [{path: join(decks, 'gone.md'), count: 1, reason: 'the file does not read back as written'}]});
	});
});

describe('decks, tags and days', () => {
	it('gives decks whose names slug alike a file each, and reports the rollover hour', async () => {
		const notes: FixtureNote[] = [
			{id: 1, guid: 'cpp', notetype: 'basic', deck: 'C++', fields: ['RAII?', 'scope-bound resources'], tags: ['lang,c++']},
			{id: 2, guid: 'cs', notetype: 'basic', deck: 'C#', fields: ['LINQ?', 'queries'], tags: ['dotnet']},
		];
		const report = await importPackage('anki21b', notes, [], {}, {rollover: 5});
		expect(report.decksWritten.map((path) => path.slice(decks.length + 1)).sort()).toEqual(['c-plus-plus.md', 'c-sharp.md']);
		expect(parsed('c-plus-plus.md').cards.map((card) => card.prompt)).toEqual(['RAII?']);
		// One tag, not two: the deck format has no commas in tags, so the writer joins its parts.
		expect(parsed('c-plus-plus.md').cards[0]!.tags).toEqual(['lang-c++']);
		expect(report.rolloverHour).toBe(5);
	});
});

describe('importing a newer export of the same collection', () => {
	const FIRST: FixtureNote[] = [
		{id: 1, guid: 'a', notetype: 'basic', deck: 'Spanish', fields: ['hola', 'hello'], cards: [{ord: 0, id: 11, type: 2, queue: 2, due: 30, ivl: 3}]},
		{id: 2, guid: 'b', notetype: 'basic', deck: 'Spanish', fields: ['adiós', 'goodbye']},
	];
	const FIRST_REVIEWS: FixtureReview[] = [{id: t1, cid: 11, ease: 3, type: 0}];

	it('adds its new notes and reviews to the deck files, keeping the user\'s edits', async () => {
		await importPackage('anki21b', FIRST, FIRST_REVIEWS);
		// The user edits a card in the Markdown.
		writeFileSync(join(decks, 'spanish.md'), deckText('spanish.md').replace('A: hello', 'A: hello (informal)'));
		const later: FixtureNote[] = [...FIRST, {id: 3, guid: 'c', notetype: 'basic', deck: 'Spanish', fields: ['gracias', 'thanks'], cards: [{ord: 0, id: 31, type: 2, queue: 2, due: 33, ivl: 2}]}];
		const report = await importPackage('anki21b', later, [...FIRST_REVIEWS, {id: t1 + 2 * DAY, cid: 11, ease: 3, type: 1}, {id: t1 + DAY, cid: 31, ease: 3, type: 0}]);
		expect(report).toMatchObject({notesWritten: 1, decksExtended: [{path: join(decks, 'spanish.md'), notes: 1}], reviewsImported: 2, cardsRead: 3, cardsExpected: 3});
		const cards = parsed('spanish.md').cards;
		expect(cards.map((card) => [card.prompt, card.answer])).toEqual([
			['hola', 'hello (informal)'],
			['adiós', 'goodbye'],
			['gracias', 'thanks'],
		]);
		expect(cardByPrompt('hola')!.memory.reps).toBe(2);
	});

	it('leaves a note Anki moved to another deck where the first import put it, once', async () => {
		await importPackage('anki21b', FIRST, FIRST_REVIEWS);
		const moved: FixtureNote[] = [FIRST[0]!, {...FIRST[1]!, deck: 'Spanish::Farewells'}];
		const report = await importPackage('anki21b', moved, FIRST_REVIEWS);
		expect(report.notesWritten).toBe(0);
		expect(parsed('spanish.md').cards.map((card) => card.prompt)).toEqual(['hola', 'adiós']);
		expect(existsSync(join(decks, 'spanish', 'farewells.md'))).toBe(false);
	});

	it('with --force, says how many notes it replaced that differed and which it removed', async () => {
		await importPackage('anki21b', FIRST, FIRST_REVIEWS);
		writeFileSync(join(decks, 'spanish.md'), `${deckText('spanish.md').replace('A: hello', 'A: hello (informal)')}\nQ: my own card\n\nA: mine\n`);
		const report = await importPackage('anki21b', FIRST, FIRST_REVIEWS, {}, {}, true);
		expect(report.decksReplaced).toEqual([{path: join(decks, 'spanish.md'), changed: 1, removed: 1}]);
		expect(parsed('spanish.md').cards.map((card) => card.answer)).toEqual(['hello', 'goodbye']);
	});
});

/** A zstd frame of `size` zero bytes made of RLE blocks: about 4 bytes per 128 KB. */
function zstdZeros(size: number, declareSize = false): Uint8Array {
	const block = 128 * 1024;
	const blocks = Math.ceil(size / block);
	// Without a declared size: a window descriptor of 128 KB. With one: single segment, 8-byte content size.
	const header = declareSize ? [0x28, 0xb5, 0x2f, 0xfd, 0xe0, ...new Uint8Array(new BigUint64Array([BigInt(size)]).buffer)] : [0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3];
	const bytes = new Uint8Array(header.length + blocks * 4);
	bytes.set(header);
	for (let index = 0; index < blocks; index++) {
		const length = Math.min(block, size - index * block);
		const value = (length << 3) | (1 << 1) | (index === blocks - 1 ? 1 : 0);
		bytes.set([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, 0], header.length + index * 4);
	}
	return bytes;
}

/** Deflate of `size` zero bytes, compressed a megabyte at a time. */
function deflateZeros(size: number): Uint8Array {
	const chunks: Uint8Array[] = [];
	const deflate = new Deflate({level: 9}, (chunk) => chunks.push(chunk));
	const megabyte = new Uint8Array(1024 ** 2);
	for (let done = 0; done < size; done += megabyte.length) deflate.push(megabyte.subarray(0, Math.min(megabyte.length, size - done)), done + megabyte.length >= size);
	return Buffer.concat(chunks);
}

describe('import bombs (issue 15, item 6)', () => {
	const NOTE: FixtureNote = {id: 1, guid: 'a', notetype: 'basic', deck: 'Bomb', fields: ['look <img src="big.png">', 'an image']};
	const peakGrowth = async (run: () => Promise<unknown>) => {
		const before = process.resourceUsage().maxRSS;
		await run();
		return (process.resourceUsage().maxRSS - before) / 1024;
	};

	it('does not decompress media no note shows, however large', async () => {
		const files: Record<string, Uint8Array> = unzipSync(await buildPackage('anki21b', [{...NOTE, fields: ['plain', 'card']}]));
		// A modern package's media list names one file; its entry is zstd of 4 GiB of zeros.
		files['media'] = await zstdCompress(mediaEntries([{name: 'big.png'}]));
		files['0'] = zstdZeros(4 * GIB);
		const file = join(root, 'bomb.colpkg');
		writeFileSync(file, zipSync(files, {level: 0}));
		const started = performance.now();
		const report = importFile(file);
		expect(report).toMatchObject({mediaUnused: 1, mediaCopied: 0, cardsRead: 1});
		expect(performance.now() - started).toBeLessThan(5000);
	});

	it('refuses a shown media file that expands past its bound, while streaming, and imports the rest', async () => {
		const files: Record<string, Uint8Array> = unzipSync(await buildPackage('anki21b', [NOTE]));
		// No size in the media list (a forged one): the bound for one media file applies.
		files['media'] = await zstdCompress(mediaEntries([{name: 'big.png'}]));
		files['0'] = zstdZeros(GIB);
		const file = join(root, 'bomb.colpkg');
		writeFileSync(file, zipSync(files, {level: 0}));
		let report: ReturnType<typeof importFile> | undefined;
		const growth = await peakGrowth(async () => (report = importFile(file)));
		expect(report!.mediaRefused).toEqual(['entry 0 expands to more than 256 MB']);
		expect(report!.cardsRead).toBe(1);
		expect(existsSync(join(decks, 'media', 'big.png'))).toBe(false);
		expect(growth).toBeLessThan(200);
	});

	it('refuses a media file that expands past the size the media list gives it', async () => {
		const files: Record<string, Uint8Array> = unzipSync(await buildPackage('anki21b', [NOTE]));
		files['media'] = await zstdCompress(mediaEntries([{name: 'big.png', size: 1000}]));
		files['0'] = zstdZeros(64 * 1024 ** 2);
		const file = join(root, 'bomb.colpkg');
		writeFileSync(file, zipSync(files, {level: 0}));
		expect(importFile(file).mediaRefused).toEqual(['entry 0 expands to more than 0 MB']);
	});

	it('refuses a zstd frame that asks for a huge window before allocating it', async () => {
		const files: Record<string, Uint8Array> = unzipSync(await buildPackage('anki21b', [NOTE]));
		files['collection.anki21b'] = zstdZeros(8 * GIB, true);
		const file = join(root, 'bomb.colpkg');
		writeFileSync(file, zipSync(files, {level: 0}));
		expect(() => importFile(file)).toThrow(/bomb\.colpkg: entry collection\.anki21b expands to more than 1024 MB; refusing it; nothing was changed$/);
	});

	it('refuses a legacy package whose deflated collection expands past what its zip header says', async () => {
		const files = unzipSync(await buildPackage('anki21', [NOTE]));
		const big = join(root, 'big.apkg');
		// A deflate stream of 256 MB of zeros as the entry's data, under a header that says 10 bytes.
		const deflated = deflateZeros(256 * 1024 ** 2);
		const zip = zipSync({...files, 'collection.anki21': new Uint8Array(10)}, {level: 0});
		writeFileSync(big, replaceStoredEntry(zip, 'collection.anki21', deflated));
		let thrown: unknown;
		const growth = await peakGrowth(async () => {
			try {
				importFile(big);
			} catch (error) {
				thrown = error;
			}
		});
		expect(String(thrown)).toMatch(/entry collection\.anki21 expands beyond the size its zip header declares; refusing it; nothing was changed/);
		expect(growth).toBeLessThan(100);
		expect(existsSync(join(decks, 'bomb.md'))).toBe(false);
	});

	it.each([
		['a generated column', 'ALTER TABLE notes ADD COLUMN big GENERATED ALWAYS AS (zeroblob(300000000)) VIRTUAL', /a generated column \(`notes\.big`\)/],
		['a trigger', 'CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT 1; END', /a trigger \(`t`\)/],
		['a view', 'CREATE VIEW notes_view AS SELECT * FROM notes', /a view \(`notes_view`\)/],
	])('refuses a collection whose schema has %s, before querying it', async (_what, tamper, message) => {
		const file = join(root, 'bomb.apkg');
		writeFileSync(file, await buildPackage('anki21', [NOTE], [], {}, {tamper}));
		expect(() => importFile(file)).toThrow(message);
		expect(existsSync(join(decks, 'bomb.md'))).toBe(false);
	});
});

/** The zip with one stored entry's data replaced by deflate data, its method set to deflate and its sizes left as they were. */
function replaceStoredEntry(zip: Uint8Array, name: string, deflated: Uint8Array): Uint8Array {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const encoded = new TextEncoder().encode(name);
	const matches = (at: number) => encoded.every((byte, index) => zip[at + index] === byte);
	let local = 0;
	while (!(view.getUint32(local, true) === 0x04034b50 && view.getUint16(local + 26, true) === encoded.length && matches(local + 30))) local++;
	const dataStart = local + 30 + encoded.length + view.getUint16(local + 28, true);
	const oldSize = view.getUint32(local + 18, true);
	const out = new Uint8Array(zip.length - oldSize + deflated.length);
	out.set(zip.subarray(0, dataStart));
	out.set(deflated, dataStart);
	out.set(zip.subarray(dataStart + oldSize), dataStart + deflated.length);
	const outView = new DataView(out.buffer);
	const shift = deflated.length - oldSize;
	outView.setUint16(local + 8, 8, true);
	outView.setUint32(local + 18, deflated.length, true);
	// The central directory: this entry's method and compressed size, every later entry's offset, and the directory's own offset.
	const endAt = out.length - 22;
	const directory = outView.getUint32(endAt + 16, true) + shift;
	outView.setUint32(endAt + 16, directory, true);
	for (let at = directory; outView.getUint32(at, true) === 0x02014b50; ) {
		const nameLength = outView.getUint16(at + 28, true);
		const offset = outView.getUint32(at + 42, true);
		if (offset === local) {
			outView.setUint16(at + 10, 8, true);
			outView.setUint32(at + 20, deflated.length, true);
		} else if (offset > local) outView.setUint32(at + 42, offset + shift, true);
		at += 46 + nameLength + outView.getUint16(at + 30, true) + outView.getUint16(at + 32, true);
	}
	return out;
}

describe('leeches from Anki', () => {
	it('carries a note\'s leech tag over as the database tag, once however often the package is imported', async () => {
		const notes: FixtureNote[] = [
			{...SHARED[1]!, tags: ['Leech', 'networking']},
			{...SHARED[3]!, tags: ['Leech']},
			SHARED[0]!,
		];
		const report = await importPackage('anki21b', notes, SHARED_REVIEWS.filter((review) => review.cid === 101 || review.cid === 201));
		expect(report.cardsLost).toEqual([]);
		expect([cardByPrompt('UDP is?')!.dbTags, cardByPrompt('Port of DNS?')!.dbTags, cardByPrompt('TCP handshake?')!.dbTags]).toEqual([['leech'], ['leech'], []]);
		expect(cardByPrompt('UDP is?')!.suspended).toBe(true);
		const events = rowCount(store, 'card_events');
		await importPackage('anki21b', notes, SHARED_REVIEWS.filter((review) => review.cid === 101 || review.cid === 201));
		expect(rowCount(store, 'card_events')).toBe(events);
	});
});
