/*
Reading an Anki collection (the SQLite file inside an .apkg or .colpkg) into plain data. Both
layouts: schema 11, where notetypes and decks are JSON in the `col` row, and schema 15 and
later, where they have tables and their settings are protobuf blobs. The file is opened from
memory, read-only; nothing is written anywhere.
*/
import Database from 'better-sqlite3';
import type {AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype, AnkiReview} from '../core/anki/collection.js';
import {numberField, readMessage, textField} from '../core/anki/protobuf.js';
import {AnkiReviewLog} from '../core/anki/review-log.js';
import {StoreError} from './database.js';

const FIELD_SEPARATOR = '\u001f';
const IMAGE_OCCLUSION = 6;

type LegacyModel = {name: string; type: number; flds: Array<{name: string; ord: number}>; tmpls: Array<{name: string; ord: number; qfmt: string; afmt: string}>; originalStockKind?: number};

export function readAnkiCollection(bytes: Uint8Array, origin: string): AnkiCollection {
	let db: Database.Database;
	try {
		// A view of the bytes, not a copy: SQLite copies them into its own memory anyway.
		db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {readonly: true});
		db.prepare('SELECT count(*) FROM sqlite_schema').get();
	} catch {
		throw new StoreError(`${origin}: the collection inside is not a SQLite database`);
	}
	try {
		const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{name: string}>).map((row) => row.name));
		for (const required of ['col', 'notes', 'cards', 'revlog']) {
			if (!tables.has(required)) throw new StoreError(`${origin}: not an Anki collection (no \`${required}\` table)`);
		}
		const col = db.prepare('SELECT crt, models, decks FROM col LIMIT 1').get() as {crt: number; models: string; decks: string} | undefined;
		if (!col) throw new StoreError(`${origin}: not an Anki collection (empty \`col\` table)`);
		const modern = tables.has('notetypes');
		const notetypes = modern ? modernNotetypes(db) : legacyNotetypes(col.models, origin);
		const decks = modern ? modernDecks(db) : legacyDecks(col.decks, origin);
		const notes = (db.prepare('SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').all() as Array<{id: number; guid: string; mid: number; tags: string; flds: string}>).map(
			(row): AnkiNote => ({id: row.id, guid: row.guid, notetypeId: row.mid, tags: row.tags.split(' ').filter(Boolean), fields: row.flds.split(FIELD_SEPARATOR)}),
		);
		type CardRow = {id: number; nid: number; did: number; ord: number; type: number; queue: number; due: number; ivl: number; odue: number; odid: number};
		const cards = (db.prepare('SELECT id, nid, did, ord, type, queue, due, ivl, odue, odid FROM cards ORDER BY id').all() as CardRow[]).map(
			(row): AnkiCard => ({id: row.id, noteId: row.nid, deckId: row.did, ordinal: row.ord, type: row.type, queue: row.queue, due: row.due, interval: row.ivl, originalDue: row.odue, originalDeckId: row.odid}),
		);
		// Row by row into columns: as one array of row objects, a large collection's log was most of what reading it cost.
		const {count} = db.prepare('SELECT count(*) AS count FROM revlog').get() as {count: number};
		const reviews = new AnkiReviewLog(count);
		for (const review of db.prepare('SELECT id, cid AS cardId, ease, ivl AS interval, factor, time, type FROM revlog ORDER BY cid, id').iterate() as IterableIterator<AnkiReview>) reviews.add(review);
		return {created: col.crt, notetypes, decks, notes, cards, reviews};
	} catch (thrown) {
		if (thrown instanceof StoreError) throw thrown;
		throw new StoreError(`${origin}: cannot read the Anki collection (${(thrown as Error).message})`);
	} finally {
		db.close();
	}
}

function legacyNotetypes(json: string, origin: string): Map<number, AnkiNotetype> {
	const models = parseJson<Record<string, LegacyModel>>(json, origin, 'notetypes');
	return new Map(
		Object.entries(models).map(([id, model]) => [
			Number(id),
			{
				id: Number(id),
				name: model.name,
				cloze: model.type === 1,
				imageOcclusion: model.originalStockKind === IMAGE_OCCLUSION,
				fields: [...model.flds].sort((a, b) => a.ord - b.ord).map((field) => field.name),
				templates: [...model.tmpls].sort((a, b) => a.ord - b.ord).map((template) => ({name: template.name, questionFormat: template.qfmt, answerFormat: template.afmt})),
			},
		]),
	);
}

function legacyDecks(json: string, origin: string): Map<number, string> {
	const decks = parseJson<Record<string, {name: string}>>(json, origin, 'decks');
	return new Map(Object.entries(decks).map(([id, deck]) => [Number(id), deck.name]));
}

function modernNotetypes(db: Database.Database): Map<number, AnkiNotetype> {
	const rows = db.prepare('SELECT id, name, config FROM notetypes').all() as Array<{id: number; name: string; config: Uint8Array}>;
	const fields = db.prepare('SELECT ntid, name FROM fields ORDER BY ntid, ord').all() as Array<{ntid: number; name: string}>;
	const templates = db.prepare('SELECT ntid, name, config FROM templates ORDER BY ntid, ord').all() as Array<{ntid: number; name: string; config: Uint8Array}>;
	return new Map(
		rows.map((row) => {
			const config = readMessage(row.config);
			return [
				row.id,
				{
					id: row.id,
					name: row.name,
					cloze: numberField(config, 1) === 1,
					imageOcclusion: numberField(config, 9) === IMAGE_OCCLUSION,
					fields: fields.filter((field) => field.ntid === row.id).map((field) => field.name),
					templates: templates
						.filter((template) => template.ntid === row.id)
						.map((template) => {
							const templateConfig = readMessage(template.config);
							return {name: template.name, questionFormat: textField(templateConfig, 1) ?? '', answerFormat: textField(templateConfig, 2) ?? ''};
						}),
				},
			];
		}),
	);
}

function modernDecks(db: Database.Database): Map<number, string> {
	const rows = db.prepare('SELECT id, name FROM decks').all() as Array<{id: number; name: string}>;
	// Schema 15+ separates deck levels with 0x1f; show them as Anki does, with `::`.
	return new Map(rows.map((row) => [row.id, row.name.split(FIELD_SEPARATOR).join('::')]));
}

function parseJson<T>(json: string, origin: string, what: string): T {
	try {
		return JSON.parse(json) as T;
	} catch {
		throw new StoreError(`${origin}: the collection's ${what} are not readable JSON`);
	}
}
