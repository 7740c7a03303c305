import {automaticBackup, listBackups} from '../app/backups.js';
import {loadSettings, type Settings} from '../app/config.js';
import {findDeckFiles} from '../app/deck-files.js';
import {UserError} from '../app/errors.js';
import {defaultLocations} from '../app/paths.js';
import {type EventSyncReport, exportEvents, syncEventLogs} from '../app/event-sync.js';
import {formatSyncSummary, syncDecks, type SyncReport} from '../app/sync-decks.js';
import {loadParameters, markScheduledWith, scheduledWith, Schedulers} from '../app/parameters.js';
import type {Scheduler} from '../core/scheduler.js';
import {studyDayKey, systemUtcOffset} from '../core/day.js';
import {Store, StoreError} from '../store/database.js';
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

	constructor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
		this.settings = loadSettings(defaultLocations(env), options, env);
		this.#explicitDecks = (options.decks?.length ?? 0) > 0;
	}

	now(): number {
		return Date.now();
	}

	/**
	Back the database up before this command opens it, when it is about to be migrated or has not
	been backed up yet today.
	*/
	async prepare(): Promise<void> {
		const {dbPath, keepBackups, dayStartHour} = this.settings;
		const sameDay = (a: number, b: number) => studyDayKey(a, dayStartHour, systemUtcOffset) === studyDayKey(b, dayStartHour, systemUtcOffset);
		try {
			await automaticBackup(dbPath, this.now(), keepBackups, sameDay);
		} catch (thrown) {
			// A backup that fails must not stop a review; opening the database reports real damage.
			printError(style.dim(`fluency: could not back up the database: ${(thrown as Error).message}`));
		}
	}

	get store(): Store {
		if (!this.#store) {
			try {
				this.#store = Store.open(this.settings.dbPath);
			} catch (thrown) {
				const latest = thrown instanceof StoreError && /damaged/.test(thrown.message) ? listBackups(this.settings.dbPath)[0] : undefined;
				if (latest) throw new StoreError(`${thrown instanceof Error ? thrown.message : String(thrown)}; the latest backup is ${latest.path} (fluency restore ${latest.path})`);
				throw thrown;
			}
		}
		return this.#store;
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
		const report = syncDecks(this.store, found.files, this.now());
		const events = syncEventLogs(this.store, this.schedulerFor, this.settings.syncDir, this.now());
		const problems = [...found.problems, ...report.problems, ...events.problems];
		const full = {...report, problems, events};
		const errors = problems.filter((problem) => problem.severity === 'error').length;
		const somethingChanged = report.added + report.changed + report.moved + report.retired + report.restored > 0;
		if (verbose || somethingChanged || errors > 0) {
			const hint = errors > 0 && !verbose ? style.dim(' (run `fluency check` for details)') : '';
			printError(formatSyncSummary(full) + hint);
		}
		if (verbose || events.imported > 0 || events.pending > 0) {
			printError(`review history: ${events.imported} events from other devices, ${events.exported} written to this device's log, ${events.pending} waiting for their card`);
		}
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
