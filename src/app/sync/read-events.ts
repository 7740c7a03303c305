import type {LogEvent, SyncEvent} from '../../core/sync/event-log.js';
import type {Rating} from '../../core/scheduling/scheduler.js';

/*
The card events read from one device's log, held column by column until they are applied. A
second device's first sync holds 242,000 of them at once: as an object each (with its place in the
file, its time and its id), they took 258 bytes apiece and most of that sync's memory, and V8 copied
every one of them twice on its way to the old generation. Here an answer takes its id and 45 bytes
of typed arrays, and becomes an object again only while it is applied.

Answers are most of any log and all have one shape, so they are the ones kept in columns; any other
card event (a due date, a burial, a tag) is kept as the object it was read as.
*/

/**
An event read, with where it was read: the file shown and line number for messages, and the
line's place in the file (its bytes, read again only for the few events kept waiting). Holding
each line's bytes kept the whole file in memory with the events: 60 MB of a 242,000-event log.
*/
export type Incoming<E extends LogEvent> = {
	readonly event: E;
	readonly file: string;
	readonly lineNumber: number;
	/** The file read, and the line's first byte and length there (without its newline). */
	readonly path: string;
	readonly offset: number;
	readonly length: number;
};
export const sourceOf = (item: Incoming<LogEvent>) => `${item.file}:${item.lineNumber}`;

// Rows are kept in blocks of this many, made as they fill: grown by doubling instead, each column was
// copied at every size and left its old buffers to the collector (22 MB of them at a 242,000-event read's end).
const BLOCK_ROWS = 4096;
const BLOCK_SHIFT = 12;
// Where each column starts in a block: the answers' times and durations and the lines' first bytes
// among its floats; the answers' card, identity key and deck (numbers of texts) and the lines'
// numbers and lengths among its whole numbers. The ratings have a block of bytes of their own.
const FLOATS = {at: 0, durationMs: BLOCK_ROWS, offset: 2 * BLOCK_ROWS, size: 3 * BLOCK_ROWS} as const;
const WHOLES = {card: 0, key: BLOCK_ROWS, deck: 2 * BLOCK_ROWS, lineNumber: 3 * BLOCK_ROWS, bytes: 4 * BLOCK_ROWS, size: 5 * BLOCK_ROWS} as const;

type Block = {readonly floats: Float64Array; readonly wholes: Int32Array; readonly ratings: Uint8Array};
type Review = Extract<SyncEvent, {type: 'review'}>;

/** A log's events as a worker posts them (logs-read-ahead.ts): plain data, and the columns' buffers to move rather than copy. */
export type PackedEvents = {
	readonly file: string;
	readonly path: string;
	readonly device: string;
	readonly length: number;
	readonly ids: readonly string[];
	readonly others: ReadonlyArray<readonly [number, SyncEvent]>;
	readonly blocks: readonly Block[];
	readonly texts: readonly string[];
};

export class ReadEvents {
	/** The file as shown in messages, and as opened. */
	readonly file: string;
	readonly path: string;
	/** The device of every event: a log holds only its own device's events. */
	readonly device: string;
	#length = 0;
	#ids: string[] = [];
	/** The events that are not answers, by row. */
	readonly #others = new Map<number, SyncEvent>();
	#blocks: Block[] = [];
	/** Each card, key and deck named, once: a log names each of them in many events. */
	readonly #texts: string[] = [];
	readonly #textNumbers = new Map<string, number>();

	constructor(file: string, path: string, device: string) {
		this.file = file;
		this.path = path;
		this.device = device;
	}

	get length(): number {
		return this.#length;
	}

	/** Add an event of this log's device, read from the line at `lineNumber`, `offset` and `bytes` long. */
	push(event: SyncEvent, lineNumber: number, offset: number, bytes: number): void {
		if (event.device !== this.device) throw new Error(`an event of device ${event.device} in the events of ${this.device}`);
		const row = this.#length;
		const slot = row & (BLOCK_ROWS - 1);
		if (slot === 0) this.#blocks.push({floats: new Float64Array(FLOATS.size), wholes: new Int32Array(WHOLES.size), ratings: new Uint8Array(BLOCK_ROWS)});
		const {floats, wholes, ratings} = this.#blocks[row >>> BLOCK_SHIFT]!;
		this.#ids.push(event.id);
		wholes[WHOLES.lineNumber + slot] = lineNumber;
		floats[FLOATS.offset + slot] = offset;
		wholes[WHOLES.bytes + slot] = bytes;
		if (event.type === 'review') {
			floats[FLOATS.at + slot] = event.at;
			floats[FLOATS.durationMs + slot] = event.durationMs;
			wholes[WHOLES.card + slot] = this.#numberOf(event.card);
			wholes[WHOLES.key + slot] = this.#numberOf(event.key);
			wholes[WHOLES.deck + slot] = this.#numberOf(event.deck);
			ratings[slot] = event.rating;
		} else this.#others.set(row, event);
		this.#length++;
	}

