import {writeSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {UsageError} from '../../app/errors.js';
import type {GlobalOptions} from '../../app/service/fluency.js';
import {type StatusCounts, statusCounts} from '../../app/review/status.js';
import {reportFailure} from '../failure.js';

/*
What `fluency status` prints, apart from its commander definition (status.ts): a shell prompt runs
status before every prompt, so the common call (`fluency status`, its decks or tags, --format,
--quiet, --db, --decks) is parsed here with Node's own parseArgs and never loads commander, which
is a sixth of the whole start. Anything else (--help, a mistyped option, a missing value) goes to
commander, which says it the way every other command does.
*/

export const PLACEHOLDERS: ReadonlyArray<keyof StatusCounts> = ['due', 'new', 'learning', 'review', 'total'];

export type StatusLineOptions = {readonly format?: string; readonly quiet?: boolean};

/** Prints today's status line; throws UsageError for an unknown placeholder before the database is read. */
export async function printStatusLine(globals: GlobalOptions, selectors: readonly string[], options: StatusLineOptions): Promise<void> {
	// Checked before the database is read: a typo in a prompt's format shows at once, on every prompt.
	if (options.format !== undefined) checkFormat(options.format);
	const counts = await statusCounts(globals, selectors, Date.now());
	if (options.quiet && counts.due === 0 && counts.new === 0) return;
	writeLine(`${options.format === undefined ? defaultLine(counts) : fill(options.format, counts)}\n`);
}

/*
One write straight to the descriptor: building process.stdout for it costs more than the write
(2.5 ms of 77). A prompt that stopped reading (EPIPE) is no failure, as for every command
(main.ts); a descriptor some other program left non-blocking and full gets Node's stream, which waits.
*/
function writeLine(line: string): void {
	const bytes = Buffer.from(line);
	let written = 0;
	try {
		// A long --format line can be written in parts to a pipe.
		while (written < bytes.length) written += writeSync(1, bytes, written);
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		if (code === 'EPIPE') return;
		if (code === 'EAGAIN') process.stdout.write(bytes.subarray(written));
		else throw thrown;
	}
}

/**
Runs `fluency status ARGS` without commander when every argument is one status takes; returns
false, having done nothing, when commander must parse them (help, an unknown option, a missing
value), so a usage error reads the same as for any command.

Its failures are reported here, not by the caller: this module is bundled on its own with its own
copy of every class it uses (scripts/bundle.mjs), and main.js's copy of UserError would not know
one thrown from this copy.
*/
export async function statusWithoutCommander(args: readonly string[]): Promise<boolean> {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...args],
			allowPositionals: true,
			strict: true,
			options: {format: {type: 'string'}, quiet: {type: 'boolean', short: 'q'}, db: {type: 'string'}, decks: {type: 'string', multiple: true}},
		});
	} catch {
		return false;
	}
	const {format, quiet, db, decks} = parsed.values;
	try {
		await printStatusLine({db, decks}, parsed.positionals, {format, quiet});
	} catch (thrown) {
		reportFailure(thrown);
	}
	return true;
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
