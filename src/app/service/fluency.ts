import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {findDeckFiles} from '../decks/deck-files.js';
import {openInEditor} from '../decks/editor.js';
import {loadDecks} from '../decks/load-decks.js';
import {UserError} from '../errors.js';
import {examine, examineDamagedFile, type DoctorReport} from '../safety/doctor.js';
import {forgetParameters, loadParameters, markScheduledWith, saveParameters, scheduledWith, Schedulers} from '../scheduling/parameters.js';
import {selectionFor} from '../review/study.js';
import {loadSettings, type Settings} from '../settings/config.js';
import {defaultLocations} from '../settings/paths.js';
import {exportEvents} from '../sync/own-log-export.js';
import {readLogsAhead, syncEventLogs} from '../sync/sync-event-logs.js';
import {type StudyDay, studyDayKey} from '../../core/scheduling/day.js';
import type {NoteToWrite} from '../../core/decks/deck-writer.js';
import {isSelected, type Selection} from '../../core/review/select.js';
import {Scheduler} from '../../core/scheduling/scheduler.js';
import {simulate, type SimulationResult} from '../../core/scheduling/simulate.js';
import {activeCards, cardSummaries, type StoredCard} from '../../store/cards.js';
import {DamagedDatabaseError, isDamage, type Store} from '../../store/database.js';
import {listDecks} from '../../store/decks.js';
import {studiedToday} from '../../store/review/reviews.js';
import {averageDurations, ratingShares} from '../../store/scheduling/training.js';
import {DatabaseLifecycle} from './database.js';
import {preferSmallHeap} from './small-heap.js';
import type {Progress} from '../progress.js';
import {type Notice, type SyncOutcome, syncNotices} from './sync-notices.js';

export type {Notice, SyncOutcome} from './sync-notices.js';

/** The options every command accepts. */
export type GlobalOptions = {
	readonly db?: string;
	readonly decks?: readonly string[];
};

export type FluencyOptions = {
	readonly env?: NodeJS.ProcessEnv;
	/** Hears what the service did on its own (decks loaded, events exchanged, a backup that failed), as it happens. */
	readonly onNotice?: (notice: Notice) => void;
	/**
	The command reads settings and deck files only (`fluency check`): the database is neither backed
	up nor opened. A first check of the day spent seconds copying a 600 MB database it never read.
	*/
	readonly decksOnly?: boolean;
	/** Hears how a long sync advances (many deck files to read, a large log, many answers to replay): a terminal shows it on one line. */
	readonly onProgress?: Progress;
};

/**
The application as one command sees it: settings resolved from flags, environment and config
file; the database backed up, opened on first use and closed; the deck files loaded and the
review events exchanged once, before the first read; the schedulers; this device's new events
written to its log on close. The clock is read here, never deep inside, so the core stays testable.

Every read of the database passes through `store` (or a method built on it), which loads and
exchanges first: a command cannot forget to. What must not do that says so by its name:
`examineAsFound` (doctor), `importAnkiPackage` (loads once, after it wrote the deck files).
*/
export class Fluency {
	readonly settings: Settings;
	readonly #explicitDecks: boolean;
	readonly #onNotice: (notice: Notice) => void;
	readonly #database: DatabaseLifecycle;
	readonly #decksOnly: boolean;
	readonly #onProgress: Progress | undefined;
	#schedulers: Schedulers | undefined;
	#loaded = false;

