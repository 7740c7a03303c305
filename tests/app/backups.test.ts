import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {automaticBackup, backupNow, backupsDirFor, latestGoodBackup, listBackups, restoreBackup, UpgradeRefusedError} from '../../src/app/safety/backups.js';
import {UserError} from '../../src/app/errors.js';
import {DamagedDatabaseError, Store} from '../../src/store/database.js';
import {LATEST_VERSION} from '../../src/store/migrations.js';
import {
	damageTable,
	databaseAtVersion,
	databaseWithDeckTitled,
	databaseWithHistory,
	deckTitleIn,
	deckTitlesIn,
	markNewerSchema,
	onlineBackupCopy,
	otherProgramsDatabase,
	quickCheckOf,
	retitleDecks,
	retitleUncommitted,
	versionOneDatabaseKilledMidWrite,
} from '../helpers/raw-database.js';
import {schemaVersionOf} from '../../src/store/safety/backup-file.js';
import {makeTempDir} from '../helpers/temp.js';

const DAY = 86_400_000;
const t0 = Date.parse('2026-11-24T09:00:00Z');
const sameUtcDay = (a: number, b: number) => new Date(a).toISOString().slice(0, 10) === new Date(b).toISOString().slice(0, 10);
let dbPath: string;

beforeEach(() => {
	dbPath = join(makeTempDir('fluency-backup-'), 'fluency.db');
});
afterEach(() => {
	rmSync(dirname(dbPath), {recursive: true, force: true});
});

const databaseWithDeck = databaseWithDeckTitled;
const titleIn = deckTitleIn;

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
		databaseAtVersion(dbPath, 1).close();
		const backup = await automaticBackup(dbPath, t0, 10, sameUtcDay);
		expect(backup).toMatch(/-before-migration\.db$/);
		expect(schemaVersionOf(backup!)).toBe(1);
		if (LATEST_VERSION > 1) {
			Store.open(dbPath).close();
			expect(schemaVersionOf(dbPath)).toBe(LATEST_VERSION);
		}
	});

	it('makes one before a migration of a database a killed process left with a hot journal, of what was committed', async () => {
		versionOneDatabaseKilledMidWrite(dbPath);
		expect(existsSync(`${dbPath}-journal`)).toBe(true);
		const backup = await automaticBackup(dbPath, t0, 10, sameUtcDay);
		expect(backup).toMatch(/-before-migration\.db$/);
		expect(schemaVersionOf(backup!)).toBe(1);
		expect(deckTitlesIn(backup!)).toEqual(['committed']);
		Store.open(dbPath).close();
		expect(deckTitlesIn(dbPath)).toEqual(['committed']);
	});

	it('keeps only the last N', async () => {
		databaseWithDeck(dbPath, 'x');
		for (let day = 0; day < 6; day++) await backupNow(dbPath, 'manual', t0 + day * DAY, 3);
		expect(listBackups(dbPath).map((backup) => new Date(backup.at).toISOString().slice(0, 10))).toEqual(['2026-11-29', '2026-11-28', '2026-11-27']);
	});

	it('copies consistently while another connection is writing', async () => {
		databaseWithDeck(dbPath, 'x');
		const writer = Store.open(dbPath);
		const rollBack = retitleUncommitted(writer.db, 'uncommitted');
		const backup = await backupNow(dbPath, 'manual', t0, 10);
		rollBack();
		writer.close();
		expect(titleIn(backup)).toBe('x');
	});
});

describe('restore', () => {
	it('puts the backup in place and keeps the current database as a backup first', async () => {
		databaseWithDeck(dbPath, 'old');
		const backup = await backupNow(dbPath, 'manual', t0, 10);
		const store = Store.open(dbPath);
		retitleDecks(store.db, 'new');
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
			otherProgramsDatabase,
			/is not a fluency database; nothing was changed$/,
		],
		[
			'a database from a newer fluency',
			(path: string) => {
				Store.open(path).close();
				markNewerSchema(path, LATEST_VERSION + 1);
			},
			/written by a newer fluency/,
		],
	])('refuses %s and changes nothing', async (_what, make, message) => {
		databaseWithDeck(dbPath, 'current');
		const before = readFileSync(dbPath);
		const bad = join(makeTempDir('fluency-bad-'), 'bad.db');
		make(bad);
		await expect(restoreBackup(bad, dbPath, t0, 10)).rejects.toThrow(UserError);
		await expect(restoreBackup(bad, dbPath, t0, 10)).rejects.toThrow(message);
		expect(readFileSync(dbPath).equals(before)).toBe(true);
		expect(listBackups(dbPath)).toEqual([]);
	});
});

