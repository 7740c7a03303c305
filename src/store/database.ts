import {accessSync, constants, mkdirSync, statSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {dirname} from 'node:path';
import type Database from 'better-sqlite3';
import {openSqlite} from './sqlite.js';
import {v7 as uuidv7} from 'uuid';
import {LATEST_VERSION, MIGRATIONS} from './migrations.js';
import {withAnswerCounts} from './stats/answer-slots.js';

export type Db = Database.Database;

/** "FLNC": marks a SQLite file as fluency's, so restore and open can tell it from any other. */
export const APPLICATION_ID = 0x464c4e43;

/** With checkpoints left to idle time, the log still never grows past about 40 MB. */
const IDLE_CHECKPOINT_LIMIT_BYTES = 40 * 1024 * 1024;
// A negative cache_size is in KiB; see preferSmallPageCache.
const SMALL_PAGE_CACHE_KIB = 4000;
// What a sort holds in memory before it hands the run to a helper thread: see withParallelSorts.
const PARALLEL_SORT_CACHE_KIB = 2000;

/** The page size a database fluency creates gets (SQLite's default is 4096): see Store.open. */
const NEW_DATABASE_PAGE_SIZE = 8192;

/** A database problem the user can act on; its message is one line. */
export class StoreError extends Error {
	override readonly name = 'StoreError';
}

/**
The database file is damaged: SQLite found pages or rows it cannot make sense of. `detail` is
what SQLite said, for the one line the CLI prints with the backup to restore.
*/
export class DamagedDatabaseError extends StoreError {
	readonly path: string;
	readonly detail: string;

	constructor(path: string, detail: string, message = `${path} is damaged (${detail})`) {
		super(message);
		this.path = path;
		this.detail = detail;
	}
}

/**
JSON text read from a row. Damage inside a row's text breaks no rule SQLite checks; it is reported
as SQLite reports the damage it finds (code SQLITE_CORRUPT), so every command says the database
is damaged and names the backup to restore, instead of failing as a bug.
*/
export function storedJson<T>(text: string, what: string): T {
	try {
		return JSON.parse(text) as T;
	} catch {
		throw Object.assign(new Error(`damaged text where ${what} should be`), {code: 'SQLITE_CORRUPT'});
	}
}

/** Whether SQLite failed because the file is damaged, rather than busy, missing or misused. */
export function isDamage(thrown: unknown): boolean {
	const code = (thrown as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
The one true sentence for SQLite failing on the files rather than on their content: a read-only
database (another user's, or left by one `sudo fluency`), a read-only -wal or -shm beside it, a
folder it cannot create them in, a full disk, an input/output error. Undefined for anything else.
None of these is damage: restoring a backup over a file that is merely read-only would lose answers.
*/
export function accessProblem(path: string, thrown: unknown): StoreError | undefined {
	const code = (thrown as {code?: unknown} | undefined)?.code;
	if (typeof code !== 'string') return undefined;
	if (code === 'SQLITE_FULL' || code === 'ENOSPC') return new StoreError(`the disk holding ${path} is full; free some space and run the command again (what it saved before is kept)`);
	if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return new StoreError(`${path} could not be read or written: an input/output error (${messageOf(thrown)}); check the disk`);
	if (!code.startsWith('SQLITE_READONLY') && code !== 'SQLITE_CANTOPEN' && code !== 'SQLITE_PERM' && code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM') return undefined;
	if (path === ':memory:') return undefined;
	const denied = writeAccessProblem(path);
	if (denied) return denied;
	// Only a read-only open meets a hot journal: a writer rolls it back. Pre-WAL files only, so an older fluency's.
	if (code === 'SQLITE_READONLY_ROLLBACK') {
		return new StoreError(`${path} holds a write an older fluency was stopped in the middle of; the next \`fluency sync\` rolls it back and upgrades the database, after a backup`);
	}
	if (code === 'EROFS' || code === 'SQLITE_READONLY') return new StoreError(`${path} cannot be written (${messageOf(thrown)}): is it on a read-only disk?; nothing was changed`);
	return new StoreError(`${path} cannot be opened for writing (${messageOf(thrown)}); nothing was changed`);
}

/** Which of the database, its -wal, -shm and -journal files, or their folder, this user cannot write, said as the one-line error. */
function writeAccessProblem(path: string): StoreError | undefined {
	const notWritable = (file: string) => {
		try {
			accessSync(file, constants.W_OK);
			return false;
		} catch (error) {
			return (error as NodeJS.ErrnoException).code !== 'ENOENT';
		}
	};
	const fix = 'fluency needs to write to it: give this user write access (chmod u+w, or chown), or run fluency as its owner; nothing was changed';
	const owner = (file: string) => {
		const stats = statSync(file, {throwIfNoEntry: false});
		return stats ? ` (owner uid ${stats.uid}, mode ${(stats.mode & 0o777).toString(8)})` : '';
	};
	if (notWritable(path)) return new StoreError(`${path} is read-only for this user${owner(path)}; ${fix}`);
	for (const suffix of ['-wal', '-shm', '-journal']) {
		if (notWritable(`${path}${suffix}`)) return new StoreError(`${path}${suffix}, beside the database, is read-only for this user${owner(`${path}${suffix}`)}; ${fix}`);
	}
	if (notWritable(dirname(path))) return new StoreError(`the folder ${dirname(path)} is read-only for this user${owner(dirname(path))}, and SQLite must create its -wal and -shm files beside ${path}; ${fix}`);
	return undefined;
}

export type OpenOptions = {
	/** Called before migrating a database that already holds data, e.g. to back it up. */
	readonly beforeMigration?: (db: Db, fromVersion: number) => void;
	/** Milliseconds to wait for another process's write to finish. */
	readonly busyTimeoutMs?: number;
};

/**
How rows come back from a statement. better-sqlite3 keeps `.raw()` and `.pluck()` on the statement
itself, so a cached statement switched to arrays would hand arrays to the next caller of the same
SQL; each shape is therefore its own prepared statement, set once when it is prepared.
*/
export type RowShape = 'objects' | 'arrays' | 'values';

/**
An open fluency database: WAL mode, foreign keys on, schema migrated.

There is one way to reach it. Outside src/store, code calls the functions the store's modules
export, each taking the `Store` first (`activeCards(store)`, `readMeta(store, key)`); only its
lifecycle (open, transaction, checkpoint, close) and its device id are methods. Inside src/store,
those functions run SQL through `statement()`, and `db` only for what a statement cannot do
(pragmas, DDL). Every SQL statement, schema and migration lives in src/store.
*/
export class Store {
	readonly db: Db;
	readonly path: string;
	readonly deviceId: string;
	readonly #statements: Record<RowShape, Map<string, Database.Statement>> = {objects: new Map(), arrays: new Map(), values: new Map()};

	private constructor(db: Db, path: string, readOnly = false) {
		this.db = db;
		this.path = path;
		this.deviceId = readOnly ? (this.#storedDeviceId() ?? '') : this.#ensureDeviceId();
	}

	static open(path: string, options: OpenOptions = {}): Store {
		if (path !== ':memory:') makeFolderFor(path);
		let db: Db;
		try {
			db = openSqlite(path, {timeout: options.busyTimeoutMs ?? 10_000});
		} catch (thrown) {
			// SQLite only says "unable to open database file" for `--db some/folder`.
			if (isDirectory(path)) throw new StoreError(`cannot open the database ${path}: it is a directory, not a database file`);
			const access = accessProblem(path, thrown);
			if (access) throw access;
			throw new StoreError(`cannot open the database ${path}: ${messageOf(thrown)}`);
		}
		// Refused up front: a command that happens to write nothing (most of them, most days) would
		// otherwise work, and the first answer of the next review would be the first to fail.
		const denied = path === ':memory:' ? undefined : writeAccessProblem(path);
		if (denied) {
			db.close();
			throw denied;
		}
		try {
			const version = readVersion(db, path);
			// A card row is about a kilobyte of text: twice SQLite's default page holds twice as many, so
			// bulk work reads and writes half as many pages (a first sync of 100,000 cards 2.98-3.81 ->
			// 2.65-2.78 s, a 220,000-review import 9.2-10.5 -> 8.7-8.8 s). SQLite applies it only to a file
			// not yet written: a database made before keeps its 4 KB pages, as rewriting it would take a VACUUM.
			if (version === 0) db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
			db.pragma('journal_mode = WAL');
			// NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
			db.pragma('synchronous = NORMAL');
			// Foreign keys are enforced once the schema is current: a step that rebuilds a table (the
			// only way SQLite changes a constraint) copies every row as it is, and SQLite ignores this
			// pragma inside the step's transaction, so it is set around the steps.
			db.pragma('foreign_keys = OFF');
			migrate(db, version, options.beforeMigration);
			db.pragma('foreign_keys = ON');
			return new Store(db, path);
		} catch (thrown) {
			db.close();
			if (thrown instanceof StoreError) throw thrown;
			// A damaged page can first be read here (by a migration or the device id), not only by readVersion.
			if (isDamage(thrown)) throw new DamagedDatabaseError(path, messageOf(thrown));
			const access = accessProblem(path, thrown);
			if (access) throw access;
			throw new StoreError(`cannot use the database ${path}: ${messageOf(thrown)}`);
		}
	}

	/**
	Open an existing database to read it only, as `fluency status` does before every shell prompt:
	no file created, no migration, no backup, nothing written. A database of an older schema is
	refused rather than read with queries it does not fit; the next command that writes upgrades it.
	*/
	static openReadOnly(path: string): Store {
		let db: Db;
		try {
			db = openSqlite(path, {readonly: true, fileMustExist: true, timeout: 10_000});
		} catch (thrown) {
			if (isDirectory(path)) throw new StoreError(`cannot open the database ${path}: it is a directory, not a database file`);
			throw new StoreError(`cannot open the database ${path}: ${messageOf(thrown)}`);
		}
		try {
			const version = readVersion(db, path);
			if (version < LATEST_VERSION) throw new StoreError(`${path} is from an older fluency (schema ${version}); \`fluency sync\` upgrades it, after a backup`);
			return new Store(db, path, true);
		} catch (thrown) {
			db.close();
			if (thrown instanceof StoreError) throw thrown;
			if (isDamage(thrown)) throw new DamagedDatabaseError(path, messageOf(thrown));
			throw new StoreError(`cannot read the database ${path}: ${messageOf(thrown)}`);
		}
	}

	/**
	A cached prepared statement: preparing costs more than running for the small queries here.
	Rows come back as objects, as arrays in the SELECT's column order (no object per row, for large
	reads), or as the first column's values; never switch a statement's shape after it is returned.
	*/
	statement(sql: string, shape: RowShape = 'objects'): Database.Statement {
		const cache = this.#statements[shape];
		let statement = cache.get(sql);
		if (!statement) {
			statement = this.db.prepare(sql);
			if (shape === 'arrays') statement.raw(true);
			else if (shape === 'values') statement.pluck(true);
			cache.set(sql, statement);
		}
		return statement;
	}

	/**
	Run `work` in one IMMEDIATE transaction: it takes the write lock at the start, so two processes
	never deadlock on an upgrade. The answers it counted for the statistics are written at its end.
	*/
	transaction<T>(work: () => T): T {
		return this.db.transaction(() => withAnswerCounts(this, work)).immediate();
	}

	/**
	Run `work` as part of the transaction already open, or in one of its own. A nested
	`transaction` opens a savepoint, and SQLite copies each page first changed under a savepoint
	to a statement journal, so that its work alone can be rolled back: for the 220,000 answers of
	a large import, written in batches none of which is ever rolled back alone, 70,000 page
	writes to a temporary file.
	*/
	withinTransaction<T>(work: () => T): T {
		return this.db.inTransaction ? work() : this.transaction(work);
	}

	newEventId(): string {
		return uuidv7();
	}

	/**
	Leave copying the write-ahead log into the database file to `checkpoint()` calls, up to a
	safety limit. SQLite otherwise checkpoints inside whichever commit fills the log past 1000
	pages: with a sync to disk that takes milliseconds, it turns one answer in a hundred from a
	tenth of a millisecond into five. A review session checkpoints while the user reads instead.
	*/
	checkpointWhenIdle(): void {
		const pageSize = this.db.pragma('page_size', {simple: true}) as number;
		this.db.pragma(`wal_autocheckpoint = ${Math.round(IDLE_CHECKPOINT_LIMIT_BYTES / pageSize)}`);
	}

	/**
	Keep at most 4 MB of database pages in memory from here on, instead of SQLite's 16 MB (as
	better-sqlite3 builds it). The cache also bounds what a sort holds before it spills to a
	temporary file: a large import's first export sorts its 220,000 new events, which with the
	full cache added 25 MB to the import's peak. Writing answers at random places in an index
	is slower with it (15% for the import's answers, timed alone), but whole imports took as
	long within their spread, and making the cache small only after the answers were written
	put the peak back near 200 MB.
	*/
	preferSmallPageCache(): void {
		this.db.pragma(`cache_size = -${SMALL_PAGE_CACHE_KIB}`);
	}

	/** Run `work` with the small page cache, then give the cache its size again. */
	withSmallPageCache<T>(work: () => T): T {
		const before = this.db.pragma('cache_size', {simple: true}) as number;
		this.preferSmallPageCache();
		try {
			return work();
		} finally {
			this.db.pragma(`cache_size = ${before}`);
		}
	}

	/**
	Run `work` (building indexes) with SQLite's sorter allowed a helper thread per spare core. The
	sorter hands a run to a helper each time it has read a cache's worth of rows, so the cache is
	made 2 MB meanwhile: with 4 MB, rebuilding the answers' six indexes after a 220,000-answer
	sync took 725-755 ms against 770-790 ms on one thread; with 2 MB, 665-690 ms. Each helper sorts
	into memory of the cache's size, so the peak does not grow.
	*/
	withParallelSorts<T>(work: () => T): T {
		const cacheBefore = this.db.pragma('cache_size', {simple: true}) as number;
		const threadsBefore = this.db.pragma('threads', {simple: true}) as number;
		this.db.pragma(`cache_size = -${PARALLEL_SORT_CACHE_KIB}`);
		this.db.pragma(`threads = ${Math.max(0, availableParallelism() - 1)}`);
		try {
			return work();
		} finally {
			this.db.pragma(`threads = ${threadsBefore}`);
			this.db.pragma(`cache_size = ${cacheBefore}`);
		}
	}

	/**
	Copy what the write-ahead log holds into the database file and sync both to disk, without
	waiting for readers (a reader only makes the copy partial; the next call finishes it).
	*/
	checkpoint(): void {
		this.db.pragma('wal_checkpoint(PASSIVE)');
	}

	close(): void {
		if (this.db.open) this.db.close();
	}

	#storedDeviceId(): string | undefined {
		return this.statement("SELECT value FROM meta WHERE key = 'device_id'", 'values').get() as string | undefined;
	}

	#ensureDeviceId(): string {
		const existing = this.#storedDeviceId();
		if (existing) return existing;
		const id = uuidv7();
		this.statement("INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?)").run(id);
		return this.#storedDeviceId() ?? id;
	}
}

/** The database's folder, made if missing; a file in the way is the user's to move, in one line. */
function makeFolderFor(path: string): void {
	const folder = dirname(path);
	try {
		mkdirSync(folder, {recursive: true});
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		if (code === 'EEXIST' || code === 'ENOTDIR') throw new StoreError(`cannot open the database ${path}: ${folder} is a file, or inside one, not a folder; nothing was changed`);
		throw new StoreError(`cannot make the folder ${folder} for the database: ${messageOf(thrown)}`);
	}
}

function readVersion(db: Db, path: string): number {
	let version: number;
	let applicationId: number;
	let tables: number;
	try {
		version = db.pragma('user_version', {simple: true}) as number;
		applicationId = db.pragma('application_id', {simple: true}) as number;
		tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {n: number}).n;
	} catch (thrown) {
		// A file that cannot be opened for writing is not damaged: saying so would have a user restore a backup over good answers.
		if (!isDamage(thrown)) throw accessProblem(path, thrown) ?? new StoreError(`cannot read the database ${path} (${messageOf(thrown)}); nothing was changed`);
		throw new DamagedDatabaseError(path, messageOf(thrown), `${path} is damaged or is not a SQLite database (${messageOf(thrown)}); nothing was changed`);
	}
	if (applicationId !== APPLICATION_ID && (applicationId !== 0 || tables > 0)) {
		throw new StoreError(`${path} is a SQLite database, but not one of fluency's; nothing was changed`);
	}
	if (version > LATEST_VERSION) {
		throw new StoreError(
			`${path} was written by a newer fluency (schema ${version}; this one knows up to ${LATEST_VERSION}); upgrade fluency to use it, nothing was changed`,
		);
	}
	return version;
}

function migrate(db: Db, fromVersion: number, beforeMigration: OpenOptions['beforeMigration']): void {
	const pending = MIGRATIONS.filter((migration) => migration.version > fromVersion);
	if (pending.length === 0) return;
	if (fromVersion > 0) beforeMigration?.(db, fromVersion);
	for (const migration of pending) {
		db.transaction(() => {
			// Re-read inside the write lock: another process may have migrated meanwhile.
			const current = db.pragma('user_version', {simple: true}) as number;
			if (current >= migration.version) return;
			migration.up(db);
			db.pragma(`application_id = ${APPLICATION_ID}`);
			db.pragma(`user_version = ${migration.version}`);
		}).immediate();
	}
}

function isDirectory(path: string): boolean {
	try {
		return statSync(path).isDirectory();
	} catch {
		return false;
	}
}

function messageOf(thrown: unknown): string {
	return thrown instanceof Error ? thrown.message : String(thrown);
}
