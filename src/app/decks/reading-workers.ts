import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {MessageChannel, type MessagePort, receiveMessageOnPort, Worker} from 'node:worker_threads';
import type {DeckFile} from './deck-files.js';
import {parseDeckFile} from './deck-reading.js';

/*
Workers that read and parse new deck files ahead of a sync's writes, which stay on this thread,
in the files' order, inside its transaction. A sync is synchronous, so it takes each file's parse
synchronously too: the worker posts it on a port of its own and marks the file in shared memory,
and this thread waits on that mark (Atomics.wait) and reads the port (receiveMessageOnPort).

A file nobody has taken when its turn comes is read here instead, so a worker that loads late,
fails or stops costs nothing but its help. Workers read at most a few files, and a few megabytes,
ahead of the writes: a first sync holds no more cards than that besides the ones it writes.
*/

// Fewer files than this are written before a worker has loaded.
const FILES_FOR_READING_WORKERS = 64;
const MAX_WORKERS = 3;
const AHEAD_FILES = 16;
const AHEAD_BYTES = 4 * 1024 * 1024;
const WORKER_FILE = new URL('./reading-worker.js', import.meta.url);

// The shared counters, then each file's state and its reader.
const NEXT = 0; // the next file to take
const WRITTEN = 1; // how many files this thread has taken its parse of
const BYTES_AHEAD = 2; // the bytes of files parsed and not yet taken
const COUNTERS = 3;
const NOT_READY = 0;
const POSTED = 1;
const FAILED = 2;

/** What a worker is handed: the files, the shared memory, its slot and its port. */
export type ReadingShare = {
	readonly files: readonly DeckFile[];
	readonly checkpointEvery: number;
	readonly shared: Int32Array;
	readonly alive: Int32Array;
	readonly slot: number;
	readonly port: MessagePort;
};

type Posted = {readonly index: number; readonly parsed: ReturnType<typeof parseDeckFile>};

/** How many workers to start for `files`: none for a few, or on one core, or from the sources (the tests), where no worker is built. */
export function readingWorkerCount(files: number): number {
	if (files < FILES_FOR_READING_WORKERS || !existsSync(fileURLToPath(WORKER_FILE))) return 0;
	return Math.max(0, Math.min(MAX_WORKERS, availableParallelism() - 1));
}

export class ReadingWorkers {
	readonly #files: readonly DeckFile[];
	readonly #shared: Int32Array;
	readonly #alive: Int32Array;
	readonly #workers: Array<{readonly worker: Worker; readonly port: MessagePort}>;

	constructor(files: readonly DeckFile[], checkpointEvery: number, workers: number) {
		this.#files = files;
		this.#shared = new Int32Array(new SharedArrayBuffer(4 * (COUNTERS + 2 * files.length)));
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
	The parse of file `index`, taken in order from 0: a worker's, or undefined when this thread is
	to read it (nobody had taken it, or its worker failed).
	*/
	take(index: number): ReturnType<typeof parseDeckFile> | undefined {
		try {
			if (Atomics.compareExchange(this.#shared, NEXT, index, index + 1) === index) return undefined;
			return this.#waitFor(index);
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

	#waitFor(index: number): ReturnType<typeof parseDeckFile> | undefined {
		const state = COUNTERS + index;
		const reader = COUNTERS + this.#files.length + index;
		for (;;) {
			const now = Atomics.load(this.#shared, state);
			if (now === FAILED) return undefined;
			const slot = Atomics.load(this.#shared, reader) - 1;
			if (now === POSTED) return this.#received(slot, index);
			// A worker that stopped (its own failure, or the process's) posts nothing more.
			const stopped = slot >= 0 ? Atomics.load(this.#alive, slot) === 0 : this.#workers.every((_, other) => Atomics.load(this.#alive, other) === 0);
			if (stopped && Atomics.load(this.#shared, state) === NOT_READY) return undefined;
			Atomics.wait(this.#shared, state, NOT_READY, 20);
		}
	}

	#received(slot: number, index: number): ReturnType<typeof parseDeckFile> {
		const {port} = this.#workers[slot]!;
		// A worker's files come in the order it took them, which is the order they are asked for here;
		// one read here after its worker seemed to stop may still be on the port.
		for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
			const posted = message.message as Posted;
			if (posted.index !== index) continue;
			if ('file' in posted.parsed) Atomics.sub(this.#shared, BYTES_AHEAD, posted.parsed.file.size);
			return posted.parsed;
		}
		throw new Error(`deck reading: the parse of file ${index} was marked posted but is not on its worker's port`);
	}
}

/** A worker's part: take the next file until none is left, read and parse it, post it, and mark it. */
export function readFilesTaken(share: ReadingShare): void {
	const {files, checkpointEvery, shared, alive, slot, port} = share;
	Atomics.store(alive, slot, 1);
	try {
		for (;;) {
			// Not too far ahead of the writes: a worker faster than them would otherwise hold every file's cards.
			let next = Atomics.load(shared, NEXT);
			while (next < files.length && (next - Atomics.load(shared, WRITTEN) >= AHEAD_FILES || Atomics.load(shared, BYTES_AHEAD) >= AHEAD_BYTES)) {
				Atomics.wait(shared, WRITTEN, Atomics.load(shared, WRITTEN), 20);
				next = Atomics.load(shared, NEXT);
			}
			const index = Atomics.add(shared, NEXT, 1);
			if (index >= files.length) return;
			Atomics.store(shared, COUNTERS + files.length + index, slot + 1);
			let state = FAILED;
			try {
				const parsed = parseDeckFile(files[index]!, checkpointEvery);
				if ('file' in parsed) Atomics.add(shared, BYTES_AHEAD, parsed.file.size);
				port.postMessage({index, parsed} satisfies Posted);
				state = POSTED;
			} finally {
				Atomics.store(shared, COUNTERS + index, state);
				Atomics.notify(shared, COUNTERS + index);
			}
		}
	} finally {
		Atomics.store(alive, slot, 0);
	}
}
