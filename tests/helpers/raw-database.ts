/*
Databases today's fluency would never write, made by hand: real damage (bytes overwritten in the
middle of a table's page, as a failing disk or a bad copy leaves them), files at an older schema
version as an older fluency left them, rows edited behind fluency's back. Writing what fluency
itself never writes is the point of these tests, so this is the one file outside tests/store
where tests use SQL on fluency's database.
*/
import {closeSync, copyFileSync, mkdirSync, openSync, readSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {dirname, join} from 'node:path';
import Database from 'better-sqlite3';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {Scheduler, type Rating} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {APPLICATION_ID, Store} from '../../src/store/database.js';
import {MIGRATIONS} from '../../src/store/migrations.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {RECOUNT_STATEMENTS} from '../../src/store/stats/answer-slots.js';

/** A database at `dbPath` with `cards` cards from deck files written in `decksDir`, and `answers` answers. */
export function databaseWithHistory(dbPath: string, decksDir: string, cards = 300, answers = 600): void {
	mkdirSync(decksDir, {recursive: true});
	mkdirSync(dirname(dbPath), {recursive: true});
	for (let file = 0; file * 100 < cards; file++) {
		const text = Array.from({length: Math.min(100, cards - file * 100)}, (_, card) => `Q: Question ${card} of deck ${file}: what does the number ${(card * 7919 + file) % 104729} stand for?\nA: Answer ${card}, with a sentence or two of explanation.\n`);
		writeFileSync(join(decksDir, `deck-${file}.md`), `---\ntitle: Deck ${file}\n---\n\n${text.join('\n')}`);
	}
	const store = Store.open(dbPath);
	const scheduler = new Scheduler();
	loadDecks(store, findDeckFiles([decksDir]).files, Date.now());
	const active = activeCards(store);
	let at = Date.now() - answers * 60_000;
	for (let index = 0; index < answers; index++) {
		const rating = (1 + (index % 4)) as Rating;
		at += 60_000;
		recordAnswer(store, {cardId: active[(index * 7) % active.length]!.id, rating, at, durationMs: 1000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, active[(index * 7) % active.length]!.id));
	}
	store.close();
}

/**
Overwrite 200 bytes in the middle of the cell area of `table`'s root page, where the pointers to
its other pages are: the damage the audit found (page 6 of a database with a few hundred cards).
Returns the page number. The database must be closed, so that everything is in its main file.
*/
export function damageTable(dbPath: string, table = 'cards'): number {
	const db = new Database(dbPath, {readonly: true});
	const pageSize = db.pragma('page_size', {simple: true}) as number;
	const page = (db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) as {rootpage: number}).rootpage;
	db.close();
	const fd = openSync(dbPath, 'r+');
	try {
		const start = (page - 1) * pageSize;
		const header = Buffer.alloc(8);
		readSync(fd, header, 0, 8, start);
		// 0x05: an interior page of a table, whose cells point to the pages holding the rows.
		if (header[0] !== 0x05) throw new Error(`page ${page} of ${table} is not an interior page: give the database more rows`);
		const cellArea = header.readUInt16BE(5);
		const offset = Math.min(pageSize - 200, Math.max(cellArea, Math.floor((cellArea + pageSize) / 2) - 100));
		writeSync(fd, Buffer.from(Array.from({length: 200}, (_, index) => (index * 37 + 11) % 256)), 0, 200, start + offset);
	} finally {
		closeSync(fd);
	}
	return page;
}

/**
A database file at schema `version`, as the fluency of that version created it: its migrations
run, its application id and version set. Returned open, for a test to add what that version held.
*/
export function databaseAtVersion(dbPath: string, version: number, options: {wal?: boolean} = {}): Database.Database {
	const db = new Database(dbPath);
	if (options.wal) db.pragma('journal_mode = WAL');
	for (const migration of MIGRATIONS.filter((step) => step.version <= version)) migration.up(db);
	db.pragma(`application_id = ${APPLICATION_ID}`);
	db.pragma(`user_version = ${version}`);
	return db;
}

/** A version-1 database with one deck of `cards` cards, as the first fluency stored them; closed. */
export function versionOneDatabaseWithCards(dbPath: string, cards: number): void {
	const db = databaseAtVersion(dbPath, 1);
	db.prepare("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'old', '/old.md', 'Old', 0)").run();
	const insert = db.prepare(
		`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, line, source, prompt, answer, question_text, answer_text, content_hash, created_at, updated_at)
		 VALUES (?, 1, ?, ?, 'basic', 0, 1, 'q', 'q', 'a', 'q', 'a', 'h', 0, 0)`,
	);
	db.transaction(() => {
		for (let card = 0; card < cards; card++) insert.run(`card${card}`, `q:${card}#0`, `n${card}`);
	})();
	db.close();
}

