import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {unzipSync} from 'fflate';
import {decompress} from 'fzstd';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {exportAnkiPackage} from '../../src/app/interchange/export-anki.js';
import {importAnkiPackage} from '../../src/app/interchange/import-anki.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {DEFAULT_SCHEDULER_SETTINGS, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer, suspendCard} from '../../src/store/review/reviews.js';
import {makeTempDir} from '../helpers/temp.js';

/*
`fluency export --format apkg/colpkg` checked two ways: against Anki's package format as rslib
writes and reads it (import_export/package/{meta,colpkg/export,colpkg/import}.rs,
storage/schema11.sql and upgrades/, storage/card/data.rs, proto/anki/*.proto), byte by byte and
row by row; and by importing the package back with fluency's own importer.
*/

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1, 9, 0, 0);
const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false});

// A deck as people write them: a parent deck and a sub-deck, an image, code, a Note:, a cloze with a short-form deletion, a reversed card.
const BACKEND = `---
title: Backend
description: Services and their failure modes.
tags: [backend]
---

Q: What does an idempotent API call guarantee?

A: Sending it several times has the same effect as **once**.

Note: So a client may retry it after a timeout.

R: p99 latency

A: The response time under which 99% of requests finish.
`;
const APIS = `---
title: APIs
---

Q: Which status code means the resource was created?

A: 201 Created

![flow](media/flow.png)

C: A {{c1::canary}} release sends a new version to {{a small share}} of traffic first.

Tags: releases

Q: What does this print?

A:
\`\`\`python
print(1 + 1)
\`\`\`
`;
const IMAGE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

