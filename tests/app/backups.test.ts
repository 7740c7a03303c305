import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import Database from 'better-sqlite3';
import {beforeEach, describe, expect, it} from 'vitest';
import {automaticBackup, backupNow, listBackups, restoreBackup} from '../../src/app/backups.js';
import {UserError} from '../../src/app/errors.js';
import {APPLICATION_ID, Store} from '../../src/store/database.js';
import {LATEST_VERSION, MIGRATIONS} from '../../src/store/migrations.js';

const DAY = 86_400_000;
const t0 = Date.parse('2026-11-24T09:00:00Z');
const sameUtcDay = (a: number, b: number) => new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);
let dbPath: string;

beforeEach(() => {
	dbPath = join(mkdtempSync(join(tmpdir(), 'fluency-backup-')), 'fluency.db');
});

function databaseWithDeck(path: string, title: string): void {
	const store = Store.open(path);
	store.db.prepare("INSERT INTO decks (name, path, title, synced_at) VALUES ('d', '/d.md', ?, 0)").run(title);
	store.close();
}
const titleIn = (path: string) => {
	const db = new Database(path, {readonly: true});
	const row = db.prepare('SELECT title FROM decks').get() as {title: string};
	db.close();
	return row.title;
};

describe('automatic backups', () => {
	it('makes none for a database that does not exist yet', async () => {
		expect(await automaticBackup(dbPath, t0, 10, sameUtcDay)).toBeUndefined();
		expect(existsSync(dbPath)).toBe(false);
	});

	it('makes one a day, on first use', async () => {
		databaseWithDeck(dbPath, 'first');
		const first = await automaticBackup(dbPath, t0, 10, sameUtcDay);
		expect(first).toMatch(/backups\/fluency-2026-11-24T09-00-00-000Z-daily\.db$/);
		expect(titleIn(first!)).toBe('first');
		expect(await automaticBackup(dbPath, t0 + 3_600_000, 10, sameUtcDay)).toBeUndefined();
		expect(await automaticBackup(dbPath, t0 + DAY, 10, sameUtcDay)).toMatch(/2026-11-25.*-daily\.db$/);
		expect(listBackups(dbPath)).toHaveLength(2);
	});

	it('makes one before a migration, of the database as it was', async () => {
		const db = new Database(dbPath);
		MIGRATIONS[0]!.up(db);
		db.pragma(`application_id = ${APPLICATION_ID}`);
		db.pragma('user_version = 1');
		db.close();
		const backup = await automaticBackup(dbPath, t0, 10, sameUtcDay);
		expect(backup).toMatch(/-before-migration\.db$/);
		const copy = new Database(backup!, {readonly: true});
		expect(copy.pragma('user_version', {simple: true})).toBe(1);
		copy.close();
		if (LATEST_VERSION > 1) expect(Store.open(dbPath).db.pragma('user_version', {simple: true})).toBe(LATEST_VERSION);
	});

	it('keeps only the last N', async () => {
		databaseWithDeck(dbPath, 'x');
		for (let day = 0; day < 6; day++) await backupNow(dbPath, 'manual', t0 + day * DAY, 3);
		expect(listBackups(dbPath).map((backup) => new Date(backup.at).toISOString().slice(0, 10))).toEqual(['2026-11-29', '2026-11-28', '2026-11-27']);
	});

	it('copies consistently while another connection is writing', async () => {
		databaseWithDeck(dbPath, 'x');
		const writer = Store.open(dbPath);
		writer.db.exec('BEGIN IMMEDIATE');
		writer.db.prepare("UPDATE decks SET title = 'uncommitted'").run();
		const backup = await backupNow(dbPath, 'manual', t0, 10);
		writer.db.exec('ROLLBACK');
		writer.close();
		expect(titleIn(backup)).toBe('x');
	});
});

describe('restore', () => {
	it('puts the backup in place and keeps the current database as a backup first', async () => {
		databaseWithDeck(dbPath, 'old');
		const backup = await backupNow(dbPath, 'manual', t0, 10);
		const store = Store.open(dbPath);
		store.db.prepare("UPDATE decks SET title = 'new'").run();
		store.close();
		const {facts, safetyCopy} = await restoreBackup(backup, dbPath, t0 + 1000, 10);
		expect(facts).toEqual({version: LATEST_VERSION, cards: 0, reviews: 0});
		expect(titleIn(dbPath)).toBe('old');
		expect(titleIn(safetyCopy!)).toBe('new');
	});

	it.each([
		['a text file', (path: string) => writeFileSync(path, 'not a database'), /is not a fluency database/],
		[
			"another program's SQLite file",
			(path: string) => {
				const db = new Database(path);
				db.exec('CREATE TABLE x (y)');
				db.close();
			},
			/is not a fluency database; nothing was changed$/,
		],
		[
			'a database from a newer fluency',
			(path: string) => {
				Store.open(path).close();
				const db = new Database(path);
				db.pragma(`user_version = ${LATEST_VERSION + 1}`);
				db.close();
			},
			/written by a newer fluency/,
		],
	])('refuses %s and changes nothing', async (_what, make, message) => {
		databaseWithDeck(dbPath, 'current');
		const before = readFileSync(dbPath);
		const bad = join(mkdtempSync(join(tmpdir(), 'fluency-bad-')), 'bad.db');
		make(bad);
		await expect(restoreBackup(bad, dbPath, t0, 10)).rejects.toThrow(UserError);
		await expect(restoreBackup(bad, dbPath, t0, 10)).rejects.toThrow(message);
		expect(readFileSync(dbPath).equals(before)).toBe(true);
		expect(listBackups(dbPath)).toEqual([]);
	});
});