const databaseAtVersion1 = (path: string) => databaseAtVersion(path, 1, {wal: true}).close();
const soundnessOf = quickCheckOf;
/** Everything in the backups folder, backups and anything beside them. */
const backupsFolder = () => readdirSync(backupsDirFor(dbPath)).sort();

describe('a damaged database', () => {
	it('is never backed up, and no backup is deleted because of it', async () => {
		databaseWithHistory(dbPath, join(dirname(dbPath), 'decks'));
		for (let day = 0; day < 3; day++) await backupNow(dbPath, 'daily', t0 + day * DAY, 3);
		const before = backupsFolder();
		damageTable(dbPath);
		// Days of failed runs: each would be the first of its day, with only 3 backups kept.
		for (let day = 3; day < 7; day++) {
			await expect(automaticBackup(dbPath, t0 + day * DAY, 3, sameUtcDay)).rejects.toThrow(DamagedDatabaseError);
			await expect(automaticBackup(dbPath, t0 + day * DAY, 3, sameUtcDay)).rejects.toThrow(/is damaged \(.*\); it was not backed up and no backup was deleted$/);
		}
		await expect(backupNow(dbPath, 'manual', t0 + 7 * DAY, 1)).rejects.toThrow(DamagedDatabaseError);
		expect(backupsFolder()).toEqual(before);
		expect(latestGoodBackup(dbPath)?.path).toMatch(/2026-11-26T.*-daily\.db$/);
	});

	it('is kept, as a damaged copy that deletes nothing, when a restore replaces it', async () => {
		databaseWithHistory(dbPath, join(dirname(dbPath), 'decks'));
		const good = await backupNow(dbPath, 'daily', t0, 2);
		await backupNow(dbPath, 'daily', t0 + DAY, 2);
		damageTable(dbPath);
		const damagedBytes = readFileSync(dbPath);
		const {safetyCopy} = await restoreBackup(good, dbPath, t0 + 2 * DAY, 2);
		expect(safetyCopy).toMatch(/-damaged\.db$/);
		expect(readFileSync(safetyCopy!).subarray(100).equals(damagedBytes.subarray(100))).toBe(true);
		expect(listBackups(dbPath).map((backup) => backup.reason)).toEqual(['damaged', 'daily', 'daily']);
		expect(soundnessOf(dbPath)).toBe('ok');
		// Never offered as the backup to restore.
		expect(latestGoodBackup(dbPath)?.reason).toBe('daily');
	});

	it('names as the latest good backup the newest one that is sound, passing over damaged ones', async () => {
		databaseWithHistory(dbPath, join(dirname(dbPath), 'decks'));
		const good = await backupNow(dbPath, 'daily', t0, 10);
		// A damaged backup, as fluency made them before it checked its copies.
		const damaged = join(backupsDirFor(dbPath), 'fluency-2026-11-25T09-00-00-000Z-daily.db');
		copyFileSync(dbPath, damaged);
		damageTable(damaged);
		expect(listBackups(dbPath)[0]!.path).toBe(damaged);
		expect(latestGoodBackup(dbPath)?.path).toBe(good);
	});
});

describe('keepBackups: 0', () => {
	it('deletes no backup: a manual one is added to the others, and no daily one is made', async () => {
		databaseWithDeck(dbPath, 'x');
		for (let day = 0; day < 3; day++) await backupNow(dbPath, 'manual', t0 + day * DAY, 10);
		await backupNow(dbPath, 'manual', t0 + 3 * DAY, 0);
		expect(listBackups(dbPath)).toHaveLength(4);
		expect(await automaticBackup(dbPath, t0 + 4 * DAY, 0, sameUtcDay)).toBeUndefined();
		expect(listBackups(dbPath)).toHaveLength(4);
	});

	it('still backs a database up before migrating it', async () => {
		if (LATEST_VERSION === 1) return;
		databaseAtVersion1(dbPath);
		expect(await automaticBackup(dbPath, t0, 0, sameUtcDay)).toMatch(/-before-migration\.db$/);
	});
});