	id(row: number): string {
		return this.#ids[row]!;
	}

	isAnswer(row: number): boolean {
		return !this.#others.has(row);
	}

	/** The event of a row, as it was read: an answer's is made anew at each call. */
	event(row: number): SyncEvent {
		const other = this.#others.get(row);
		if (other) return other;
		const {floats, wholes, ratings} = this.#blocks[row >>> BLOCK_SHIFT]!;
		const slot = row & (BLOCK_ROWS - 1);
		const texts = this.#texts;
		const review: Review = {
			type: 'review',
			id: this.#ids[row]!,
			device: this.device,
			at: floats[FLOATS.at + slot]!,
			card: texts[wholes[WHOLES.card + slot]!]!,
			key: texts[wholes[WHOLES.key + slot]!]!,
			deck: texts[wholes[WHOLES.deck + slot]!]!,
			rating: ratings[slot] as Rating,
			durationMs: floats[FLOATS.durationMs + slot]!,
		};
		return review;
	}

	/** The event of a row with the place of its line. */
	incoming(row: number): Incoming<SyncEvent> {
		const {floats, wholes} = this.#blocks[row >>> BLOCK_SHIFT]!;
		const slot = row & (BLOCK_ROWS - 1);
		return {event: this.event(row), file: this.file, lineNumber: wholes[WHOLES.lineNumber + slot]!, path: this.path, offset: floats[FLOATS.offset + slot]!, length: wholes[WHOLES.bytes + slot]!};
	}

	*[Symbol.iterator](): Generator<Incoming<SyncEvent>> {
		for (let row = 0; row < this.#length; row++) yield this.incoming(row);
	}

	/** These events as plain data, and the buffers to transfer with them: this object is not to be used afterwards. */
	packed(): {readonly packed: PackedEvents; readonly transfer: ArrayBuffer[]} {
		const blocks = this.#blocks;
		const transfer = blocks.flatMap(({floats, wholes, ratings}) => [floats.buffer, wholes.buffer, ratings.buffer] as ArrayBuffer[]);
		return {packed: {file: this.file, path: this.path, device: this.device, length: this.#length, ids: this.#ids, others: [...this.#others], blocks, texts: this.#texts}, transfer};
	}

	/** The events `packed()` made, as they were. */
	static unpacked(packed: PackedEvents): ReadEvents {
		const events = new ReadEvents(packed.file, packed.path, packed.device);
		events.#length = packed.length;
		// Taken, not copied: a structured clone arrives as arrays of its own.
		events.#ids = packed.ids as string[];
		for (const [row, event] of packed.others) events.#others.set(row, event);
		events.#blocks = packed.blocks as Block[];
		for (const text of packed.texts) events.#numberOf(text);
		return events;
	}

	#numberOf(text: string): number {
		let number = this.#textNumbers.get(text);
		if (number === undefined) {
			number = this.#texts.length;
			this.#texts.push(text);
			this.#textNumbers.set(text, number);
		}
		return number;
	}
}

/**
The events read from several logs as one sequence, each named by a number (its place in it), so
that what holds on to many events until they are applied holds numbers rather than objects.
*/
export class EventsOfLogs {
	readonly #logs: readonly ReadEvents[];
	/** Where each log's events start in the sequence. */
	readonly #starts: readonly number[];

	constructor(logs: readonly ReadEvents[]) {
		this.#logs = logs;
		let start = 0;
		this.#starts = logs.map((log) => {
			const at = start;
			start += log.length;
			return at;
		});
	}

	/** The number of the first event of the log at `index`. */
	start(index: number): number {
		return this.#starts[index]!;
	}

	id(event: number): string {
		const [log, row] = this.#locate(event);
		return log.id(row);
	}

	isAnswer(event: number): boolean {
		const [log, row] = this.#locate(event);
		return log.isAnswer(row);
	}

	event(event: number): SyncEvent {
		const [log, row] = this.#locate(event);
		return log.event(row);
	}

	incoming(event: number): Incoming<SyncEvent> {
		const [log, row] = this.#locate(event);
		return log.incoming(row);
	}

	#locate(event: number): [ReadEvents, number] {
		// A sync reads a log per device: a few, searched from the last.
		let index = this.#starts.length - 1;
		while (index > 0 && this.#starts[index]! > event) index--;
		return [this.#logs[index]!, event - this.#starts[index]!];
	}
}
