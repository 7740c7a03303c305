import {writeFileSync} from 'node:fs';
import {extname, relative, resolve} from 'node:path';
import {Command, Option} from 'commander';
import {UsageError, UserError} from '../../app/errors.js';
import {sanitizeLine} from '../../core/text.js';
import type {AnkiImportReport} from '../../app/interchange/import-anki.js';
import {displayPath} from '../../app/decks/deck-files.js';
import type {Fluency} from '../../app/service/fluency.js';
import {print, printError, style} from '../output.js';
import {progressLine} from '../progress-line.js';
import {runCommand} from '../run-command.js';

/** Imports go into a decks directory, so the next sync sees them. The folder is made only when a deck is written. */
function importFolder(fluency: Fluency, into: string | undefined): string {
	const folder = resolve(into ?? fluency.settings.userDecksDir);
	const inside = fluency.settings.deckDirs.some((dir) => {
		const path = relative(dir, folder);
		return path === '' || (!path.startsWith('..') && !path.startsWith('/'));
	});
	if (!inside) throw new UsageError(`${folder} is not inside one of your decks directories (${fluency.settings.deckDirs.join(', ')}); pass --decks or --into one of them`);
	return folder;
}

export function importCommand(): Command {
	return new Command('import')
		.description('import an Anki package (.apkg, .colpkg) with its review history, or a CSV/TSV file, as Markdown decks')
		.argument('<file>', 'an .apkg, .colpkg, .csv, .tsv or .txt file')
		.option('--into <dir>', 'folder for the new deck files (default: your user decks directory)')
		.option('--deck <name>', 'deck name for a CSV/TSV import (default: the file name)')
		.option('--columns <list>', 'column order of a CSV/TSV file, e.g. front,back,tags (default: a #columns: header, a header row, or front,back,tags)')
		.option('--separator <char>', 'field separator of a CSV/TSV file: one character, or tab, comma, semicolon, pipe (default: a #separator: header, else , for .csv and tab otherwise)')
		.option('--force', 'overwrite deck files that already exist')
		.action(async (file: string, options: {into?: string; deck?: string; columns?: string; separator?: string; force?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const extension = extname(file).toLowerCase();
				const into = importFolder(fluency, options.into);
				if (extension === '.apkg' || extension === '.colpkg') {
					const started = performance.now();
					const report = await fluency.importAnkiPackage(file, {into, force: options.force ?? false, onProgress: progressLine});
					const seconds = (performance.now() - started) / 1000;
					for (const line of ankiReportLines(report, seconds, fluency.settings.dayStartHour)) print(line.warning ? style.warning(line.text) : line.text);
					return;
				}
				if (!['.csv', '.tsv', '.txt'].includes(extension)) throw new UsageError(`${file}: fluency imports .apkg, .colpkg, .csv, .tsv and .txt files`);
				const imported = await fluency.importTextFile(file, {
					into,
					force: options.force ?? false,
					...(options.deck === undefined ? {} : {deck: options.deck}),
					...(options.columns === undefined ? {} : {columns: options.columns}),
					...(options.separator === undefined ? {} : {separator: options.separator}),
				});
				print(`imported ${count(imported.notes, 'note')} into ${imported.path}`);
				for (const skip of imported.skipped) print(style.warning(`${file}:${skip.row}: row skipped: ${skip.reason}`));
			}),
		);
}

type ExportFormat = 'anki-tsv' | 'csv' | 'apkg' | 'colpkg';

