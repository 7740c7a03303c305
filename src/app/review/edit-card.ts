import {copyFileSync, existsSync, mkdirSync} from 'node:fs';
import {dirname, join, relative} from 'node:path';
import {byPlace, formatProblem} from '../../core/problem.js';
import {checkFiles} from '../decks/check-decks.js';
import {deckFileAt, displayPath} from '../decks/deck-files.js';
import {isInside} from '../safe-files.js';
import {BUILT_IN_DECKS} from '../settings/paths.js';
import type {ReviewCard} from './review-card.js';

/** What came of editing a card, for the review screen. */
export type EditOutcome = {
	/** A line to show on the screen when it is back. */
	readonly notice?: string;
	/** The card no longer parses: where and why (`decks/x.md:42: …`), to offer the editor again. */
	readonly broken?: string;
};

type EditWorld = {
	/** Where the user's own decks live: a built-in deck is copied there before it is edited. */
	readonly userDecksDir: string;
	/** Open the file at a line in the editor, then load the decks again. */
	readonly editFile: (file: string, line: number) => void;
	/** The card as the database holds it after the edit; undefined when it left its deck. */
	readonly cardNow: (id: string) => ReviewCard | undefined;
	/** The built-in decks' folder (the installed package's `decks/`). */
	readonly builtIn?: string;
};

/**
`e` in the review. A built-in deck lives inside the installed package, where an edit is lost on
upgrade or impossible (a root-owned install): it is first copied, unchanged, to the user's decks
directory, where the copy shadows the built-in deck of the same name. The deck's name stays the
same and its cards' text too, so every card keeps its identity and its history.
*/
export function editCard(card: ReviewCard, {userDecksDir, editFile, cardNow, builtIn = BUILT_IN_DECKS}: EditWorld): EditOutcome {
	let file = card.file;
	let notice: string | undefined;
	if (isInside(builtIn, card.file)) {
		file = join(userDecksDir, relative(builtIn, card.file));
		if (!existsSync(file)) {
			mkdirSync(dirname(file), {recursive: true});
			copyFileSync(card.file, file);
			notice = `Copied the built-in deck to ${displayPath(file)} to edit it: your copy is read from now on, with every card's history.`;
		}
	}
	editFile(file, card.line);
	if (cardNow(card.id)) return notice === undefined ? {} : {notice};
	// Gone: broken by the edit (say where and why), or taken out of the deck on purpose.
	const errors = checkFiles([deckFileAt(file)])
		.problems.filter((problem) => problem.severity === 'error')
		.sort((a, b) => Math.abs(a.line - card.line) - Math.abs(b.line - card.line) || byPlace(a, b));
	if (errors[0]) return {broken: formatProblem(errors[0])};
	return {notice: 'That card is no longer in its deck: on to the next one.'};
}
