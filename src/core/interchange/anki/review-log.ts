/*
A collection's review log, kept in columns of numbers rather than as an object per review: a
heavy Anki user has hundreds of thousands of reviews, and read as objects, 200,000 of them added
67 MB to an import's peak memory; as columns they take 11 MB. The import needs them one card at a
time, so that is how they are handed out.
*/

export type AnkiReview = {
	/** Its place in the log (from 0), as handed out by `of`. */
	readonly row?: number;
	/** The review time in epoch milliseconds, which Anki uses as the id. */
	readonly id: number;
	readonly cardId: number;
	/** 1-4, or 0 for a manual change. */
	readonly ease: number;
	readonly interval: number;
	readonly factor: number;
	/** Milliseconds spent answering. */
	readonly time: number;
	/** 0 learning, 1 review, 2 relearning, 3 filtered, 4 manual, 5 rescheduled. */
	readonly type: number;
};

const COLUMNS = 7;

/** A review log's columns in shared memory, and how many reviews they hold. */
export type SharedReviewLog = {readonly columns: Float64Array; readonly size: number};

export class AnkiReviewLog {
	#columns: Float64Array;
	#size = 0;

	/** Room for `capacity` reviews; adding more throws. */
	constructor(capacity: number) {
		// Shared memory, so a worker can read the reviews while the import goes on (see `shared`).
		this.#columns = new Float64Array(new SharedArrayBuffer(capacity * COLUMNS * Float64Array.BYTES_PER_ELEMENT));
	}

	/** The reviews' columns, as another thread may read them (with `sharedFrom`). */
	get shared(): SharedReviewLog {
		return {columns: this.#columns, size: this.#size};
	}

	/** The log whose columns another thread handed over (`shared`), read where they lie. */
	static sharedFrom({columns, size}: SharedReviewLog): AnkiReviewLog {
		const log = new AnkiReviewLog(0);
		log.#columns = columns;
		log.#size = size;
		return log;
	}

	get size(): number {
		return this.#size;
	}

	/** Reviews must come in card order, and by time within a card (`ORDER BY cid, id`). */
	add(review: AnkiReview): void {
		const index = this.#size;
		if (index * COLUMNS >= this.#columns.length) throw new Error('more reviews than counted');
		if (index > 0 && (review.cardId < this.#cardId(index - 1) || (review.cardId === this.#cardId(index - 1) && review.id < this.#value(index - 1, 0)))) {
			throw new Error('reviews out of card order');
		}
		const at = index * COLUMNS;
		const columns = this.#columns;
		columns[at] = review.id;
		columns[at + 1] = review.cardId;
		columns[at + 2] = review.ease;
		columns[at + 3] = review.interval;
		columns[at + 4] = review.factor;
		columns[at + 5] = review.time;
		columns[at + 6] = review.type;
		this.#size++;
	}

	/** One card's reviews, oldest first. */
	of(cardId: number): AnkiReview[] {
		const reviews: AnkiReview[] = [];
		for (let index = this.#firstAtOrAfter(cardId); index < this.#size && this.#cardId(index) === cardId; index++) {
			reviews.push({
				row: index,
				id: this.#value(index, 0),
				cardId,
				ease: this.#value(index, 2),
				interval: this.#value(index, 3),
				factor: this.#value(index, 4),
				time: this.#value(index, 5),
				type: this.#value(index, 6),
			});
		}
		return reviews;
	}

	/** How many reviews one card has. */
	countOf(cardId: number): number {
		return this.#firstAtOrAfter(cardId + 1) - this.#firstAtOrAfter(cardId);
	}

	/** The index of the first review of a card with this id or a higher one, found by bisection: the log is in card order. */
	#firstAtOrAfter(cardId: number): number {
		let low = 0;
		let high = this.#size;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (this.#cardId(middle) < cardId) low = middle + 1;
			else high = middle;
		}
		return low;
	}

	#cardId(index: number): number {
		return this.#value(index, 1);
	}

	#value(index: number, column: number): number {
		return this.#columns[index * COLUMNS + column]!;
	}
}
