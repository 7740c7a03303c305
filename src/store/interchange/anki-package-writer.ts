/*
Writing the SQLite files inside an Anki package: the collection in schema 18, laid out as Anki's
own schema11.sql plus its upgrades to 14, 15, 17 and 18 create it (rslib/src/storage), and the
schema-11 placeholder that packages carry for Anki versions too old to read them. Also the query
that reads fluency's review log for the package.

Anki declares its name columns `COLLATE unicase`, a collation it registers itself and SQLite
(and so better-sqlite3) does not have. The tables are made with NOCASE, which orders ASCII text
as unicase does, filled, and only then is the declared collation rewritten to unicase in the
schema text, so the indexes are already in the order Anki expects.
*/
import type Database from 'better-sqlite3';
import {openSqlite} from '../sqlite.js';
import {DEFAULT_DECK_CONFIG_ID, DEFAULT_DECK_ID, type PackageCollection, type PackageReset, type PackageReview} from '../../core/interchange/anki/package-model.js';
import {deckCommon, deckConfig, fieldConfig, normalDeckKind, notetypeConfig, templateConfig} from '../../core/interchange/anki/package-proto.js';
import type {CardState, Rating} from '../../core/scheduling/scheduler.js';
import type {Store} from '../database.js';

const ANKI_SCHEMA_VERSION = 18;

// schema11.sql, then schema14_upgrade.sql (deck_config, config), schema15_upgrade.sql (fields,
// templates, notetypes, decks), schema17 (tags) and schema18_upgrade.sql (graves keyed by oid).
const SCHEMA_18 = `
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE nocase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) WITHOUT ROWID;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE nocase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE nocase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE nocase, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE nocase, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_notes_mid ON notes (mid);
CREATE INDEX idx_cards_odid ON cards (odid) WHERE odid != 0;
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE nocase, usn integer NOT NULL, collapsed boolean NOT NULL, config blob NULL) WITHOUT ROWID;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL, PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE INDEX idx_graves_pending ON graves (usn);
`;

