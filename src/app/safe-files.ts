import {closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats, statSync} from 'node:fs';
import {sep} from 'node:path';
import {UserError} from './errors.js';

/*
Opening files that strangers can place: anyone who can push to a decks repository can put a
symbolic link, a directory, a FIFO or a socket where fluency expects a deck or a log. Reading a
FIFO blocks forever, reading a link can leave the folder, and writing through a link writes
wherever it points (a `.bashrc`). So files are checked with lstat before use and opened with
O_NOFOLLOW and O_NONBLOCK, and what was opened is checked again with fstat: between the check
and the open the file can be swapped, but never into something read or written by mistake.
*/

export type FileKind = 'file' | 'directory' | 'symlink' | 'fifo' | 'socket' | 'device' | 'missing';

function kindOfStats(stats: Stats): Exclude<FileKind, 'missing'> {
	if (stats.isSymbolicLink()) return 'symlink';
	if (stats.isFile()) return 'file';
	if (stats.isDirectory()) return 'directory';
	if (stats.isFIFO()) return 'fifo';
	if (stats.isSocket()) return 'socket';
	return 'device';
}

/** What is at a path, without following a link there. */
export function kindOf(path: string): FileKind {
	try {
		return kindOfStats(lstatSync(path));
	} catch {
		return 'missing';
	}
}

/** `a directory`, `a FIFO (named pipe)`, ... for the one line that says why a file was skipped. */
export function describeKind(kind: FileKind): string {
	switch (kind) {
		case 'directory':
			return 'a directory';
		case 'fifo':
			return 'a FIFO (named pipe)';
		case 'socket':
			return 'a socket';
		case 'device':
			return 'a device';
		case 'symlink':
			return 'a symbolic link';
		case 'missing':
			return 'missing';
		default:
			return 'a file';
	}
}

/** A file that is not what fluency may read or write there; the message says why in words. */
export class UnsafeFileError extends UserError {}

/** Whether `path` (already resolved) is `folder` itself or inside it. */
export function isInside(realFolder: string, realPath: string): boolean {
	return realPath === realFolder || realPath.startsWith(realFolder.endsWith(sep) ? realFolder : `${realFolder}${sep}`);
}

/**
Why a file found in `folder` must not be read, or undefined when it may: it must be a regular
file, or a link to one that stays inside the folder. `folderName` names the folder in the
message ("the decks folder").
*/
export function refusalToRead(path: string, folder: string, folderName: string): string | undefined {
	const kind = kindOf(path);
	if (kind === 'file') return undefined;
	if (kind !== 'symlink') return `not a regular file (${describeKind(kind)})`;
	let real: string;
	try {
		real = realpathSync(path);
	} catch {
		return 'symbolic link to nothing';
	}
	let realFolder: string;
	try {
		realFolder = realpathSync(folder);
	} catch {
		return `symbolic link, and ${folderName} cannot be resolved`;
	}
	if (!isInside(realFolder, real)) return `symbolic link leaves ${folderName}`;
	const target = statSync(real, {throwIfNoEntry: false});
	if (!target?.isFile()) return `symbolic link to ${describeKind(target ? kindOfStats(target) : 'missing')}, not to a regular file`;
	return undefined;
}

/** A file opened for reading, and what fstat said of it when it was checked to be a regular file. */
export type OpenedFile = {readonly fd: number; readonly stats: Stats};

/**
Open a regular file for reading. A FIFO, socket or device is refused without blocking (O_NONBLOCK),
and with `followLinks` false a link is refused too (O_NOFOLLOW). Throws UnsafeFileError, or the
system's error for a file that cannot be opened. The check's stats come along: asked again, they
were a second system call for each of a check's 1,000 deck files.
*/
export function openRegularFileForReading(path: string, {followLinks}: {followLinks: boolean}): OpenedFile {
	let fd: number;
	try {
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : constants.O_NOFOLLOW));
	} catch (thrown) {
		if ((thrown as NodeJS.ErrnoException).code === 'ELOOP' && !followLinks) throw new UnsafeFileError('is a symbolic link; fluency does not read through it');
		throw thrown;
	}
	return {fd, stats: checkRegular(fd)};
}

/**
Open a file to append to, creating it when it is missing. Never through a link, even a dangling
one (O_NOFOLLOW: a link at the path fails the open instead of creating its target), and never
anything but a regular file, whose permissions are left as they are.
*/
export function openRegularFileForAppending(path: string): number {
	let fd: number;
	try {
		fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		if (code === 'ELOOP') throw new UnsafeFileError('is a symbolic link; fluency does not write through links it did not create');
		if (code === 'EISDIR') throw new UnsafeFileError('is not a regular file (a directory)');
		// O_NONBLOCK: a FIFO no one reads fails the open instead of waiting for a reader.
		if (code === 'ENXIO') throw new UnsafeFileError('is not a regular file (a FIFO or a device)');
		throw thrown;
	}
	checkRegular(fd);
	return fd;
}

/** The stats of the open file `fd`, a regular file; anything else is closed and refused. */
function checkRegular(fd: number): Stats {
	const stats = fstatSync(fd);
	if (stats.isFile()) return stats;
	closeSync(fd);
	throw new UnsafeFileError(`is not a regular file (${describeKind(kindOfStats(stats))})`);
}

/** The text of a regular file, not read through a link; undefined when there is nothing at the path. */
export function readOwnFile(path: string): string | undefined {
	if (kindOf(path) === 'missing') return undefined;
	const {fd, stats} = openRegularFileForReading(path, {followLinks: false});
	try {
		return readOpenFile(fd, stats.size);
	} finally {
		closeSync(fd);
	}
}

/**
The UTF-8 text of the open file `fd`, expected to hold `size` bytes. Reading into one buffer of
that size halves the time `readFileSync(fd)` takes on a large deck, which cannot know the size and
grows its buffer chunk by chunk; a file that grew since it was measured is still read to its end.
*/
function readOpenFile(fd: number, size: number): string {
	return readOpenFileBytes(fd, size).toString('utf8');
}

/** readOpenFile's bytes, not yet decoded. */
export function readOpenFileBytes(fd: number, size: number): Buffer {
	const chunks: Buffer[] = [];
	// One byte spare, so reading a file that did not grow ends at the end of the buffer's first fill.
	let buffer = Buffer.allocUnsafe(size + 1);
	let filled = 0;
	for (;;) {
		const read = readSync(fd, buffer, filled, buffer.length - filled, null);
		if (read === 0) break;
		filled += read;
		if (filled === buffer.length) {
			chunks.push(buffer);
			buffer = Buffer.allocUnsafe(64 * 1024);
			filled = 0;
		}
	}
	chunks.push(buffer.subarray(0, filled));
	return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
