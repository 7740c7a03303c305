/*
Consistent copies of a database with SQLite's online backup API, and the checks that tell a
fluency database from anything else before it is restored.
*/
import {existsSync, renameSync, rmSync} from 'node:fs';
import Database from 'better-sqlite3';
import {APPLICATION_ID, StoreError} from './database.js';
import {LATEST_VERSION} from './migrations.js';

/** What a database file holds, as far as opening it read-only tells. */
export type DatabaseFacts = {readonly version: number; readonly cards: number; readonly reviews: number};

/** Copy a database while others may be using it; the copy is a consistent snapshot. */
export async function backupDatabaseFile(sourcePath: string, destinationPath: string): Promise<void> {
	const source = new Database(sourcePath, {readonly: true, fileMustExist: true, timeout: 10_000});
	try {
		await source.backup(destinationPath);
	} finally {
		source.close();
	}
}

/** The schema version of a database file, without changing it; undefined for a file that is not there. */
export function schemaVersionOf(path: string): number | undefined {
	if (!existsSync(path)) return undefined;
	const db = new Database(path, {readonly: true, fileMustExist: true});
	try {
		return db.pragma('user_version', {simple: true}) as number;
	} catch {
		return undefined; // Not readable as a database: opening it later says so in one line.
	} finally {
		db.close();
	}
}

/**
Check that a file is a fluency database this version can use, and count what it holds. Throws a
StoreError in plain words when it is not.
*/
export function inspectDatabase(path: string): DatabaseFacts {
	if (!existsSync(path)) throw new StoreError(`${path}: no such file`);
	let db: Database.Database;
	try {
		db = new Database(path, {readonly: true, fileMustExist: true});
	} catch (thrown) {
		throw new StoreError(`${path} cannot be opened: ${(thrown as Error).message}`);
	}
	try {
		let applicationId: number;
		let version: number;
		try {
			applicationId = db.pragma('application_id', {simple: true}) as number;
			version = db.pragma('user_version', {simple: true}) as number;
		} catch {
			throw new StoreError(`${path} is not a fluency database (not a SQLite file)`);
		}
		if (applicationId !== APPLICATION_ID) throw new StoreError(`${path} is not a fluency database`);
		if (version > LATEST_VERSION) throw new StoreError(`${path} was written by a newer fluency (schema ${version}; this one knows up to ${LATEST_VERSION})`);
		const check = db.pragma('quick_check', {simple: true});
		if (check !== 'ok') throw new StoreError(`${path} is damaged (${String(check)})`);
		const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as {n: number}).n;
		return {version, cards: count('cards'), reviews: count('reviews')};
	} finally {
		db.close();
	}
}

/**
Put a copy of `sourcePath` in place of the database at `targetPath`. The copy is written next
to the target first and renamed over it, so a crash leaves either the old or the new database,
never half of one. The target's WAL files go with it: they belong to the old database.
*/
export async function replaceDatabase(sourcePath: string, targetPath: string): Promise<void> {
	const staging = `${targetPath}.restoring`;
	rmSync(staging, {force: true});
	await backupDatabaseFile(sourcePath, staging);
	for (const suffix of ['-wal', '-shm']) rmSync(`${targetPath}${suffix}`, {force: true});
	renameSync(staging, targetPath);
}
