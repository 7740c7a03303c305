/*
Reading an Anki collection (the SQLite file inside an .apkg or .colpkg) into plain data. Both
layouts: schema 11, where notetypes and decks are JSON in the `col` row, and schema 15 and
later, where they have tables and their settings are protobuf blobs.

The file given is a private temporary copy, and is changed before it is read, because real
collections are not what better-sqlite3 can query as they are:
- Anki keeps its collection in WAL mode (header bytes 18 and 19 are 2). A package holds a
  checkpointed file, so the header is set back to rollback mode (1) and nothing is lost.
- Schema 15 and later declare `COLLATE unicase`, a collation Anki registers itself and
  better-sqlite3 cannot. The collation is removed from the tables' declarations and the indexes
  that use it are dropped from the schema: fluency reads whole tables and needs none of them.
Before any of that, a schema with what Anki never writes (triggers, views, virtual tables,
generated columns) is refused: reading such a table runs code the package's author wrote.
*/
import {closeSync, openSync, readSync, writeSync} from 'node:fs';
import type Database from 'better-sqlite3';
import {openSqlite} from '../sqlite.js';
import type {AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype} from '../../core/interchange/anki/collection.js';
import {numberField, readMessage, textField} from '../../core/interchange/anki/protobuf.js';
import {type AnkiReview, AnkiReviewLog} from '../../core/interchange/anki/review-log.js';
import {StoreError} from '../database.js';

const FIELD_SEPARATOR = '\u001f';
const IMAGE_OCCLUSION = 6;
const SQLITE_MAGIC = 'SQLite format 3\u0000';
const DEFAULT_ROLLOVER_HOUR = 4;

type LegacyModel = {name: string; type: number; flds: Array<{name: string; ord: number}>; tmpls: Array<{name: string; ord: number; qfmt: string; afmt: string}>; originalStockKind?: number};

/** Read the collection at `file`, a temporary copy this function may change. */
export function readAnkiCollection(file: string, origin: string): AnkiCollection {
	if (!toRollbackMode(file)) throw new StoreError(`${origin}: the collection inside is not a SQLite database`);
	let db: Database.Database;
	try {
		db = openSqlite(file);
		db.prepare('SELECT count(*) FROM sqlite_schema').get();
	} catch {
		throw new StoreError(`${origin}: the collection inside is not a SQLite database`);
	}
	try {
		refuseForeignSchema(db, origin);
		withoutUnicase(db);
	} catch (thrown) {
		db.close();
		if (thrown instanceof StoreError) throw thrown;
		throw new StoreError(`${origin}: cannot read the Anki collection (${(thrown as Error).message})`);
	}
	db.close();
	// Opened again, read-only, so that SQLite reads the schema as it now is.
	db = openSqlite(file, {readonly: true});
	try {
		return readTables(db, origin);
	} catch (thrown) {
		if (thrown instanceof StoreError) throw thrown;
		throw new StoreError(`${origin}: cannot read the Anki collection (${(thrown as Error).message})`);
	} finally {
		db.close();
	}
}

