import {statSync} from 'node:fs';
import {Command} from 'commander';
import {deckFileAt, type DeckFile, findDeckFiles, readDeckText} from '../../app/deck-files.js';
import {UserError} from '../../app/errors.js';
import type {Deck} from '../../core/card.js';
import {LINT_RULES, lintDecks} from '../../core/lint.js';
import {parseDeck} from '../../core/parse-deck.js';
import {byPlace, formatProblem, type Problem} from '../../core/problem.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

type CheckOptions = {json?: boolean; errorsOnly?: boolean};

export function checkCommand(): Command {
	return new Command('check')
		.description('check decks for problems without changing anything; exit 1 when a deck has errors')
		.argument('[paths...]', 'deck files or directories (default: every decks directory)')
		.option('--json', 'print the problems as JSON')
		.option('--errors-only', 'leave out the quality warnings')
		.addHelpText('after', `\nQuality warnings (never errors):\n${LINT_RULES.map((rule) => `  ${rule.id.padEnd(19)}${rule.description}`).join('\n')}`)
		.action(async (paths: string[], options: CheckOptions, command: Command) =>
			runWithContext(command, (context) => {
				const files = paths.length > 0 ? filesAt(paths) : findDeckFiles(context.settings.deckDirs);
				const result = checkFiles(files.files);
				let problems = [...files.problems, ...result.problems].sort(byPlace);
				if (options.errorsOnly) problems = problems.filter((problem) => problem.severity === 'error');
				const errors = problems.filter((problem) => problem.severity === 'error').length;
				const warnings = problems.length - errors;
				if (options.json) {
					print(JSON.stringify({decks: result.decks.length, cards: result.cards, errors, warnings, problems}, null, 2));
				} else {
					for (const problem of problems) print(problem.severity === 'error' ? style.error(formatProblem(problem)) : style.warning(formatProblem(problem)));
					print(summary(result.decks.length, result.cards, errors, warnings));
				}
				return errors > 0 ? 1 : 0;
			}),
		);
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

function summary(decks: number, cards: number, errors: number, warnings: number): string {
	const counted = `checked ${decks} ${decks === 1 ? 'deck' : 'decks'}, ${cards} ${cards === 1 ? 'card' : 'cards'}`;
	if (errors + warnings === 0) return `${counted}: ${style.good('no problems')}`;
	const parts = [];
	if (errors > 0) parts.push(style.error(`${errors} ${errors === 1 ? 'error' : 'errors'}`));
	if (warnings > 0) parts.push(style.warning(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`));
	return `${counted}: ${parts.join(', ')}`;
}
