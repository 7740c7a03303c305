import {Worker} from 'node:worker_threads';
import {ankiReviewEventId, type ReviewEventIds} from '../../core/interchange/anki/card-history.js';
import {type AnkiReview, AnkiReviewLog, type SharedReviewLog} from '../../core/interchange/anki/review-log.js';
import {spareCores} from '../spare-cores.js';

/*
Each Anki review becomes an event whose id is hashed from Anki's ids (ankiReviewEventId): 220,000
SHA-256 hashes, a third of a second of a large import's history. They depend on the package alone,
so a worker works them out on the other core while the import writes the answers, card by card in
the order the import takes the cards, reading the review log where it lies (shared memory) and
writing each id into shared memory. The import takes each id the worker has written, and works out
any other itself: a worker that is behind, fails or never starts costs nothing but its help.

It starts with the history, not as soon as the package is read: the import's memory peaks while it
writes and syncs the deck files, and the worker's own heap there took that peak from 176-183 MB to
186-202 MB.
*/

// Worth a worker from this many reviews: a few thousand hashes take milliseconds.
const REVIEWS_FOR_WORKER = 20_000;
const WORKER_FILE = new URL('./review-ids-worker.js', import.meta.url);
// An id is 36 ASCII characters (a UUID's form).
const ID_BYTES = 36;

/** What the worker is handed: the review log, the cards in the import's order, where to write the ids and mark each one written. */
export type ReviewIdsShare = {
	readonly log: SharedReviewLog;
	readonly cardOrder: Float64Array;
	readonly ids: Uint8Array;
	readonly written: Uint8Array;
};

export class ReviewIdsAhead {
	readonly #ids: Buffer;
	readonly #written: Uint8Array;
	readonly #worker: Worker;

	/**
	Start working out the event ids of `log`'s reviews, for the Anki cards in `cardOrder` (the order
	the import takes them in); undefined for a small log or on one core. `worker` is for tests.
	*/
	static start(log: AnkiReviewLog, cardOrder: readonly number[], worker = WORKER_FILE): ReviewIdsAhead | undefined {
		if (log.shared.size < REVIEWS_FOR_WORKER || spareCores(worker) === 0) return undefined;
		return new ReviewIdsAhead(log, cardOrder, worker);
	}

	private constructor(log: AnkiReviewLog, cardOrder: readonly number[], file: URL) {
		const {size} = log.shared;
		const ids = new Uint8Array(new SharedArrayBuffer(size * ID_BYTES));
		this.#ids = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
		this.#written = new Uint8Array(new SharedArrayBuffer(size));
		const order = new Float64Array(new SharedArrayBuffer(cardOrder.length * Float64Array.BYTES_PER_ELEMENT));
		order.set(cardOrder);
		const share: ReviewIdsShare = {log: log.shared, cardOrder: order, ids, written: this.#written};
		this.#worker = new Worker(file, {workerData: share});
		// Nothing is awaited from the worker: the import reads what it has written when it needs it.
		this.#worker.unref();
		this.#worker.on('error', () => undefined);
	}

	/** The event id of each review: the worker's when it has written it, else worked out here. */
	readonly eventIdOf: ReviewEventIds = (ankiCardId: number, review: AnkiReview): string => {
		const {row} = review;
		return row !== undefined && Atomics.load(this.#written, row) === 1
			? this.#ids.toString('latin1', row * ID_BYTES, (row + 1) * ID_BYTES)
			: ankiReviewEventId(ankiCardId, review.id);
	};

	/** Whether the worker has written every id: the import does not wait for it, but a test may. */
	allWritten(): boolean {
		return this.#written.every((flag) => flag === 1);
	}

	/** Stop the worker, if it is still working. */
	close(): void {
		void this.#worker.terminate();
	}
}

/** The worker's part: each card's reviews' event ids, card by card in the import's order, each written before it is marked. */
export function writeReviewIds({log, cardOrder, ids, written}: ReviewIdsShare): void {
	const out = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
	const reviews = AnkiReviewLog.sharedFrom(log);
	for (const cardId of cardOrder) {
		for (const {row, id} of reviews.of(cardId)) {
			out.write(ankiReviewEventId(cardId, id), row! * ID_BYTES, ID_BYTES, 'latin1');
			Atomics.store(written, row!, 1);
		}
	}
}
