import {resolve} from 'node:path';
import {Command, InvalidArgumentError} from 'commander';
import {sanitizeLine} from '../../core/text.js';
import {createDeck} from '../../app/decks/new-deck.js';
import {importScreen} from '../import-screen.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

export function newCommand(): Command {
	return new Command('new')
		.description('create a deck file from a template, with one example of each card type')
		.argument('<deck>', 'a deck name such as backend/apis (created in your user decks directory), or a path ending in .md')
		.action(async (deck: string, _options: unknown, command: Command) =>
			runWithContext(command, (context) => {
				const path = createDeck(deck, context.settings.userDecksDir);
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
			runWithContext(command, async (context) => {
				const [{activeCards}, {cardLines}, {reviewCardOf}, {deckIsWithin}, {UsageError}] = await Promise.all([
					import('../../store/cards.js'),
					import('../../ui/review/card-lines.js'),
					import('../../app/review/review-card.js'),
					import('../../core/decks/card.js'),
					import('../../app/errors.js'),
				]);
				context.sync();
				const width = options.width ?? Math.max(20, process.stdout.columns || 80);
				const chosen = cardsToShow(activeCards(context.store), what, deckIsWithin);
				if (chosen.length === 0) throw new UsageError(`no deck, deck file, deck:line or card id matches \`${what}\``);
				const asked = /:(\d+)$/.exec(what);
				if (asked) {
					const {readFileSync} = await import('node:fs');
					const lines = readFileSync(chosen[0]!.file, 'utf8').split('\n').length;
					if (Number(asked[1]) > lines) throw new UsageError(`${sanitizeLine(what)}: the deck file has ${lines} lines`);
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
note containing that line: the nearest card start at or above it), else a card id prefix.
*/
function cardsToShow<Card extends ShownCard>(cards: readonly Card[], what: string, deckIsWithin: (deck: string, parent: string) => boolean): Card[] {
	const [, target = what, line] = /^(.+?)(?::(\d+))?$/.exec(what) ?? [];
	const inTarget = target.endsWith('.md') ? (card: Card) => card.file === resolve(target) : line ? (card: Card) => card.deck === target : (card: Card) => deckIsWithin(card.deck, target);
	const matching = cards.filter(inTarget);
	if (line) {
		const noteLine = Math.max(0, ...matching.filter((card) => card.line <= Number(line)).map((card) => card.line));
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
			runWithContext(command, async (context) => {
				const [{appendCardText, appendNote, checkedCardText, deckFileFor}, {listDecks}, {UsageError, UserError}, {deckNameFromPath}] = await Promise.all([
					import('../../app/decks/add-card.js'),
					import('../../store/decks.js'),
					import('../../app/errors.js'),
					import('../../core/decks/card.js'),
				]);
				context.sync();
				const name = deckNameFromPath(deck);
				const known = new Map(listDecks(context.store).filter((stored) => stored.retiredAt === null).map((stored) => [stored.name, stored.path]));
				const file = deckFileFor(name, known, context.settings.userDecksDir);
				if (options.editor) {
					const {mkdtempSync, readFileSync, writeFileSync} = await import('node:fs');
					const {join} = await import('node:path');
					const {tmpdir} = await import('node:os');
					const {openInEditor} = await import('../../app/decks/editor.js');
					const draft = join(mkdtempSync(join(tmpdir(), 'fluency-add-')), 'card.md');
					writeFileSync(draft, EDITOR_TEMPLATE);
					openInEditor(draft, 6);
					let text: string;
					try {
						text = checkedCardText(readFileSync(draft, 'utf8'), draft, name);
					} catch (thrown) {
						if (thrown instanceof UserError) throw new UserError(`${thrown.message} (your draft is kept in ${draft})`);
						throw thrown;
					}
					appendCardText(file, name, text);
				} else {
					if (!process.stdin.isTTY) throw new UsageError('the form needs an interactive terminal; use --editor, or write to the deck file');
					const [{render}, {AddCardForm}] = await importScreen(() => Promise.all([import('ink'), import('../../ui/add/AddCardForm.js')]));
					let added = 0;
					const app = render(
						<AddCardForm
							deck={name}
							width={process.stdout.columns || 80}
							onSave={(note) => {
								try {
									appendNote(file, name, note);
									added++;
									return undefined;
								} catch (thrown) {
									return thrown instanceof Error ? thrown.message : String(thrown);
								}
							}}
						/>,
					);
					await app.waitUntilExit();
					if (added === 0) return print(style.dim('nothing was added'));
					context.sync();
					return print(`added ${added} ${added === 1 ? 'card' : 'cards'} to ${file}`);
				}
				context.sync();
				print(`added to ${file}`);
			}),
		);
}