/** Set `meta` rows as an older fluency kept them there (a device id, fitted parameters). */
export function setMeta(db: Database.Database, entries: Readonly<Record<string, string>>): void {
	const set = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
	for (const [key, value] of Object.entries(entries)) set.run(key, value);
}

/**
A review row written straight into the table, as an older fluency or a forged log line left it,
so a test can give a database a history no answer today would produce. Columns left out take the
plain values below.
*/
export type HandMadeReview = {
	id: string;
	card_id: string;
	device_id: string;
	reviewed_at: number;
	rating: number;
	duration_ms: number;
	state_before: string;
	retrievability: number | null;
	stability_before?: number;
	difficulty_before?: number;
	scheduled_days_before?: number;
	elapsed_days?: number;
	state_after?: string;
	stability_after?: number;
	difficulty_after?: number;
	scheduled_days?: number;
	due_after?: number;
	undone_at?: number | null;
};

export function insertReviews(db: Database.Database, reviews: readonly HandMadeReview[]): void {
	const insert = db.prepare(
		`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
			elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, undone_at)
		 VALUES (@id, @card_id, @device_id, @reviewed_at, @rating, @duration_ms, @state_before, @stability_before, @difficulty_before, @scheduled_days_before,
			@elapsed_days, @retrievability, @state_after, @stability_after, @difficulty_after, @scheduled_days, @due_after, @undone_at)`,
	);
	const plain = {stability_before: 5, difficulty_before: 5, scheduled_days_before: 0, elapsed_days: 1, state_after: 'review', stability_after: 5, difficulty_after: 5, scheduled_days: 5, due_after: 0, undone_at: null};
	db.transaction(() => {
		for (const review of reviews) insert.run({...plain, ...review});
		// Written past the store, so counted for the statistics the way `fluency doctor --repair` counts them.
		for (const sql of RECOUNT_STATEMENTS) db.exec(sql);
	})();
}

/** A card's stored memory set by hand (every card's, without `cardId`), to match a hand-made history. */
export function setCardMemory(
	db: Database.Database,
	memory: {state: string; due: number; stability: number; difficulty: number; last_review: number; suspended?: number},
	cardId?: string,
): void {
	const values = {suspended: 0, ...memory};
	if (cardId === undefined) {
		db.prepare('UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty, last_review = @last_review, suspended = @suspended').run(values);
	} else {
		db.prepare('UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty, last_review = @last_review, suspended = @suspended WHERE id = @id').run({...values, id: cardId});
	}
}

/**
A second connection that writes in WAL mode and stays open, as a running fluency (or one run with
sudo) keeps its -wal and -shm files beside the database. Close it when done.
*/
export function holdOpenInWalMode(dbPath: string): Database.Database {
	const holder = new Database(dbPath);
	holder.pragma('journal_mode = WAL');
	holder.prepare("INSERT INTO meta (key, value) VALUES ('held', '1') ON CONFLICT (key) DO UPDATE SET value = '2'").run();
	return holder;
}

/** What a bad sector inside a row leaves: `text` where every deck's JSON list of problems should be (every command that reads the decks reads it). */
export function overwriteDeckProblems(dbPath: string, text: string): void {
	const db = new Database(dbPath);
	db.prepare('UPDATE decks SET problems = ?').run(text);
	db.close();
}

