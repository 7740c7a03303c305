import {existsSync, mkdirSync, readdirSync, rmSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {backupDatabaseFile, type DatabaseFacts, inspectDatabase, replaceDatabase, schemaVersionOf} from '../store/backup.js';
import {StoreError} from '../store/database.js';
import {LATEST_VERSION} from '../store/migrations.js';
import {UserError} from './errors.js';

/*
Automatic backups: once a day on first use, before every migration, and before a restore.
They sit in `backups/` next to the database, named so they sort by time, and only the last
`keep` are kept.
*/

export type BackupReason = 'daily' | 'manual' | 'before-migration' | 'before-restore';
export type Backup = {readonly path: string; readonly at: number; readonly reason: string};

const NAME = /^(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-([a-z-]+)\.db$/;

export function backupsDirFor(dbPath: string): string {
	return join(dirname(dbPath), 'backups');
}

/** Backups of this database, newest first. */
export function listBackups(dbPath: string): Backup[] {
	const dir = backupsDirFor(dbPath);
	if (!existsSync(dir)) return [];
	const stem = basename(dbPath).replace(/\.db$/, '');
	return readdirSync(dir)
		.flatMap((name) => {
			const match = NAME.exec(name);
			if (!match || match[1] !== stem) return [];
			const at = Date.parse(match[2]!.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z'));
			return [{path: join(dir, name), at, reason: match[3]!}];
		})
		.sort((a, b) => b.at - a.at);
}

export async function backupNow(dbPath: string, reason: BackupReason, now: number, keep: number): Promise<string> {
	const dir = backupsDirFor(dbPath);
	mkdirSync(dir, {recursive: true});
	const stamp = new Date(now).toISOString().replace(/:/g, '-').replace('.', '-');
	const path = join(dir, `${basename(dbPath).replace(/\.db$/, '')}-${stamp}-${reason}.db`);
	await backupDatabaseFile(dbPath, path);
	for (const old of listBackups(dbPath).slice(Math.max(1, keep))) rmSync(old.path, {force: true});
	return path;
}

/**
Before a command opens the database: back it up when it is about to be migrated, or when no
backup was made yet today. A database that does not exist yet needs neither.
*/
export async function automaticBackup(dbPath: string, now: number, keep: number, isSameDay: (a: number, b: number) => boolean): Promise<string | undefined> {
	if (dbPath === ':memory:' || keep <= 0) return undefined;
	const version = schemaVersionOf(dbPath);
	if (version === undefined || version === 0) return undefined;
	if (version < LATEST_VERSION) return backupNow(dbPath, 'before-migration', now, keep);
	const latest = listBackups(dbPath)[0];
	if (latest && isSameDay(latest.at, now)) return undefined;
	return backupNow(dbPath, 'daily', now, keep);
}

/**
Replace the database with a backup. The file must be a fluency database this version can read;
the current database is backed up first, so a restore can itself be undone.
*/
export async function restoreBackup(file: string, dbPath: string, now: number, keep: number): Promise<{facts: DatabaseFacts; safetyCopy?: string}> {
	if (resolve(file) === resolve(dbPath)) throw new UserError(`${file} is the database itself; name a backup to restore (fluency backup --list)`, 2);
	let facts: DatabaseFacts;
	try {
		facts = inspectDatabase(file);
	} catch (thrown) {
		if (thrown instanceof StoreError) throw new UserError(`cannot restore: ${thrown.message}; nothing was changed`);
		throw thrown;
	}
	const safetyCopy = existsSync(dbPath) && schemaVersionOf(dbPath) !== undefined ? await backupNow(dbPath, 'before-restore', now, Math.max(keep, 2)) : undefined;
	mkdirSync(dirname(dbPath), {recursive: true});
	await replaceDatabase(file, dbPath);
	return {facts, ...(safetyCopy ? {safetyCopy} : {})};
}
