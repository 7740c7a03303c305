import {MessageChannel, type MessagePort, receiveMessageOnPort, Worker} from 'node:worker_threads';
import type {Deck, DeckCard} from '../../core/decks/card.js';
import {streamDeck} from '../../core/decks/parse-deck.js';
import type {Problem} from '../../core/problem.js';
import type {DeckCheckpoint, DeckResumePoint} from '../../store/decks.js';
import {type DeckFile, deckWorkerCount} from './deck-files.js';
import {deckSource, type FileRead, readDeckFile, storedResumePoints} from './deck-reading.js';

/*
Workers that read and parse new deck files ahead of a sync's writes, which stay on this thread,
in the files' order, inside its transaction. A worker posts each file's notes in batches, so a
large file among many is never held whole. A sync is synchronous, so it takes them synchronously
too: the worker posts each batch on a port of its own and counts it in shared memory, and this
thread waits on that count (Atomics.wait) and reads the port (receiveMessageOnPort).

A file nobody has taken when its turn comes is read here instead, so a worker that loads late,
fails or stops costs nothing but its help. Workers stay a few files and a few thousand cards
ahead of the writes: a first sync holds no more cards than that besides the ones it writes.
*/

// A worker helps once the new files hold this much together: on this 2-core machine 100 files of
// 100 cards (2.4 MB) were written 45 ms later with one, 300 (7 MB) about as fast, 500 (12 MB)
// 130 ms sooner. One large file is not given to a worker: read there, its text and a second heap
// cost 45 MB more than a first sync of 100,000 cards in one file takes (178 MB), for 230 ms of its 2.6 s.
const BYTES_FOR_WORKERS = 8 * 1024 * 1024;
const AHEAD_FILES = 16;
const AHEAD_CARDS = 8000;
const BATCH_CARDS = 2000;
const WORKER_FILE = new URL('./reading-worker.js', import.meta.url);

// The shared memory: three counters, then four numbers for each file.
const NEXT = 0; // the next file to take
const WRITTEN = 1; // how many files this thread has taken
const CARDS_AHEAD = 2; // the cards posted and not yet taken, of every file
const COUNTERS = 3;
const POSTED = 0; // the file's batches posted
const FAILED = 1; // 1 once its worker failed
const READER = 2; // the slot of the worker that took it, plus one
const FILE_CARDS_AHEAD = 3; // its cards posted and not yet taken
const PER_FILE = 4;

/** Where a file's number `field` is in the shared memory, for `files` files. */
const perFile = (field: number, files: number, index: number) => COUNTERS + field * files + index;

/** What a worker is handed: the files, the shared memory, its slot and its port. */
export type ReadingShare = {
	readonly files: readonly DeckFile[];
	readonly checkpointEvery: number;
	readonly shared: Int32Array;
	readonly alive: Int32Array;
	readonly slot: number;
	readonly port: MessagePort;
};

/** The end of a file's parse: the deck without its cards, and where a later parse may resume. */
type ParseEnd = {readonly deck: Deck; readonly resumeAt: DeckResumePoint | null; readonly checkpoints: DeckCheckpoint[]};

/** A batch of one file: its first carries what was read (or why it could not be), its last the parse's end. */
type Batch = {
	readonly index: number;
	readonly read?: Omit<FileRead, 'text'> | {readonly problem: Problem};
	readonly notes?: ReadonlyArray<readonly DeckCard[]>;
	readonly end?: ParseEnd;
};

/** What the sync does with a file a worker read, batch by batch. */
export type FileHandlers = {
	readonly read: (read: Omit<FileRead, 'text'> | {readonly problem: Problem}) => void;
	readonly note: (cards: readonly DeckCard[]) => void;
	readonly end: (end: ParseEnd) => void;
};

/** How many workers to start for these new files (see deckWorkerCount). */
export function readingWorkerCount(files: readonly DeckFile[]): number {
	return deckWorkerCount(files, {minBytes: BYTES_FOR_WORKERS, worker: WORKER_FILE});
}

export class ReadingWorkers {
	readonly #files: readonly DeckFile[];
	readonly #shared: Int32Array;
	readonly #alive: Int32Array;
	readonly #workers: Array<{readonly worker: Worker; readonly port: MessagePort}>;

