import {automaticBackup, restoreAdvice, UpgradeRefusedError} from '../safety/backups.js';
import {UserError} from '../errors.js';
import {accessProblem, DamagedDatabaseError, isDamage, Store, StoreError} from '../../store/database.js';

/**
The database's life in one command: backed up before it is opened (daily, and always before a
migration), opened on first use, refused when damaged, closed at the end. Every failure SQLite
reports on the way is turned into one line that names the backup to restore.
*/
export class DatabaseLifecycle {
	readonly path: string;
	#store: Store | undefined;
	/** The backup made just now, if any: a migration needs one. */
	#backup: string | undefined;
	/** Why the database must not be opened (found damaged, or not backed up before an upgrade). */
	#refusal: StoreError | undefined;

	/** Told before a migration runs (its backup made): on a large collection it takes seconds, once. */
	readonly #onUpgrade: (backup: string) => void;

	constructor(path: string, onUpgrade: (backup: string) => void = () => undefined) {
		this.path = path;
		this.#onUpgrade = onUpgrade;
	}

	/**
	Back the database up before it is opened, when it is about to be migrated or has not been backed
	up yet today. The copy is checked, so this is also where a damaged database is found, once a day,
	before anything writes to it. A damaged database, or one that needs an upgrade but could not be
	backed up, is not opened: commands that do not need it (restore, backup --list) still run.
	`onFailure` hears of a daily backup that failed: it must not stop a review, the database is fine.
	*/
	async backUp(now: number, keep: number, isSameDay: (a: number, b: number) => boolean, onFailure: (message: string) => void): Promise<void> {
		try {
			this.#backup = await automaticBackup(this.path, now, keep, isSameDay);
		} catch (thrown) {
			if (thrown instanceof DamagedDatabaseError || thrown instanceof UpgradeRefusedError) {
				this.#refusal = thrown;
				return;
			}
			onFailure((thrown as Error).message);
		}
	}

	get isOpen(): boolean {
		return this.#store !== undefined;
	}

	/** The store, opened on first use; migrated only if `backUp` made a copy first. */
	get store(): Store {
		if (!this.#store) {
			if (this.#refusal) throw this.#refusal;
			const path = this.path;
			this.#store = Store.open(path, {
				beforeMigration: () => {
					if (!this.#backup) throw new UpgradeRefusedError(`${path} was not upgraded because it was not backed up first; nothing was changed`);
					this.#onUpgrade(this.#backup);
				},
			});
		}
		return this.#store;
	}

	/**
	An error as the user should see it: however a damaged database was found (opening it, the
	backup's check, or a query meeting a damaged page), one line that names the backup to restore.
	Every failure of the database is an expected one, a UserError (exit code 1); anything else is
	returned as it was.
	*/
	explain(thrown: unknown): unknown {
		const path = this.path;
		let message: string;
		if (thrown instanceof DamagedDatabaseError) message = thrown.message;
		// A damaged page is met by whichever statement first reads it; that statement's transaction is rolled back.
		else if (isDamage(thrown)) message = `${path} is damaged (${(thrown as Error).message}); fluency stopped where it met the damage`;
		else {
			// Only SQLite's own failures are about the database; a deck that cannot be written says so itself.
			const explained = String((thrown as {code?: unknown} | undefined)?.code).startsWith('SQLITE_') ? (accessProblem(path, thrown) ?? thrown) : thrown;
			return explained instanceof StoreError ? new UserError(explained.message) : explained;
		}
		return new UserError(`${message}${restoreAdvice(path)}`);
	}

	/** Run `beforeClosing` on the open store (nothing when it was never opened), then close it. */
	close(beforeClosing: (store: Store) => void): void {
		const store = this.#store;
		if (!store) return;
		try {
			beforeClosing(store);
		} finally {
			store.close();
		}
	}
}
