import {Command} from 'commander';
import {deckCounts} from '../../app/decks/deck-counts.js';
import {sanitizeLine} from '../../core/text.js';
import {print, printLines, style, table, toSafeJson} from '../output.js';
import {runCommand} from '../run-command.js';
import {loadTextWidth} from '../text-width.js';

export function decksCommand(): Command {
	return new Command('decks')
		.description("list the decks with their share of today's review (new, learning, due) and their total cards")
		.option('--json', 'print the counts as JSON')
		.action(async (options: {json?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const counts = deckCounts(fluency.store, fluency.settings, fluency.now());
				if (options.json) {
					print(toSafeJson(counts));
					return;
				}
				if (counts.decks.length === 0) {
					print(`no decks found in ${fluency.settings.deckDirs.join(', ')}`);
					return;
				}
				const rows = counts.decks.map((deck) => [
					sanitizeLine(deck.name),
					sanitizeLine(deck.title),
					String(deck.new),
					String(deck.learning),
					String(deck.due),
					String(deck.total),
				]);
				await loadTextWidth(rows.flat());
				printLines(table(['Deck', 'Title', 'New', 'Learn', 'Due', 'Total'], rows, new Set([2, 3, 4, 5])));
				const {today} = counts;
				print();
				print(style.dim(`Today: ${today.new} new, ${today.learning} learning, ${today.reviews} to review: the sums of New, Learn and Due.`));
				print(style.dim(`Limits: ${fluency.settings.limits.newPerDay} new and ${fluency.settings.limits.reviewsPerDay} reviews a day, one card of a note a day.`));
			}),
		);
}
