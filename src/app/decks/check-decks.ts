import {statSync} from 'node:fs';
import {Worker} from 'node:worker_threads';
import {DeckLinter, deckWarnings, lintsItsNote, noteQuestionKey, QuestionsAcrossDecks} from '../../core/decks/lint.js';
import {streamDeckToCheck} from '../../core/decks/parse-deck.js';
import type {Problem} from '../../core/problem.js';
import {UserError} from '../errors.js';
import {deckFileAt, type DeckFile, deckWorkerCount, findDeckFiles, readDeckText} from './deck-files.js';

/**
`fluency check`: the deck files at `paths` (files or folders), else in the decks directories,
parsed and linted, on more than one core when there are many. `found` holds the problems of
finding them (an unreadable folder).
*/
export async function checkDecks(paths: readonly string[] | undefined, deckDirs: readonly string[]): Promise<CheckedFiles & {found: Problem[]}> {
	const files = paths ? filesAt(paths) : findDeckFiles(deckDirs);
	return {...(await checkFilesInParallel(files.files)), found: files.problems};
}

/** A deck checked: its name and how many cards it makes. */
type CheckedDeck = {readonly name: string; readonly cards: number};
type CheckedFiles = {decks: CheckedDeck[]; cards: number; problems: Problem[]};

/**
Parse and lint deck files, each note as the parser makes its cards (they are let go once linted:
a 100,000-card file held whole cost a fifth of its check in collections); pure apart from reading
the files. Each deck's problems come in the order DeckLinter.lint gives them.
*/
export function checkFiles(files: readonly DeckFile[]): CheckedFiles {
	const decks: CheckedDeck[] = [];
	const problems: Problem[] = [];
	const linter = new DeckLinter({decks: files.length});
	for (const file of files) {
		const read = readDeckText(file);
		if ('problem' in read) {
			problems.push(read.problem);
			continue;
		}
		let cards = 0;
		const noteWarnings: Problem[] = [];
		const deck = streamDeckToCheck({file: file.displayPath, deck: file.deck, text: read.text}, (made) => {
			cards += made.length;
			for (const warned of linter.lintNoteCards(made)) noteWarnings.push(warned);
		});
		problems.push(...deck.problems, ...deckWarnings(deck), ...noteWarnings);
		decks.push({name: deck.name, cards});
	}
	return {decks, cards: decks.reduce((sum, deck) => sum + deck.cards, 0), problems};
}

/*
Many files are checked by this thread and by workers at once, each taking the next file not yet
taken (a shared counter), so a worker that starts late or a file that is large leaves no thread
idle. Each file is checked alone; its notes' questions come back with it, and this thread compares
them across decks in the files' order, so the result is checkFiles' to the problem. On this
2-core machine 1,000 files of 100,000 cards took about a fifth less time; more cores do better.
*/

// A worker helps once the files hold this much together: a worker's start, and its report at the
// end, cost about what it saves on 500 files of 100 cards (12 MB) on this 2-core machine; 1,000
// such files (22.5 MB) were checked 200 ms sooner.
const BYTES_FOR_WORKERS = 16 * 1024 * 1024;
const WORKER_FILE = new URL('./check-worker.js', import.meta.url);

/** One file checked on its own, as any thread checks it: the warning about a question in two decks is left to the caller. */
export type FileCheck = {
	/** Undefined when the file could not be read: `problems` says why. */
	readonly deck: CheckedDeck | undefined;
	/** The file's own problems, then the deck's warnings, as checkFiles lists them. */
	readonly problems: Problem[];
	readonly noteWarnings: Problem[];
	/** Each note's question (noteQuestionKey), its line, and how many note warnings came before it. */
	readonly questions: {readonly keys: string[]; readonly lines: number[]; readonly warningsBefore: number[]};
};

/** What each thread shares: the files, and the index of the next one to take. */
export type SharedFiles = {readonly files: readonly DeckFile[]; readonly next: Int32Array};

/** Check files from `shared`, taking each next one until none is left: by this thread and by each worker. */
export function checkFilesTaken(shared: SharedFiles, onFile: (index: number, check: FileCheck) => void): void {
	const {files, next} = shared;
	for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) onFile(index, checkFileAlone(files[index]!));
}

