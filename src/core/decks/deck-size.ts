/*
How large a deck file may be: one rule, in UTF-8 bytes (what the file holds on disk), for every
path a deck takes. The loader checks a file's size before reading it, the parser checks text it
is handed, and adding a card checks the deck it would write, so no deck that loads today is
refused tomorrow for a card fluency itself appended. 32 MiB holds a heavy user's whole collection
in one file (100,000 cards of a short question and a two-line answer take about 22 MB) and still
bounds what a stranger's file can make the parser hold.
*/
import {error, type Problem} from '../problem.js';

export const MAX_DECK_FILE_BYTES = 32 * 1024 * 1024;

/** The problem of a deck file of `bytes` bytes, or undefined when it is small enough. */
export function deckSizeProblem(file: string, bytes: number): Problem | undefined {
	if (bytes <= MAX_DECK_FILE_BYTES) return undefined;
	return error(file, 1, `file is larger than ${MAX_DECK_FILE_BYTES / 1024 / 1024} MiB; split it into several decks`);
}

/** The problem of a deck whose text is `text`, measured as the UTF-8 file that holds it. */
export function deckTextSizeProblem(file: string, text: string): Problem | undefined {
	// A UTF-16 code unit is at most 3 bytes of UTF-8: most decks need no counting.
	if (text.length * 3 <= MAX_DECK_FILE_BYTES) return undefined;
	return deckSizeProblem(file, utf8Bytes(text));
}

/** The size of `text` written as UTF-8 (a lone surrogate is written as U+FFFD, 3 bytes). */
export function utf8Bytes(text: string): number {
	// Node counts natively, thirty times faster than a loop over a 32 MiB deck's code units.
	return Buffer.byteLength(text, 'utf8');
}
