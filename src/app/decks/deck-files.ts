import {closeSync, fchmodSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, isAbsolute, join, relative, resolve, sep} from 'node:path';
import {deckNameFromPath} from '../../core/decks/deck-names.js';
import {checkDeckPath} from '../../core/decks/deck-paths.js';
import {deckSizeProblem} from '../../core/decks/deck-size.js';
import {error, type Problem} from '../../core/problem.js';
import {BUILT_IN_DECKS} from '../settings/paths.js';
import {isInside, kindOf, openRegularFileForReading, readOpenFileBytes, refusalToRead, UnsafeFileError} from '../safe-files.js';
import {spareCores} from '../spare-cores.js';

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
directories it was given. A file link is read only when it stays inside its decks directory, and
a `*.md` that is not a regular file (a FIFO, a socket, a device) is skipped: each is one problem.
A deck name found twice is a problem; the first directory wins.
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
		// Where the root is shown from here: each file's place is then the root's and its own path
		// under it, not worked out from the two absolute paths again (1,000 decks, every command).
		// A root inside the working directory is shown relative to it, and so is each file under it;
		// a root elsewhere is shown as given, and so is each file, unless the working directory is
		// inside the root (or is it): then only some files are inside the working directory.
		const shownRoot = displayPath(root, cwd);
		const shownUnder = shownRoot === root ? undefined : `${shownRoot}/`;
		const cwdInsideRoot = shownRoot === root && isInside(resolve(root), resolve(cwd));
		const walk = (dir: string, under: string) => {
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
				const relativePath = `${under}${entry.name}`;
				if (entry.isDirectory()) {
					if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, `${relativePath}/`);
				} else if (entry.name.toLowerCase().endsWith('.md')) {
					if (!entry.isFile()) {
						const refusal = refusalToRead(path, root, 'the decks folder');
						if (refusal !== undefined) {
							// A link to a folder is a folder not walked, as before; anything else read as a deck is said.
							if (!(entry.isSymbolicLink() && statSync(path, {throwIfNoEntry: false})?.isDirectory())) problems.push(error(displayPath(path, cwd), 1, `skipped: ${refusal}`));
							continue;
						}
					}
					const deck = deckNameFromPath(relativePath);
					const shown = cwdInsideRoot ? displayPath(path, cwd) : shownUnder === undefined ? path : `${shownUnder}${relativePath}`;
					const earlier = seen.get(deck);
					// A user's deck shadows the built-in deck of the same name: it is the built-in one's
					// copy, made to edit it (`e` in the review), and the user's edits win.
					const builtIn = earlier !== undefined && root !== BUILT_IN_DECKS ? files.findIndex((file) => file.deck === deck && isInside(BUILT_IN_DECKS, file.path)) : -1;
					if (builtIn >= 0) {
						files.splice(builtIn, 1);
					} else if (earlier !== undefined) {
						problems.push(error(shown, 1, `deck \`${deck}\` is already defined by ${earlier}; this file is skipped`));
						continue;
					}
					seen.set(deck, shown);
					files.push({path, deck, displayPath: shown});
				}
			}
		};
		walk(root, '');
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

/**
A deck file's text, or the problem that kept it from being read. Oversized files are refused
before reading; a FIFO, socket or device is refused without waiting on it, even when named on the
command line.
*/
export function readDeckText(file: DeckFile): {text: string; size: number; mtimeMs: number} | {problem: Problem} {
	const read = readDeckBytes(file);
	return 'problem' in read ? read : {text: read.bytes.toString('utf8'), size: read.size, mtimeMs: read.mtimeMs};
}

/**
How many workers may share the work on these deck files beside this thread: none for fewer than
64 files or `minBytes` together, on one core, or when `worker` is not built (run from the sources,
as the tests do). A few workers are most of the gain: each loads the parser, and the writes, if
any, stay on this thread.
*/
export function deckWorkerCount(files: readonly DeckFile[], options: {readonly minBytes: number; readonly worker: URL}): number {
	if (files.length < 64) return 0;
	const spare = spareCores(options.worker);
	return spare === 0 || bytesOnDisk(files) < options.minBytes ? 0 : Math.min(3, spare);
}

/** How many bytes these deck files hold together, as found now (a file gone counts none). */
export function bytesOnDisk(files: readonly DeckFile[]): number {
	let bytes = 0;
	for (const file of files) bytes += statSync(file.path, {throwIfNoEntry: false})?.size ?? 0;
	return bytes;
}

/** readDeckText's bytes, not yet decoded. */
export function readDeckBytes(file: DeckFile): {bytes: Buffer; size: number; mtimeMs: number} | {problem: Problem} {
	let fd: number | undefined;
	try {
		const opened = openRegularFileForReading(file.path, {followLinks: true});
		fd = opened.fd;
		const {stats} = opened;
		const tooLarge = deckSizeProblem(file.displayPath, stats.size);
		if (tooLarge) return {problem: tooLarge};
		return {bytes: readOpenFileBytes(fd, stats.size), size: stats.size, mtimeMs: stats.mtimeMs};
	} catch (thrown) {
		if (thrown instanceof UnsafeFileError) return {problem: error(file.displayPath, 1, `skipped: ${thrown.message}`)};
		return {problem: error(file.displayPath, 1, `cannot read this deck: ${(thrown as Error).message}`)};
	} finally {
		if (fd !== undefined) closeSync(fd);
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
		return real !== realFolder && isInside(realFolder, real) ? real : undefined;
	} catch {
		return undefined;
	}
}

/**
Write a file whole or not at all (a deck, or a device's review log): the text goes to a temporary
file beside it, which then replaces it by rename. A process killed mid-write leaves the old file
(or none), never half of one that the next sync would read as cards or events missing.

fluency creates no links, so a link at the path was put there by someone else (a shared decks
repository can carry one to `~/.bashrc`): it is refused with an UnsafeFileError, as is anything
that is not a regular file. The temporary file is created exclusively (O_EXCL does not follow a
link planted at its name) and takes the replaced file's permissions.
*/
export function writeFileWhole(path: string, text: string): void {
	const kind = kindOf(path);
	if (kind === 'symlink') throw new UnsafeFileError(`${displayPath(path)} is a symbolic link; fluency does not write through links it did not create, so nothing was written`);
	if (kind !== 'file' && kind !== 'missing') throw new UnsafeFileError(`${displayPath(path)} is not a regular file; nothing was written`);
	const mode = kind === 'file' ? statSync(path).mode & 0o7777 : undefined;
	const temporary = `${path}.${process.pid}.tmp`;
	let created = false;
	try {
		writeFileSync(temporary, text, {flag: 'wx'});
		created = true;
		if (mode !== undefined) fchmodTemporary(temporary, mode);
		renameSync(temporary, path);
	} catch (thrown) {
		if (created) rmSync(temporary, {force: true});
		throw thrown;
	}
}

function fchmodTemporary(path: string, mode: number): void {
	const {fd} = openRegularFileForReading(path, {followLinks: false});
	try {
		fchmodSync(fd, mode);
	} finally {
		closeSync(fd);
	}
}

