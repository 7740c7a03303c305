import {Command, InvalidArgumentError, Option} from 'commander';
import {UsageError} from '../../app/errors.js';
import {type FoundCard, searchCards, selectCards} from '../../app/search/select-cards.js';
import {sanitizeLine} from '../../core/text.js';
import {print, printLines, style, table, toSafeJson} from '../output.js';
import {runCommand} from '../run-command.js';
import {loadTextWidth, textWidth} from '../text-width.js';

/** The columns `--sort` takes, each with the value it sorts on (null last, whichever the direction). */
const SORTS: Readonly<Record<string, (card: FoundCard) => string | number | null>> = {
	deck: (card) => card.deck,
	question: (card) => card.question.toLowerCase(),
	state: (card) => card.state,
	due: (card) => card.due,
	r: (card) => card.retrievability,
	s: (card) => card.stability,
	d: (card) => card.difficulty,
	ivl: (card) => card.interval,
	lapses: (card) => card.lapses,
	reps: (card) => card.reps,
	added: (card) => card.addedAt,
};

const FIND_HELP = `
The search language (as Anki's):
  word "a phrase"     on the card, anywhere (case ignored; * any text, _ one character)
  front:TEXT back:TEXT   the whole question or answer (front:*canary* for a part)
  deck:mlops          a deck with its sub-decks; deck:ml/* only the sub-decks
  tag:gdpr  tag:none  a tag (and its children); cards without tags
  tag:marked flag:1   marked with * in the review; flag 1 (red) to 4 (blue), flag:0 none
  is:new is:learn is:review is:due is:suspended is:buried is:leech
  prop:r<0.8          recall now below 80%; also prop:s>30 (stability, days),
                      prop:d>0.7 (difficulty 0-1), prop:ivl>=10, prop:due<3 (days, -1 overdue),
                      prop:lapses>3, prop:reps=0; comparisons < <= > >= = !=
  rated:7  rated:7:1  answered in the last 7 days (1 = today); only with grade 1 (Again)
  introduced:30       first answered in the last 30 days
  added:7             added in the last 7 days
  -term  a OR b  (…)  leave out, either, group; terms side by side must all match

Examples:
  fluency find 'deck:mlops is:due'
  fluency find 'prop:r<0.7 -is:suspended' --sort r
  fluency find '"feature store" OR tag:serving' --json
  fluency find 'rated:1:1' --ids | xargs fluency info`;

export function findCommand(): Command {
	return new Command('find')
		.description('find cards with a search as in Anki: deck:, tag:, is:due, prop:r<0.8, rated:7, words…')
		.argument('[query...]', 'the search (its words are joined with spaces; quote it in the shell)')
		.addOption(new Option('--sort <column>', 'sort by a column, smallest first (prefix - for largest first)').argParser(sortColumn))
		.option('--json', 'print the cards as JSON, for scripts')
		.option('--ids', 'print only the card ids, one a line, for other commands')
		.option('--width <columns>', "width of the table (default: the terminal's, or 80)", columnCount)
		.addHelpText('after', FIND_HELP)
		// `fluency find -is:new` is a search that leaves out new cards, not an option.
		.allowUnknownOption()
		.action(async (words: string[], options: {sort?: string; json?: boolean; ids?: boolean; width?: number}, command: Command) =>
			runCommand(command, async (fluency) => {
				const query = searchOf(words);
				if (options.ids) {
					printLines(selectCards(fluency, query));
					return;
				}
				const now = fluency.now();
				const cards = sorted(searchCards(fluency, query, now, 'find'), options.sort);
				if (options.json) {
					print(toSafeJson(cards.map((card) => ({...card, due: card.due === null ? null : new Date(card.due).toISOString(), addedAt: new Date(card.addedAt).toISOString()}))));
					return;
				}
				if (cards.length === 0) {
					print(style.dim('no card matches'));
					return;
				}
				printLines(await findTable(cards, options.width ?? Math.max(40, process.stdout.columns || 80)));
				print(style.dim(`${cards.length} ${cards.length === 1 ? 'card' : 'cards'}`));
			}),
		);
}

