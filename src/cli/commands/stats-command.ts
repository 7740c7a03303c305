import {Command, InvalidArgumentError} from 'commander';
import {collectStats} from '../../app/stats.js';
import {selectionFor} from '../../app/study.js';
import {DAY_MS, systemUtcOffset} from '../../core/day.js';
import {print} from '../output.js';
import {runWithContext} from '../program.js';
import {statsLines} from '../stats-view.js';

function date(value: string): number {
	const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00`) : Number.NaN;
	if (!Number.isFinite(parsed)) throw new InvalidArgumentError('give a date as YYYY-MM-DD');
	return parsed;
}

function dayCount(value: string): number {
	const days = Number(value);
	if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new InvalidArgumentError('give a whole number of days from 1');
	return days;
}

export function statsCommand(): Command {
	return new Command('stats')
		.description('retention statistics: today, true retention, calibration, forecast, a year of reviews, card states, hours')
		.argument('[deck-or-tag...]', 'decks (with their sub-decks) or tags; every card when none is given')
		.option('--json', 'print the figures as JSON for scripts')
		.option('--since <date>', 'count only reviews from this date (YYYY-MM-DD)', date)
		.option('--days <n>', 'count only reviews from the last N days', dayCount)
		.action(async (selectors: string[], options: {json?: boolean; since?: number; days?: number}, command: Command) =>
			runWithContext(command, (context) => {
				context.sync();
				const now = context.now();
				const since = Math.max(options.since ?? 0, options.days ? now - options.days * DAY_MS : 0) || undefined;
				const stats = collectStats(context.store, {
					selection: selectionFor(context.store, selectors),
					now,
					...(since === undefined ? {} : {since}),
					dayStartHour: context.settings.dayStartHour,
					utcOffset: systemUtcOffset,
					...(context.schedulers.weightsFor('') ? {weights: context.schedulers.weightsFor('')!} : {}),
				});
				if (options.json) return print(JSON.stringify(stats, null, 2));
				if (stats.reviews === 0) return print('No reviews yet: `fluency review` to start, then come back for statistics.');
				for (const line of statsLines(stats, context.settings.scheduler.desiredRetention)) print(line);
			}),
		);
}
