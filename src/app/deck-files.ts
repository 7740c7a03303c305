import {existsSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import {deckNameFromPath} from '../core/card.js';
import {checkDeckPath} from '../core/deck-paths.js';
import {MAX_DECK_FILE_BYTES} from '../core/parse-deck.js';
import {error, type Problem} from '../core/problem.js';

export type DeckFile = {
	/** Absolute path. */
	readonly path: string;
	/** The deck name: the path under its decks directory, without `.md`. */
	readonly deck: string;
	/** What problems show: relative to the working directory when inside it. */
	readonly displayPath: string;
};

const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/** A path as a user would type it from here: relative when inside the working directory. */
export function displayPath(path: string, cwd = process.cwd()): string {
	const fromHere = relative(cwd, path);
	return fromHere !== '' && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere.split(sep).join('/') : path;
}

/**
Every `*.md` file under the decks directories. Hidden folders (such as the `.fluency/` sync
folder) are skipped, and folder links are not followed, so a walk always ends inside the
directories it was given. A deck name found twice is a problem; the first directory wins.
*/
export function findDeckFiles(dirs: readonly string[], cwd = process.cwd()): {files: DeckFile[]; problems: Problem[]; missing: string[]} {
	const files: DeckFile[] = [];
	const problems: Problem[] = [];
	const missing: string[] = [];
	const seen = new Map<string, string>();
	for (const root of dirs) {
		let rootIsDirectory = false;
		try {
			rootIsDirectory = statSync(root).isDirectory();
		} catch {
			// A decks directory that does not exist holds no decks.
		}
		if (!rootIsDirectory) {
			missing.push(root);
			continue;
		}
		const walk = (dir: string) => {
			let entries;
			try {
				entries = readdirSync(dir, {withFileTypes: true});
			} catch (thrown) {
				problems.push(error(displayPath(dir, cwd), 1, `cannot read this folder: ${(thrown as Error).message}`));
				return;
			}
			entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			for (const entry of entries) {
				if (entry.name.startsWith('.')) continue;
				const path = join(dir, entry.name);
				if (entry.isDirectory()) {
					if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path);
				} else if ((entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.md') && isFile(path)) {
					const deck = deckNameFromPath(relative(root, path));
					const shown = displayPath(path, cwd);
					const earlier = seen.get(deck);
					if (earlier !== undefined) {
						problems.push(error(shown, 1, `deck \`${deck}\` is already defined by ${earlier}; this file is skipped`));
						continue;
					}
					seen.set(deck, shown);
					files.push({path, deck, displayPath: shown});
				}
			}
		};
		walk(root);
	}
	return {files, problems, missing};
}

/** A deck file about to be written whose deck name another file already gives. */
export type DeckNameClash = {readonly path: string; readonly deck: string; readonly definedBy: string};

/**
The files among `paths` (not yet written, or about to be overwritten) whose deck name another
file in the decks directories already has. Written anyway, one of the two would be skipped at
every sync: the new one, or worse, the deck that holds the user's history.
*/
export function deckNameClashes(dirs: readonly string[], paths: readonly string[]): DeckNameClash[] {
	const roots = dirs.map((dir) => resolve(dir));
	const existing = findDeckFiles(roots).files;
	const clashes: DeckNameClash[] = [];
	for (const path of paths.map((each) => resolve(each))) {
		const root = roots.find((dir) => {
			const inside = relative(dir, path);
			return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
		});
		if (root === undefined) continue;
		const deck = deckNameFromPath(relative(root, path));
		const other = existing.find((file) => file.deck === deck && file.path !== path);
		if (other) clashes.push({path, deck, definedBy: other.path});
	}
	return clashes;
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/** A deck file's text, or the problem that kept it from being read. Oversized files are refused before reading. */
export function readDeckText(file: DeckFile): {text: string; size: number; mtimeMs: number} | {problem: Problem} {
	try {
		const stats = statSync(file.path);
		if (stats.size > MAX_DECK_FILE_BYTES) {
			return {problem: error(file.displayPath, 1, `file is larger than ${MAX_DECK_FILE_BYTES / 1024 / 1024} MiB; split it into several decks`)};
		}
		return {text: readFileSync(file.path, 'utf8'), size: stats.size, mtimeMs: stats.mtimeMs};
	} catch (thrown) {
		return {problem: error(file.displayPath, 1, `cannot read this deck: ${(thrown as Error).message}`)};
	}
}

/** The deck file for a path given on the command line: its name is the file name without `.md`. */
export function deckFileAt(path: string, cwd = process.cwd()): DeckFile {
	const absolute = resolve(cwd, path);
	return {path: absolute, deck: deckNameFromPath(basename(absolute)), displayPath: displayPath(absolute, cwd)};
}

/**
The file a deck's image path names, or undefined when it is not safely inside the deck's folder:
the path must be relative without `..` escapes, and after following links it must still be
inside the folder (a link in the folder can point anywhere).
*/
export function deckMediaPath(deckFile: string, reference: string): string | undefined {
	const checked = checkDeckPath(reference);
	if (!checked.ok) return undefined;
	const folder = dirname(deckFile);
	try {
		const real = realpathSync(join(folder, checked.relative));
		const realFolder = realpathSync(folder);
		return real.startsWith(`${realFolder}${sep}`) ? real : undefined;
	} catch {
		return undefined;
	}
}

/**
Write a file whole or not at all (a deck, or a device's review log): the text goes to a temporary
file beside it, which then replaces it by rename. A process killed mid-write leaves the old file
(or none), never half of one that the next sync would read as cards or events missing.
*/
export function writeFileWhole(path: string, text: string): void {
	// A file that is a link is written where the link points, and stays a link.
	const target = existsSync(path) ? realpathSync(path) : path;
	const temporary = `${target}.${process.pid}.tmp`;
	try {
		writeFileSync(temporary, text);
		renameSync(temporary, target);
	} catch (thrown) {
		rmSync(temporary, {force: true});
		throw thrown;
	}
}

