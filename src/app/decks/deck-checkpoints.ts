/*
Checkpoints of a large deck file: resume points the parser found through it, each with the hash of
the bytes from it to the next. A file edited in the middle is compared with them stretch by stretch,
from its start and from its end, and only the stretch between the first and last that differ is
parsed again (see `changedStretch`).
*/
import {createHash} from 'node:crypto';
import type {Checkpoints, ResumePoint} from '../../core/decks/parse-deck.js';
import type {DeckCheckpoint} from '../../store/decks.js';

/** How far apart the parser marks checkpoints, in characters: a changed stretch parses in about 2 ms. */
export const CHECKPOINT_EVERY = 64 * 1024;
/** Files shorter than this many stretches parse whole in a few milliseconds, and get no checkpoints. */
export const CHECKPOINTS_FROM_STRETCHES = 4;

// 128 bits of SHA-256: a stretch's hash is compared with the same stretch's later, nothing else.
// A string is hashed as its UTF-8, so a stretch of text hashes as the file's bytes do.
const hashOf = (stretch: Uint8Array | string) => createHash('sha256').update(stretch).digest('hex').slice(0, 32);

/**
The checkpoints to store for `text` (a file's whole text, decoded from valid UTF-8, so it encodes
back to the same bytes), from the parser's resume points in it. The first is always the file's
start, a checkpoint no parse resumes at: its stretch holds the front matter, and is compared like
the rest. `startLine` and `startByte` place a stretch of the file (`text`) in it.
*/
export function checkpointsOfText(text: string, points: Checkpoints, place: {startLine: number; startByte: number} = {startLine: 1, startByte: 0}): DeckCheckpoint[] {
	const starts: ResumePoint[] = points[0]?.offset === 0 ? [...points] : [{line: place.startLine, offset: 0}, ...points];
	// A stretch at a time, hashed as the UTF-8 it encodes to: the 22 MB of a large file are never
	// copied whole, and no offset is counted from the start again (350 stretches would encode it 175 times over).
	let byte = place.startByte;
	return starts.map((point, index) => {
		const stretch = text.slice(point.offset, starts[index + 1]?.offset ?? text.length);
		const checkpoint = {line: point.line, offset: byte, hash: hashOf(stretch)};
		byte += Buffer.byteLength(stretch, 'utf8');
		return checkpoint;
	});
}

/**
What a sync stores as the hash of a file that has checkpoints: the hash of their hashes. Whether
such a file changed is told by its stretches, so its bytes are hashed once, not twice.
*/
export function hashOfCheckpoints(checkpoints: readonly DeckCheckpoint[]): string {
	return createHash('sha256')
		.update(checkpoints.map((checkpoint) => `${checkpoint.offset}:${checkpoint.hash}`).join('\n'))
		.digest('hex');
}

/** The part of an edited file to parse again: every byte outside it is where it was, or shifted by `byteDelta`. */
export type ChangedStretch = {
	/** The checkpoint the stretch starts at: its line and byte did not move, nor did the bytes of its stretch. */
	readonly from: number;
	/** The first checkpoint of the unchanged end, now `byteDelta` bytes later; the checkpoints' count when the stretch runs to the end. */
	readonly to: number;
	/** Where the stretch ends in the edited file's bytes. */
	readonly end: number;
	readonly byteDelta: number;
};

/**
Which stretch of `bytes` (the file as it is now) to parse again, against the checkpoints of the
file as it was (`size` bytes then). The stretches from the start that hash the same stay, and so
do those from the end that hash the same `byteDelta` bytes later. The stretch parsed again starts
one checkpoint before the first that changed: text added right before a note's marker, or a marker
edited into prose, belongs to the note before it, which must be read again too. Undefined when
that would start at the file's start (an edit in the front matter or the first notes), or when the
unchanged end does not start at a line's start; 'unchanged' when every stretch is as it was.
*/
export function changedStretch(bytes: Buffer, checkpoints: readonly DeckCheckpoint[], size: number): ChangedStretch | 'unchanged' | undefined {
	const count = checkpoints.length;
	const endOf = (index: number) => (index + 1 < count ? checkpoints[index + 1]!.offset : size);
	const sameAt = (index: number, shift: number) => {
		const start = checkpoints[index]!.offset + shift;
		const end = endOf(index) + shift;
		return start >= 0 && end <= bytes.length && hashOf(bytes.subarray(start, end)) === checkpoints[index]!.hash;
	};
	let firstChanged = 0;
	while (firstChanged < count && sameAt(firstChanged, 0)) firstChanged++;
	if (firstChanged === count && bytes.length === size) return 'unchanged';
	const from = firstChanged - 1;
	if (from < 1) return undefined;
	const start = checkpoints[from]!.offset;
	const byteDelta = bytes.length - size;
	let to = count;
	while (to > firstChanged && checkpoints[to - 1]!.offset + byteDelta >= start && sameAt(to - 1, byteDelta)) to--;
	const end = to < count ? checkpoints[to]!.offset + byteDelta : bytes.length;
	const lineBreakBefore = bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d;
	if (to < count && !lineBreakBefore) return undefined;
	return {from, to, end, byteDelta};
}