export function exportCommand(): Command {
	return new Command('export')
		.description('export a deck (with its sub-decks) as an Anki package, for Anki\'s text importer, or as CSV; or everything as an Anki collection package')
		.argument('[deck]', 'deck name, e.g. backend or backend/apis (not with colpkg; all decks for apkg when left out)')
		.addOption(
			new Option('--format <format>', 'apkg (Anki package: notes, history, FSRS state, media), colpkg (the whole collection for Anki), anki-tsv (Anki: File > Import) or csv (Markdown fields; fluency import reads it back)')
				.choices(['apkg', 'colpkg', 'anki-tsv', 'csv'])
				.makeOptionMandatory(),
		)
		.option('--output <file>', 'write to a file instead of standard output (apkg and colpkg: default DECK.apkg or fluency.colpkg here)')
		.addHelpText(
			'after',
			`
Examples:
  fluency export backend --format apkg                 backend.apkg, for Anki's File > Import
  fluency export --format colpkg --output all.colpkg   every deck; Anki replaces its collection with it
  fluency export backend --format csv > backend.csv    fluency import backend.csv reads it back

An Anki package holds the notes (Basic, Basic (and reversed card), Cloze), their cards with
their FSRS memory state and due dates, every review, the deck hierarchy, tags and the images
the cards show. A \`Note:\` goes into Cloze's Back Extra, and at the end of Basic's Back.`,
		)
		.action(async (deck: string | undefined, options: {format: ExportFormat; output?: string}, command: Command) =>
			runCommand(command, async (fluency) => {
				if (options.format === 'colpkg' && deck !== undefined) throw new UsageError('--format colpkg exports every deck; for one deck use --format apkg');
				if ((options.format === 'csv' || options.format === 'anki-tsv') && deck === undefined) throw new UsageError(`--format ${options.format} exports one deck: name it, e.g. \`fluency export backend --format ${options.format}\``);
				const {deckToExport} = await import('../../app/interchange/export-text.js');
				const name = deck === undefined ? undefined : deckToExport(fluency.store, deck);
				if (options.format === 'apkg' || options.format === 'colpkg') {
					const {exportAnkiPackage} = await import('../../app/interchange/export-anki.js');
					const output = options.output ?? (name === undefined ? `fluency.${options.format}` : `${name.split('/').at(-1)}.${options.format}`);
					const report = await exportAnkiPackage(fluency.store, fluency.schedulerFor(name ?? ''), {
						...(name === undefined ? {} : {deck: name}),
						output,
						now: fluency.now(),
						dayStartHour: fluency.settings.dayStartHour,
					});
					printError(
						`exported ${count(report.notes, 'note')} (${count(report.cards, 'card')}, ${count(report.reviews, 'review')}, ${count(report.decks, 'deck')}, ${count(report.media, 'media file')}) to ${output}`,
					);
					if (report.decksNeedCheck) printError(style.warning("some deck names differ only in the case of letters outside ASCII: after importing, run Anki's Tools > Check Database"));
					for (const missing of report.mediaMissing) printError(style.warning(`image ${sanitizeLine(missing)} is referenced but no such file exists; left out`));
					return;
				}
				const [{exportedNotes}, {toAnkiText, toCsv}, {ankiMediaNamer}] = await Promise.all([import('../../app/interchange/export-text.js'), import('../../core/interchange/text-exchange.js'), import('../../app/interchange/export-anki.js')]);
				const notes = exportedNotes(fluency.store, name!);
				const media = ankiMediaNamer();
				const text =
					options.format === 'anki-tsv'
						? toAnkiText(
								notes.map((entry) => entry.note),
								name!,
								notes.map((entry) => ({deck: entry.deck, mediaName: media.nameFor(entry.file)})),
							)
						: toCsv(notes.map((entry) => entry.note));
				// Anki's text import brings no files: say which images go into its media folder.
				if (media.files.size > 0) printError(`copy these images into Anki's collection.media folder: ${[...media.files.values()].map((path) => sanitizeLine(path)).join(', ')}`);
				if (options.output) {
					writeOutput(options.output, text);
					printError(`exported ${count(notes.length, 'note')} to ${options.output}`);
				} else process.stdout.write(text);
			}),
		);
}

export function exportReviewsCommand(): Command {
	return new Command('export-reviews')
		.description('export the review log for the FSRS community tools (card_id, review_time, review_rating, review_state, review_duration)')
		.addOption(new Option('--format <format>', 'fsrs-csv').choices(['fsrs-csv']).default('fsrs-csv'))
		.option('--output <file>', 'write to a file instead of standard output')
		.action(async (options: {output?: string}, command: Command) =>
			runCommand(command, async (fluency) => {
				const {reviewsAsFsrsCsv} = await import('../../app/interchange/export-text.js');
				const csv = reviewsAsFsrsCsv(fluency.store);
				if (options.output) {
					writeOutput(options.output, csv);
					printError(`exported ${csv.split('\n').length - 2} reviews to ${options.output}`);
				} else process.stdout.write(csv);
			}),
		);
}

/** `--output FILE`: a path that cannot be written is the user's to fix, in one line. */
function writeOutput(file: string, text: string): void {
	try {
		writeFileSync(file, text);
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (thrown as Error).message;
		throw new UserError(`cannot write ${file}: ${reason}; nothing was exported`);
	}
}

