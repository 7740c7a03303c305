import {readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {afterEach, describe, expect, it} from 'vitest';
import {APPLICATION_ID, Store, StoreError} from '../../src/store/database.js';
import {activeCards, cardSummaries} from '../../src/store/cards.js';
import {rowsOf} from '../../src/store/inspect.js';
import {writeMeta} from '../../src/store/meta.js';
import {LATEST_VERSION, MIGRATIONS} from '../../src/store/migrations.js';
import {CARDS_DUE_BEFORE_SQL, cardsDueBefore} from '../../src/store/review/queue-candidates.js';
import {makeTempDir} from '../helpers/temp.js';

const stores: Store[] = [];
afterEach(() => {
	for (const store of stores.splice(0)) store.close();
});
const tempPath = () => join(makeTempDir('fluency-db-'), 'fluency.db');
const open = (path: string, options?: Parameters<typeof Store.open>[1]) => {
	const store = Store.open(path, options);
	stores.push(store);
	return store;
};

/** A database as an older fluency left it: migrated up to `version` only, with some history. */
function databaseAtVersion(path: string, version: number): void {
	const db = new Database(path);
	for (const migration of MIGRATIONS.filter((step) => step.version <= version)) migration.up(db);
	db.pragma(`application_id = ${APPLICATION_ID}`);
	db.pragma(`user_version = ${version}`);
	if (version >= 1) {
		db.prepare("INSERT INTO decks (id, name, path, title, synced_at) VALUES (1, 'old', '/decks/old.md', 'Old', 0)").run();
		// Version 21 keeps a card's line within a block of lines.
		const line = version >= 21 ? {columns: 'line_block, line_in_block', values: '1, 1'} : {columns: 'line', values: '1'};
		if (version >= 21) db.prepare('INSERT INTO line_blocks (id, deck_id, first_line) VALUES (1, 1, 0)').run();
		// Before version 23 a card also kept its normalised question and answer.
		const texts = version < 23 ? {columns: 'question_text, answer_text, ', values: "'q', 'a', "} : {columns: '', values: ''};
		db.prepare(
			`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, ${line.columns}, source, prompt, answer, ${texts.columns}content_hash, created_at, updated_at, state, due, stability, difficulty, reps)
			 VALUES ('card1', 1, 'q:q#0', 'n', 'basic', 0, ${line.values}, 'q', 'q', 'a', ${texts.values}'h', 0, 0, 'review', 5, 3.5, 5.0, 2)`,
		).run();
		db.prepare(
			`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
				elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after${version < 22 ? ', card_before' : ''})
			 VALUES ('r1', 'card1', 'd', 1, 3, 1000, 'new', 0, 0, 0, 0, NULL, 'review', 3.5, 5.0, 3, 5${version < 22 ? ", '{}'" : ''})`,
		).run();
	}
	db.close();
}

describe('opening and migrating', () => {
	it('numbers its migrations 1, 2, 3 ... with no gap or repeat', () => {
		expect(MIGRATIONS.map((migration) => migration.version)).toEqual(MIGRATIONS.map((_, index) => index + 1));
	});


	it('creates a new database at the latest schema in WAL mode with foreign keys on', () => {
		const store = open(tempPath());
		expect(store.db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
		expect(store.db.pragma('journal_mode', {simple: true})).toBe('wal');
		expect(store.db.pragma('foreign_keys', {simple: true})).toBe(1);
		expect(store.deviceId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('makes a new database with 8 KB pages, and leaves an older one at the 4 KB it was made with', () => {
		expect(open(tempPath()).db.pragma('page_size', {simple: true})).toBe(8192);
		const older = tempPath();
		databaseAtVersion(older, 1);
		const store = open(older);
		expect(store.db.pragma('page_size', {simple: true})).toBe(4096);
		expect(store.db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
		expect(cardsDueBefore(store, 10).map((card) => card.id)).toEqual(['card1']);
	});

	it('keeps the device id across openings', () => {
		const path = tempPath();
		const first = open(path).deviceId;
		expect(open(path).deviceId).toBe(first);
	});

	it.each(MIGRATIONS.map((migration) => migration.version - 1))('migrates a database at version %i to the latest, keeping its history', (version) => {
		const path = tempPath();
		databaseAtVersion(path, version);
		const backups: number[] = [];
		const store = open(path, {beforeMigration: (_db, from) => backups.push(from)});
		expect(store.db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
		expect(backups).toEqual(version > 0 ? [version] : []);
		if (version >= 1) {
			expect(store.db.prepare('SELECT count(*) AS n FROM reviews').get()).toEqual({n: 1});
			expect(store.db.prepare('SELECT stability FROM cards').get()).toEqual({stability: 3.5});
		}
	});

	it("drops the answers' copy of the card before them at version 22, keeping every answer's figures", () => {
		const path = tempPath();
		databaseAtVersion(path, 21);
		const store = open(path);
		const columns = store.db.prepare("SELECT name FROM pragma_table_info('reviews')").pluck().all();
		expect(columns).not.toContain('card_before');
		expect(store.db.prepare('SELECT id, rating, state_after, stability_after, due_after FROM reviews').all()).toEqual([{id: 'r1', rating: 3, state_after: 'review', stability_after: 3.5, due_after: 5}]);
	});

	it("drops the cards' normalised question and answer at version 23, keeping everything else of each card", () => {
		const path = tempPath();
		databaseAtVersion(path, 22);
		const db = new Database(path);
		const before = db.prepare('SELECT * FROM cards ORDER BY id').all() as Array<Record<string, unknown>>;
		db.close();
		const store = open(path);
		const columns = store.db.prepare("SELECT name FROM pragma_table_info('cards')").pluck().all();
		expect(columns).not.toContain('question_text');
		expect(columns).not.toContain('answer_text');
		expect(store.db.prepare('SELECT * FROM cards ORDER BY id').all()).toEqual(before.map(({question_text: _, answer_text: __, ...card}) => card));
	});

	it('keeps every card event, and its index, when version 5 rebuilds the table to allow due events', () => {
		const path = tempPath();
		databaseAtVersion(path, 4);
		const db = new Database(path);
		const insert = db.prepare('INSERT INTO card_events (id, card_id, device_id, at, kind, target_id, until) VALUES (?, ?, ?, ?, ?, ?, ?)');
		insert.run('e1', 'card1', 'd', 2, 'undo', 'r1', null);
		insert.run('e2', 'card1', 'd', 3, 'bury', null, 99);
		for (const [index, kind] of ['suspend', 'unsuspend', 'unbury', 'reset'].entries()) insert.run(`e${index + 3}`, 'card1', 'd', 4 + index, kind, null, null);
		// A row whose card is gone (a damaged database) is kept too: the doctor reports it, a migration must not lose it.
		db.pragma('foreign_keys = OFF');
		insert.run('orphan', 'gone', 'd', 9, 'suspend', null, null);
		const before = db.prepare('SELECT * FROM card_events ORDER BY id').all();
		expect(() => insert.run('x', 'card1', 'd', 10, 'due', null, 100)).toThrow(/CHECK/);
		db.close();

		const store = open(path);
		// Version 7 adds columns; the rows version 5 kept are all there, as they were.
		expect(store.db.prepare('SELECT id, card_id, device_id, at, kind, target_id, until FROM card_events ORDER BY id').all()).toEqual(before);
		expect(store.db.prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'card_events' AND type = 'index' AND sql IS NOT NULL ORDER BY name").all()).toEqual([{name: 'card_events_by_batch'}, {name: 'card_events_by_card'}]);
		expect(store.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM card_events WHERE card_id = 'card1'").all()).toEqual([expect.objectContaining({detail: expect.stringContaining('card_events_by_card')})]);
		store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind, until) VALUES ('e9', 'card1', 'd', 10, 'due', 100)").run();
		expect(() => store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES ('e10', 'card1', 'd', 11, 'explode')").run()).toThrow(/CHECK/);
		expect(() => store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES ('e11', 'gone', 'd', 11, 'due')").run()).toThrow(/FOREIGN KEY/);
	});

	it('keeps every card and card event when version 7 adds database tags, flags and batches', () => {
		const path = tempPath();
		databaseAtVersion(path, 6);
		const db = new Database(path);
		const insert = db.prepare('INSERT INTO card_events (id, card_id, device_id, at, kind, target_id, until) VALUES (?, ?, ?, ?, ?, ?, ?)');
		insert.run('e1', 'card1', 'd', 2, 'undo', 'r1', null);
		insert.run('e2', 'card1', 'd', 3, 'bury', null, 99);
		insert.run('e3', 'card1', 'd', 4, 'due', 'r1', 100);
		insert.run('e4', 'card1', 'd', 5, 'suspend', null, null);
		db.pragma('foreign_keys = OFF');
		insert.run('orphan', 'gone', 'd', 9, 'reset', null, null);
		const events = db.prepare('SELECT * FROM card_events ORDER BY id').all();
		const cards = db.prepare('SELECT * FROM cards ORDER BY id').all();
		expect(() => insert.run('x', 'card1', 'd', 10, 'tag', null, null)).toThrow(/CHECK/);
		db.close();

		const store = open(path);
		expect(store.db.prepare('SELECT id, card_id, device_id, at, kind, target_id, until FROM card_events ORDER BY id').all()).toEqual(events);
		expect(store.db.prepare('SELECT value, batch FROM card_events').all()).toEqual(events.map(() => ({value: null, batch: null})));
		// Version 23 drops the normalised texts, which follow from the rest.
		const withoutTexts = (cards as Array<Record<string, unknown>>).map(({question_text: _, answer_text: __, ...card}) => card);
		expect(rowsOf(store, 'cards')).toEqual(withoutTexts.map((card) => ({...card, db_tags: '[]', flag: 0})));
		store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind, value, batch) VALUES ('t1', 'card1', 'd', 10, 'tag', 'leech', 'b1')").run();
		expect(() => store.db.prepare("UPDATE cards SET flag = 5 WHERE id = 'card1'").run()).toThrow(/CHECK/);
	});

	it('keeps every card, card event and index when version 24 rebuilds both tables with comparisons for their CHECKs, and still refuses what they refused', () => {
		const path = tempPath();
		databaseAtVersion(path, 23);
		const db = new Database(path);
		const addCard = db.prepare(
			`INSERT INTO cards (id, deck_id, identity_key, note_key, explicit_id, kind, ordinal, line_block, line_in_block, source, prompt, answer, extra, tags, content_hash,
				created_at, updated_at, retired_at, state, due, stability, difficulty, reps, lapses, learning_steps, scheduled_days, last_review, suspended, buried_until, db_tags, flag)
			 VALUES (?, 1, ?, 'n', ?, ?, ?, 1, ?, 'src', 'q', 'a', 'x', '["t"]', 'h', 1, 2, ?, ?, ?, 1.5, 6.25, 3, 1, 2, 9, 7, ?, ?, '["marked"]', ?)`,
		);
		addCard.run('card2', 'q:two#0', 'own-id', 'reversed', 1, 2, null, 'learning', 100, 1, null, 2);
		addCard.run('card3', 'c:three#1', null, 'cloze', 1, 3, 50, 'relearning', null, 0, 99, 4);
		addCard.run('card4', 'q:four#0', null, 'basic', 0, 4, null, 'new', null, 0, null, 0);
		const addEvent = db.prepare('INSERT INTO card_events (id, card_id, device_id, at, kind, target_id, until, value, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
		const kinds = ['undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset', 'due', 'tag', 'untag', 'flag'];
		for (const [index, kind] of kinds.entries()) addEvent.run(`e${index}`, index % 2 ? 'card1' : 'card2', 'd', 10 + index, kind, index === 0 ? 'r1' : null, index === 3 ? 99 : null, kind === 'tag' ? 'leech' : null, index > 6 ? 'b1' : null);
		db.pragma('foreign_keys = OFF');
		addEvent.run('orphan', 'gone', 'd', 30, 'reset', null, null, null, null);
		const cards = db.prepare('SELECT * FROM cards ORDER BY id').all();
		const events = db.prepare('SELECT * FROM card_events ORDER BY id').all();
		const indexes = db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all();
		db.close();

		const store = open(path);
		expect(store.db.prepare('SELECT * FROM cards ORDER BY id').all()).toEqual(cards);
		expect(store.db.prepare('SELECT * FROM card_events ORDER BY id').all()).toEqual(events);
		expect(store.db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all()).toEqual(indexes);
		const tables = store.db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name IN ('cards', 'card_events')").pluck().all() as string[];
		expect(tables.join('\n')).not.toMatch(/ IN \(/);
		const refused = [
			"UPDATE cards SET kind = 'image' WHERE id = 'card2'",
			"UPDATE cards SET state = 'lost' WHERE id = 'card2'",
			"UPDATE cards SET suspended = 2 WHERE id = 'card2'",
			"UPDATE cards SET flag = 5 WHERE id = 'card2'",
			"INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES ('x', 'card1', 'd', 40, 'explode')",
		];
		for (const sql of refused) expect(() => store.db.prepare(sql).run(), sql).toThrow(/CHECK/);
		for (const [index, kind] of kinds.entries()) store.db.prepare('INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES (?, ?, ?, ?, ?)').run(`new${index}`, 'card4', 'd', 50, kind);
		for (const state of ['new', 'learning', 'review', 'relearning']) store.db.prepare("UPDATE cards SET state = ?, suspended = 1, kind = 'cloze' WHERE id = 'card4'").run(state);
		expect(() => store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES ('y', 'gone', 'd', 40, 'due')").run()).toThrow(/FOREIGN KEY/);
		expect(() => store.db.prepare("UPDATE cards SET deck_id = 99 WHERE id = 'card2'").run()).toThrow(/FOREIGN KEY/);
	});

	it('is idempotent: opening a migrated database again changes nothing', () => {
		const path = tempPath();
		open(path).close();
		let called = false;
		open(path, {beforeMigration: () => (called = true)});
		expect(called).toBe(false);
	});

	it('refuses a database written by a newer fluency, and leaves it untouched', () => {
		const path = tempPath();
		open(path).close();
		const db = new Database(path);
		db.pragma(`user_version = ${LATEST_VERSION + 1}`);
		db.close();
		const before = readFileSync(path);
		expect(() => open(path)).toThrow(StoreError);
		expect(() => open(path)).toThrow(/written by a newer fluency \(schema \d+; this one knows up to \d+\); upgrade fluency/);
		expect(readFileSync(path).equals(before)).toBe(true);
	});

	it('refuses a damaged file with one line, and leaves it untouched', () => {
		const path = tempPath();
		writeFileSync(path, 'this is not a database, just text that someone saved here by mistake'.repeat(100));
		const before = readFileSync(path);
		expect(() => open(path)).toThrow(/is damaged or is not a SQLite database .*; nothing was changed$/);
		expect(readFileSync(path).equals(before)).toBe(true);
	});

	it("reads today's due cards from one index once version 9 has run, and keeps the version 8 database's cards", () => {
		const path = tempPath();
		databaseAtVersion(path, 8);
		const store = open(path);
		expect(store.db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
		const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${CARDS_DUE_BEFORE_SQL}`).all(0) as Array<{detail: string}>;
		expect(plan.map((step) => step.detail)).toContainEqual(expect.stringMatching(/^SEARCH cards USING COVERING INDEX cards_by_due \(due<\?\)$/));
		expect(cardsDueBefore(store, 10).map((card) => [card.id, card.deck, card.due])).toEqual([['card1', 'old', 5]]);
	});

	it("counts a version 9 database's answers per quarter hour, and per day and deck, once versions 10 to 14 have run, undone ones left out", () => {
		const path = tempPath();
		databaseAtVersion(path, 9);
		const db = new Database(path);
		const answer = db.prepare(
			`INSERT INTO reviews (id, card_id, device_id, reviewed_at, rating, duration_ms, state_before, stability_before, difficulty_before, scheduled_days_before,
				elapsed_days, retrievability, state_after, stability_after, difficulty_after, scheduled_days, due_after, card_before, undone_at)
			 VALUES (?, 'card1', 'd', ?, ?, 2000, 'review', 3, 5, ?, 3, 0.9, 'review', 9, 5, 9, 0, '{}', ?)`,
		);
		answer.run('r2', 900_000 * 7 + 5, 3, 30, null);
		answer.run('r3', 900_000 * 7 + 9, 1, 30, null);
		answer.run('r4', 900_000 * 7 + 9, 3, 4, 123);
		db.close();
		const store = open(path);
		// r1 (version 9's own, new, at 1 ms) in quarter 0; r2 mature Good and r3 mature Again in quarter 7; r4 was undone.
		expect(store.db.prepare('SELECT slot, outcome, answers, ms FROM answer_slots ORDER BY 1, 2').raw().all()).toEqual([
			[0, 0, 1, 1000],
			[7, 3, 1, 2000],
			[7, 4, 1, 2000],
		]);
		// r2 and r3 predicted 0.9 (bin 18 of twentieths), one passed and one not; r1 was new.
		expect(store.db.prepare('SELECT slot, bin, passed, answers, predicted FROM recall_slots ORDER BY 1, 2, 3').raw().all()).toEqual([
			[7, 18, 0, 1, 0.9],
			[7, 18, 1, 1, 0.9],
		]);
		// Version 14: r2 and r3 (both mature, one passed) on the epoch's first day, in card1's deck.
		const deckId = store.db.prepare("SELECT deck_id FROM cards WHERE id = 'card1'").pluck().get();
		expect(store.db.prepare('SELECT day, deck_id, answers, mature, passed, mature_passed FROM deck_review_days').raw().all()).toEqual([[0, deckId, 2, 2, 1, 1]]);
	});

	it("keeps every card's line when version 21 puts it in a block of 1,024 lines, each deck's first block at line 0", () => {
		const path = tempPath();
		databaseAtVersion(path, 20);
		const db = new Database(path);
		db.prepare("INSERT INTO decks (id, name, path, title, synced_at) VALUES (2, 'big', '/decks/big.md', 'Big', 0)").run();
		const insert = db.prepare(
			`INSERT INTO cards (id, deck_id, identity_key, note_key, kind, ordinal, line, source, prompt, answer, question_text, answer_text, content_hash, created_at, updated_at, retired_at)
			 VALUES (?, 2, ?, 'n', 'cloze', ?, ?, 's', 'q', 'a', 'q', 'a', 'h', 0, 0, ?)`,
		);
		// Out of line order by id, two cards on one line, a retired card, lines either side of a block's edge.
		const lines: Array<[id: string, line: number, ordinal: number, retired: number | null]> = [
			['b5', 3000, 0, null],
			['b1', 2, 0, null],
			['b3', 1023, 0, 7],
			['b4', 1024, 1, null],
			['b2', 1024, 0, null],
			['b0', 900, 0, null],
		];
		for (const [id, line, ordinal, retired] of lines) insert.run(id, `c:${id}`, ordinal, line, retired);
		db.close();
		const store = open(path);
		expect(rowsOf(store, 'cards').map((row) => [row['id'], row['line']])).toEqual([['b0', 900], ['b1', 2], ['b2', 1024], ['b3', 1023], ['b4', 1024], ['b5', 3000], ['card1', 1]]);
		expect(store.db.prepare('SELECT deck_id, first_line FROM line_blocks ORDER BY 1, 2').raw().all()).toEqual([[1, 0], [2, 0], [2, 1024], [2, 2048]]);
		expect(activeCards(store).map((card) => card.id)).toEqual(['b1', 'b0', 'b2', 'b4', 'b5', 'card1']);
		expect(cardSummaries(store).map((card) => card.id)).toEqual(['b1', 'b0', 'b2', 'b4', 'b5', 'card1']);
		expect(store.db.pragma('foreign_key_check')).toEqual([]);
	});

	it("refuses another program's SQLite database", () => {
		const path = tempPath();
		const db = new Database(path);
		db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
		db.close();
		expect(() => open(path)).toThrow(/is a SQLite database, but not one of fluency's/);
	});

	it('rejects rows that break the schema (STRICT tables and checks)', () => {
		const store = open(tempPath());
		expect(() => store.db.prepare("INSERT INTO decks (name, path, title, synced_at) VALUES ('x', 'p', 't', 'not a number')").run()).toThrow();
		expect(() =>
			store.db.prepare("INSERT INTO card_events (id, card_id, device_id, at, kind) VALUES ('e', 'missing-card', 'd', 0, 'undo')").run(),
		).toThrow(/FOREIGN KEY/);
	});
});

describe('checkpoints', () => {
	/** What the database file alone holds, without its write-ahead log: what a power cut could leave. */
	const fileAlone = (path: string, key: string) => {
		const copy = `${path}.copy`;
		writeFileSync(copy, readFileSync(path));
		const db = new Database(copy);
		try {
			return (db.prepare('SELECT length(value) FROM meta WHERE key = ?').pluck().get(key) as number | undefined) ?? 0;
		} finally {
			db.close();
		}
	};
	// About 1,300 pages (of 8 KB, a new database's): past the 1,000 at which SQLite checkpoints inside a commit.
	const large = 'x'.repeat(10_000_000);

	it('by default happen inside the commit that fills the log', () => {
		const path = tempPath();
		const store = open(path);
		writeMeta(store, 'large', large);
		expect(fileAlone(path, 'large')).toBe(large.length);
	});

	it('wait for idle time up to about 40 MB of log, whatever the page size', () => {
		const store = open(tempPath());
		store.checkpointWhenIdle();
		expect(store.db.pragma('wal_autocheckpoint', {simple: true})).toBe(5120);
		const older = tempPath();
		databaseAtVersion(older, 1);
		const olderStore = open(older);
		olderStore.checkpointWhenIdle();
		expect(olderStore.db.pragma('wal_autocheckpoint', {simple: true})).toBe(10_240);
	});

	it('wait for idle time when asked, and then reach the database file', () => {
		const path = tempPath();
		const store = open(path);
		store.checkpointWhenIdle();
		store.checkpoint();
		writeMeta(store, 'large', large);
		expect(fileAlone(path, 'large')).toBe(0);
		store.checkpoint();
		expect(fileAlone(path, 'large')).toBe(large.length);
	});
});

describe('the page cache', () => {
	it('is small while a large write runs, and as large as before afterwards, even when the write fails', () => {
		const store = open(tempPath());
		const cacheSize = () => store.db.pragma('cache_size', {simple: true}) as number;
		const before = cacheSize();
		expect(store.withSmallPageCache(cacheSize)).toBeGreaterThan(before);
		expect(cacheSize()).toBe(before);
		expect(() =>
			store.withSmallPageCache(() => {
				throw new Error('disk full');
			}),
		).toThrow('disk full');
		expect(cacheSize()).toBe(before);
	});

	it('lets index builds sort on the spare cores with a 2 MB cache, and gives both settings back, even when the build fails', () => {
		const store = open(tempPath());
		const settings = () => ({threads: store.db.pragma('threads', {simple: true}), cache: store.db.pragma('cache_size', {simple: true})});
		const before = settings();
		expect(store.withParallelSorts(settings)).toEqual({threads: availableParallelism() - 1, cache: -2000});
		expect(settings()).toEqual(before);
		expect(() =>
			store.withParallelSorts(() => {
				throw new Error('disk full');
			}),
		).toThrow('disk full');
		expect(settings()).toEqual(before);
	});
});
