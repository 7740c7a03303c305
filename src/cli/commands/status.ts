import {Command} from 'commander';
import {UsageError} from '../../app/errors.js';
import type {GlobalOptions} from '../../app/service/fluency.js';
import {type StatusCounts, statusCounts} from '../../app/review/status.js';

/*
`fluency status` runs before every shell prompt and on every tmux status redraw, so it loads only
what it needs: no Ink, no React, no deck parser (see `statusCounts`), and it does not go through
`runCommand`, which opens the whole service.
*/

const PLACEHOLDERS: ReadonlyArray<keyof StatusCounts> = ['due', 'new', 'learning', 'review', 'total'];

export function statusCommand(): Command {
	return new Command('status')
		.description('one short line for a shell prompt or a tmux status bar: "12 due · 5 new"')
		.argument('[deck-or-tag...]', 'count only these decks (with their sub-decks) or tags')
		.option('--format <text>', `the line to print, with placeholders: ${PLACEHOLDERS.map((name) => `{${name}}`).join(' ')}`)
		.option('-q, --quiet', 'print nothing when no card is due and no new card is waiting (exit code 0 either way)')
		.addHelpText(
			'after',
			`
Counts come from the database as the last command left it: status reads no
deck file, so a prompt never waits on parsing a large collection. Cards added
to a deck since, or answers synced from another device, count once
\`fluency review\`, \`fluency sync\` or any other command has read them. With no
database yet, status prints "0 due" and creates none.

Placeholders:
  {due}       reviews due today, and learning cards due now (or within
              learnAheadMinutes)
  {new}       new cards left within today's newPerDay
  {learning}  learning cards today, later steps included
  {review}    review cards due today, within today's reviewsPerDay
  {total}     {new} + {learning} + {review}: what \`fluency review\` shows left`,
		)
		.action((selectors: string[], options: {format?: string; quiet?: boolean}, command: Command) => {
			// Checked before the database is read: a typo in a prompt's format shows at once, on every prompt.
			if (options.format !== undefined) checkFormat(options.format);
			const counts = statusCounts(command.optsWithGlobals<GlobalOptions>(), selectors, Date.now());
			if (options.quiet && counts.due === 0 && counts.new === 0) return;
			process.stdout.write(`${options.format === undefined ? defaultLine(counts) : fill(options.format, counts)}\n`);
		});
}

/** `12 due · 5 new`, or `12 due` when no new card is waiting: short enough for any prompt. */
function defaultLine(counts: StatusCounts): string {
	return counts.new > 0 ? `${counts.due} due · ${counts.new} new` : `${counts.due} due`;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

function checkFormat(format: string): void {
	for (const [, name] of format.matchAll(PLACEHOLDER)) {
		if (!(PLACEHOLDERS as readonly string[]).includes(name!)) {
			throw new UsageError(`unknown placeholder {${name}} in --format; the placeholders are ${PLACEHOLDERS.map((known) => `{${known}}`).join(' ')}`);
		}
	}
}

function fill(format: string, counts: StatusCounts): string {
	return format.replace(PLACEHOLDER, (_, name: keyof StatusCounts) => String(counts[name]));
}