/** Set a WAL-mode header back to rollback mode; false when the file is not SQLite at all. */
function toRollbackMode(file: string): boolean {
	const fd = openSync(file, 'r+');
	try {
		const header = Buffer.alloc(20);
		if (readSync(fd, header, 0, 20, 0) < 20 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return false;
		if (header[18] === 2 || header[19] === 2) writeSync(fd, Buffer.from([1, 1]), 0, 2, 18);
		return true;
	} finally {
		closeSync(fd);
	}
}

function refuseForeignSchema(db: Database.Database, origin: string): void {
	const objects = db.prepare('SELECT type, name, sql FROM sqlite_schema').all() as Array<{type: string; name: string; sql: string | null}>;
	const refuse = (what: string) => {
		throw new StoreError(`${origin}: the collection's schema has ${what}, which Anki never writes; refusing it`);
	};
	for (const object of objects) {
		if (object.type === 'trigger' || object.type === 'view') refuse(`a ${object.type} (\`${object.name}\`)`);
		if (object.type === 'table' && /^\s*create\s+virtual\b/i.test(object.sql ?? '')) refuse(`a virtual table (\`${object.name}\`)`);
	}
	for (const object of objects.filter((candidate) => candidate.type === 'table' && !candidate.name.startsWith('sqlite_'))) {
		// table_xinfo marks generated columns as hidden (2 virtual, 3 stored) without computing them.
		const columns = db.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(object.name) as Array<{name: string; hidden: number}>;
		const generated = columns.find((column) => column.hidden !== 0);
		if (generated) refuse(`a generated column (\`${object.name}.${generated.name}\`)`);
	}
}

function withoutUnicase(db: Database.Database): void {
	const COLLATION = /\s+collate\s+unicase\b/gi;
	const tables = (db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%unicase%'").all() as Array<{name: string; sql: string}>);
	const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND (sql LIKE '%unicase%' OR tbl_name IN (SELECT value FROM json_each(?)))").all(JSON.stringify(tables.map((table) => table.name))) as Array<{name: string}>;
	if (tables.length === 0 && indexes.length === 0) return;
	db.unsafeMode(true);
	db.pragma('writable_schema = ON');
	// Indexes built in Anki's order would not match the plain order they would be read in: dropped.
	const dropIndex = db.prepare("DELETE FROM sqlite_schema WHERE type = 'index' AND name = ?");
	for (const index of indexes) dropIndex.run(index.name);
	const rewrite = db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?");
	for (const table of tables) rewrite.run(table.sql.replace(COLLATION, ''), table.name);
	db.pragma('writable_schema = OFF');
	db.unsafeMode(false);
}

function readTables(db: Database.Database, origin: string): AnkiCollection {
	const tables = new Set((db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{name: string}>).map((row) => row.name));
	for (const required of ['col', 'notes', 'cards', 'revlog']) {
		if (!tables.has(required)) throw new StoreError(`${origin}: not an Anki collection (no \`${required}\` table)`);
	}
	const col = db.prepare('SELECT crt, ver, conf, models, decks FROM col LIMIT 1').get() as {crt: number; ver: number; conf: string; models: string; decks: string} | undefined;
	if (!col) throw new StoreError(`${origin}: not an Anki collection (empty \`col\` table)`);
	const modern = tables.has('notetypes');
	const notetypes = modern ? modernNotetypes(db) : legacyNotetypes(col.models, origin);
	const decks = modern ? modernDecks(db) : legacyDecks(col.decks, origin);
	const settings = collectionSettings(db, tables.has('config'), col.conf);
	const notes = (db.prepare('SELECT id, guid, mid, tags, flds FROM notes ORDER BY id').all() as Array<{id: number; guid: string; mid: number; tags: string; flds: string}>).map(
		(row): AnkiNote => ({id: row.id, guid: row.guid, notetypeId: row.mid, tags: row.tags.split(/\s+/).filter(Boolean), fields: row.flds.split(FIELD_SEPARATOR)}),
	);
	type CardRow = {id: number; nid: number; did: number; ord: number; type: number; queue: number; due: number; ivl: number; odue: number; odid: number};
	const cards = (db.prepare('SELECT id, nid, did, ord, type, queue, due, ivl, odue, odid FROM cards ORDER BY id').all() as CardRow[]).map(
		(row): AnkiCard => ({id: row.id, noteId: row.nid, deckId: row.did, ordinal: row.ord, type: row.type, queue: row.queue, due: row.due, interval: row.ivl, originalDue: row.odue, originalDeckId: row.odid}),
	);
	// Anki keeps the reviews of deleted cards: counted, not read.
	const {orphaned} = db.prepare('SELECT count(*) AS orphaned FROM revlog WHERE cid NOT IN (SELECT id FROM cards)').get() as {orphaned: number};
	const {count} = db.prepare('SELECT count(*) AS count FROM revlog WHERE cid IN (SELECT id FROM cards)').get() as {count: number};
	const reviews = new AnkiReviewLog(count);
	// The v1 scheduler had three buttons while learning: its 2 and 3 are Good and Easy, as Anki's own v2 upgrade maps them.
	const shift = settings.schedulerVersion === 1;
	let remapped = 0;
	const rows = db.prepare('SELECT id, cid AS cardId, ease, ivl AS interval, factor, time, type FROM revlog WHERE cid IN (SELECT id FROM cards) ORDER BY cid, id').raw().iterate() as IterableIterator<number[]>;
	// Row by row into columns: as one array of row objects, a large collection's log was most of what reading it cost.
	for (const [id, cardId, ease, interval, factor, time, type] of rows) {
		const learning = type === 0 || type === 2;
		const shifted = shift && learning && (ease === 2 || ease === 3);
		if (shifted) remapped++;
		reviews.add({id: id!, cardId: cardId!, ease: shifted ? ease! + 1 : ease!, interval: interval!, factor: factor!, time: time!, type: type!} satisfies AnkiReview);
	}
	return {created: col.crt, schemaVersion: col.ver, ...settings, notetypes, decks, notes, cards, reviews, orphanedReviews: orphaned, remappedV1Answers: remapped};
}

/** The day's rollover hour and the scheduler version: in `col.conf` (schema 11) or the `config` table (14 and later). */
function collectionSettings(db: Database.Database, hasConfigTable: boolean, conf: string): {rolloverHour: number; schedulerVersion: number} {
	let values: Record<string, unknown> = {};
	if (hasConfigTable) {
		const rows = db.prepare("SELECT KEY AS key, CAST(val AS TEXT) AS val FROM config WHERE KEY IN ('rollover', 'schedVer')").all() as Array<{key: string; val: string}>;
		for (const row of rows) {
			try {
				values[row.key] = JSON.parse(row.val);
			} catch {
				// An unreadable value is a missing one.
			}
		}
	} else {
		try {
			const parsed = JSON.parse(conf || '{}') as unknown;
			if (parsed && typeof parsed === 'object') values = parsed as Record<string, unknown>;
		} catch {
			// As above.
		}
	}
	const rollover = Number(values['rollover']);
	const schedVer = Number(values['schedVer']);
	return {
		rolloverHour: Number.isInteger(rollover) && rollover >= 0 && rollover <= 23 ? rollover : DEFAULT_ROLLOVER_HOUR,
		// Missing means v1: collections from before the v2 scheduler never wrote it.
		schedulerVersion: Number.isInteger(schedVer) && schedVer >= 1 ? schedVer : 1,
	};
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
