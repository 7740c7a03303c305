import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import {basename, dirname, extname, join} from 'node:path';
import {deckNameFromPath} from '../../core/decks/deck-names.js';
import {writeDeck} from '../../core/decks/deck-writer.js';
import {importText, parseColumns, separatorNamed, whyNoNotes} from '../../core/interchange/text-exchange.js';
import {deckNameClashes, displayPath, writeFileWhole} from '../decks/deck-files.js';
import {UsageError, UserError} from '../errors.js';

/*
Importing a CSV or TSV file (or Anki's plain-text export) as one Markdown deck. Everything that can
go wrong is found before the deck file is written: a file that gives no notes, a file that
exists, a deck name another file already has. So a failed import leaves nothing behind.
*/

export type TextFileImport = {
	readonly path: string;
	readonly notes: number;
	readonly skipped: ReadonlyArray<{readonly row: number; readonly reason: string}>;
};

export function importTextFile(
	file: string,
	options: {into: string; deckDirs: readonly string[]; deck?: string; columns?: string; separator?: string; force: boolean},
): TextFileImport {
	const separator = options.separator === undefined ? undefined : separatorNamed(options.separator);
	if (options.separator !== undefined && separator === undefined) throw new UsageError(`--separator ${options.separator}: give one character, or tab, comma, semicolon, pipe, space or colon`);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (thrown as Error).message}`, 2);
	}
	const imported = importText(text, {
		defaultSeparator: extname(file).toLowerCase() === '.csv' ? ',' : '\t',
		...(separator === undefined ? {} : {separator}),
		...(options.columns ? {columns: parseColumns(options.columns)} : {}),
	});
	if (imported.notes.length === 0) throw new UserError(`${file}: no notes found: ${whyNoNotes(imported)}; nothing was written`);

	const deck = deckNameFromPath(options.deck ?? basename(file, extname(file)));
	if (deck === '' || deck.split('/').includes('..')) throw new UsageError(`\`${options.deck ?? file}\` is not a deck name; use letters, digits, - and / for sub-decks (--deck NAME)`);
	const path = join(options.into, `${deck}.md`);
	if (existsSync(path) && !options.force) throw new UserError(`${displayPath(path)} exists; --force overwrites it; nothing was written`);
	const [clash] = deckNameClashes(options.deckDirs, [path]);
	if (clash) {
		throw new UserError(`deck \`${clash.deck}\` already exists (${displayPath(clash.definedBy)}); choose another name with --deck NAME, or a sub-folder with --into DIR; nothing was written`);
	}
	// Written through the checked writer: a note that would not read back as itself is skipped with its reason, never written.
	const written = writeDeck({title: deck.split('/').at(-1) ?? deck, description: `Imported from ${basename(file)}.`}, imported.notes);
	if (written.written.length === 0) throw new UserError(`${file}: no note can be written as a card (row ${imported.noteRows[written.refused[0]!.index]}: ${written.refused[0]!.reason}); nothing was written`);
	mkdirSync(dirname(path), {recursive: true});
	writeFileWhole(path, written.text);
	const refused = written.refused.map((refusal) => ({row: imported.noteRows[refusal.index] ?? 0, reason: refusal.reason}));
	return {path, notes: written.written.length, skipped: [...imported.skipped, ...refused].sort((a, b) => a.row - b.row)};
}
