import {statSync} from 'node:fs';
import type {Deck} from '../../core/decks/card.js';
import {lintDecks} from '../../core/decks/lint.js';
import {parseDeck} from '../../core/decks/parse-deck.js';
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

/** Parse and lint deck files; pure apart from reading them. */
export function checkFiles(files: readonly DeckFile[]): {decks: Deck[]; cards: number; problems: Problem[]} {
	const decks: Deck[] = [];
	const problems: Problem[] = [];
	for (const file of files) {
		const read = readDeckText(file);
		if ('problem' in read) {
			problems.push(read.problem);
			continue;
		}
		const deck = parseDeck({file: file.displayPath, deck: file.deck, text: read.text});
		decks.push(deck);
		problems.push(...deck.problems);
	}
	problems.push(...lintDecks(decks));
	return {decks, cards: decks.reduce((sum, deck) => sum + deck.cards.length, 0), problems};
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

