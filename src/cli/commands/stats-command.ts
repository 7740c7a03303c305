import {Command, InvalidArgumentError} from 'commander';
import {UsageError} from '../../app/errors.js';
import {collectStats, type Period} from '../../app/stats.js';
import {selectionFor} from '../../app/study.js';
import {studyDayKey, systemUtcOffset} from '../../core/day.js';
import {isCalendarDate} from '../../core/stats/calendar.js';
import {print, toSafeJson} from '../output.js';
import {runWithContext} from '../program.js';
import {noAnswersLine, statsLines} from '../stats-view.js';

const MAX_DAYS = 36_500;

function calendarDate(value: string): string {
	if (!isCalendarDate(value)) throw new InvalidArgumentError('give a date as YYYY-MM-DD, e.g. 2026-01-31');
	return value;
}

function dayCount(value: string): number {
	const days = Number(value);
	if (!/^\d+$/.test(value) || days < 1 || days > MAX_DAYS) throw new InvalidArgumentError(`give a whole number of days from 1 to ${MAX_DAYS}`);
	return days;
}

export function statsCommand(): Command {
	return new Command('stats')
		.description('retention statistics: today, true retention, calibration, forecast, a year of reviews, cards, hours')
		.argument('[deck-or-tag...]', 'decks (with their sub-decks) or tags; every card when none is given')
		.option('--json', 'print the figures as JSON for scripts')
		.option('--since <date>', 'count the answers from this date on (YYYY-MM-DD)', calendarDate)
		.option('--days <n>', 'count the answers of the last N days, today included', dayCount)
		.addHelpText('after', '\nStreaks, the forecast and the card counts describe today whatever the period; the other figures count its answers.')
		.action(async (selectors: string[], options: {json?: boolean; since?: string; days?: number}, command: Command) =>
			runWithContext(command, (context) => {
				if (options.since !== undefined && options.days !== undefined) throw new UsageError('give --since or --days, not both');
				const now = context.now();
				const {dayStartHour} = context.settings;
				const today = studyDayKey(now, dayStartHour, systemUtcOffset);
				if (options.since !== undefined && options.since > today) throw new UsageError(`--since ${options.since} is after today's study day, ${today} (a study day starts at ${String(dayStartHour).padStart(2, '0')}:00)`);
				context.sync();
				const period: Period = options.since !== undefined ? {since: options.since} : options.days !== undefined ? {days: options.days} : {};
				const stats = collectStats(context.store, {
					selection: selectionFor(context.store, selectors),
					period,
					now,
					dayStartHour,
					utcOffset: systemUtcOffset,
					desiredRetention: context.settings.scheduler.desiredRetention,
					weightsFor: (deck) => context.schedulers.weightsFor(deck),
				});
				if (options.json) print(toSafeJson(stats));
				else if (stats.answers.total === 0) print(noAnswersLine(stats));
				else for (const line of statsLines(stats)) print(line);
			}),
		);
}
