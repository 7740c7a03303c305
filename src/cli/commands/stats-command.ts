import {Command, InvalidArgumentError} from 'commander';
import {UsageError} from '../../app/errors.js';
import {collectStats, type Period} from '../../app/stats/stats.js';
import {isCalendarDate} from '../../core/stats/calendar.js';
import {print, toSafeJson} from '../output.js';
import {runCommand} from '../run-command.js';
import {printPaged} from '../stats/pager.js';
import {noAnswersLine, SECTIONS, type SectionName, statsLines} from '../stats/stats-view.js';
import {loadTextWidth} from '../text-width.js';

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

function sectionNames(value: string, previous: SectionName[] = []): SectionName[] {
	const names = value.split(',').map((name) => name.trim().toLowerCase());
	const unknown = names.find((name) => !(SECTIONS as readonly string[]).includes(name));
	if (unknown !== undefined) throw new InvalidArgumentError(`no section \`${unknown}\`; choose from ${SECTIONS.join(', ')}`);
	return [...previous, ...(names as SectionName[])];
}

/** The terminal's width; in a pipe, $COLUMNS when set (as `COLUMNS=40 fluency stats | less`), else 80. */
function terminalWidth(): number {
	if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
	const columns = Number(process.env['COLUMNS']);
	return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

export function statsCommand(): Command {
	return new Command('stats')
		.description('retention statistics: today, true retention, calibration, forecast, a year of reviews, cards, hours')
		.argument('[deck-or-tag...]', 'decks (with their sub-decks) or tags; every card when none is given')
		.option('--json', 'print the figures as JSON for scripts')
		.option('--since <date>', 'count the answers from this date on (YYYY-MM-DD)', calendarDate)
		.option('--days <n>', 'count the answers of the last N days, today included', dayCount)
		.option('--section <names>', `print only these sections (comma-separated or repeated): ${SECTIONS.join(', ')}`, sectionNames)
		.addHelpText(
			'after',
			'\nStreaks, the forecast and the card counts describe today whatever the period; the other figures count its answers.\nTaller than the terminal, the report opens in $PAGER (less by default), as git does; a pipe gets it whole.',
		)
		.action(async (selectors: string[], options: {json?: boolean; since?: string; days?: number; section?: SectionName[]}, command: Command) =>
			runCommand(command, async (fluency) => {
				if (options.since !== undefined && options.days !== undefined) throw new UsageError('give --since or --days, not both');
				const now = fluency.now();
				const {dayStartHour, utcOffset} = fluency.settings;
				const today = fluency.studyDayOf(now);
				if (options.since !== undefined && options.since > today) throw new UsageError(`--since ${options.since} is after today's study day, ${today} (a study day starts at ${String(dayStartHour).padStart(2, '0')}:00)`);
				const period: Period = options.since !== undefined ? {since: options.since} : options.days !== undefined ? {days: options.days} : {};
				const selection = fluency.selection(selectors);
				const stats = collectStats(fluency.store, {
					selection,
					period,
					now,
					dayStartHour,
					utcOffset,
					// One deck: its own desired retention (deckRetention:), else the global one.
					desiredRetention: selection.decks.length === 1 && selection.tags.length === 0 ? fluency.schedulers.retentionFor(selection.decks[0]!) : fluency.settings.scheduler.desiredRetention,
					weightsFor: (deck) => fluency.schedulers.weightsFor(deck),
				});
				if (options.json) print(toSafeJson(stats));
				else if (stats.answers.total === 0) print(noAnswersLine(stats));
				else {
					const width = terminalWidth();
					const layout = options.section ? {width, sections: options.section} : {width};
					await loadTextWidth();
					return printPaged(statsLines(stats, layout));
				}
			}),
		);
}
