import {automaticBackup, restoreAdvice, UpgradeRefusedError} from '../app/safety/backups.js';
import {loadSettings, type Settings} from '../app/settings/config.js';
import {findDeckFiles} from '../app/decks/deck-files.js';
import {UserError} from '../app/errors.js';
import {defaultLocations} from '../app/settings/paths.js';
import {exportEvents} from '../app/sync/own-log-export.js';
import {type EventSyncReport, syncEventLogs} from '../app/sync/sync-event-logs.js';
import {formatOwnLogRepair, formatParametersChange} from '../app/sync/sync-summary.js';
import {formatSyncSummary, syncDecks, type SyncReport} from '../app/decks/load-decks.js';
import {loadParameters, markScheduledWith, scheduledWith, Schedulers} from '../app/scheduling/parameters.js';
import type {Scheduler} from '../core/scheduling/scheduler.js';
import {studyDayKey} from '../core/scheduling/day.js';
import {accessProblem, DamagedDatabaseError, isDamage, Store, StoreError} from '../store/database.js';
import {preferSmallHeap} from './heap.js';
import {printError, style} from './output.js';

/** The options every command accepts. */
export type GlobalOptions = {
	readonly db?: string;
	readonly decks?: readonly string[];
};

/**
What a command works with: settings resolved from flags, environment and config file, and the
database opened on first use. Commands get the clock from here, never from Date.now() deep
inside, so the core stays testable.
*/
export class CommandContext {
	readonly settings: Settings;
	readonly #explicitDecks: boolean;
	#store: Store | undefined;
	#schedulers: Schedulers | undefined;
	/** The backup `prepare` made of the database just now, if any: a migration needs one. */
	#backup: string | undefined;
	/** Why the database must not be opened (found damaged, or not backed up before an upgrade). */
	#refusal: StoreError | undefined;