/**
Turn a current database back into what schema 5 held: without step 7's card columns and event
columns, without step 6's parameter_events table, with the answers' card_before (step 22 drops it) and the cards' normalised texts (step 23 drops them), and with fitted presets kept in meta under
`fsrs.preset:<deck>`, as a fluency of that schema wrote them.
*/
export function backToSchemaFiveWithPresets(dbPath: string, presets: Readonly<Record<string, readonly number[]>>): void {
	const db = new Database(dbPath);
	// The later indexes go first: cards_by_due (version 9) holds the columns version 7 added.
	// A card's line is put back whole (version 21 kept it within a block of lines).
	db.exec(`
		UPDATE cards SET line_in_block = line_in_block + (SELECT first_line FROM line_blocks WHERE line_blocks.id = cards.line_block);
		DROP INDEX cards_by_block;
		DROP INDEX cards_new_by_block;
		DROP TABLE answer_slots;
		DROP TABLE recall_slots;
		DROP TABLE deck_review_days;
		DROP INDEX cards_due_load;
		DROP INDEX cards_retired;
		DROP INDEX cards_db_tagged;
		DROP INDEX cards_memory;
		DROP INDEX cards_deck_by_id;
		DROP INDEX cards_counts_by_deck;
		DROP INDEX cards_by_due;
		ALTER TABLE cards DROP COLUMN line_block;
		DROP TABLE line_blocks;
		ALTER TABLE cards RENAME COLUMN line_in_block TO line;
		CREATE INDEX cards_by_deck ON cards (deck_id, line, ordinal) WHERE retired_at IS NULL;
		CREATE INDEX cards_by_due ON cards (due) WHERE retired_at IS NULL;
		ALTER TABLE cards DROP COLUMN db_tags;
		ALTER TABLE cards DROP COLUMN flag;
		DROP INDEX card_events_by_batch;
		ALTER TABLE card_events DROP COLUMN value;
		ALTER TABLE card_events DROP COLUMN batch;
		DROP TABLE parameter_events;
		ALTER TABLE decks DROP COLUMN resume_line;
		ALTER TABLE decks DROP COLUMN resume_offset;
		ALTER TABLE decks DROP COLUMN checkpoints;
		ALTER TABLE reviews ADD COLUMN card_before TEXT NOT NULL DEFAULT '{}';
		ALTER TABLE cards ADD COLUMN question_text TEXT NOT NULL DEFAULT '';
		ALTER TABLE cards ADD COLUMN answer_text TEXT NOT NULL DEFAULT '';
	`);
	db.pragma('user_version = 5');
	setMeta(db, Object.fromEntries(Object.entries(presets).map(([deck, weights]) => [`fsrs.preset:${deck}`, JSON.stringify(weights)])));
	db.close();
}

/** Every card's stored memory set by hand in the database file at `dbPath` (see setCardMemory). */
export function setCardMemoryInFile(dbPath: string, memory: Parameters<typeof setCardMemory>[1]): void {
	const db = new Database(dbPath);
	setCardMemory(db, memory);
	db.close();
}

/** A current database holding one deck row titled `title`, the smallest content a backup can be checked by. */
export function databaseWithDeckTitled(dbPath: string, title: string): void {
	const store = Store.open(dbPath);
	store.db.prepare("INSERT INTO decks (name, path, title, synced_at) VALUES ('d', '/d.md', ?, 0)").run(title);
	store.close();
}

/** The titles of every deck row in the database file at `dbPath`, in the order they were added, read without opening it as fluency. */
export function deckTitlesIn(dbPath: string): string[] {
	const db = new Database(dbPath, {readonly: true});
	try {
		return db.prepare('SELECT title FROM decks ORDER BY id').pluck().all() as string[];
	} finally {
		db.close();
	}
}

/** The title of the deck row in the database file at `dbPath`, read without opening it as fluency. */
export function deckTitleIn(dbPath: string): string {
	const db = new Database(dbPath, {readonly: true});
	try {
		return (db.prepare('SELECT title FROM decks').get() as {title: string}).title;
	} finally {
		db.close();
	}
}

/** Every deck row's title changed by `db`, a connection a test holds (committed or not, as it chooses). */
export function retitleDecks(db: Database.Database, title: string): void {
	db.prepare('UPDATE decks SET title = ?').run(title);
}

/** A SQLite file some other program made: a valid database with none of fluency's marks. */
export function otherProgramsDatabase(dbPath: string): void {
	const db = new Database(dbPath);
	db.exec('CREATE TABLE x (y)');
	db.close();
}

/** Mark the database file at `dbPath` as written by a fluency newer than this one. */
export function markNewerSchema(dbPath: string, version: number): void {
	const db = new Database(dbPath);
	db.pragma(`user_version = ${version}`);
	db.close();
}

/** SQLite's quick check of a file: 'ok', or what it found. */
export function quickCheckOf(dbPath: string): unknown {
	const db = new Database(dbPath, {readonly: true});
	try {
		return db.pragma('quick_check', {simple: true});
	} finally {
		db.close();
	}
}

/** A backup copy made the way an older fluency made them (SQLite's online backup of a WAL database). */
export async function onlineBackupCopy(dbPath: string, to: string): Promise<void> {
	const db = new Database(dbPath, {readonly: true});
	try {
		await db.backup(to);
	} finally {
		db.close();
	}
}

