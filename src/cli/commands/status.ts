import {Command} from 'commander';
import type {GlobalOptions} from '../../app/service/fluency.js';
import {PLACEHOLDERS, printStatusLine, type StatusLineOptions} from './status-line.js';

/*
`fluency status` runs before every shell prompt and on every tmux status redraw, so it loads only
what it needs: no Ink, no React, no deck parser (see `statusCounts`), and it does not go through
`runCommand`, which opens the whole service. Its common calls do not even come here: main.ts hands
them to status-line.ts without loading commander; this definition serves --help and wrong usage.
*/

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
		.action(async (selectors: string[], options: StatusLineOptions, command: Command) => {
			await printStatusLine(command.optsWithGlobals<GlobalOptions>(), selectors, options);
		});
}
