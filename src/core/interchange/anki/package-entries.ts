/*
The entries of an Anki package (a zip file), read one at a time and never trusted. A package is
small on disk but its entries can claim or hold anything: a 100 KB file whose media are zstd of
a gigabyte of zeros, or an entry whose header lies about its size. So entries are listed from
the zip's central directory without decompressing anything, and an entry is decompressed only
when it is wanted, in small steps, handing each piece to a sink, and stopped the moment its
output passes the bound it was given.
*/
import {Inflate} from 'fflate';
import {Decompress} from 'fzstd';

export type ZipEntry = {
	readonly name: string;
	/** 0 stored, 8 deflate: what Anki's zip writer uses. */
	readonly method: number;
	readonly compressedSize: number;
	/** What the zip says the entry expands to (before any zstd inside it). */
	readonly size: number;
	readonly localHeaderOffset: number;
};

/** A package that is not a zip file we can read, or an entry that expands beyond its bound. */
export class PackageError extends Error {}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZSTD_MAGIC = 0xfd2fb528;
// Small steps: one 16 KB step of deflate can expand to at most about 16 MB.
const STEP = 16 * 1024;
const MAX_ENTRIES = 1_000_000;

/** The entries by name, from the central directory. Throws PackageError when there is none. */
export function listZipEntries(zip: Uint8Array): Map<string, ZipEntry> {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	// The end record sits in the last 22 bytes, plus a comment of up to 64 KB.
	let end = -1;
	for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
		if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
			end = at;
			break;
		}
	}
	if (end < 0) throw new PackageError('not a zip file');
	const count = view.getUint16(end + 10, true);
	let at = view.getUint32(end + 16, true);
	if (count === 0xffff || at === 0xffffffff) throw new PackageError('a zip64 archive, which Anki does not write for packages this size');
	if (count > MAX_ENTRIES) throw new PackageError('too many entries');
	const decoder = new TextDecoder();
	const entries = new Map<string, ZipEntry>();
	for (let index = 0; index < count; index++) {
		if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) throw new PackageError('a damaged zip directory');
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		const entry: ZipEntry = {
			name: decoder.decode(zip.subarray(at + 46, at + 46 + nameLength)),
			method: view.getUint16(at + 10, true),
			compressedSize: view.getUint32(at + 20, true),
			size: view.getUint32(at + 24, true),
			localHeaderOffset: view.getUint32(at + 42, true),
		};
		if (!entries.has(entry.name)) entries.set(entry.name, entry);
		at += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/** The entry's bytes as stored in the zip (compressed), checked to lie inside the file. */
function storedBytes(zip: Uint8Array, entry: ZipEntry): Uint8Array {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const at = entry.localHeaderOffset;
	if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL_FILE_HEADER) throw new PackageError(`entry ${entry.name}: a damaged zip header`);
	const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
	if (start + entry.compressedSize > zip.length) throw new PackageError(`entry ${entry.name}: cut short`);
	return zip.subarray(start, start + entry.compressedSize);
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MB`;

/** Counts what passes through and refuses more than `limit` bytes. */
function bounded(name: string, limit: number, sink: (chunk: Uint8Array) => void): (chunk: Uint8Array) => void {
	let total = 0;
	return (chunk) => {
		total += chunk.length;
		if (total > limit) throw new PackageError(`entry ${name} expands to more than ${megabytes(limit)}`);
		if (chunk.length > 0) sink(chunk);
	};
}

/** The largest window a zstd frame header asks for; fzstd allocates that much up front. */
function zstdWindow(header: Uint8Array): number {
	if (header.length < 6) return 0;
	const descriptor = header[4]!;
	const singleSegment = (descriptor >> 5) & 1;
	const contentSizeFlag = descriptor >> 6;
	if (!singleSegment) {
		const exponent = 10 + (header[5]! >> 3);
		const base = 2 ** exponent;
		return base + (base / 8) * (header[5]! & 7);
	}
	// Single segment: the window is the content size, which follows the dictionary id.
	const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
	const sizeBytes = [1, 2, 4, 8][contentSizeFlag]!;
	let size = 0;
	for (let byte = sizeBytes - 1; byte >= 0; byte--) size = size * 256 + (header[5 + dictionaryBytes + byte] ?? 0);
	return sizeBytes === 2 ? size + 256 : size;
}

export type UnpackOptions = {
	/** The most bytes the entry may expand to, after zstd when it holds zstd. */
	readonly limit: number;
	/** Decompress zstd content (Anki's newest packages compress the collection, the media list and each media file with it). */
	readonly zstd: boolean;
};

/**
Decompress an entry piece by piece into `sink`, refusing (PackageError) as soon as it passes
its limit. Memory stays at a step's output, whatever the entry claims.
*/
export function unpackEntry(zip: Uint8Array, entry: ZipEntry, options: UnpackOptions, sink: (chunk: Uint8Array) => void): void {
	const input = storedBytes(zip, entry);
	const out = bounded(entry.name, options.limit, sink);
	let next = out;
	let finish = () => undefined as void;
	let first = true;
	const route = (chunk: Uint8Array) => {
		if (first && options.zstd && chunk.length >= 4 && new DataView(chunk.buffer, chunk.byteOffset, 4).getUint32(0, true) === ZSTD_MAGIC) {
			if (zstdWindow(chunk) > options.limit) throw new PackageError(`entry ${entry.name} expands to more than ${megabytes(options.limit)}`);
			const zstd = new Decompress((data) => out(data));
			next = (data) => {
				// fzstd decodes what it is given at once: feed it in steps too.
				for (let at = 0; at < data.length; at += STEP) zstd.push(data.subarray(at, at + STEP));
			};
			finish = () => zstd.push(new Uint8Array(0), true);
		}
		first = false;
		next(chunk);
	};
	try {
		if (entry.method === 0) {
			for (let at = 0; at < input.length; at += STEP) route(input.subarray(at, at + STEP));
		} else if (entry.method === 8) {
			// The zip's declared size is a promise: output past it is a lie, refused like a bomb.
			let inflated = 0;
			const inflate = new Inflate((data) => {
				inflated += data.length;
				if (inflated > entry.size) throw new PackageError(`entry ${entry.name} expands beyond the size its zip header declares`);
				route(data);
			});
			for (let at = 0; at < input.length; at += STEP) inflate.push(input.subarray(at, at + STEP), at + STEP >= input.length);
			if (input.length === 0) inflate.push(new Uint8Array(0), true);
		} else throw new PackageError(`entry ${entry.name}: compression method ${entry.method}, which Anki does not use`);
		finish();
	} catch (thrown) {
		if (thrown instanceof PackageError) throw thrown;
		throw new PackageError(`entry ${entry.name} cannot be decompressed (${(thrown as Error).message})`);
	}
}

/** A small entry (the `meta` and `media` lists) whole, in memory. */
export function entryBytes(zip: Uint8Array, entry: ZipEntry, options: UnpackOptions): Uint8Array {
	const chunks: Uint8Array[] = [];
	unpackEntry(zip, entry, options, (chunk) => chunks.push(chunk.slice()));
	const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, at);
		at += chunk.length;
	}
	return bytes;
}