/** The collection file (collection.anki21b before compression). */
export function writeAnkiCollection(collection: PackageCollection): Uint8Array {
	const db = openSqlite(':memory:');
	try {
		db.pragma('page_size = 4096');
		db.pragma('legacy_file_format = OFF');
		db.exec(SCHEMA_18);
		const {settings} = collection;
		const modifiedMs = collection.modified;
		const seconds = Math.floor(modifiedMs / 1000);
		const insert = db.transaction(() => {
			db.prepare("INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, '', '', '', '', '')").run(collection.created, modifiedMs, modifiedMs, ANKI_SCHEMA_VERSION);
			const nextPosition = collection.cards.filter((card) => card.type === 0).length + 1;
			const config: Record<string, unknown> = {
				schedVer: 2,
				rollover: settings.rolloverHour,
				creationOffset: 0,
				curDeck: DEFAULT_DECK_ID,
				activeDecks: [DEFAULT_DECK_ID],
				curModel: collection.notetypes[0]?.id ?? 0,
				nextPos: nextPosition,
				fsrs: true,
				sortType: 'noteFld',
				sortBackwards: false,
				addToCur: true,
				collapseTime: 1200,
				timeLim: 0,
				estTimes: true,
				dueCounts: true,
				newSpread: 0,
				dayLearnFirst: false,
			};
			const putConfig = db.prepare('INSERT INTO config (KEY, usn, mtime_secs, val) VALUES (?, 0, ?, ?)');
			for (const [key, value] of Object.entries({...config, creationOffset: settings.creationOffsetMinutes})) putConfig.run(key, seconds, Buffer.from(JSON.stringify(value)));
			db.prepare('INSERT INTO deck_config VALUES (?, ?, ?, 0, ?)').run(
				DEFAULT_DECK_CONFIG_ID,
				'Default',
				seconds,
				deckConfig({
					learnSteps: settings.learningStepsMinutes,
					relearnSteps: settings.relearningStepsMinutes,
					desiredRetention: settings.desiredRetention,
					maximumInterval: settings.maximumInterval,
					fsrsWeights: settings.weights,
				}),
			);
			const putNotetype = db.prepare('INSERT INTO notetypes VALUES (?, ?, ?, 0, ?)');
			const putField = db.prepare('INSERT INTO fields VALUES (?, ?, ?, ?)');
			const putTemplate = db.prepare('INSERT INTO templates VALUES (?, ?, ?, ?, 0, ?)');
			for (const notetype of collection.notetypes) {
				const requirements = notetype.kind === 'cloze' ? [] : notetype.templates.map((_, ordinal) => ({ordinal, fields: [ordinal]}));
				putNotetype.run(notetype.id, notetype.name, seconds, notetypeConfig({cloze: notetype.kind === 'cloze', css: notetype.css, latexPre: LATEX_PRE, latexPost: LATEX_POST, requirements, originalStockKind: notetype.originalStockKind}));
				notetype.fields.forEach((name, ordinal) => putField.run(notetype.id, ordinal, name, fieldConfig()));
				notetype.templates.forEach((template, ordinal) => putTemplate.run(notetype.id, ordinal, template.name, seconds, templateConfig(template.questionFormat, template.answerFormat)));
			}
			const putDeck = db.prepare('INSERT INTO decks VALUES (?, ?, ?, 0, ?, ?)');
			for (const deck of collection.decks) putDeck.run(deck.id, deck.name, seconds, deckCommon(), normalDeckKind(DEFAULT_DECK_CONFIG_ID, deck.description));
			const putNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 0, '')");
			for (const note of collection.notes) putNote.run(note.id, note.guid, note.notetypeId, seconds, note.tags, note.fields, note.sortField, note.checksum);
			const putCard = db.prepare('INSERT INTO cards VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)');
			for (const card of collection.cards) putCard.run(card.id, card.noteId, card.deckId, card.ordinal, seconds, card.type, card.queue, card.due, card.interval, card.factor, card.reps, card.lapses, card.left, card.data);
			const putReview = db.prepare('INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)');
			for (const row of collection.revlog) putReview.run(row.id, row.cardId, row.ease, row.interval, row.lastInterval, row.factor, row.time, row.type);
			const putTag = db.prepare('INSERT INTO tags VALUES (?, 0, 0, NULL)');
			for (const tag of collection.tags) putTag.run(tag);
		});
		insert();
		db.exec('ANALYZE');
		declareUnicase(db);
		return new Uint8Array(db.serialize());
	} finally {
		db.close();
	}
}

/** Anki's stock LaTeX header and footer (notetype/mod.rs), which every note type carries. */
const LATEX_PRE = '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n';
const LATEX_POST = '\\end{document}';

/** Rewrite the declared collation of the name columns to Anki's own, once the rows are in. */
function declareUnicase(db: Database.Database): void {
	const version = db.pragma('schema_version', {simple: true}) as number;
	// better-sqlite3 runs SQLite in defensive mode, which forbids editing the schema text; this private, in-memory file may.
	db.unsafeMode(true);
	db.pragma('writable_schema = ON');
	db.prepare("UPDATE sqlite_schema SET sql = replace(sql, 'COLLATE nocase', 'COLLATE unicase') WHERE sql LIKE '%COLLATE nocase%'").run();
	db.pragma(`schema_version = ${version + 1}`);
	db.pragma('writable_schema = OFF');
	db.unsafeMode(false);
}