let root: string;
let decks: string;
let store: Store;
beforeEach(() => {
	root = makeTempDir('fluency-apkg-');
	decks = join(root, 'decks');
	mkdirSync(join(decks, 'backend', 'media'), {recursive: true});
	writeFileSync(join(decks, 'backend.md'), BACKEND);
	writeFileSync(join(decks, 'backend', 'apis.md'), APIS);
	writeFileSync(join(decks, 'backend', 'media', 'flow.png'), IMAGE);
	store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([decks], root).files, START);
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

const byPrompt = (prompt: string) => activeCards(store).find((card) => card.prompt.startsWith(prompt))!;
function answer(prompt: string, ratings: ReadonlyArray<[dayOffset: number, rating: Rating]>): void {
	for (const [day, rating] of ratings) recordAnswer(store, {cardId: byPrompt(prompt).id, rating, at: START + day * DAY, durationMs: 4200 + day}, (memory, at) => scheduler.answer(memory, rating, at));
}

/** A realistic history: a card in review after a lapse, one in learning, one suspended, the rest new. */
function study(): void {
	answer('What does an idempotent', [[0, 3], [1, 3], [4, 1], [4.01, 3], [6, 3]]);
	answer('p99 latency', [[2, 3], [3, 4]]);
	answer('Which status code', [[5, 1]]);
	suspendCard(store, byPrompt('p99 latency').id, true, START + 3.5 * DAY);
}

async function exportTo(name: string, deck?: string): Promise<string> {
	const output = join(root, name);
	await exportAnkiPackage(store, scheduler, {...(deck === undefined ? {} : {deck}), output, now: START + 7 * DAY, dayStartHour: 4});
	return output;
}

/** Just enough protobuf decoding for the test, written from the wire format, not from fluency's reader. */
function decode(bytes: Uint8Array): Map<number, Array<number | Uint8Array>> {
	const fields = new Map<number, Array<number | Uint8Array>>();
	let at = 0;
	const varint = () => {
		let value = 0;
		let scale = 1;
		for (;;) {
			const byte = bytes[at++]!;
			value += (byte & 0x7f) * scale;
			scale *= 128;
			if (byte < 0x80) return value;
		}
	};
	while (at < bytes.length) {
		const key = varint();
		const wire = key & 7;
		let value: number | Uint8Array;
		if (wire === 0) value = varint();
		else if (wire === 2) {
			const length = varint();
			value = bytes.subarray(at, at + length);
			at += length;
		} else if (wire === 5) {
			value = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getFloat32(0, true);
			at += 4;
		} else throw new Error(`wire type ${wire}`);
		fields.set(key >> 3, [...(fields.get(key >> 3) ?? []), value]);
	}
	return fields;
}
const text = (value: number | Uint8Array | undefined) => new TextDecoder().decode(value as Uint8Array);

/** The schema text of the collection inside, as written. */
function schemaOf(zip: Record<string, Uint8Array>): Map<string, string> {
	const db = new Database(Buffer.from(decompress(zip['collection.anki21b']!)), {readonly: true});
	try {
		return new Map((db.prepare('SELECT name, sql FROM sqlite_schema WHERE sql IS NOT NULL').all() as Array<{name: string; sql: string}>).map((row) => [row.name, row.sql]));
	} finally {
		db.close();
	}
}

/**
The collection inside, from a file, for reading its rows. Anki registers its own collation
`unicase` before it reads one; plain SQLite has none, and finds no query plan on the tables that
use it, so this copy declares NOCASE instead (what schemaOf shows is the file as written).
*/
function openCollection(zip: Record<string, Uint8Array>): Database.Database {
	const path = join(root, `collection-${Math.random().toString(36).slice(2)}.anki21b`);
	writeFileSync(path, decompress(zip['collection.anki21b']!));
	const writable = new Database(path);
	writable.unsafeMode(true);
	writable.pragma('writable_schema = ON');
	writable.prepare("UPDATE sqlite_schema SET sql = replace(sql, 'COLLATE unicase', 'COLLATE nocase')").run();
	writable.pragma('writable_schema = OFF');
	writable.close();
	return new Database(path, {readonly: true});
}

describe('the .apkg against Anki\'s package format', () => {
	it('has the entries rslib writes: meta version 3, zstd collection, schema-11 placeholder, zstd media and its protobuf list', async () => {
		study();
		const zip = unzipSync(readFileSync(await exportTo('backend.apkg', 'backend')));
		expect(Object.keys(zip).sort()).toEqual(['0', 'collection.anki2', 'collection.anki21b', 'media', 'meta']);
		expect([...zip['meta']!]).toEqual([0x08, 0x03]);
		const zstdMagic = [0x28, 0xb5, 0x2f, 0xfd];
		for (const entry of ['collection.anki21b', 'media', '0']) expect([...zip[entry]!.subarray(0, 4)]).toEqual(zstdMagic);
		// The placeholder is a plain schema-11 SQLite file with Anki's "please update" note.
		expect(text(zip['collection.anki2']!.subarray(0, 15))).toBe('SQLite format 3');
		const placeholderPath = join(root, 'placeholder.anki2');
		writeFileSync(placeholderPath, zip['collection.anki2']!);
		const placeholder = new Database(placeholderPath, {readonly: true});
		expect(placeholder.prepare('SELECT ver FROM col').pluck().get()).toBe(11);
		expect(placeholder.prepare('SELECT flds FROM notes').pluck().get()).toMatch(/^Please update to the latest Anki version/);
		placeholder.close();
		// MediaEntries { repeated MediaEntry { name = 1; size = 2; sha1 = 3 } }: entry 0 is zip member "0".
		const entries = decode(decompress(zip['media']!)).get(1)!.map((entry) => decode(entry as Uint8Array));
		expect(entries).toHaveLength(1);
		expect(text(entries[0]!.get(1)![0])).toBe('flow.png');
		expect(entries[0]!.get(2)![0]).toBe(IMAGE.length);
		expect(Buffer.from(entries[0]!.get(3)![0] as Uint8Array).toString('hex')).toBe(createHash('sha1').update(IMAGE).digest('hex'));
		expect([...decompress(zip['0']!)]).toEqual([...IMAGE]);
	});

	it('holds a schema-18 collection with the tables, note types, decks and deck config Anki creates', async () => {
		const zip = unzipSync(readFileSync(await exportTo('backend.apkg', 'backend')));
		const db = openCollection(zip);
		// The integrity check Anki's colpkg import runs, here under NOCASE, which orders these ASCII names as unicase does.
		expect(db.pragma('integrity_check', {simple: true})).toBe('ok');
		try {
			expect(db.prepare('SELECT ver FROM col').pluck().get()).toBe(18);
			const col = db.prepare('SELECT conf, models, decks, dconf, tags FROM col').get() as Record<string, string>;
			expect(Object.values(col)).toEqual(['', '', '', '', '']);
			const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
			expect(tables).toEqual(['cards', 'col', 'config', 'deck_config', 'decks', 'fields', 'graves', 'notes', 'notetypes', 'revlog', 'tags', 'templates']);
			const written = schemaOf(zip);
			const schema = (name: string) => written.get(name)!;
			for (const table of ['decks', 'notetypes', 'fields', 'templates', 'tags', 'deck_config']) expect(schema(table)).toContain('COLLATE unicase');
			expect(schema('graves')).toMatch(/PRIMARY KEY \(oid, type\)\) WITHOUT ROWID/);
			// Deck names use 0x1f between levels, and every level exists; the kind blob is Normal { config_id = 1, description }.
			const deckRows = db.prepare('SELECT id, name, kind FROM decks ORDER BY id').all() as Array<{id: number; name: string; kind: Uint8Array}>;
			expect(deckRows.map((deck) => deck.name)).toEqual(['Default', 'backend', 'backend\u001fapis']);
			const normal = decode(decode(deckRows[1]!.kind).get(1)![0] as Uint8Array);
			expect(normal.get(1)).toEqual([1]);
			expect(text(normal.get(4)![0])).toBe('Services and their failure modes.');
			// Sorted here: ORDER BY name would need Anki's unicase collation.
			const notetypes = (db.prepare('SELECT id, name, config FROM notetypes').all() as Array<{id: number; name: string; config: Uint8Array}>).sort((a, b) => a.name.localeCompare(b.name));
			expect(notetypes.map((notetype) => notetype.name)).toEqual(['Basic', 'Basic (and reversed card)', 'Cloze']);
			const cloze = decode(notetypes[2]!.config);
			expect(cloze.get(1)).toEqual([1]); // kind CLOZE
			expect(cloze.get(9)).toEqual([5]); // original_stock_kind CLOZE
			// Filtered here: SQLite finds no plan for a WHERE on a table whose index uses an unknown collation.
			const fields = db.prepare('SELECT ntid, ord, name FROM fields').all() as Array<{ntid: number; ord: number; name: string}>;
			const fieldNames = (id: number) => fields.filter((field) => field.ntid === id).sort((a, b) => a.ord - b.ord).map((field) => field.name);
			expect(fieldNames(notetypes[0]!.id)).toEqual(['Front', 'Back']);
			expect(fieldNames(notetypes[2]!.id)).toEqual(['Text', 'Back Extra']);
			const templates = (db.prepare('SELECT ntid, ord, name, config FROM templates').all() as Array<{ntid: number; ord: number; name: string; config: Uint8Array}>).filter((template) => template.ntid === notetypes[1]!.id).sort((a, b) => a.ord - b.ord);
			expect(templates.map((template) => [template.name, text(decode(template.config).get(1)![0])])).toEqual([
				['Card 1', '{{Front}}'],
				['Card 2', '{{Back}}'],
			]);
			const preset = decode(db.prepare('SELECT config FROM deck_config WHERE id = 1').pluck().get() as Uint8Array);
			expect(preset.get(9)).toEqual([20]); // new_per_day
			expect(preset.get(37)![0]).toBeCloseTo(DEFAULT_SCHEDULER_SETTINGS.desiredRetention, 5);
			const config = Object.fromEntries((db.prepare('SELECT KEY, val FROM config').all() as Array<{KEY: string; val: Uint8Array}>).map((row) => [row.KEY, JSON.parse(text(row.val)) as unknown]));
			expect(config).toMatchObject({schedVer: 2, rollover: 4, fsrs: true, curDeck: 1});
		} finally {
			db.close();
		}
	});

	it('writes notes, cards and the review log as Anki stores them', async () => {
		study();
		const fluencyCards = activeCards(store);
		const db = openCollection(unzipSync(readFileSync(await exportTo('backend.apkg', 'backend'))));
		try {
			const notes = db.prepare('SELECT n.flds, n.tags, n.sfld, n.csum, n.guid, t.name AS notetype FROM notes n JOIN notetypes t ON t.id = n.mid ORDER BY n.id').all() as Array<Record<string, string | number>>;
			expect(notes).toHaveLength(5);
			const idempotent = notes.find((note) => String(note.sfld).startsWith('What does an idempotent'))!;
			expect(idempotent.notetype).toBe('Basic');
			expect(idempotent.flds).toBe('What does an idempotent API call guarantee?\u001fSending it several times has the same effect as <strong>once</strong>.<div class="fluency-note">So a client may retry it after a timeout.</div>');
			expect(idempotent.tags).toBe(' backend ');
			// csum: the first 8 hex digits of the SHA-1 of the sort field, as a number.
			expect(idempotent.csum).toBe(Number.parseInt(createHash('sha1').update(String(idempotent.sfld)).digest('hex').slice(0, 8), 16));
			expect(String(idempotent.guid)).toMatch(/^[\x21-\x7e]{1,11}$/);
			const cloze = notes.find((note) => note.notetype === 'Cloze')!;
			expect(String(cloze.flds).split('\u001f')[0]).toBe('A {{c1::canary}} release sends a new version to {{c2::a small share}} of traffic first.');
			expect(cloze.tags).toBe(' releases ');
			const image = notes.find((note) => String(note.sfld).startsWith('Which status code'))!;
			expect(image.flds).toContain('<img src="flow.png" alt="flow">');

			type AnkiCardRow = {id: number; sfld: string; ord: number; type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; data: string; did: number};
			const cards = db.prepare('SELECT c.*, n.sfld FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id').all() as AnkiCardRow[];
			expect(cards).toHaveLength(fluencyCards.length);
			const crt = db.prepare('SELECT crt FROM col').pluck().get() as number;
			const ankiDay = (ms: number) => Math.floor((ms - crt * 1000) / DAY);

			const review = cards.find((card) => card.sfld.startsWith('What does an idempotent'))!;
			const reviewMemory = byPrompt('What does an idempotent').memory;
			expect(reviewMemory.state).toBe('review');
			expect([review.type, review.queue, review.ivl, review.reps, review.lapses]).toEqual([2, 2, reviewMemory.scheduledDays, reviewMemory.reps, reviewMemory.lapses]);
			expect(review.due).toBe(ankiDay(reviewMemory.due!));
			const data = JSON.parse(review.data) as Record<string, number>;
			expect(data['s']).toBeCloseTo(reviewMemory.stability, 4);
			expect(data['d']).toBeCloseTo(reviewMemory.difficulty, 3);
			expect(data['dr']).toBe(DEFAULT_SCHEDULER_SETTINGS.desiredRetention);
			expect(data['lrt']).toBe(Math.floor(reviewMemory.lastReview! / 1000));

			const learning = cards.find((card) => card.sfld.startsWith('Which status code'))!;
			expect([learning.type, learning.queue]).toEqual([1, 1]);
			// Again on a new card puts it back on the first of the two default learning steps: both still to go.
			expect(learning.left).toBe(DEFAULT_SCHEDULER_SETTINGS.learningSteps.length - byPrompt('Which status code').memory.learningSteps);
			expect(learning.due).toBe(Math.floor(byPrompt('Which status code').memory.due! / 1000));
			// Only the forward card was suspended; the backward one is still new.
			const suspended = cards.filter((card) => card.sfld === 'p99 latency');
			expect(suspended.map((card) => [card.ord, card.queue])).toEqual([
				[0, -1],
				[1, 0],
			]);
			const fresh = cards.find((card) => card.sfld.startsWith('What does this print'))!;
			expect([fresh.type, fresh.queue, fresh.ivl, fresh.data]).toEqual([0, 0, 0, JSON.stringify({pos: fresh.due})]);
			const clozeCards = cards.filter((card) => card.sfld.startsWith('A {{c1::canary}}'));
			expect(clozeCards.map((card) => card.ord)).toEqual([0, 1]);
			const deckOf = (card: AnkiCardRow) => db.prepare('SELECT name FROM decks WHERE id = ?').pluck().get(card.did);
			expect(deckOf(review)).toBe('backend');
			expect(deckOf(learning)).toBe('backend\u001fapis');

			type Revlog = {id: number; cid: number; ease: number; ivl: number; lastIvl: number; factor: number; time: number; type: number};
			const revlog = db.prepare('SELECT * FROM revlog WHERE cid = ? ORDER BY id').all(review.id) as Revlog[];
			expect(revlog.map((row) => row.id)).toEqual([0, 1, 4, 4.01, 6].map((day) => START + day * DAY));
			expect(revlog.map((row) => row.ease)).toEqual([3, 3, 1, 3, 3]);
			// 0 learning (new or learning before the answer: the second Good is still a learning step), 1 review, 2 relearning.
			expect(revlog.map((row) => row.type)).toEqual([0, 0, 1, 2, 1]);
			expect(revlog.map((row) => row.time)).toEqual([4200, 4201, 4204, 4204, 4206]);
			revlog.forEach((row, index) => {
				expect(row.lastIvl).toBe(index === 0 ? 0 : revlog[index - 1]!.ivl);
				expect(row.factor).toBeGreaterThanOrEqual(100);
				expect(row.factor).toBeLessThanOrEqual(1100);
			});
			// The lapse sends the card to relearning: a step in negative seconds; the last answer leaves it in review for ivl days.
			expect(revlog[2]!.ivl).toBeLessThan(0);
			expect(revlog.at(-1)!.ivl).toBe(reviewMemory.scheduledDays);
			expect(db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(8);
			expect((db.prepare('SELECT tag FROM tags').pluck().all() as string[]).sort()).toEqual(['backend', 'releases']);
		} finally {
			db.close();
		}
	});

	it('exports one deck with its sub-decks, or everything', async () => {
		const apis = openCollection(unzipSync(readFileSync(await exportTo('apis.apkg', 'backend/apis'))));
		expect(apis.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(3);
		expect(apis.prepare('SELECT name FROM decks ORDER BY id').pluck().all()).toEqual(['Default', 'backend', 'backend\u001fapis']);
		apis.close();
		const everything = openCollection(unzipSync(readFileSync(await exportTo('all.colpkg'))));
		expect(everything.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(5);
		everything.close();
	});
});

describe('the .apkg through fluency\'s own importer', () => {
	it('gives back the same cards and the same history', async () => {
		study();
		const before = activeCards(store);
		const history = (db: Store) => db.db.prepare('SELECT c.prompt, r.reviewed_at, r.rating FROM reviews r JOIN cards c ON c.id = r.card_id WHERE r.undone_at IS NULL ORDER BY c.prompt, r.reviewed_at').all();
		const historyBefore = history(store);
		// The package exactly as exported, its `COLLATE unicase` included, as Anki's own are.
		const file = await exportTo('backend.apkg', 'backend');

		const other = join(root, 'other');
		const otherDecks = join(other, 'decks');
		mkdirSync(otherDecks, {recursive: true});
		const imported = Store.open(join(other, 'fluency.db'));
		try {
			const report = importAnkiPackage(imported, scheduler, file, {
				into: otherDecks,
				deckDirs: [otherDecks],
				force: false,
				now: START + 7 * DAY,
				sync: () => loadDecks(imported, findDeckFiles([otherDecks], other).files, START + 7 * DAY),
			});
			expect(report.skipped).toEqual([]);
			expect(report.notes).toBe(5);
			const after = activeCards(imported);
			const shape = (cards: typeof before) =>
				cards
					.map((card) => ({kind: card.kind, ordinal: card.ordinal, prompt: card.prompt.replace(/\n\n!\[flow\]\(media\/flow\.png\)/, ''), deck: card.deck.toLowerCase()}))
					.sort((a, b) => a.prompt.localeCompare(b.prompt) || a.ordinal - b.ordinal);
			expect(after).toHaveLength(before.length);
			expect(shape(after).map((card) => [card.kind, card.ordinal, card.deck])).toEqual(shape(before).map((card) => [card.kind, card.ordinal, card.deck]));
			expect(shape(after).map((card) => card.prompt)).toEqual(shape(before).map((card) => card.prompt));
			expect(history(imported)).toEqual(historyBefore);
			// Answers come back as written; a Basic note's \`Note:\` sits at the end of Anki's Back field, and today's importer reads it as part of the answer.
			for (const card of before) {
				const again = after.find((found) => found.prompt === card.prompt)!;
				expect(again.answer).toBe(card.kind === 'basic' && card.extra !== '' ? `${card.answer}\n\n${card.extra}` : card.answer);
			}
			// The FSRS state rebuilt from that history is the state fluency had.
			for (const card of before.filter((found) => found.memory.state !== 'new')) {
				const again = after.find((found) => found.prompt === card.prompt)!;
				expect([again.memory.state, again.memory.reps, again.memory.lapses]).toEqual([card.memory.state, card.memory.reps, card.memory.lapses]);
				expect(again.memory.stability).toBeCloseTo(card.memory.stability, 3);
				expect(again.memory.difficulty).toBeCloseTo(card.memory.difficulty, 3);
			}
			expect(after.find((card) => card.prompt === 'p99 latency')!.suspended).toBe(true);
			// The importer puts a deck's media in a media/ folder next to the deck's file.
			expect(readFileSync(join(otherDecks, 'backend', 'media', 'flow.png'))).toEqual(Buffer.from(IMAGE));
		} finally {
			imported.close();
		}
	});
});

describe('names outside ASCII', () => {
	it('keeps Anki\'s tag list in the order its collation needs, leaving out what would break it', async () => {
		const {registrableTags, sameOrderAsAnki} = await import('../../src/core/interchange/anki/package-model.js');
		expect(sameOrderAsAnki(['api', 'Backend', 'Zoë', 'Über'])).toBe(true);
		// NOCASE puts Ä (U+00C4) before à (U+00E0); case folding puts à before ä.
		expect(sameOrderAsAnki(['Äpfel', 'àla'])).toBe(false);
		expect(sameOrderAsAnki(['Über', 'über'])).toBe(false);
		expect(registrableTags(['releases', 'Äpfel', 'àla', 'api'])).toEqual(['api', 'releases']);
		expect(registrableTags(['Zoë', 'api'])).toEqual(['Zoë', 'api'].sort());
	});
});

describe('names Anki holds unique whatever their case', () => {
	it('gives a deck that differs from another only in case a name of its own, and lists a tag once', async () => {
		writeFileSync(join(decks, 'Backend.md'), '---\ntitle: Upper\n---\n\nQ: Upper case deck?\n\nA: yes\n\nTags: API api Api\n');
		loadDecks(store, findDeckFiles([decks], root).files, START);
		const db = openCollection(unzipSync(readFileSync(await exportTo('all.colpkg'))));
		try {
			expect((db.prepare('SELECT name FROM decks').pluck().all() as string[]).sort()).toEqual(['Backend', 'Default', 'backend (2)', 'backend (2)\u001fapis'].sort());
			expect(db.prepare('SELECT count(*) FROM tags WHERE tag LIKE \'api\'').pluck().get()).toBe(1);
			expect(db.pragma('integrity_check', {simple: true})).toBe('ok');
		} finally {
			db.close();
		}
	});
});

describe('a reset in the review log', () => {
	it('is the manual entry Anki writes for Forget: type 4, ease 0, interval 0, factor 0, between the answers around it', async () => {
		const {revlogRows} = await import('../../src/core/interchange/anki/package-model.js');
		const answer = (at: number, stateBefore: 'new' | 'review', stateAfter: 'learning' | 'review', scheduledDays: number) => ({cardId: 'c', at, rating: 3 as const, durationMs: 3000, stateBefore, stateAfter, scheduledDays, dueAfter: at + scheduledDays * DAY + 600_000, difficultyAfter: 5});
		const rows = revlogRows(7, [answer(START, 'new', 'learning', 0), answer(START + 2 * DAY, 'new', 'learning', 0)], (at) => at, [START + DAY]);
		expect(rows.map((row) => [row.type, row.ease, row.interval, row.lastInterval, row.factor])).toEqual([
			[0, 3, -600, 0, 544],
			[4, 0, 0, -600, 0],
			[0, 3, -600, 0, 544],
		]);
	});
});
