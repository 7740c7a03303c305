import {Command} from 'commander';
import {openInEditor} from '../../app/editor.js';
import {UsageError} from '../../app/errors.js';
import {nextDue, selectionFor, todaysQueue} from '../../app/study.js';
import {DAY_MS} from '../../core/day.js';
import {queueSize} from '../../core/queue.js';
import {startSession} from '../../core/session.js';
import {reviewActions} from '../../app/review-actions.js';
import {cardSummaries} from '../../store/cards.js';
import type {CommandContext} from '../context.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

function describeNextDue(context: CommandContext, at: number | undefined, deck: string | undefined): string {
	if (at === undefined) return 'no card is waiting for a review yet';
	const date = new Date(at);
	const now = context.now();
	const day = at - now < DAY_MS && new Date(now).getDate() === date.getDate() ? 'today' : at - now < 2 * DAY_MS ? 'tomorrow' : date.toLocaleDateString();
	return `next card: ${day} at ${date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'})}${deck ? ` (${deck})` : ''}`;
}

export function reviewCommand(): Command {
	return new Command('review')
		.description("review today's cards in the terminal: learning cards, due reviews, then new cards")
		.argument('[deck-or-tag...]', 'decks (with their sub-decks) or tags; every deck when none is given')
		.action(async (selectors: string[], _options: unknown, command: Command) => {
			// Checked first: without a terminal the keys never come, and the process would hang.
			if (!process.stdin.isTTY) throw new UsageError('review needs an interactive terminal (stdin is not a TTY)');
			await runWithContext(command, async (context) => {
				context.sync();
				const {store, settings} = context;
				const selection = selectionFor(store, selectors);
				const now = context.now();
				const {queue, day, selected} = todaysQueue(store, settings, now, selection);
				if (queueSize(queue) === 0) {
					const waiting = nextDue(selected);
					const deck = waiting === undefined ? undefined : selected.find((card) => card.due !== null && Math.max(card.due, card.buriedUntil ?? 0) === waiting)?.deck;
					print(`Nothing due now; ${describeNextDue(context, waiting, deck)}.`);
					if (selected.some((card) => card.state === 'new' && !card.suspended)) print(style.dim(`New cards are limited to ${settings.limits.newPerDay} a day (newPerDay in the config).`));
					return 0;
				}
				const [{render}, {ReviewApp}] = await Promise.all([import('ink'), import('../../ui/review/ReviewApp.js')]);
				const actions = reviewActions({
					store,
					schedulerFor: context.schedulerFor,
					now: () => context.now(),
					buryUntil: day.end,
					editAndSync: (file, line) => {
						openInEditor(file, line);
						context.sync();
					},
				});
				const title = selectors.length > 0 ? selectors.join(', ') : 'All decks';
				const dueTomorrow = () => cardSummaries(store).filter((card) => !card.suspended && card.state !== 'new' && card.due !== null && card.due < day.end + DAY_MS).length;
				const app = render(
					<ReviewApp title={title} initial={startSession(queue, day.end, settings.learnAheadMinutes * 60_000, now)} actions={actions} onEnd={() => undefined} dueTomorrow={dueTomorrow} />,
					{exitOnCtrlC: false},
				);
				await app.waitUntilExit();
				return 0;
			});
		});
}