/**
The schema-11 collection.anki2 that Anki puts in every new package: one note asking the user of an
old Anki to update, since that Anki reads this file and not collection.anki21b.
*/
export function writePlaceholderCollection(now: number): Uint8Array {
	const db = openSqlite(':memory:');
	try {
		db.pragma('page_size = 512');
		db.exec(SCHEMA_18.split('CREATE TABLE deck_config')[0]!.replace(/COLLATE nocase/g, ''));
		db.exec('CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL)');
		const seconds = Math.floor(now / 1000);
		const modelId = now;
		const model = {
			id: modelId,
			name: 'Basic',
			type: 0,
			mod: seconds,
			usn: 0,
			sortf: 0,
			did: 1,
			tmpls: [{name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}', bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0}],
			flds: [
				{name: 'Front', ord: 0, sticky: false, rtl: false, font: 'Arial', size: 20},
				{name: 'Back', ord: 1, sticky: false, rtl: false, font: 'Arial', size: 20},
			],
			css: '.card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n',
			latexPre: LATEX_PRE,
			latexPost: LATEX_POST,
			latexsvg: false,
			req: [[0, 'any', [0]]],
			tags: [],
			vers: [],
		};
		const deck = {id: 1, name: 'Default', mod: seconds, usn: 0, lrnToday: [0, 0], revToday: [0, 0], newToday: [0, 0], timeToday: [0, 0], collapsed: false, browserCollapsed: false, desc: '', dyn: 0, conf: 1, extendNew: 0, extendRev: 0};
		const deckOptions = {id: 1, name: 'Default', mod: 0, usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true, dyn: false, new: {delays: [1, 10], ints: [1, 4, 0], initialFactor: 2500, order: 1, perDay: 20, bury: false}, rev: {perDay: 200, ease4: 1.3, ivlFct: 1, maxIvl: 36500, hardFactor: 1.2, bury: false}, lapse: {delays: [10], mult: 0, minInt: 1, leechFails: 8, leechAction: 1}};
		const conf = {activeDecks: [1], curDeck: 1, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true, curModel: modelId, nextPos: 2, sortType: 'noteFld', sortBackwards: false, addToCur: true, schedVer: 2};
		db.prepare("INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')").run(seconds, now, now, JSON.stringify(conf), JSON.stringify({[modelId]: model}), JSON.stringify({1: deck}), JSON.stringify({1: deckOptions}));
		const text = 'Please update to the latest Anki version, then import the .colpkg/.apkg file again.';
		db.prepare("INSERT INTO notes VALUES (?, 'fluency-placeholder', ?, ?, 0, '', ?, ?, 0, 0, '')").run(now, modelId, seconds, `${text}\u001f`, text);
		db.prepare("INSERT INTO cards VALUES (?, ?, 1, 0, ?, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')").run(now, now, seconds);
		db.exec('VACUUM');
		return new Uint8Array(db.serialize());
	} finally {
		db.close();
	}
}

/** Every answer that counts (not undone), with what it did to the card, for the package's review log. */
export function answersForPackage(store: Store): PackageReview[] {
	type Row = [cardId: string, at: number, rating: Rating, durationMs: number, stateBefore: CardState, stateAfter: CardState, scheduledDays: number, dueAfter: number, difficultyAfter: number];
	const rows = store
		.statement('SELECT card_id, reviewed_at, rating, duration_ms, state_before, state_after, scheduled_days, due_after, difficulty_after FROM reviews WHERE undone_at IS NULL ORDER BY card_id, reviewed_at, id', 'arrays')
		.all() as Row[];
	return rows.map(([cardId, at, rating, durationMs, stateBefore, stateAfter, scheduledDays, dueAfter, difficultyAfter]) => ({
		cardId,
		at,
		rating,
		durationMs,
		stateBefore,
		stateAfter,
		scheduledDays,
		dueAfter,
		difficultyAfter,
	}));
}

/** Every reset ("forget") of a card, for the package's review log. */
export function resetsForPackage(store: Store): PackageReset[] {
	// A reset `fluency undo` took back is not exported: it never happened.
	return (
		store
			.statement("SELECT card_id AS cardId, at FROM card_events AS reset WHERE kind = 'reset' AND NOT EXISTS (SELECT 1 FROM card_events AS undo WHERE undo.kind = 'undo' AND undo.target_id = reset.id) ORDER BY card_id, at")
			.all() as PackageReset[]
	).map((row) => ({cardId: row.cardId, at: row.at}));
}