/** Begin a write on `db` that retitles every deck and leave it open; call the result to roll it back. */
export function retitleUncommitted(db: Database.Database, title: string): () => void {
	db.exec('BEGIN IMMEDIATE');
	retitleDecks(db, title);
	return () => db.exec('ROLLBACK');
}

/**
Make every new answer fail as a full disk would, on the database `store` holds; call the result
to let answers through again. SQLite's own error travels up as it would from a real write.
*/
export function refuseAnswers(store: Store): () => void {
	store.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON reviews BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	return () => store.db.exec('DROP TRIGGER refuse');
}

/**
What a process killed halfway through a write leaves of a database in rollback-journal mode (every
fluency database before its first open by a fluency that sets WAL, and the moment of that switch):
the database file with some of the transaction's pages written, and a "hot" `-journal` beside it
holding the pages as they were. The files are copied while the transaction is open, which is the
image on disk at the instant of a SIGKILL; SQLite rolls the journal back at the next read-write
open. The database at `dbPath` is a version-1 one with a deck titled `committed`.
*/
export function versionOneDatabaseKilledMidWrite(dbPath: string): void {
	const scratch = `${dbPath}.writing`;
	const db = databaseAtVersion(scratch, 1);
	db.prepare("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'old', '/old.md', 'committed', 0)").run();
	// A small page cache makes SQLite spill changed pages into the file before the commit, as a long write does.
	db.pragma('cache_size = 4');
	db.exec('BEGIN IMMEDIATE');
	const insert = db.prepare("INSERT INTO decks (name, path, title, synced_at) VALUES (?, ?, 'uncommitted', 0)");
	for (let deck = 0; deck < 2000; deck++) insert.run(`deck ${deck}`, `/deck-${deck}-${'x'.repeat(60)}.md`);
	copyFileSync(scratch, dbPath);
	copyFileSync(`${scratch}-journal`, `${dbPath}-journal`);
	db.exec('ROLLBACK');
	db.close();
	rmSync(scratch);
}

/** Forget every deck's resume point and checkpoints, as a database synced before version 19 has none: its next sync parses each changed file whole. */
export function forgetResumePoints(db: Database.Database): void {
	db.prepare('UPDATE decks SET resume_line = NULL, resume_offset = NULL, checkpoints = NULL').run();
}

/**
The active cards not in the block of lines their line falls in (see line-blocks.ts): the last of
their deck's blocks, by first line and then id, that starts at or before it. Ordering by block
and line within it orders by line only while there are none.
*/
export function misplacedCards(db: Database.Database): string[] {
	return db
		.prepare(
			`SELECT cards.id FROM cards JOIN line_blocks AS block ON block.id = cards.line_block
			 WHERE cards.retired_at IS NULL AND (block.deck_id != cards.deck_id OR cards.line_in_block < 0 OR EXISTS (
				SELECT 1 FROM line_blocks AS other WHERE other.deck_id = block.deck_id AND other.id != block.id
				AND (other.first_line > block.first_line OR (other.first_line = block.first_line AND other.id > block.id))
				AND other.first_line <= block.first_line + cards.line_in_block))
			 ORDER BY cards.id`,
		)
		.pluck()
		.all() as string[];
}

/** Every card row, retired ones too, by id: what a sync wrote, compared column by column. */
export function everyCardRow(db: Database.Database): unknown[] {
	return db
		.prepare(
			`SELECT cards.id, cards.deck_id, identity_key, note_key, explicit_id, kind, ordinal, line_blocks.first_line + line_in_block AS line, source, prompt, answer, extra,
			 tags, content_hash, created_at, updated_at, retired_at FROM cards JOIN line_blocks ON line_blocks.id = cards.line_block ORDER BY cards.id`,
		)
		.all();
}

/**
The ratings of the answers the database file at `dbPath` holds by itself, without its write-ahead
log: what would be left if the log were lost now. Read from a copy of the file alone.
*/
export function ratingsInFileAlone(dbPath: string): number[] {
	const alone = `${dbPath}.alone`;
	copyFileSync(dbPath, alone);
	const db = new Database(alone, {readonly: true});
	try {
		return db.prepare('SELECT rating FROM reviews ORDER BY reviewed_at').pluck().all() as number[];
	} finally {
		db.close();
		rmSync(alone, {force: true});
	}
}
