import {statSync} from 'node:fs';
import {DeckLinter, deckWarnings} from '../../core/decks/lint.js';
import {streamDeckToCheck} from '../../core/decks/parse-deck.js';
import type {Problem} from '../../core/problem.js';
import {UserError} from '../errors.js';
import {deckFileAt, type DeckFile, findDeckFiles, readDeckText} from './deck-files.js';

/**
`fluency check`: the deck files at `paths` (files or folders), else in the decks directories,
parsed and linted. `found` holds the problems of finding them (an unreadable folder).
*/
export function checkDecks(paths: readonly string[] | undefined, deckDirs: readonly string[]): ReturnType<typeof checkFiles> & {found: Problem[]} {
	const files = paths ? filesAt(paths) : findDeckFiles(deckDirs);
	return {...checkFiles(files.files), found: files.problems};
}

/** A deck checked: its name and how many cards it makes. */
export type CheckedDeck = {readonly name: string; readonly cards: number};

/**
Parse and lint deck files, each note as the parser makes its cards (they are let go once linted:
a 100,000-card file held whole cost a fifth of its check in collections); pure apart from reading
the files. Each deck's problems come in the order DeckLinter.lint gives them.
*/
export function checkFiles(files: readonly DeckFile[]): {decks: CheckedDeck[]; cards: number; problems: Problem[]} {
	const decks: CheckedDeck[] = [];
	const problems: Problem[] = [];
	const linter = new DeckLinter({decks: files.length});
	for (const file of files) {
		const read = readDeckText(file);
		if ('problem' in read) {
			problems.push(read.problem);
			continue;
		}
		let cards = 0;
		const noteWarnings: Problem[] = [];
		const deck = streamDeckToCheck({file: file.displayPath, deck: file.deck, text: read.text}, (made) => {
			cards += made.length;
			for (const warned of linter.lintNoteCards(made)) noteWarnings.push(warned);
		});
		problems.push(...deck.problems, ...deckWarnings(deck), ...noteWarnings);
		decks.push({name: deck.name, cards});
	}
	return {decks, cards: decks.reduce((sum, deck) => sum + deck.cards, 0), problems};
}

function filesAt(paths: readonly string[]): {files: DeckFile[]; problems: Problem[]} {
	const files: DeckFile[] = [];
	const problems: Problem[] = [];
	for (const path of paths) {
		let isDirectory: boolean;
		try {
			isDirectory = statSync(path).isDirectory();
		} catch {
			throw new UserError(`${path}: no such file or directory`, 2);
		}
		if (isDirectory) {
			const found = findDeckFiles([path]);
			files.push(...found.files);
			problems.push(...found.problems);
		} else {
			files.push(deckFileAt(path));
		}
	}
	return {files, problems};
}

