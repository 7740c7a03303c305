import {resolve} from 'node:path';
import {Command, InvalidArgumentError} from 'commander';
import {sanitizeLine} from '../../core/text.js';
import {createDeck} from '../../app/decks/new-deck.js';
import {importScreen} from '../import-screen.js';
import {print, style} from '../output.js';
import {runCommand} from '../run-command.js';

export function newCommand(): Command {
	return new Command('new')
		.description('create a deck file from a template, with one example of each card type')
		.argument('<deck>', 'a deck name such as backend/apis (created in your user decks directory), or a path ending in .md')
		.action(async (deck: string, _options: unknown, command: Command) =>
			runCommand(command, (fluency) => {
				// Writes a file from a template only: no database, nothing loaded or exchanged.
				const path = createDeck(deck, fluency.settings.userDecksDir);
				print(`created ${path}`);
				print(style.dim('edit it, then `fluency check` to see problems and `fluency review` to study it'));
			}),
		);
}

export function showCommand(): Command {
	return new Command('show')
		.description('show cards as the review screen draws them, to check your writing')
		.argument('<what>', 'a deck (with its sub-decks) or its file, either with a line (backend:42, decks/backend.md:42), or the start of a card id')
		.option('--width <columns>', 'width to draw at, 20 or more (default: the terminal\'s, or 80)', columnCount)
		.action(async (what: string, options: {width?: number}, command: Command) =>
			runCommand(command, async (fluency) => {
				const [{cardLines}, {reviewCardOf}, {deckIsWithin}, {UsageError}] = await Promise.all([
					import('../../ui/review/card-lines.js'),
					import('../../app/review/review-card.js'),
					import('../../core/decks/deck-names.js'),
					import('../../app/errors.js'),
				]);
				const width = options.width ?? Math.max(20, process.stdout.columns || 80);
				const chosen = cardsToShow(fluency.activeCards(), what, deckIsWithin);
				if (chosen.length === 0) throw new UsageError(`no deck, deck file, deck:line or card id matches \`${what}\``);
				const asked = /^(.+):(\d+)$/.exec(what);
				if (asked) {
					// A line past the end (an old line number, a guess) still shows something useful: the
					// last card, which is the one the nearest card start above that line belongs to.
					const {readFileSync} = await import('node:fs');
					const lines = readFileSync(chosen[0]!.file, 'utf8').split('\n').length;
					if (Number(asked[2]) > lines) {
						const inDeck = fluency.activeCards().filter((card) => card.file === chosen[0]!.file).length;
						print(style.dim(`line ${asked[2]} is past the end of ${sanitizeLine(asked[1]!)} (${lines} lines, ${inDeck} ${inDeck === 1 ? 'card' : 'cards'}); its last card:`));
					}
				}
				chosen.forEach((card, index) => {
					if (index > 0) print();
					print(style.dim(`${sanitizeLine(card.deck)}:${card.line}  ${card.kind}${card.kind === 'basic' ? '' : ` ${card.ordinal}`}  ${card.id}`));
					for (const line of cardLines(reviewCardOf(card), width, 'both')) print(line);
				});
			}),
		);
}

function columnCount(value: string): number {
	const columns = Number(value);
	if (!/^\d+$/.test(value) || columns < 20 || columns > 1000) throw new InvalidArgumentError('give a whole number of columns from 20 to 1000');
	return columns;
}

type ShownCard = {readonly id: string; readonly deck: string; readonly file: string; readonly line: number};

/**
The cards `fluency show` draws for `what`: a deck or deck file, each optionally with `:line` (the
note containing that line: the nearest card start at or above it, or the first card for a line above
every card), else a card id prefix.
*/
function cardsToShow<Card extends ShownCard>(cards: readonly Card[], what: string, deckIsWithin: (deck: string, parent: string) => boolean): Card[] {
	const [, target = what, line] = /^(.+?)(?::(\d+))?$/.exec(what) ?? [];
	const inTarget = target.endsWith('.md') ? (card: Card) => card.file === resolve(target) : line ? (card: Card) => card.deck === target : (card: Card) => deckIsWithin(card.deck, target);
	const matching = cards.filter(inTarget);
	if (line) {
		// Above the first card (the front matter, a heading) means the first card.
		const above = matching.filter((card) => card.line <= Number(line)).map((card) => card.line);
		const noteLine = above.length > 0 ? Math.max(...above) : Math.min(...matching.map((card) => card.line));
		return matching.filter((card) => card.line === noteLine);
	}
	return matching.length > 0 ? matching : cards.filter((card) => card.id.startsWith(what));
}

const EDITOR_TEMPLATE = `<!--
Write one or more cards below, then save and close the editor.
Q: question, A: answer; R: for both directions; C: text with {{deletions}}.
Note:, Tags: and ID: lines go at the end of a card. This comment is ignored.
-->

Q: 

A: 
`;

export function addCommand(): Command {
	return new Command('add')
		.description('add a card to a deck from the terminal (a form, or $EDITOR with --editor)')
		.argument('<deck>', 'deck name, e.g. backend/apis (created in your user decks directory if new)')
		.option('--editor', 'write the card in $EDITOR instead of the form (for multi-line answers, tables, code)')
		.action(async (deck: string, options: {editor?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const [{UsageError}, {deckNameFromPath}] = await Promise.all([import('../../app/errors.js'), import('../../core/decks/deck-names.js')]);
				// A name as typed, as `new` takes it (`a//b` is refused, not tidied); a path to a .md file by its name.
				const name = deck.endsWith('.md') ? deckNameFromPath(deck) : deck;
				const file = await fluency.deckFileFor(name);
				if (options.editor) {
					await fluency.addCardsFromEditor(file, name, EDITOR_TEMPLATE, 6);
					return print(`added to ${file}`);
				}
				if (!process.stdin.isTTY) throw new UsageError('the form needs an interactive terminal; use --editor, or write to the deck file');
				const [{render}, {AddCardForm}] = await importScreen(() => Promise.all([import('ink'), import('../../ui/add/AddCardForm.js')]));
				const added = await fluency.addNotes(file, name, async (save) => {
					const app = render(<AddCardForm deck={name} width={process.stdout.columns || 80} onSave={save} />);
					await app.waitUntilExit();
				});
				if (added === 0) return print(style.dim('nothing was added'));
				return print(`added ${added} ${added === 1 ? 'card' : 'cards'} to ${file}`);
			}),
		);
}
