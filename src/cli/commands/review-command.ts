import {Command} from 'commander';
import {UsageError} from '../../app/errors.js';
import {reviewActions} from '../../app/review/review-actions.js';
import {nextDue, selectionFor, studyDay, todaysQueue} from '../../app/review/study.js';
import {isFinished, remaining, startSession} from '../../core/review/session.js';
import {sanitizeLine} from '../../core/text.js';
import type {Fluency} from '../../app/service/fluency.js';
import {importScreen} from '../import-screen.js';
import {print, style} from '../output.js';
import {runCommand} from '../run-command.js';

export function reviewCommand(): Command {
	return new Command('review')
		.description("review today's cards in the terminal: learning cards, due reviews, then new cards")
		.argument('[deck-or-tag...]', 'decks (with their sub-decks) or tags; every deck when none is given')
		.action(async (selectors: string[], _options: unknown, command: Command) => {
			// Checked first: without a terminal the keys never come, and the process would hang.
			if (!process.stdin.isTTY) throw new UsageError('review needs an interactive terminal (stdin is not a TTY)');
			if (!process.stdout.isTTY) throw new UsageError('review needs an interactive terminal (stdout is not a TTY)');
			// The screen's code (Ink, React) loads while the decks sync.
			const screen = importScreen(() => import('../../ui/review/terminal.js'));
			screen.catch(() => undefined);
			await runCommand(command, async (fluency) => {
				const {store, settings} = fluency;
				const selection = selectionFor(store, selectors);
				const now = fluency.now();
				const {queue, day, selected} = todaysQueue(store, settings, now, selection);
				const first = startSession(queue, day.end, settings.learnAheadMinutes * 60_000, now);
				// Only learning steps later today (beyond the learn-ahead time): no point in a waiting screen.
				if (!first.current) {
					print(nothingDue(fluency, selected));
					return 0;
				}
				const actions = reviewActions({store, schedulerFor: fluency.schedulerFor, now: () => fluency.now(), selection, buryUntil: day.end, tomorrowEnd: studyDay(settings, day.end).end, ...(settings.loadBalancing && settings.scheduler.fuzz ? {loadBalancing: settings.loadBalancing} : {})});
				const {runReview, summaryLine} = await screen;
				const ended = await runReview({
					title: selectors.length > 0 ? selectors.join(', ') : 'All decks',
					start: {session: first, startedAt: now},
					actions,
					edit: (card) => {
						fluency.editDeckFile(card.file, card.line);
						return actions.card(card.id) ? undefined : 'That card is no longer in its deck: on to the next one.';
					},
				});
				const {session} = ended.state;
				// The end screen's own line, figure for figure: both count cards and the answers' recorded time.
				const summary = summaryLine(session);
				if (isFinished(session)) {
					print(`${style.good('Done for today.')} ${summary}. Due tomorrow: ${actions.dueTomorrow()}.`);
				} else {
					const left = remaining(session).total;
					print(`${session.answered === 0 ? 'Nothing answered' : summary}; ${left} ${left === 1 ? 'card' : 'cards'} left for today.${session.answered > 0 ? style.dim(' Every answer is saved.') : ''}`);
				}
				return 0;
			});
		});
}

/** `Nothing due now. Next card: tomorrow at 09:12 (mlops).` */
function nothingDue(fluency: Fluency, selected: ReturnType<typeof todaysQueue>['selected']): string {
	const at = nextDue(selected);
	const lines = [`Nothing due now. ${at === undefined ? 'No card is waiting for a review yet.' : `Next card: ${describeMoment(at, fluency.now())} (${sanitizeLine(deckDueAt(selected, at))}).`}`];
	const newToday = fluency.newCardsStudiedOn(studyDay(fluency.settings, fluency.now()));
	if (newToday >= fluency.settings.limits.newPerDay && selected.some((card) => card.state === 'new' && !card.suspended)) {
		lines.push(style.dim(`New cards are limited to ${fluency.settings.limits.newPerDay} a day (newPerDay in the config).`));
	}
	return lines.join('\n');
}

function deckDueAt(selected: ReturnType<typeof todaysQueue>['selected'], at: number): string {
	return selected.find((card) => !card.suspended && card.state !== 'new' && card.due !== null && Math.max(card.due, card.buriedUntil ?? 0) === at)?.deck ?? '';
}

/** `today at 18:40`, `tomorrow at 09:12`, `on Friday at 09:12`, `on 3 December`, in the user's locale and time zone. */
function describeMoment(at: number, now: number): string {
	const date = new Date(at);
	const time = date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
	const calendarDay = (moment: Date) => Date.UTC(moment.getFullYear(), moment.getMonth(), moment.getDate()) / 86_400_000;
	const days = calendarDay(date) - calendarDay(new Date(now));
	if (days <= 0) return `today at ${time}`;
	if (days === 1) return `tomorrow at ${time}`;
	if (days < 7) return `on ${date.toLocaleDateString([], {weekday: 'long'})} at ${time}`;
	return `on ${date.toLocaleDateString([], {day: 'numeric', month: 'long', year: days > 300 ? 'numeric' : undefined})}`;
}
