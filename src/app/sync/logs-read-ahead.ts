import {statSync} from 'node:fs';
import {join} from 'node:path';
import {MessageChannel, type MessagePort, receiveMessageOnPort, Worker} from 'node:worker_threads';
import type {SyncFileState} from '../../store/sync/events.js';
import {spareCores} from '../spare-cores.js';
import {DEVICE_LOG_NAME} from './log-files.js';
import {type ReadLog, readLog} from './log-reader.js';
import {type PackedEvents, ReadEvents} from './read-events.js';

/*
A sync loads the deck files, then reads the other devices' logs: on a second device's first sync,
0.6 s of decks and then 0.9 s of a 60 MB log, on one thread while the other core idles. So when
the other devices' logs hold much that is new, a worker reads them while this thread loads the
decks, and hands each log over as the columns its events are kept in (read-events.ts): the column
buffers move to this thread, only the event ids are copied.

Each log is taken by whoever comes to it first, as the deck-reading workers share files: the sync
reads one here that the worker has not begun (it loads late, or fails), and waits for one it is
reading. The worker reads from the positions the database held when it started; the sync uses
what it read only if the database still holds those positions when it comes to the log.
*/

// Worth a worker: this much new in the other devices' logs (as much as a second device's first
// sync of 20,000 answers). Less is read in a tenth of a second or so.
const READ_AHEAD_BYTES = 4 * 1024 * 1024;
const WORKER_FILE = new URL('./log-reading-worker.js', import.meta.url);

// The shared memory: whether the worker is running and whether it has begun (taken its first log),
// then for each log who took it and whether it is posted.
const RUNNING = 0;
const BEGUN = 1;
const COUNTERS = 2;
const TAKER = 0; // 0 nobody, WORKER or SYNC
const POSTED = 1; // 1 once the worker posted the log
const PER_LOG = 2;
const WORKER = 1;
const SYNC = 2;
// How long the sync waits for a worker that has not begun: a worker starts in 30-50 ms here, and
// one that fails to load never says so to a sync that does not wait on its events.
const BEGIN_WAIT_MS = 1000;

/** A log the worker is to read: as readLog is handed it. */
type LogToRead = {readonly path: string; readonly name: string; readonly owner: string; readonly previous: SyncFileState | undefined};

/** What the worker is handed. `progress` holds, for each log, the bytes read and the bytes to read. */
export type ReadAheadShare = {
	readonly logs: readonly LogToRead[];
	readonly now: number;
	readonly shared: Int32Array;
	readonly progress: Float64Array;
	readonly port: MessagePort;
};

/** A log as the worker posts it: what readLog returned, its events packed; or that it failed, and the sync reads it. */
type Posted = {readonly index: number; readonly read?: Omit<ReadLog, 'events'> & {readonly events: PackedEvents}; readonly unchanged?: true; readonly failed?: true};

/** Where log `index`'s `field` is in the shared memory. */
const slot = (field: number, logs: number, index: number) => COUNTERS + field * logs + index;

export class LogsReadAhead {
	readonly #logs: readonly LogToRead[];
	readonly #now: number;
	readonly #shared: Int32Array;
	readonly #progress: Float64Array;
	readonly #worker: Worker;
	readonly #port: MessagePort;
	readonly #received = new Map<number, Posted>();

	/**
	Start reading the other devices' logs in `dir` (not this device's own, which the sync writes to
	before it reads), from the positions in `states`, when they hold enough that is new; undefined
	when they do not, or this machine has one core. `worker` is for tests: the built worker's file.
	*/
	static start(dir: string, names: readonly string[], ownLog: string, states: ReadonlyMap<string, SyncFileState>, now: number, worker = WORKER_FILE): LogsReadAhead | undefined {
		const logs: LogToRead[] = [];
		let newBytes = 0;
		for (const name of names) {
			if (name === ownLog) continue;
			const path = join(dir, name);
			const size = statSync(path, {throwIfNoEntry: false})?.size ?? 0;
			const previous = states.get(name);
			newBytes += previous && previous.offset <= size ? size - previous.offset : size;
			logs.push({path, name, owner: DEVICE_LOG_NAME.exec(name)![1]!, previous});
		}
		if (newBytes < READ_AHEAD_BYTES || spareCores(worker) === 0) return undefined;
		return new LogsReadAhead(logs, now, worker);
	}