	private constructor(settings: Settings, options: GlobalOptions, onNotice: (notice: Notice) => void, decksOnly: boolean, onProgress: Progress | undefined) {
		this.settings = settings;
		this.#decksOnly = decksOnly;
		this.#onProgress = onProgress;
		this.#explicitDecks = (options.decks?.length ?? 0) > 0;
		this.#onNotice = onNotice;
		this.#database = new DatabaseLifecycle(this.settings.dbPath, (backup) =>
			this.#onNotice({text: `fluency: upgrading the database to this version's format, once (a copy was saved first: ${backup})`, minor: true}),
		);
	}

	/** Resolve the settings and make the daily backup (or the one before a migration); the database itself opens on first use. */
	static async open(options: GlobalOptions, fluencyOptions: FluencyOptions = {}): Promise<Fluency> {
		const {env = process.env, onNotice = () => undefined, decksOnly = false, onProgress} = fluencyOptions;
		const fluency = new Fluency(await loadSettings(defaultLocations(env), options, env), options, onNotice, decksOnly, onProgress);
		if (decksOnly) return fluency;
		const {keepBackups} = fluency.settings;
		const sameDay = (a: number, b: number) => fluency.studyDayOf(a) === fluency.studyDayOf(b);
		await fluency.#database.backUp(fluency.now(), keepBackups, sameDay, (message) => fluency.#onNotice({text: `fluency: could not back up the database: ${message}`, minor: true}));
		return fluency;
	}

	now(): number {
		return Date.now();
	}

	/** The study day (`YYYY-MM-DD`) a moment falls in: days start at `dayStartsAt` in the configured time zone. */
	studyDayOf(at: number): string {
		return studyDayKey(at, this.settings.dayStartHour, this.settings.utcOffset);
	}

	/** The database, in line with the deck files and every device's log: the first use loads and exchanges. */
	get store(): Store {
		if (this.#decksOnly) throw new Error('a command opened for its deck files only read the database');
		if (!this.#loaded) this.#sync(false);
		return this.#database.store;
	}

	/** The schedulers for every deck: settings from the config, parameters fitted to this history. */
	get schedulers(): Schedulers {
		return this.#schedulersOf(this.store);
	}

	readonly schedulerFor = (deck: string) => this.schedulers.forDeck(deck);

	/**
	`fluency sync`: load the deck files and exchange review events now, saying every count (`verbose`)
	or only what changed. Later reads do not do it again.
	*/
	sync({verbose = false}: {verbose?: boolean} = {}): SyncOutcome {
		return this.#sync(verbose);
	}

	/** Keep fitted parameters for every deck (`deck` undefined) or one deck's preset; what is scheduled from now on uses them. */
	saveParameters(weights: readonly number[], deck: string | undefined): void {
		saveParameters(this.store, weights, deck, this.now());
		this.#schedulers = undefined;
	}

	/** Forget the fitted parameters (or one deck's preset); false when there were none. */
	forgetParameters(deck: string | undefined): boolean {
		const forgotten = forgetParameters(this.store, deck, this.now());
		this.#schedulers = undefined;
		return forgotten;
	}

	/** An error as the user should see it: one line for whatever the database failed with. */
	explain(thrown: unknown): unknown {
		return this.#database.explain(thrown);
	}

	/** Write this device's new events to its log, so they travel with the next git push or file sync; then close. */
	close(): void {
		this.#database.close((store) => exportEvents(store, this.settings.syncDir, this.now()));
	}

	// Use cases that read through `store`, for commands, which do not reach into the store layer.

	/** Command-line selectors as a selection, or a one-line usage error naming the unknown one. */
	selection(selectors: readonly string[]): Selection {
		return selectionFor(this.store, selectors);
	}

	/** Selected cards with what the queue needs (state, due, tags). */
	cardSummaries(selection?: Selection) {
		const cards = cardSummaries(this.store);
		return selection ? cards.filter((card) => isSelected(card, selection)) : cards;
	}

	/** Every card that is not retired, as `fluency show` and the simulation read it. */
	activeCards(): StoredCard[] {
		return activeCards(this.store);
	}

	/** How many new cards were first studied in `day`: what the daily new-card limit counts. */
	newCardsStudiedOn(day: StudyDay): number {
		return studiedToday(this.store, day).newCards;
	}

	/**
	`fluency simulate`: the selected cards' workload and what is remembered after `days`, for each
	desired retention, from this collection's own answer habits (shares of Hard and Easy, times).
	Scheduled with `deck`'s parameters ('' for the global ones), without fuzz.
	*/
	simulateRetentions(selection: Selection, deck: string, retentions: readonly number[], days: number): {cards: number; results: SimulationResult[]} {
		const store = this.store;
		const cards = activeCards(store).filter((card) => !card.suspended && isSelected(card, selection));
		const shares = ratingShares(store);
		const input = {
			cards: cards.map((card) => card.memory),
			newPerDay: this.settings.limits.newPerDay,
			reviewsPerDay: this.settings.limits.reviewsPerDay,
			days,
			start: this.now(),
			seconds: averageDurations(store),
			passRatings: {hard: shares.hard, easy: shares.easy},
			newAgainRate: shares.newAgain,
		};
		const weights = this.schedulers.weightsFor(deck);
		const results = retentions.map((desiredRetention) => simulate(input, new Scheduler({...this.settings.scheduler, desiredRetention, fuzz: false, ...(weights ? {weights} : {})})));
		return {cards: cards.length, results};
	}

	/** The deck file a new card for `deck` goes into: the deck's own, or a new one in the user decks directory. */
	async deckFileFor(deck: string): Promise<string> {
		const {deckFileFor} = await import('../decks/add-card.js');
		const known = new Map(listDecks(this.store).filter((stored) => stored.retiredAt === null).map((stored) => [stored.name, stored.path]));
		return deckFileFor(deck, known, this.settings.userDecksDir);
	}

	/**
	Let `collect` save notes to a deck file one at a time, each written as it is given (`save` returns
	why it could not be, or undefined). Then load the deck files, when any note was added. Returns how many were.
	*/
	async addNotes(file: string, deck: string, collect: (save: (note: NoteToWrite) => string | undefined) => Promise<void>): Promise<number> {
		const {appendNote} = await import('../decks/add-card.js');
		let added = 0;
		await collect((note) => {
			try {
				appendNote(file, deck, note);
				added++;
				return undefined;
			} catch (thrown) {
				return thrown instanceof Error ? thrown.message : String(thrown);
			}
		});
		if (added > 0) this.#sync(false);
		return added;
	}

	/**
	Open `template` in the user's editor as a draft, and add the cards written there to the deck
	file; then load the deck files. The draft's folder is removed, unless the cards were refused:
	then it is kept, and the error says where, so nothing written is lost.
	*/
	async addCardsFromEditor(file: string, deck: string, template: string, line: number): Promise<void> {
		const {appendCardText, checkedCardText} = await import('../decks/add-card.js');
		const folder = mkdtempSync(join(tmpdir(), 'fluency-add-'));
		let keep = false;
		try {
			const draft = join(folder, 'card.md');
			writeFileSync(draft, template);
			openInEditor(draft, line);
			try {
				appendCardText(file, deck, checkedCardText(readFileSync(draft, 'utf8'), draft, deck));
			} catch (thrown) {
				// Refused cards, or a deck file that may not be written (a link, too large): the draft is the user's writing.
				if (!(thrown instanceof UserError)) throw thrown;
				keep = true;
				throw new UserError(`${thrown.message} (your draft is kept in ${draft})`, thrown.exitCode);
			}
		} finally {
			if (!keep) rmSync(folder, {recursive: true, force: true});
		}
		this.#sync(false);
	}

	/** Open a card's deck file at its line in the user's editor; then load the deck files, edited or not. */
	editDeckFile(file: string, line: number): void {
		openInEditor(file, line);
		this.#sync(false);
	}

	/** Import a CSV or TSV file as a deck, then load it. */
	async importTextFile(file: string, options: {into: string; force: boolean; deck?: string; columns?: string; separator?: string}) {
		const {importTextFile} = await import('../interchange/import-text.js');
		const imported = importTextFile(file, {...options, deckDirs: this.settings.deckDirs});
		this.#sync(false);
		return imported;
	}

	/**
	Import an Anki package: its deck files are written first and loaded once afterwards (not also
	before: the database is opened as found), then its history goes into the database.
	*/
	async importAnkiPackage(file: string, options: {into: string; force: boolean; onProgress?: Progress}) {
		preferSmallHeap();
		// Loaded on demand: the zip, zstd and HTML libraries only matter to an import.
		const {importAnkiPackage} = await import('../interchange/import-anki.js');
		const store = this.#database.store;
		store.preferSmallPageCache();
		const report = importAnkiPackage(store, this.#schedulersOf(store).forDeck(''), file, {
			...options,
			deckDirs: this.settings.deckDirs,
			now: this.now(),
			sync: () => this.#sync(false),
			syncDir: this.settings.syncDir,
			...(options.onProgress ? {onProgress: options.onProgress} : {}),
		});
		// The import writes its history to this device's log as it stores it. Whatever it could
		// not (another process exported meanwhile, say) goes there now, with its progress shown,
		// rather than in silence as the command closes: a large collection's is hundreds of
		// thousands of lines.
		const {onProgress} = options;
		exportEvents(store, this.settings.syncDir, this.now(), onProgress ? (written, atMost) => onProgress('writing the log', written, atMost) : undefined);
		return report;
	}

	/**
	`fluency doctor`: examine the database as it is on disk, neither loading decks nor exchanging
	events first. A database found damaged before the checks could run (when it was opened, or by
	the daily backup's check) is examined as a file instead: not opened as a store, so not migrated.
	*/
	examineAsFound(repair: boolean): DoctorReport {
		try {
			const store = this.#database.store;
			return examine(store, (deck) => this.#schedulersOf(store).forDeck(deck), repair, this.now());
		} catch (thrown) {
			if (thrown instanceof DamagedDatabaseError || isDamage(thrown)) return examineDamagedFile(this.settings.dbPath);
			throw thrown;
		}
	}

	#schedulersOf(store: Store): Schedulers {
		this.#schedulers ??= new Schedulers(this.settings.scheduler, loadParameters(store));
		return this.#schedulers;
	}

	/** Bring the database in line with the deck files, then with every device's event log; tell the user what changed. */
	#sync(verbose: boolean): SyncOutcome {
		const store = this.#database.store;
		const found = findDeckFiles(this.settings.deckDirs);
		if (this.#explicitDecks && found.missing.length > 0) throw new UserError(`decks directory ${found.missing[0]} does not exist`, 2);
		const progress = this.#onProgress;
		const {syncDir} = this.settings;
		const now = this.now();
		const readAhead = readLogsAhead(store, syncDir, now);
		let report: ReturnType<typeof loadDecks>;
		let events: ReturnType<typeof syncEventLogs>;
		try {
			report = loadDecks(store, found.files, now, progress ? {progress} : {});
			events = syncEventLogs(store, this.settings.scheduler, syncDir, now, progress, readAhead);
		} finally {
			readAhead?.close();
		}
		// Another device's parameters arrived: what this command schedules from now on uses them.
		if (events.parametersChanged.length > 0) this.#schedulers = undefined;
		const outcome = {...report, problems: [...found.problems, ...report.problems, ...events.problems], events};
		for (const notice of syncNotices(outcome, verbose)) this.#onNotice(notice);
		this.#noticeChangedSettings(store);
		this.#loaded = true;
		return outcome;
	}

	/**
	Due dates follow the settings they were computed with. When desired retention, steps or
	parameters changed since, say how to recompute them (a fresh database just records them).
	*/
	#noticeChangedSettings(store: Store): void {
		const current = this.#schedulersOf(store).fingerprint();
		const previous = scheduledWith(store);
		if (previous === undefined) markScheduledWith(store, current);
		else if (previous !== current) this.#onNotice({text: 'scheduling settings changed since due dates were computed: `fluency reschedule` recomputes them from your history', minor: true});
	}
}
