import {isUtf8} from 'node:buffer';
import {sha256} from '../../core/decks/card.js';
import {utf8Bytes} from '../../core/decks/deck-size.js';
import type {DeckSource, ResumePoint} from '../../core/decks/parse-deck.js';
import type {Problem} from '../../core/problem.js';
import type {DeckCheckpoint, DeckResumePoint} from '../../store/decks.js';
import {CHECKPOINTS_FROM_STRETCHES, checkpointsOfText} from './deck-checkpoints.js';
import {type DeckFile, readDeckBytes} from './deck-files.js';

/*
Reading a new deck file for a sync: its text and hash, how it is parsed, and what of the parse is
stored for a later one. load-decks.ts does it as it writes, one file at a time; reading-workers.ts
has workers do it ahead of the writes.
*/

/** A deck file read: what the database stores about the file itself. */
export type FileRead = {readonly text: string; readonly lossless: boolean; readonly size: number; readonly mtimeMs: number; readonly hash: string};

/** Read a deck file's text, with its hash; a problem when it cannot be read. */
export function readDeckFile(file: DeckFile): FileRead | {readonly problem: Problem} {
	const read = readDeckBytes(file);
	if ('problem' in read) return read;
	const text = read.bytes.toString('utf8');
	// `lossless`: decoded from valid UTF-8, so the text encodes back to the file's bytes, which its checkpoints' hashes are compared with.
	return {text, lossless: isUtf8(read.bytes), size: read.size, mtimeMs: read.mtimeMs, hash: sha256(text)};
}

/** What to parse a file's text as: a large one is given checkpoints. */
export function deckSource(file: DeckFile, text: string, checkpointEvery: number): DeckSource {
	return {file: file.displayPath, deck: file.deck, text, ...(text.length >= checkpointEvery * CHECKPOINTS_FROM_STRETCHES ? {checkpointEvery} : {})};
}

/**
What of a whole file's parse is stored for a later parse of part of it: its resume point in the
file's bytes, and its checkpoints (none for a file not valid UTF-8, whose text does not encode
back to its bytes).
*/
export function storedResumePoints(
	text: string,
	lossless: boolean,
	parsed: {readonly resumeAt: ResumePoint | undefined; readonly checkpoints: readonly ResumePoint[]},
): {resumeAt: DeckResumePoint | null; checkpoints: DeckCheckpoint[]} {
	const {resumeAt, checkpoints} = parsed;
	return {
		resumeAt: resumeAt ? {line: resumeAt.line, offset: utf8Bytes(text.slice(0, resumeAt.offset))} : null,
		checkpoints: checkpoints.length === 0 || !lossless ? [] : checkpointsOfText(text, checkpoints),
	};
}