	constructor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
		this.settings = loadSettings(defaultLocations(env), options, env);
		this.#explicitDecks = (options.decks?.length ?? 0) > 0;
	}

	now(): number {
		return Date.now();
	}

	/**
	Back the database up before this command opens it, when it is about to be migrated or has not
	been backed up yet today. The copy is checked, so this is also where a damaged database is
	found, once a day, before anything writes to it. A damaged database, or one that needs an
	upgrade but could not be backed up, is not opened: commands that do not need it (restore,
	backup --list) still run.
	*/
	async prepare(): Promise<void> {
		const {dbPath, keepBackups, dayStartHour, utcOffset} = this.settings;
		const sameDay = (a: number, b: number) => studyDayKey(a, dayStartHour, utcOffset) === studyDayKey(b, dayStartHour, utcOffset);
		try {
			this.#backup = await automaticBackup(dbPath, this.now(), keepBackups, sameDay);
		} catch (thrown) {
			if (thrown instanceof DamagedDatabaseError || thrown instanceof UpgradeRefusedError) {
				this.#refusal = thrown;
				return;
			}
			// A daily backup that fails must not stop a review: the database itself is fine.
			printError(style.dim(`fluency: could not back up the database: ${(thrown as Error).message}`));
		}
	}

	get store(): Store {
		if (!this.#store) {
			if (this.#refusal) throw this.#refusal;
			const {dbPath} = this.settings;
			this.#store = Store.open(dbPath, {
				beforeMigration: () => {
					// prepare() backs up a database that needs migrating; without that copy, no migration.
					if (!this.#backup) throw new UpgradeRefusedError(`${dbPath} was not upgraded because it was not backed up first; nothing was changed`);
				},
			});
		}
		return this.#store;
	}

	/**
	An error as the user should see it: however a damaged database was found (opening it, the
	backup's check, or a query meeting a damaged page), one line that names the backup to restore.
	*/
	explain(thrown: unknown): unknown {
		const {dbPath} = this.settings;
		let message: string;
		if (thrown instanceof DamagedDatabaseError) message = thrown.message;
		// A damaged page is met by whichever statement first reads it; that statement's transaction is rolled back.
		else if (isDamage(thrown)) message = `${dbPath} is damaged (${(thrown as Error).message}); fluency stopped where it met the damage`;
		// Only SQLite's own failures are about the database; a deck that cannot be written says so itself.
		else return String((thrown as {code?: unknown} | undefined)?.code).startsWith('SQLITE_') ? (accessProblem(dbPath, thrown) ?? thrown) : thrown;
		return new StoreError(`${message}${restoreAdvice(dbPath)}`);
	}

	/** The schedulers for every deck: settings from the config, parameters fitted to this history. */
	get schedulers(): Schedulers {
		this.#schedulers ??= new Schedulers(this.settings.scheduler, loadParameters(this.store));
		return this.#schedulers;
	}

	/** Forget the cached schedulers, after parameters were fitted or changed. */
	reloadSchedulers(): void {
		this.#schedulers = undefined;
	}

	readonly schedulerFor = (deck: string): Scheduler => this.schedulers.forDeck(deck);

	/**
	Bring the database in line with the deck files, then with every device's event log. Prints
	one-line summaries to stderr when something changed or there are errors, or always when
	`verbose`.
	*/
	sync({verbose = false}: {verbose?: boolean} = {}): SyncReport & {events: EventSyncReport} {
		const found = findDeckFiles(this.settings.deckDirs);
		if (this.#explicitDecks && found.missing.length > 0) throw new UserError(`decks directory ${found.missing[0]} does not exist`, 2);
		const report = syncDecks(this.store, found.files, this.now(), {
			beforeReadingNew: (count) => {
				if (count > LARGE_SYNC_FILES) preferSmallHeap();
			},
		});
		const events = syncEventLogs(this.store, this.settings.scheduler, this.settings.syncDir, this.now());
		// Another device's parameters arrived: what this command schedules from now on uses them.
		if (events.parametersChanged.length > 0) this.reloadSchedulers();
		const problems = [...found.problems, ...report.problems, ...events.problems];
		const full = {...report, problems, events};
		const errors = problems.filter((problem) => problem.severity === 'error').length;
		const somethingChanged = report.added + report.changed + report.moved + report.retired + report.restored > 0;
		if (verbose || somethingChanged || errors > 0) {
			// `fluency sync` lists every problem, the review logs' too; `fluency check` only reads decks.
			const hint = errors > 0 && !verbose ? style.dim(' (`fluency sync` lists them)') : '';
			printError(formatSyncSummary(full) + hint);
		}
		if (verbose || events.imported > 0 || events.pending > 0) {
			printError(`review history: ${events.imported} events from other devices, ${events.exported} written to this device's log, ${events.pending} waiting for their card`);
		}
		const repaired = formatOwnLogRepair(events);
		if (repaired) printError(repaired);
		const parameters = formatParametersChange(events);
		if (parameters) printError(parameters);
		this.#noticeChangedSettings();
		return full;
	}

	/**
	Due dates follow the settings they were computed with. When desired retention, steps or
	parameters changed since, say how to recompute them (a fresh database just records them).
	*/
	#noticeChangedSettings(): void {
		const current = this.schedulers.fingerprint();
		const previous = scheduledWith(this.store);
		if (previous === undefined) markScheduledWith(this.store, current);
		else if (previous !== current) printError(style.dim('scheduling settings changed since due dates were computed: `fluency reschedule` recomputes them from your history'));
	}

	/** Write this device's new events to its log, so they travel with the next git push or file sync. */
	close(): void {
		if (this.#store) {
			try {
				exportEvents(this.#store, this.settings.syncDir, this.now());
			} finally {
				this.#store.close();
			}
		}
	}
}

// A first sync of this many files is one of 10,000+ cards, where the heap's growth shows.
const LARGE_SYNC_FILES = 200;