/** The search from the command's words; a word starting with `--` is an option this command does not have. */
export function searchOf(words: readonly string[]): string {
	const option = words.find((word) => word.startsWith('--'));
	if (option) throw new UsageError(`unknown option '${option.replace(/=.*$/, '')}'`);
	return words.join(' ');
}

function sorted(cards: FoundCard[], sort: string | undefined): FoundCard[] {
	if (!sort) return cards;
	const descending = sort.startsWith('-');
	const key = SORTS[sort.replace(/^-/, '')]!;
	const keyed = cards.map((card) => ({card, value: key(card)}));
	keyed.sort((a, b) => {
		if (a.value === b.value) return 0;
		if (a.value === null) return 1;
		if (b.value === null) return -1;
		const order = a.value < b.value ? -1 : 1;
		return descending ? -order : order;
	});
	return keyed.map(({card}) => card);
}

/** The table, its question column cut (and the deck column if need be) so each line fits `width`. */
async function findTable(cards: readonly FoundCard[], width: number): Promise<string[]> {
	const header = ['ID', 'Deck', 'Question', 'State', 'Due', 'R', 'S', 'D', 'Lapses'];
	const rows = cards.map((card) => [
		card.id,
		`${sanitizeLine(card.deck)}:${card.line}`,
		sanitizeLine(card.question),
		card.suspended ? 'suspended' : card.buried ? 'buried' : card.state,
		// Relative, to leave the question room: the date is in --json and `fluency info`.
		card.dueInDays === null ? '-' : card.dueInDays === 0 ? 'today' : card.dueInDays > 0 ? `in ${card.dueInDays}d` : `${-card.dueInDays}d ago`,
		card.retrievability === null ? '-' : `${Math.round(card.retrievability * 100)}%`,
		card.stability === null ? '-' : formatDays(card.stability),
		card.difficulty === null ? '-' : `${Math.round(card.difficulty * 100)}%`,
		String(card.lapses),
	]);
	await loadTextWidth(rows.flat());
	// Each column measured once: a query can match 100,000 cards.
	const widths = header.map((cell, column) => rows.reduce((widest, row) => Math.max(widest, textWidth(row[column]!)), textWidth(cell)));
	const others = widths.reduce((sum, columnWidth, column) => (column === 2 ? sum : sum + columnWidth), 0) + 2 * (header.length - 1);
	// The question takes what is left, at least a few characters; the deck gives way when even that does not fit.
	const question = Math.max(8, width - others);
	const deck = Math.max(8, widths[1]! - Math.max(0, others + question - width));
	const cut = rows.map((row) => row.map((cell, column) => (column === 2 ? truncate(cell, question) : column === 1 ? truncate(cell, deck) : cell)));
	// A cut cell ends in an ellipsis, which the measures size.
	await loadTextWidth(cut.flat());
	return table(header, cut, new Set([5, 6, 7, 8]));
}

function formatDays(days: number): string {
	return days < 10 ? `${days.toFixed(1)}d` : days < 365 ? `${Math.round(days)}d` : `${(days / 365).toFixed(1)}y`;
}

// Made on first use: building a segmenter loads ICU's break rules, about 20 ms that `--ids` and
// a listing of ASCII questions never need.
let graphemes: Intl.Segmenter | undefined;

/** `text` cut to `width` columns with an ellipsis, between characters as the terminal shows them (an emoji with its modifiers is one). */
function truncate(text: string, width: number): string {
	// Printable ASCII, most questions: one column a character.
	if (/^[\x20-\x7e]*$/.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
	if (textWidth(text) <= width) return text;
	let cut = '';
	let used = 0;
	for (const {segment} of (graphemes ??= new Intl.Segmenter()).segment(text)) {
		used += textWidth(segment);
		if (used > width - 1) break;
		cut += segment;
	}
	return `${cut}…`;
}

function sortColumn(value: string): string {
	if (!(value.replace(/^-/, '') in SORTS)) throw new InvalidArgumentError(`sort by one of ${Object.keys(SORTS).join(', ')} (prefix - for largest first)`);
	return value;
}

function columnCount(value: string): number {
	const columns = Number(value);
	if (!/^\d+$/.test(value) || columns < 40 || columns > 1000) throw new InvalidArgumentError('give a whole number of columns from 40 to 1000');
	return columns;
}
