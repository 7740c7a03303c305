import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, dirname, extname, join, relative, resolve} from 'node:path';
import {Command, Option} from 'commander';
import {UsageError, UserError} from '../../app/errors.js';
import {selectionFor} from '../../app/study.js';
import {deckNameFromPath} from '../../core/card.js';
import {sanitizeLine} from '../../core/text.js';
import type {CommandContext} from '../context.js';
import {print, printError, style} from '../output.js';
import {runWithContext} from '../program.js';

/** Imports go into a decks directory, so the next sync sees them. */
function importFolder(context: CommandContext, into: string | undefined): string {
	const folder = resolve(into ?? context.settings.userDecksDir);
	const inside = context.settings.deckDirs.some((dir) => {
		const path = relative(dir, folder);
		return path === '' || (!path.startsWith('..') && !path.startsWith('/'));
	});
	if (!inside) throw new UsageError(`${folder} is not inside one of your decks directories (${context.settings.deckDirs.join(', ')}); pass --decks or --into one of them`);
	mkdirSync(folder, {recursive: true});
	return folder;
}

function progress(stage: string, done: number, total: number): void {
	if (!process.stderr.isTTY || total <= 0) return;
	const width = 24;
	const filled = Math.min(width, Math.round((done / total) * width));
	process.stderr.write(`\r${stage.padEnd(18)} ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total}\u001b[K`);
	if (done >= total) process.stderr.write('\r\u001b[K');
}

export function importCommand(): Command {
	return new Command('import')
		.description('import an Anki package (.apkg, .colpkg) with its review history, or a CSV/TSV file, as Markdown decks')
		.argument('<file>', 'an .apkg, .colpkg, .csv, .tsv or .txt file')
		.option('--into <dir>', 'folder for the new deck files (default: your user decks directory)')
		.option('--deck <name>', 'deck name for a CSV/TSV import (default: the file name)')
		.option('--columns <list>', 'column order of a CSV/TSV file, e.g. front,back,tags (default: a #columns: header, a header row, or front,back,tags)')
		.option('--force', 'overwrite deck files that already exist')
		.action(async (file: string, options: {into?: string; deck?: string; columns?: string; force?: boolean}, command: Command) =>
			runWithContext(command, async (context) => {
				const extension = extname(file).toLowerCase();
				const into = importFolder(context, options.into);
				if (extension === '.apkg' || extension === '.colpkg') {
					// Loaded on demand: the zip, zstd and HTML libraries only matter to an import.
					const {importAnkiPackage} = await import('../../app/import-anki.js');
					const started = performance.now();
					const report = importAnkiPackage(context.store, context.schedulerFor(''), file, {
						into,
						force: options.force ?? false,
						now: context.now(),
						sync: () => context.sync(),
						onProgress: progress,
					});
					const seconds = (performance.now() - started) / 1000;
					print(`imported ${report.notes - report.skipped.length} of ${report.notes} notes into ${report.decksWritten.length} deck files in ${seconds.toFixed(1)} s`);
					print(`history: ${report.reviewsImported} reviews added for ${report.cardsWithHistory} cards (FSRS state rebuilt from them, due dates carried over)`);
					if (report.mediaCopied > 0) print(`media: ${report.mediaCopied} files copied`);
					for (const path of report.decksKept) print(style.warning(`kept ${path}: it exists (--force overwrites it); its history was still imported`));
					for (const name of report.mediaMissing) print(style.warning(`media ${sanitizeLine(name)} is referenced but not in the package`));
					for (const skip of report.skipped) print(style.warning(`note ${skip.noteId} not converted: ${sanitizeLine(skip.reason)}`));
					return;
				}
				if (!['.csv', '.tsv', '.txt'].includes(extension)) throw new UsageError(`${file}: fluency imports .apkg, .colpkg, .csv, .tsv and .txt files`);
				let text: string;
				try {
					text = readFileSync(file, 'utf8');
				} catch {
					throw new UserError(`${file}: no such file`, 2);
				}
				const {importText, parseColumns} = await import('../../core/text-exchange.js');
				const {formatDeck} = await import('../../core/deck-writer.js');
				const imported = importText(text, {defaultSeparator: extension === '.csv' ? ',' : '\t', ...(options.columns ? {columns: parseColumns(options.columns)} : {})});
				const deck = options.deck ?? basename(file, extname(file));
				const path = join(into, `${deckNameFromPath(deck)}.md`);
				if (existsSync(path) && !options.force) throw new UserError(`${path} exists; --force overwrites it`);
				mkdirSync(dirname(path), {recursive: true});
				writeFileSync(path, formatDeck({title: deck.split('/').at(-1) ?? deck, description: `Imported from ${basename(file)}.`}, imported.notes));
				context.sync();
				print(`imported ${imported.notes.length} notes into ${path}`);
				for (const skip of imported.skipped) print(style.warning(`${file}:${skip.row}: row skipped: ${skip.reason}`));
			}),
		);
}

export function exportCommand(): Command {
	return new Command('export')
		.description('export a deck (with its sub-decks) for Anki\'s text importer or as CSV')
		.argument('<deck>', 'deck name, e.g. backend or backend/apis')
		.addOption(new Option('--format <format>', 'anki-tsv (Anki: File > Import) or csv (Markdown fields; fluency import reads it back)').choices(['anki-tsv', 'csv']).makeOptionMandatory())
		.option('--output <file>', 'write to a file instead of standard output')
		.action(async (deck: string, options: {format: 'anki-tsv' | 'csv'; output?: string}, command: Command) =>
			runWithContext(command, async (context) => {
				const [{notesOfDeck}, {toAnkiText, toCsv}] = await Promise.all([import('../../app/export.js'), import('../../core/text-exchange.js')]);
				context.sync();
				const selection = selectionFor(context.store, [`deck:${deck}`]);
				const notes = notesOfDeck(context.store, selection.decks[0]!);
				const text = options.format === 'anki-tsv' ? toAnkiText(notes, deck) : toCsv(notes);
				if (options.output) {
					writeFileSync(options.output, text);
					printError(`exported ${notes.length} notes to ${options.output}`);
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
			runWithContext(command, async (context) => {
				const {reviewsAsFsrsCsv} = await import('../../app/export.js');
				context.sync();
				const csv = reviewsAsFsrsCsv(context.store);
				if (options.output) {
					writeFileSync(options.output, csv);
					printError(`exported ${csv.split('\n').length - 2} reviews to ${options.output}`);
				} else process.stdout.write(csv);
			}),
		);
}
