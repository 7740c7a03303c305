import {mkdirSync} from 'node:fs';
import {dirname} from 'node:path';
import {formatNote, type NoteToWrite, writeDeck} from '../../core/decks/deck-writer.js';
import {displayPath, writeFileWhole} from './deck-files.js';
import {kindOf, readOwnFile, UnsafeFileError} from '../safe-files.js';
import {parseDeck} from '../../core/decks/parse-deck.js';
import {deckTextSizeProblem, MAX_DECK_FILE_BYTES} from '../../core/decks/deck-size.js';
import {formatProblem} from '../../core/problem.js';
import {emptyDeck, newDeckPath} from './new-deck.js';
import {UserError} from '../errors.js';

/** The deck file a card is added to: an existing deck's file, or a new one in the user decks directory. */
export function deckFileFor(deck: string, knownFiles: ReadonlyMap<string, string>, userDecksDir: string): string {
	return knownFiles.get(deck) ?? newDeckPath(deck, userDecksDir).path;
}

/**
Append a note to a deck file, creating the file (front matter only) if needed. The note is checked
by the parser first, alone and then in its place at the end of the deck: what is appended always
reads back as the card that was written, and is never a second copy of a card the deck has.
Problems say "this card": it has no line in the deck yet.
*/
export function appendNote(file: string, deckName: string, note: NoteToWrite): void {
	const text = formatNote(note);
	const parsed = parseDeck({file, deck: deckName, text});
	const errors = parsed.problems.filter((problem) => problem.severity === 'error');
	if (errors.length > 0 || parsed.cards.length === 0) throw new UserError(`this card: ${errors[0]?.message ?? 'it is empty'}; nothing was added`);
	const refused = writeDeck({title: deckName}, [note]).refused[0];
	if (refused) throw new UserError(`this card: it would not read back as written (${refused.reason}); nothing was added`);
	const {existing, written} = deckTextWith(file, deckName, text);
	const problem = problemInPlace(file, deckName, existing, written);
	if (problem) throw new UserError(`this card: ${problem.message}; nothing was added`);
	writeDeckText(file, written);
}

/** Append checked card text to a deck file; a new deck starts with front matter and no other cards. */
export function appendCardText(file: string, deckName: string, text: string): void {
	const {existing, written} = deckTextWith(file, deckName, text);
	const problem = problemInPlace(file, deckName, existing, written);
	if (problem) throw new UserError(`the card \`${problem.card.length > 60 ? `${problem.card.slice(0, 59)}…` : problem.card}\`: ${problem.message}; nothing was added`);
	writeDeckText(file, written);
}

/**
What is wrong with the appended cards once read in their place at the end of the deck (a second
copy of a card the deck has would not load at all), said without their line: they have none yet.
*/
function problemInPlace(file: string, deckName: string, existing: string, written: string): {message: string; card: string} | undefined {
	const firstLine = existing.split('\n').length + (existing.endsWith('\n\n') ? 0 : existing.endsWith('\n') ? 1 : 2);
	const problem = parseDeck({file, deck: deckName, text: written}).problems.find((found) => found.severity === 'error' && found.line >= firstLine);
	if (!problem) return undefined;
	// The card it duplicates is written, so its place can be named: it may be far up a long deck.
	const where = problem.message.startsWith('duplicate of the card at line') ? ` of ${displayPath(file)}` : '';
	return {message: `${problem.message}${where}`, card: written.split('\n')[problem.line - 1]?.trim() ?? ''};
}

/** The deck file's text as it is (front matter only for a new deck), and with `text` appended. */
function deckTextWith(file: string, deckName: string, text: string): {existing: string; written: string} {
	if (kindOf(file) === 'symlink') throw new UnsafeFileError(`${displayPath(file)} is a symbolic link; fluency does not write through links it did not create, so nothing was added`);
	let existing: string;
	try {
		// Not through a link, nor from a FIFO: the deck is written back whole, and a link's target is not ours to write.
		existing = readOwnFile(file) ?? emptyDeck(deckName);
	} catch (thrown) {
		if (thrown instanceof UnsafeFileError) throw new UnsafeFileError(`${displayPath(file)} ${thrown.message}; nothing was added`);
		throw thrown;
	}
	return {existing, written: `${existing}${existing.endsWith('\n\n') ? '' : existing.endsWith('\n') ? '\n' : '\n\n'}${text}\n`};
}

function writeDeckText(file: string, written: string): void {
	// A deck over the limit would not load at all: refuse the card, not the deck.
	const tooLarge = deckTextSizeProblem(displayPath(file), written);
	if (tooLarge) throw new UserError(`${displayPath(file)} would be larger than ${MAX_DECK_FILE_BYTES / 1024 / 1024} MiB with this card; nothing was added (split the deck into several)`);
	mkdirSync(dirname(file), {recursive: true});
	writeFileWhole(file, written);
}

/** Cards written in the deck format (from $EDITOR), checked, ready to append as they are. */
export function checkedCardText(text: string, file: string, deckName: string): string {
	const body = text.replace(/<!--[\s\S]*?-->/g, '').trim();
	// Checked as written, comments and all (the parser skips them), so a problem's line number is
	// the line in the draft the user is looking at; what goes into the deck is without them.
	const parsed = parseDeck({file, deck: deckName, text});
	const errors = parsed.problems.filter((problem) => problem.severity === 'error');
	if (errors.length > 0) throw new UserError(`${formatProblem(errors[0]!)}; nothing was added`);
	if (parsed.cards.length === 0) throw new UserError('no card was written; nothing was added');
	return body;
}
