import type {LogEvent, SyncEvent} from '../../core/sync/event-log.js';
import type {Rating} from '../../core/scheduling/scheduler.js';

/*
The card events read from one device's log, held column by column until they are applied. A
second device's first sync holds 242,000 of them at once: as an object each (with its place in the
file, its time and its id), they took 258 bytes apiece and most of that sync's memory, and V8 copied
every one of them twice on its way to the old generation. Here an answer takes its id and about 60
bytes of typed arrays, and becomes an object again only while it is applied.

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
// Each block's columns: the answers' times, durations and the lines' first bytes as floats; the
// answers' card, identity key and deck (numbers of texts) and the lines' numbers and lengths as
// whole numbers; the answers' ratings as bytes.
const AT = 0;
const DURATION = 1;
const OFFSET = 2;
const FLOAT_COLUMNS = 3;
const CARD = 0;
const KEY = 1;
const DECK = 2;
const LINE = 3;
const BYTES = 4;
const WHOLE_COLUMNS = 5;

type Block = {readonly floats: Float64Array; readonly wholes: Int32Array; readonly ratings: Uint8Array};
type Review = Extract<SyncEvent, {type: 'review'}>;

export class ReadEvents {
	/** The file as shown in messages, and as opened. */
	readonly file: string;
	readonly path: string;
	/** The device of every event: a log holds only its own device's events. */
	readonly device: string;
	#length = 0;
	readonly #ids: string[] = [];
	/** The events that are not answers, by row. */
	readonly #others = new Map<number, SyncEvent>();
	readonly #blocks: Block[] = [];
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
		if (slot === 0) this.#blocks.push({floats: new Float64Array(FLOAT_COLUMNS * BLOCK_ROWS), wholes: new Int32Array(WHOLE_COLUMNS * BLOCK_ROWS), ratings: new Uint8Array(BLOCK_ROWS)});
		const {floats, wholes, ratings} = this.#blocks[row >>> BLOCK_SHIFT]!;
		this.#ids.push(event.id);
		wholes[LINE * BLOCK_ROWS + slot] = lineNumber;
		floats[OFFSET * BLOCK_ROWS + slot] = offset;
		wholes[BYTES * BLOCK_ROWS + slot] = bytes;
		if (event.type === 'review') {
			floats[AT * BLOCK_ROWS + slot] = event.at;
			floats[DURATION * BLOCK_ROWS + slot] = event.durationMs;
			wholes[CARD * BLOCK_ROWS + slot] = this.#numberOf(event.card);
			wholes[KEY * BLOCK_ROWS + slot] = this.#numberOf(event.key);
			wholes[DECK * BLOCK_ROWS + slot] = this.#numberOf(event.deck);
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
			at: floats[AT * BLOCK_ROWS + slot]!,
			card: texts[wholes[CARD * BLOCK_ROWS + slot]!]!,
			key: texts[wholes[KEY * BLOCK_ROWS + slot]!]!,
			deck: texts[wholes[DECK * BLOCK_ROWS + slot]!]!,
			rating: ratings[slot] as Rating,
			durationMs: floats[DURATION * BLOCK_ROWS + slot]!,
		};
		return review;
	}

	/** The event of a row with the place of its line. */
	incoming(row: number): Incoming<SyncEvent> {
		const {floats, wholes} = this.#blocks[row >>> BLOCK_SHIFT]!;
		const slot = row & (BLOCK_ROWS - 1);
		return {event: this.event(row), file: this.file, lineNumber: wholes[LINE * BLOCK_ROWS + slot]!, path: this.path, offset: floats[OFFSET * BLOCK_ROWS + slot]!, length: wholes[BYTES * BLOCK_ROWS + slot]!};
	}

	*[Symbol.iterator](): Generator<Incoming<SyncEvent>> {
		for (let row = 0; row < this.#length; row++) yield this.incoming(row);
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