	constructor(files: readonly DeckFile[], checkpointEvery: number, workers: number) {
		this.#files = files;
		this.#shared = new Int32Array(new SharedArrayBuffer(4 * (COUNTERS + PER_FILE * files.length)));
		this.#alive = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workers)));
		this.#workers = Array.from({length: workers}, (_, slot) => {
			const {port1, port2} = new MessageChannel();
			const share: ReadingShare = {files, checkpointEvery, shared: this.#shared, alive: this.#alive, slot, port: port2};
			const worker = new Worker(WORKER_FILE, {workerData: share, transferList: [port2]});
			// Nothing is awaited from a worker: every exchange is synchronous.
			worker.unref();
			port1.unref();
			// A worker that fails to start is as one that never took a file.
			worker.on('error', () => undefined);
			return {worker, port: port1};
		});
	}

	/**
	Hand file `index` (taken in order from 0) to `handlers` as a worker reads it: false when this
	thread is to read it instead (nobody had taken it, or its worker failed before its first batch).
	*/
	take(index: number, handlers: FileHandlers): boolean {
		try {
			if (!this.#takenByWorker(index)) return false;
			return this.#handBatches(index, handlers);
		} finally {
			Atomics.store(this.#shared, WRITTEN, index + 1);
			Atomics.notify(this.#shared, WRITTEN);
		}
	}

	/** Let the workers go: they stop once no file is left, and are stopped here meanwhile. */
	close(): void {
		Atomics.store(this.#shared, NEXT, this.#files.length);
		for (const {worker, port} of this.#workers) {
			port.close();
			void worker.terminate();
		}
	}

	/** Whether a worker has taken file `index`; if nobody has, this thread takes it. */
	#takenByWorker(index: number): boolean {
		return Atomics.compareExchange(this.#shared, NEXT, index, index + 1) !== index;
	}

	#handBatches(index: number, handlers: FileHandlers): boolean {
		const files = this.#files.length;
		const posted = perFile(POSTED, files, index);
		const failed = perFile(FAILED, files, index);
		const reader = perFile(READER, files, index);
		let handed = 0;
		for (;;) {
			if (Atomics.load(this.#shared, posted) > handed) {
				const batch = this.#received(Atomics.load(this.#shared, reader) - 1, index);
				handed++;
				if (batch.read) handlers.read(batch.read);
				if (batch.read && 'problem' in batch.read) return true;
				let cards = 0;
				for (const note of batch.notes ?? []) {
					handlers.note(note);
					cards += note.length;
				}
				Atomics.sub(this.#shared, perFile(FILE_CARDS_AHEAD, files, index), cards);
				Atomics.sub(this.#shared, CARDS_AHEAD, cards);
				Atomics.notify(this.#shared, CARDS_AHEAD);
				if (batch.end) {
					handlers.end(batch.end);
					return true;
				}
				continue;
			}
			const slot = Atomics.load(this.#shared, reader) - 1;
			// A worker that failed or stopped (its own failure, or the process's) posts nothing more.
			const stopped = Atomics.load(this.#shared, failed) === 1 || (slot >= 0 ? Atomics.load(this.#alive, slot) === 0 : this.#workers.every((_, other) => Atomics.load(this.#alive, other) === 0));
			if (stopped && Atomics.load(this.#shared, posted) === handed) {
				if (handed === 0) return false;
				// Its first cards are written already: the sync's transaction rolls them back.
				throw new Error(`deck reading: the worker reading ${this.#files[index]!.displayPath} stopped part way through it`);
			}
			Atomics.wait(this.#shared, posted, handed, 20);
		}
	}

	#received(slot: number, index: number): Batch {
		const {port} = this.#workers[slot]!;
		// A worker's batches come in the order it posted them, which is the order they are asked for
		// here; one of a file read here after its worker seemed to stop may still be on the port.
		for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
			const batch = message.message as Batch;
			if (batch.index === index) return batch;
		}
		throw new Error(`deck reading: a batch of file ${index} was counted as posted but is not on its worker's port`);
	}
}

/** A worker's part: take the next file until none is left, read and parse it, and post it in batches. */
export function readFilesTaken(share: ReadingShare): void {
	const {files, shared, alive, slot} = share;
	Atomics.store(alive, slot, 1);
	try {
		for (;;) {
			// Not too far ahead of the writes: a worker faster than them would otherwise hold every file's cards.
			waitWhile(shared, WRITTEN, () => Atomics.load(shared, NEXT) < files.length && Atomics.load(shared, NEXT) - Atomics.load(shared, WRITTEN) >= AHEAD_FILES);
			const index = Atomics.add(shared, NEXT, 1);
			if (index >= files.length) return;
			Atomics.store(shared, perFile(READER, files.length, index), slot + 1);
			try {
				postFile(share, index);
			} catch (thrown) {
				Atomics.store(shared, perFile(FAILED, files.length, index), 1);
				Atomics.notify(shared, perFile(POSTED, files.length, index));
				throw thrown;
			}
		}
	} finally {
		Atomics.store(alive, slot, 0);
	}
}

function postFile({files, checkpointEvery, shared, port}: ReadingShare, index: number): void {
	const fileCardsAhead = perFile(FILE_CARDS_AHEAD, files.length, index);
	const posted = perFile(POSTED, files.length, index);
	const post = (batch: Batch, cards: number) => {
		port.postMessage(batch);
		Atomics.add(shared, fileCardsAhead, cards);
		Atomics.add(shared, CARDS_AHEAD, cards);
		Atomics.add(shared, posted, 1);
		Atomics.notify(shared, posted);
	};
	const file = files[index]!;
	const read = readDeckFile(file);
	if ('problem' in read) return post({index, read}, 0);
	const {text, ...stored} = read;
	let first: Batch['read'] = stored;
	let notes: Array<readonly DeckCard[]> = [];
	let cards = 0;
	const postNotes = (end?: ParseEnd) => {
		// The file the writes are at waits only for its own cards to be taken (the cards ahead may be
		// other workers', of files after it); a file after it, for all of them.
		waitWhile(shared, CARDS_AHEAD, () => Atomics.load(shared, index === Atomics.load(shared, WRITTEN) ? fileCardsAhead : CARDS_AHEAD) >= AHEAD_CARDS);
		post({index, ...(first ? {read: first} : {}), notes, ...(end ? {end} : {})}, cards);
		first = undefined;
		notes = [];
		cards = 0;
	};
	const {resumeAt, checkpoints, ...deck} = streamDeck(deckSource(file, text, checkpointEvery), (made) => {
		notes.push(made);
		cards += made.length;
		if (cards >= BATCH_CARDS) postNotes();
	});
	postNotes({deck, ...storedResumePoints(text, stored.lossless, {resumeAt, checkpoints})});
}

/** Wait, looking again whenever the shared counter at `counter` changes (and at least every 20 ms), while `blocked()`. */
function waitWhile(shared: Int32Array, counter: number, blocked: () => boolean): void {
	while (blocked()) Atomics.wait(shared, counter, Atomics.load(shared, counter), 20);
}