describe('a database that needs migrating', () => {
	it('is refused its migration, unchanged, when it cannot be backed up first', async () => {
		databaseAtVersion1(dbPath);
		writeFileSync(backupsDirFor(dbPath), 'a file where the backups folder goes');
		const before = readFileSync(dbPath);
		const attempt = automaticBackup(dbPath, t0, 10, sameUtcDay);
		await expect(attempt).rejects.toThrow(UpgradeRefusedError);
		await expect(attempt).rejects.toThrow(/ was not upgraded because it could not be backed up first \(.*backups is a file, not a folder\); nothing was changed$/);
		expect(readFileSync(dbPath).equals(before)).toBe(true);
	});
});

describe('backup files', () => {
	it('are rollback-journal files: checking and restoring one leaves nothing beside it', async () => {
		databaseWithDeck(dbPath, 'x');
		const backup = await backupNow(dbPath, 'manual', t0, 10);
		expect(readFileSync(backup)[18]).toBe(1); // 2 would be WAL mode
		await restoreBackup(backup, dbPath, t0 + 1000, 10);
		expect(latestGoodBackup(dbPath)).toBeDefined();
		expect(backupsFolder().filter((name) => !name.endsWith('.db'))).toEqual([]);
	});

	it('made by an older fluency in WAL mode leave nothing beside them either, and rotation takes their -wal and -shm with them', async () => {
		databaseWithDeck(dbPath, 'x');
		mkdirSync(backupsDirFor(dbPath));
		const old = join(backupsDirFor(dbPath), 'fluency-2026-11-20T09-00-00-000Z-daily.db');
		await onlineBackupCopy(dbPath, old);
		expect(readFileSync(old)[18]).toBe(2);
		await restoreBackup(old, dbPath, t0, 10);
		expect(backupsFolder().filter((name) => !name.endsWith('.db'))).toEqual([]);
		// What restoring one used to leave behind.
		writeFileSync(`${old}-wal`, '');
		writeFileSync(`${old}-shm`, '');
		await backupNow(dbPath, 'manual', t0 + DAY, 1);
		expect(backupsFolder()).toEqual(['fluency-2026-11-25T09-00-00-000Z-manual.db']);
	});

	it('are never left half-written under a backup name', async () => {
		databaseWithDeck(dbPath, 'x');
		mkdirSync(backupsDirFor(dbPath));
		// Copies cut short by a killed process: never counted as backups; cleaned up once surely abandoned.
		const abandoned = join(backupsDirFor(dbPath), 'fluency-2026-11-24T07-00-00-000Z-daily.db.partial');
		const inProgress = join(backupsDirFor(dbPath), 'fluency-2026-11-24T08-59-59-000Z-daily.db.partial');
		writeFileSync(abandoned, 'half a database');
		writeFileSync(inProgress, 'half a database');
		utimesSync(abandoned, new Date(t0 - 7_200_000), new Date(t0 - 7_200_000));
		utimesSync(inProgress, new Date(t0 - 1000), new Date(t0 - 1000));
		expect(listBackups(dbPath)).toEqual([]);
		await backupNow(dbPath, 'manual', t0, 10);
		expect(listBackups(dbPath)).toHaveLength(1);
		expect(existsSync(abandoned)).toBe(false);
		expect(existsSync(inProgress)).toBe(true);
	});
});

describe('a database that lost its history (issue 15)', () => {
	it('calls an empty database file damaged when its backups hold history, and deletes no backup', async () => {
		databaseWithHistory(dbPath, join(dirname(dbPath), "decks"), 30, 60);
		await backupNow(dbPath, 'daily', t0, 3);
		// A failed copy, or a full disk, left the database file empty.
		writeFileSync(dbPath, '');
		await expect(automaticBackup(dbPath, t0 + DAY, 3, sameUtcDay)).rejects.toThrow(/is empty \(0 bytes\) although its backups hold history/);
		expect(listBackups(dbPath)).toHaveLength(1);
	});

	it('never rotates away the newest backup that holds more history than the database', async () => {
		databaseWithHistory(dbPath, join(dirname(dbPath), "decks"), 30, 60);
		await backupNow(dbPath, 'daily', t0, 3);
		// The database is replaced by a new, empty one (the history is only in the backup now), then used for days.
		for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, {force: true});
		Store.open(dbPath).close();
		for (let day = 1; day <= 5; day++) await backupNow(dbPath, 'daily', t0 + day * DAY, 3);
		const kept = listBackups(dbPath).map((backup) => new Date(backup.at).toISOString().slice(0, 10));
		expect(kept).toContain('2026-11-24');
		expect(kept.slice(0, 3)).toEqual(['2026-11-29', '2026-11-28', '2026-11-27']);
	});
});
