import {Command} from 'commander';
import {UsageError} from '../../app/errors.js';
import {editCard} from '../../app/review/edit-card.js';
import {reviewActions} from '../../app/review/review-actions.js';
import {customStudyFrom, type CustomStudyOptions, finishedLine, nothingWaiting, planStudy, sessionOutlook, type StudyPlan, studyQueue} from '../../app/review/custom-study.js';
import {selectionFor, studyDay} from '../../app/review/study.js';
import type {Selection} from '../../core/review/select.js';
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
		.option('--new <n>', 'custom study: N more new cards today, on top of the daily limit')
		.option('--ahead <days>', 'custom study: review cards due in the next DAYS days (scheduled from the days that really passed)')
		.option('--forgotten <days>', 'custom study: cards answered Again in the last DAYS days')
		.option('--query <query>', 'custom study: exactly the cards a search finds (as `fluency find`), e.g. a cram before an interview')
		.action(async (selectors: string[], options: CustomStudyOptions, command: Command) => {
			// Before the terminal check, so a bad value is named even in a script.
			const custom = customStudyFrom(options);
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
				const plan = planStudy(fluency, custom, now);
				const {queue, day, inSession} = studyQueue(store, settings, now, selection, plan);
				const first = startSession(queue, day.end, settings.learnAheadMinutes * 60_000, now);
				// Only learning steps later today (beyond the learn-ahead time): no point in a waiting screen.
				if (!first.current) {
					print(nothingDue(fluency, selection, plan));
					return 0;
				}
				const actions = reviewActions({store, schedulerFor: fluency.schedulerFor, now: () => fluency.now(), selection, buryUntil: day.end, tomorrowEnd: studyDay(settings, day.end).end, leech: settings.leech, ...(settings.loadBalancing && settings.scheduler.fuzz ? {loadBalancing: settings.loadBalancing} : {}), outlook: () => sessionOutlook(store, settings, inSession, fluency.now())});
				const {runReview, summaryLine} = await screen;
				const ended = await runReview({
					title: [...selectors, ...(custom?.kind === 'query' ? [custom.query] : [])].join(', ') || 'All decks',
					finished: finishedLine(plan),
					start: {session: first, startedAt: now},
					actions,
					edit: (card) => editCard(card, {userDecksDir: settings.userDecksDir, editFile: (file, line) => fluency.editDeckFile(file, line), cardNow: actions.card}),
				});
				// Left with q straight after an answer, the keys never rested for the session's own copy
				// of the write-ahead log into the database file. Closing copies it only when no other
				// fluency process has the database open; otherwise the log grew by 13 MB a 60-answer
				// session, and some answer sessions later paid for copying it all (50-75 ms).
				actions.settle();
				const {session} = ended.state;
				// The end screen's own line, figure for figure: both count cards and the answers' recorded time.
				const summary = summaryLine(session);
				if (isFinished(session)) {
					print(`${style.good(finishedLine(plan))} ${summary}. Due tomorrow: ${actions.dueTomorrow()}.\n${actions.outlook()}.`);
				} else {
					const left = remaining(session).total;
					print(`${session.answered === 0 ? 'Nothing answered' : summary}; ${left} ${left === 1 ? 'card' : 'cards'} left for today.${session.answered > 0 ? style.dim(' Every answer is saved.') : ''}`);
				}
				return 0;
			});
		});
}

/** Why no card is waiting, and when one will be. */
function nothingDue(fluency: Fluency, selection: Selection, custom: StudyPlan | undefined): string {
	const {lines, newLimited} = nothingWaiting(fluency.store, fluency.settings, fluency.now(), selection, custom);
	const said = lines.map(sanitizeLine);
	if (newLimited) said.push(style.dim(`New cards are limited to ${fluency.settings.limits.newPerDay} a day (newPerDay in the config; \`--new N\` adds N today).`));
	return said.join('\n');
}