function checkFileAlone(file: DeckFile): FileCheck {
	const read = readDeckText(file);
	const questions = {keys: [] as string[], lines: [] as number[], warningsBefore: [] as number[]};
	if ('problem' in read) return {deck: undefined, problems: [read.problem], noteWarnings: [], questions};
	const linter = new DeckLinter({acrossDecks: false});
	let cards = 0;
	const noteWarnings: Problem[] = [];
	const deck = streamDeckToCheck({file: file.displayPath, deck: file.deck, text: read.text}, (made) => {
		cards += made.length;
		for (const warned of linter.lintNoteCards(made)) noteWarnings.push(warned);
		for (const card of made) {
			if (!lintsItsNote(card)) continue;
			questions.keys.push(noteQuestionKey(card));
			questions.lines.push(card.line);
			questions.warningsBefore.push(noteWarnings.length);
		}
	});
	return {deck: {name: deck.name, cards}, problems: [...deck.problems, ...deckWarnings(deck)], noteWarnings, questions};
}

/**
checkFiles, with workers beside this thread when the files are many and the machine has cores to
spare. `workers` sets how many (0: this thread alone, file by file as with workers).
*/
export async function checkFilesInParallel(files: readonly DeckFile[], options: {readonly workers?: number} = {}): Promise<CheckedFiles> {
	const workerCount = options.workers ?? deckWorkerCount(files, {minBytes: BYTES_FOR_WORKERS, worker: WORKER_FILE});
	if (workerCount < 1 && options.workers === undefined) return checkFiles(files);
	const shared: SharedFiles = {files, next: new Int32Array(new SharedArrayBuffer(4))};
	// Each worker marks its slot before it takes its first file: one unmarked once every file is taken has taken none.
	const started = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workerCount)));
	const workers = Array.from({length: workerCount}, (_, slot) => startWorker(shared, started, slot));
	const checks = new Array<FileCheck | undefined>(files.length);
	checkFilesTaken(shared, (index, check) => (checks[index] = check));
	const reports = workers.map(({worker, report}, slot) => {
		if (Atomics.load(started, slot) === 1) return report;
		void worker.terminate();
		return Promise.resolve([]);
	});
	for (const report of await Promise.all(reports)) for (const [index, check] of report) checks[index] = check;
	// A file a worker took and never reported (it failed) is checked here.
	return mergeChecks(
		files,
		checks.map((check, index) => check ?? checkFileAlone(files[index]!)),
	);
}

type WorkerReport = Array<[index: number, check: FileCheck]>;

function startWorker(shared: SharedFiles, started: Int32Array, slot: number): {worker: Worker; report: Promise<WorkerReport>} {
	const worker = new Worker(WORKER_FILE, {workerData: {...shared, started, slot}});
	// A worker that fails or stops reports nothing: the files it took are checked by this thread.
	const report = new Promise<WorkerReport>((done) => {
		worker.once('message', (message: WorkerReport) => done(message));
		worker.once('error', () => done([]));
		worker.once('exit', () => done([]));
	});
	return {worker, report};
}

/** The files' checks as checkFiles gives them: the warnings about a question in two decks found in the files' order, each in its place. */
function mergeChecks(files: readonly DeckFile[], checks: readonly FileCheck[]): CheckedFiles {
	const decks: CheckedDeck[] = [];
	const problems: Problem[] = [];
	const questions = files.length > 1 ? new QuestionsAcrossDecks() : undefined;
	checks.forEach((check, index) => {
		problems.push(...check.problems);
		if (!check.deck) return;
		decks.push(check.deck);
		const file = files[index]!;
		const {keys, lines, warningsBefore} = check.questions;
		let listed = 0;
		for (let question = 0; question < keys.length; question++) {
			const repeated = questions?.see(keys[question]!, {deck: file.deck, file: file.displayPath, line: lines[question]!});
			if (!repeated) continue;
			for (; listed < warningsBefore[question]!; listed++) problems.push(check.noteWarnings[listed]!);
			problems.push(repeated);
		}
		for (; listed < check.noteWarnings.length; listed++) problems.push(check.noteWarnings[listed]!);
	});
	return {decks, cards: decks.reduce((sum, deck) => sum + deck.cards, 0), problems};
}

function filesAt(paths: readonly string[]): {files: DeckFile[]; problems: Problem[]} {
	const files: DeckFile[] = [];
	const problems: Problem[] = [];
	for (const path of paths) {
		let isDirectory: boolean;
		try {
			isDirectory = statSync(path).isDirectory();
		} catch {
			throw new UserError(`${path}: no such file or directory`, 2);
		}
		if (isDirectory) {
			const found = findDeckFiles([path]);
			files.push(...found.files);
			problems.push(...found.problems);
		} else {
			files.push(deckFileAt(path));
		}
	}
	return {files, problems};
}