	private constructor(logs: readonly LogToRead[], now: number, file: URL) {
		this.#logs = logs;
		this.#now = now;
		this.#shared = new Int32Array(new SharedArrayBuffer(4 * (COUNTERS + PER_LOG * logs.length)));
		this.#progress = new Float64Array(new SharedArrayBuffer(8 * 2 * logs.length));
		const {port1, port2} = new MessageChannel();
		const share: ReadAheadShare = {logs, now, shared: this.#shared, progress: this.#progress, port: port2};
		Atomics.store(this.#shared, RUNNING, 1);
		this.#worker = new Worker(file, {workerData: share, transferList: [port2]});
		this.#port = port1;
		// Nothing is awaited from the worker: every exchange is synchronous.
		this.#worker.unref();
		port1.unref();
		// Heard only between syncs, which never yield to events: within one, the wait for the worker
		// to begin bounds the cost of one that fails to load.
		this.#worker.on('error', () => Atomics.store(this.#shared, RUNNING, 0));
	}

	/**
	The log `name` as the worker read it from the position `previous`, with `now` as the clock: a
	ReadLog, or null when nothing was new. Undefined when the sync is to read it itself: the
	worker has not begun it (it will not now), failed on it, or read it from another position.
	`onRead` hears how far the worker is while the sync waits for it.
	*/
	take(name: string, previous: SyncFileState | undefined, now: number, onRead?: (done: number, total: number) => void): ReadLog | null | undefined {
		const index = this.#logs.findIndex((log) => log.name === name);
		if (index === -1) return undefined;
		// Read from another position, or with another clock: of no use, and not worth waiting for.
		if (JSON.stringify(previous) !== JSON.stringify(this.#logs[index]!.previous) || now !== this.#now) return undefined;
		const logs = this.#logs.length;
		const taker = slot(TAKER, logs, index);
		Atomics.wait(this.#shared, BEGUN, 0, BEGIN_WAIT_MS);
		if (Atomics.compareExchange(this.#shared, taker, 0, SYNC) === 0) return undefined;
		if (Atomics.load(this.#shared, taker) !== WORKER) return undefined;
		const posted = slot(POSTED, logs, index);
		while (Atomics.load(this.#shared, posted) === 0) {
			// A worker that stopped (its own failure) posts nothing more.
			if (Atomics.load(this.#shared, RUNNING) === 0 && Atomics.load(this.#shared, posted) === 0) return undefined;
			onRead?.(this.#progress[2 * index]!, this.#progress[2 * index + 1]!);
			Atomics.wait(this.#shared, posted, 0, 50);
		}
		// The worker's last word on how far it read: all of it.
		onRead?.(this.#progress[2 * index]!, this.#progress[2 * index + 1]!);
		const message = this.#message(index);
		if (!message || message.failed) return undefined;
		if (message.unchanged) return null;
		const {events, ...read} = message.read!;
		return {...read, events: ReadEvents.unpacked(events)};
	}

	/** Stop the worker: its logs not taken yet are read by the sync. */
	close(): void {
		Atomics.store(this.#shared, BEGUN, 1);
		for (let index = 0; index < this.#logs.length; index++) Atomics.compareExchange(this.#shared, slot(TAKER, this.#logs.length, index), 0, SYNC);
		this.#port.close();
		void this.#worker.terminate();
	}

	#message(index: number): Posted | undefined {
		for (let message = receiveMessageOnPort(this.#port); message; message = receiveMessageOnPort(this.#port)) {
			const posted = message.message as Posted;
			this.#received.set(posted.index, posted);
		}
		const found = this.#received.get(index);
		this.#received.delete(index);
		return found;
	}
}

/** The worker's part: take each log nobody has taken, read it, and post it. */
export function readLogsTaken({logs, now, shared, progress, port}: ReadAheadShare): void {
	const begin = () => {
		Atomics.store(shared, BEGUN, 1);
		Atomics.notify(shared, BEGUN);
	};
	try {
		for (let index = 0; index < logs.length; index++) {
			const taken = Atomics.compareExchange(shared, slot(TAKER, logs.length, index), 0, WORKER) === 0;
			// Begun once it holds a log, so the sync waiting for it never takes the first log from under it.
			if (index === 0) begin();
			if (!taken) continue;
			const {path, name, owner, previous} = logs[index]!;
			let posted: Posted;
			let transfer: ArrayBuffer[] = [];
			try {
				const read = readLog(path, name, owner, previous, now, undefined, (done, total) => {
					progress[2 * index] = done;
					progress[2 * index + 1] = total;
				});
				if (read) {
					const {events, ...rest} = read;
					const packed = events.packed();
					transfer = packed.transfer;
					posted = {index, read: {...rest, events: packed.packed}};
				} else posted = {index, unchanged: true};
			} catch {
				// Whatever went wrong (a file swapped for a link, unreadable), the sync meets it again and says so.
				posted = {index, failed: true};
			}
			port.postMessage(posted, transfer);
			Atomics.store(shared, slot(POSTED, logs.length, index), 1);
			Atomics.notify(shared, slot(POSTED, logs.length, index));
		}
	} finally {
		begin();
		Atomics.store(shared, RUNNING, 0);
		for (let index = 0; index < logs.length; index++) Atomics.notify(shared, slot(POSTED, logs.length, index));
		// Its open port would keep the worker, and the heap it read the logs with, alive through
		// the sync's writes, where its memory peaks; closed, the worker ends here.
		port.close();
	}
}
