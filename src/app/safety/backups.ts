import {copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, type Stats, statSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {answersIn, copyAndCheck, type DatabaseFacts, describeProblems, inspectDatabase, replaceDatabase, schemaVersionOf, useRollbackJournal} from '../../store/safety/backup-file.js';
import {DamagedDatabaseError, isDamage, StoreError} from '../../store/database.js';
import {LATEST_VERSION} from '../../store/migrations.js';
import {UserError} from '../errors.js';

/*
Automatic backups: once a day on first use, before every migration, and before a restore.
They sit in `backups/` next to the database, named so they sort by time, and only the last
`keep` are kept. Every copy is checked before it is kept: a damaged database is never backed
up, so it can never push a good backup out.
*/

export type BackupReason = 'daily' | 'manual' | 'before-migration' | 'before-restore';
export type Backup = {readonly path: string; readonly at: number; readonly reason: string};

/**
The reason a kept copy of a damaged database carries. One is made only before a restore
replaces it (it may hold answers the restored backup lacks); it is never restored from, never
named as the backup to restore, and never counted or deleted by rotation.
*/
export const DAMAGED = 'damaged';

const NAME = /^(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-([a-z-]+)\.db$/;
/** A copy being written: renamed to its backup name once checked, so a crash never leaves a half copy that counts as a backup. */
const PARTIAL = '.partial';
/** Older than this, a partial copy was left by a process that died: no backup takes an hour. */
const STALE_PARTIAL_MS = 3_600_000;

/** The database was not migrated because no backup of it could be made first. */
export class UpgradeRefusedError extends StoreError {}

export function backupsDirFor(dbPath: string): string {
	return join(dirname(dbPath), 'backups');
}

/** Backups of this database, newest first. */
export function listBackups(dbPath: string): Backup[] {
	const dir = backupsDirFor(dbPath);
	if (!isDirectory(dir)) return [];
	const stem = stemOf(dbPath);
	return readdirSync(dir)
		.flatMap((name) => {
			const match = NAME.exec(name);
			if (!match || match[1] !== stem) return [];
			const at = Date.parse(match[2]!.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z'));
			return [{path: join(dir, name), at, reason: match[3]!}];
		})
		.sort((a, b) => b.at - a.at);
}

/**
The newest backup that is sound and that this fluency can restore. Backups made before copies
were checked may be damaged, so each is checked, newest first, until one passes: this runs only
when the database is found damaged.
*/
export function latestGoodBackup(dbPath: string): Backup | undefined {
	return listBackups(dbPath)
		.filter((backup) => backup.reason !== DAMAGED)
		.find((backup) => {
			useRollbackJournal(backup.path);
			try {
				inspectDatabase(backup.path);
				return true;
			} catch (thrown) {
				if (thrown instanceof StoreError) return false;
				throw thrown;
			}
		});
}

/** The end of the one line that reports a damaged database: the backup to restore, when there is one. */
export function restoreAdvice(dbPath: string, good = latestGoodBackup(dbPath)): string {
	return good ? `; the latest good backup is ${good.path} (fluency restore ${good.path})` : '';
}

/**
Back the database up now. The copy is checked first: a damaged database throws a
DamagedDatabaseError and leaves no copy and every backup in place, unless `keepDamaged` (before
a restore), which keeps the copy under the reason DAMAGED and still deletes nothing. After a
sound copy only the last `keep` sound backups are kept; `keep` 0 deletes none.
*/
export async function backupNow(dbPath: string, reason: BackupReason, now: number, keep: number, {keepDamaged = false} = {}): Promise<string> {
	const dir = backupsDirFor(dbPath);
	makeDirectory(dir);
	const stamp = new Date(now).toISOString().replace(/:/g, '-').replace('.', '-');
	const nameFor = (why: string) => join(dir, `${stemOf(dbPath)}-${stamp}-${why}.db`);
	const partial = `${nameFor(reason)}${PARTIAL}`;
	let problems: string[];
	// Whatever is at the temporary name goes first: SQLite would write a copy through a link left there.
	removeDatabaseFile(partial);
	try {
		problems = await copyAndCheck(dbPath, partial);
	} catch (thrown) {
		removeDatabaseFile(partial);
		// Damage bad enough that not even the copy could be made.
		if (isDamage(thrown)) throw new DamagedDatabaseError(dbPath, (thrown as Error).message, `${dbPath} is damaged (${(thrown as Error).message}); it was not backed up and no backup was deleted`);
		throw thrown;
	}
	if (problems.length > 0 && !keepDamaged) {
		removeDatabaseFile(partial);
		throw new DamagedDatabaseError(dbPath, describeProblems(problems), `${dbPath} is damaged (${describeProblems(problems)}); it was not backed up and no backup was deleted`);
	}
	const path = nameFor(problems.length > 0 ? DAMAGED : reason);
	renameSync(partial, path);
	if (problems.length === 0) rotate(dbPath, keep, now);
	return path;
}

/**
Before a command opens the database: back it up when it is about to be migrated, or when no
backup was made yet today (unless `keep` is 0, which turns the daily backup off). A database
that does not exist yet needs neither. Throws a DamagedDatabaseError for a damaged database, and
an UpgradeRefusedError when a database that needs migrating could not be backed up.
*/
export async function automaticBackup(dbPath: string, now: number, keep: number, isSameDay: (a: number, b: number) => boolean): Promise<string | undefined> {
	if (dbPath === ':memory:') return undefined;
	let stats: Stats | undefined;
	try {
		stats = statSync(dbPath, {throwIfNoEntry: false});
	} catch (thrown) {
		// A file where a folder of the path should be (a data directory set to a file): no database
		// to back up, and opening it says why.
		if ((thrown as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
		throw thrown;
	}
	if (stats?.size === 0 && listBackups(dbPath).some((backup) => backup.reason !== DAMAGED)) {
		// SQLite would take an empty file for a new database, and the next rotations would delete the backups holding the history.
		throw new DamagedDatabaseError(dbPath, 'the file is empty', `${dbPath} is empty (0 bytes) although its backups hold history: it was damaged (a failed copy, a full disk?), not created new; nothing was changed`);
	}
	const version = schemaVersionOf(dbPath);
	if (version === undefined || version === 0) return undefined;
	if (version < LATEST_VERSION) {
		// Made even when keepBackups is 0: an upgrade is the one change fluency cannot undo without it.
		try {
			return await backupNow(dbPath, 'before-migration', now, keep);
		} catch (thrown) {
			if (thrown instanceof DamagedDatabaseError) throw thrown;
			throw new UpgradeRefusedError(`${dbPath} was not upgraded because it could not be backed up first (${(thrown as Error).message}); nothing was changed`);
		}
	}
	if (keep <= 0) return undefined;
	const latest = listBackups(dbPath).find((backup) => backup.reason !== DAMAGED);
	if (latest && isSameDay(latest.at, now)) return undefined;
	return backupNow(dbPath, 'daily', now, keep);
}

/**
Replace the database with a backup. The file must be a fluency database this version can read;
the current database is backed up first, so a restore can itself be undone. A damaged current
database is kept too, as a DAMAGED copy: it may hold answers the backup lacks.
*/
export async function restoreBackup(file: string, dbPath: string, now: number, keep: number): Promise<{facts: DatabaseFacts; safetyCopy?: string}> {
	if (resolve(file) === resolve(dbPath)) throw new UserError(`${file} is the database itself; name a backup to restore (fluency backup --list)`, 2);
	if (resolve(dirname(file)) === resolve(backupsDirFor(dbPath))) useRollbackJournal(file);
	let facts: DatabaseFacts;
	try {
		facts = inspectDatabase(file);
	} catch (thrown) {
		if (thrown instanceof StoreError) throw new UserError(`cannot restore: ${thrown.message}; nothing was changed`);
		throw thrown;
	}
	if (existsSync(dbPath) && !isFile(dbPath)) throw new UserError(`${dbPath} is not a database file; nothing was changed`, 2);
	let safetyCopy: string | undefined;
	if (isFile(dbPath)) {
		// At least 2 (this copy and the one restored from), but 0 still means "delete none".
		safetyCopy = schemaVersionOf(dbPath) === undefined ? keepUnreadable(dbPath, now) : await backupNow(dbPath, 'before-restore', now, keep === 0 ? 0 : Math.max(keep, 2), {keepDamaged: true}).catch((thrown: unknown) => {
			if (thrown instanceof DamagedDatabaseError) return keepUnreadable(dbPath, now);
			throw thrown;
		});
	}
	mkdirSync(dirname(dbPath), {recursive: true});
	await replaceDatabase(file, dbPath);
	return {facts, ...(safetyCopy ? {safetyCopy} : {})};
}

/** Keep a database SQLite cannot read at all, byte for byte with its log, before a restore replaces it. */
function keepUnreadable(dbPath: string, now: number): string {
	const dir = backupsDirFor(dbPath);
	makeDirectory(dir);
	const path = join(dir, `${stemOf(dbPath)}-${new Date(now).toISOString().replace(/:/g, '-').replace('.', '-')}-${DAMAGED}.db`);
	copyFileSync(dbPath, path);
	if (isFile(`${dbPath}-wal`)) copyFileSync(`${dbPath}-wal`, `${path}-wal`);
	return path;
}

/** Keep the newest `keep` sound backups; copies of damaged databases are never counted or deleted. */
function rotate(dbPath: string, keep: number, now: number): void {
	const dir = backupsDirFor(dbPath);
	for (const name of readdirSync(dir)) {
		if (!name.startsWith(`${stemOf(dbPath)}-`) || !name.endsWith(PARTIAL)) continue;
		const path = join(dir, name);
		// Another process may finish (and rename) its copy meanwhile.
		const modified = statSync(path, {throwIfNoEntry: false})?.mtimeMs;
		if (modified !== undefined && now - modified > STALE_PARTIAL_MS) removeDatabaseFile(path);
	}
	if (keep <= 0) return;
	const sound = listBackups(dbPath).filter((backup) => backup.reason !== DAMAGED);
	const doomed = sound.slice(keep);
	if (doomed.length === 0) return;
	// The newest backup is the database as it is now. The newest one holding more answers than it
	// is kept whatever its age: the database may have lost history (replaced by an empty one, say)
	// that only that backup still holds.
	const current = answersIn(sound[0]!.path) ?? 0;
	const richer = sound.slice(1).find((backup) => (answersIn(backup.path) ?? 0) > current);
	for (const old of doomed) if (old !== richer) removeDatabaseFile(old.path);
}

/** A database file with the files SQLite keeps beside it (older backups were WAL-mode files that grew them when opened). */
function removeDatabaseFile(path: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, {force: true});
}

function makeDirectory(dir: string): void {
	try {
		mkdirSync(dir, {recursive: true});
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		// mkdir's own words ("EEXIST: file already exists, mkdir …") do not say what is in the way.
		if (code === 'EEXIST') throw new UserError(`${dir} is a file, not a folder`);
		if (code === 'ENOTDIR') throw new UserError(`${dir} cannot be a folder: part of its path is a file`);
		throw thrown;
	}
}

function stemOf(dbPath: string): string {
	return basename(dbPath).replace(/\.db$/, '');
}

function isFile(path: string): boolean {
	return existsSync(path) && statSync(path).isFile();
}

function isDirectory(path: string): boolean {
	return existsSync(path) && statSync(path).isDirectory();
}