/** `1 note`, `2 notes`. */
function count(amount: number, noun: string): string {
	return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

/** The import's report, line by line: what was written, what the history gave, and everything left out with why. */
function ankiReportLines(report: AnkiImportReport, seconds: number, dayStartHour: number): Array<{text: string; warning?: boolean}> {
	const lines: Array<{text: string; warning?: boolean}> = [];
	const note = (text: string) => lines.push({text});
	const warn = (text: string) => lines.push({text, warning: true});
	const took = `in ${seconds.toFixed(1)} s`;
	const files = report.decksWritten.length + report.decksExtended.length + report.decksReplaced.length;
	const exist = `${count(report.cardsRead, 'card')} ${report.cardsRead === 1 ? 'exists' : 'exist'} for them`;
	if (report.notesWritten > 0) note(`imported ${report.notesWritten} of ${count(report.notes, 'note')} into ${count(files, 'deck file')} ${took}; ${exist}`);
	else note(`imported no new notes ${took}: every note of the package is in its deck file already`);
	for (const deck of report.decksExtended) note(`added ${count(deck.notes, 'new note')} to ${displayPath(deck.path)}`);
	for (const deck of report.decksReplaced) {
		const replaced = [deck.changed > 0 ? `${count(deck.changed, 'note')} that differed from the package now read as in Anki` : '', deck.removed > 0 ? `${count(deck.removed, 'note')} not in the package were removed` : ''].filter(Boolean);
		warn(`replaced ${displayPath(deck.path)} (--force)${replaced.length > 0 ? `: ${replaced.join('; ')}` : ': it held nothing else'}`);
	}
	for (const lost of report.cardsLost) warn(`${count(lost.count, 'card')} of ${displayPath(lost.path)} did not survive: ${sanitizeLine(lost.reason)}`);
	note(historyLine(report));
	if (report.reviewsBeforeLastStart > 0) note(`history: ${count(report.reviewsBeforeLastStart, 'review')} before a card's last start in learning or its reset left out, as Anki's FSRS leaves them out`);
	if (report.cardsWithoutLearningStart > 0) note(`history: ${count(report.cardsWithoutLearningStart, 'card')} without a learning start (reset or rescheduled by an old Anki, or early history lost): memory estimated from the reviews there are, Anki's due date kept`);
	if (report.studiedCardsWithoutHistory > 0) {
		const one = report.studiedCardsWithoutHistory === 1;
		warn(`history: ${count(report.studiedCardsWithoutHistory, 'card')} Anki had studied ${one ? 'has' : 'have'} no graded review since ${one ? 'its' : 'their'} last reset (or none at all): ${one ? 'it starts as a new card' : 'they start as new cards'}`);
	}
	if (report.remappedV1Answers > 0) note(`history: the collection used Anki's old v1 scheduler; ${count(report.remappedV1Answers, 'learning answer')} mapped to four buttons as Anki's v2 upgrade does`);
	if (report.orphanedReviews > 0) note(`history: ${count(report.orphanedReviews, 'review')} of cards deleted in Anki skipped`);
	const media = [report.mediaCopied > 0 ? `${count(report.mediaCopied, 'file')} copied` : '', report.mediaAlreadyPresent > 0 ? `${count(report.mediaAlreadyPresent, 'file')} already there` : '', report.mediaUnused > 0 ? `${count(report.mediaUnused, 'file')} no note shows left in the package` : ''].filter(Boolean);
	if (media.length > 0) note(`media: ${media.join(', ')}`);
	if (report.rolloverHour !== dayStartHour) note(`Anki's study day starts at ${report.rolloverHour}:00, fluency's at ${dayStartHour}:00: set \`dayStartsAt: ${report.rolloverHour}\` in your config to keep Anki's days`);
	for (const path of report.decksKept) note(`kept ${displayPath(path)}: nothing new for it (--force rewrites it from the package)`);
	for (const reason of report.mediaRefused) warn(`media refused: ${sanitizeLine(reason)}`);
	for (const name of report.mediaMissing) warn(`media ${sanitizeLine(name)} is referenced but not in the package`);
	const byReason = new Map<string, number[]>();
	for (const skip of report.skipped) byReason.set(skip.reason, [...(byReason.get(skip.reason) ?? []), skip.noteId]);
	for (const [reason, notes] of byReason) warn(`${count(notes.length, 'note')} not converted (${notes.length === 1 ? 'note' : 'e.g. note'} ${notes[0]}): ${sanitizeLine(reason)}`);
	return lines;
}

/** What the history import did: reviews added and cards rebuilt, or that there was nothing new. */
function historyLine(report: {reviewsInPackage: number; reviewsImported: number; cardsWithHistory: number; cardsUpdated: number}): string {
	const wereImported = (reviews: number) => `${count(reviews, 'review')} ${reviews === 1 ? 'was' : 'were'} imported before`;
	if (report.cardsWithHistory === 0) return 'history: none in the package';
	if (report.cardsUpdated === 0) return `history: nothing new; ${report.reviewsInPackage > 0 ? `the package's ${wereImported(report.reviewsInPackage)}` : 'it was imported before'}`;
	const before = report.reviewsInPackage - report.reviewsImported;
	const earlier = before > 0 ? `; ${wereImported(before)}` : '';
	return `history: ${count(report.reviewsImported, 'review')} added for ${count(report.cardsUpdated, 'card')} (FSRS state rebuilt from them, due dates carried over)${earlier}`;
}
