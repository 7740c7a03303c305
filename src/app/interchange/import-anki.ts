import {constants as fsConstants, copyFileSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import type {AnkiCard, AnkiCollection} from '../../core/interchange/anki/collection.js';
import {type CardMapping, type ConvertedDeck, convertCollection, type Skipped} from '../../core/interchange/anki/convert.js';
import {entryBytes, listZipEntries, PackageError, unpackEntry, type ZipEntry} from '../../core/interchange/anki/package-entries.js';
import {numberField, readMessage, textField} from '../../core/interchange/anki/protobuf.js';
import {ankiCardHistory} from '../../core/interchange/anki/card-history.js';
import {formatDeck, formatNote, type NoteToWrite} from '../../core/decks/deck-writer.js';
import {LEECH_TAG} from '../../core/review/leech.js';
import {parseDeck} from '../../core/decks/parse-deck.js';
import type {Deck} from '../../core/decks/card.js';
import type {Scheduler} from '../../core/scheduling/scheduler.js';
import {readAnkiCollection} from '../../store/interchange/anki-collection.js';
import {StoreError, type Store} from '../../store/database.js';
import {withHistoryIndexesBuiltAfter} from '../../store/bulk-indexes.js';
import {cardIdsByIdentity, cardsReadFromFile, cardsWithAnswers, cardsWithHistory, importCardHistoriesOf} from '../../store/interchange/history-import.js';
import {deckNameClashes, displayPath, writeFileWhole} from '../decks/deck-files.js';
import {UserError} from '../errors.js';
import type {Progress} from '../progress.js';
import {type ImportLog, startImportLog} from '../sync/import-log.js';
import {ReviewIdsAhead} from './review-ids-ahead.js';

/*
Importing an Anki package (.apkg for decks, .colpkg for a whole collection): its notes become
Markdown deck files, its media is copied next to them, and its review history goes into the log
so each card's FSRS state is rebuilt from it. Running it again with the same or a newer export
adds only what is new: notes missing from an existing deck file are appended to it (the notes
already there are the user's and stay as they are), cards carry ids derived from Anki's note
guids, and reviews ids derived from Anki's review ids.

The package is untrusted: entries are decompressed in small steps with a bound on each and on
the whole (see package-entries.ts), the collection goes to a private temporary file rather than
into memory, and media nothing refers to is never decompressed.
*/

type HistoryCounts = {
	/** Reviews in the package for the cards converted, and how many of them were new to the log. */
	readonly reviewsInPackage: number;
	readonly reviewsImported: number;
	/** Cards with any history in the package (reviews, a suspension). */
	readonly cardsWithHistory: number;
	/** Cards whose history gained something, so their FSRS state was rebuilt. */
	readonly cardsUpdated: number;
	/** Graded reviews before a card's last start in learning (or before a reset): Anki's FSRS leaves them out, so does fluency. */
	readonly reviewsBeforeLastStart: number;
	/** Cards whose history has no learning row: memory estimated from the reviews there are, Anki's due date kept. */
	readonly cardsWithoutLearningStart: number;
	/** Cards Anki has studied (learning, review) with no graded review since their last reset, or none at all: new in fluency. */
	readonly studiedCardsWithoutHistory: number;
};

export type AnkiImportReport = HistoryCounts & {
	/** Notes in the package. */
	readonly notes: number;
	/** Notes written: new deck files, and notes added to existing ones. */
	readonly notesWritten: number;
	readonly decksWritten: readonly string[];
	/** Existing deck files that gained the package's new notes. */
	readonly decksExtended: ReadonlyArray<{readonly path: string; readonly notes: number}>;
	/** Existing deck files that had nothing new. */
	readonly decksKept: readonly string[];
	/** Existing deck files overwritten (--force), and what of theirs was replaced. */
	readonly decksReplaced: ReadonlyArray<{readonly path: string; readonly changed: number; readonly removed: number}>;
	/** Cards the deck files define for the package's notes, read back after writing, and those that did not survive. */
	readonly cardsExpected: number;
	readonly cardsRead: number;
	readonly cardsLost: ReadonlyArray<{readonly path: string; readonly count: number; readonly reason: string}>;
	/** Media files written, and those already there from an earlier import. */
	readonly mediaCopied: number;
	readonly mediaAlreadyPresent: number;
	readonly mediaMissing: readonly string[];
	/** Media refused because they expand beyond their bound, with why. */
	readonly mediaRefused: readonly string[];
	/** Media in the package that no note refers to: left in it, never decompressed. */
	readonly mediaUnused: number;
	readonly skipped: readonly Skipped[];
	/** Review log rows of cards deleted in Anki, and v1 learning answers mapped to four buttons. */
	readonly orphanedReviews: number;
	readonly remappedV1Answers: number;
	readonly rolloverHour: number;
	readonly schedulerVersion: number;
};

const MB = 1024 ** 2;
// Bounds on what a package may expand to: the collection goes to a temporary file, a media file
// to its place, so these bound disk use and time; memory stays at one step of decompression.
const COLLECTION_LIMIT = 1024 * MB;
const MEDIA_FILE_LIMIT = 256 * MB;
const SMALL_ENTRY_LIMIT = 64 * MB;
const TOTAL_LIMIT = 2048 * MB;

type MediaSource = {readonly entry: ZipEntry; readonly size?: number; readonly zstd: boolean};

type Package = {
	readonly collection: AnkiCollection;
	readonly zip: Uint8Array;
	/** Media by file name: the zip entry that holds it, and its size when the index says. */
	readonly media: ReadonlyMap<string, MediaSource>;
	readonly budget: {remaining: number};
};

/** The bytes an entry expands to, counted against the package's total. */
function unpackCounted(pkg: Pick<Package, 'zip' | 'budget'>, entry: ZipEntry, limit: number, zstd: boolean, sink: (chunk: Uint8Array) => void): void {
	unpackEntry(pkg.zip, entry, {limit: Math.min(limit, pkg.budget.remaining), zstd}, (chunk) => {
		pkg.budget.remaining -= chunk.length;
		sink(chunk);
	});
}

/** Read the package: pick the collection file as Anki does, by the `meta` entry, into `scratch`. */
function readAnkiPackage(file: string, scratch: string): Package {
	let zip: Uint8Array;
	try {
		zip = readFileSync(file);
	} catch (thrown) {
		throw new UserError(`${file}: ${(thrown as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (thrown as Error).message}`, 2);
	}
	const refuse = (why: string) => new UserError(`${file}: ${why}; nothing was changed`);
	let entries: Map<string, ZipEntry>;
	try {
		entries = listZipEntries(zip);
	} catch {
		throw refuse('not an Anki package (not a zip file)');
	}
	const budget = {remaining: TOTAL_LIMIT};
	const small = (entry: ZipEntry, zstd: boolean) => {
		let bytes: Uint8Array = new Uint8Array(0);
		try {
			bytes = entryBytes(zip, entry, {limit: Math.min(SMALL_ENTRY_LIMIT, budget.remaining), zstd});
		} catch (thrown) {
			throw refuse(thrown instanceof PackageError ? `${thrown.message}; refusing it` : (thrown as Error).message);
		}
		budget.remaining -= bytes.length;
		return bytes;
	};
	const meta = entries.get('meta');
	let version = 0;
	if (meta) {
		try {
			version = numberField(readMessage(small(meta, false)), 1) ?? 0;
		} catch (thrown) {
			if (thrown instanceof UserError) throw thrown;
		}
	}
	if (version === 0) version = entries.has('collection.anki21b') ? 3 : entries.has('collection.anki21') ? 2 : 1;
	const name = version >= 3 ? 'collection.anki21b' : version === 2 ? 'collection.anki21' : 'collection.anki2';
	const entry = entries.get(name);
	if (!entry) throw refuse(`not an Anki package (no ${name} inside)`);
	const collectionFile = join(scratch, 'collection.sqlite');
	const fd = openSync(collectionFile, 'w');
	try {
		unpackCounted({zip, budget}, entry, COLLECTION_LIMIT, version >= 3, (chunk) => writeSync(fd, chunk));
	} catch (thrown) {
		throw refuse(thrown instanceof PackageError ? `${thrown.message}; refusing it` : `the collection inside cannot be read (${(thrown as Error).message})`);
	} finally {
		closeSync(fd);
	}
	let collection: AnkiCollection;
	try {
		collection = readAnkiCollection(collectionFile, file);
	} catch (thrown) {
		if (thrown instanceof StoreError) throw new UserError(`${thrown.message}; nothing was changed`);
		throw refuse(`the collection inside cannot be read (${(thrown as Error).message})`);
	}
	return {collection, zip, media: mediaIndex(entries, version, (index) => small(index, true)), budget};
}

/** Media by file name: legacy packages map zip entries to names in JSON; newer ones list them in zstd-compressed protobuf. */
function mediaIndex(entries: ReadonlyMap<string, ZipEntry>, version: number, read: (entry: ZipEntry) => Uint8Array): Map<string, MediaSource> {
	const index = entries.get('media');
	const media = new Map<string, MediaSource>();
	if (!index) return media;
	try {
		const bytes = read(index);
		if (version >= 3) {
			(readMessage(bytes).get(1) ?? []).forEach((item, position) => {
				if (!(item instanceof Uint8Array)) return;
				const fields = readMessage(item);
				const name = textField(fields, 1);
				const entry = entries.get(String(position));
				const size = numberField(fields, 2);
				if (name && entry) media.set(name, {entry, zstd: true, ...(size === undefined ? {} : {size})});
			});
		} else {
			for (const [entryName, name] of Object.entries(JSON.parse(new TextDecoder().decode(bytes)) as Record<string, string>)) {
				const entry = entries.get(entryName);
				if (entry && typeof name === 'string') media.set(name, {entry, zstd: false, size: entry.size});
			}
		}
	} catch (thrown) {
		if (thrown instanceof UserError) throw thrown;
		// A damaged media index loses the media, not the notes; missing files are reported.
	}
	return media;
}

/** What the history import needs once the deck files are written: the notes and their Markdown are not among it. */
type HistorySource = {
	readonly collection: Pick<AnkiCollection, 'created' | 'reviews'>;
	readonly ankiCards: ReadonlyMap<number, AnkiCard>;
	readonly mappings: readonly CardMapping[];
	/** The notes Anki had tagged `leech`. */
	readonly leechNotes: ReadonlySet<number>;
};

// Cards whose history is built, checked against the database and written at a time. As objects,
// every card's history at once was most of a large import's memory.
const HISTORY_BATCH = 1000;

export function importAnkiPackage(
	store: Store,
	scheduler: Scheduler,
	file: string,
	options: {
		into: string;
		deckDirs: readonly string[];
		force: boolean;
		now: number;
		sync: () => void;
		/** Where this device's log is: the imported history is written to it as it is stored. */
		syncDir?: string;
		onProgress?: Progress;
	},
): AnkiImportReport {
	const progress = options.onProgress ?? (() => undefined);
	const scratch = mkdtempSync(join(tmpdir(), 'fluency-anki-'));
	try {
		// In a function of its own, so the notes, their Markdown and the media can be collected before the history is.
		const {history, expectedCards, ...written} = writeDeckFiles(file, scratch, options, progress);
		options.sync();
		const log = options.syncDir === undefined ? undefined : {dir: options.syncDir, scratch, now: options.now};
		return {...written, ...cardsReadBack(store, expectedCards), ...importHistory(store, scheduler, history, progress, log)};
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}

type ReadBack = Pick<AnkiImportReport, 'cardsExpected' | 'cardsRead' | 'cardsLost'>;

type DeckOutcome = Pick<AnkiImportReport, 'notesWritten' | 'decksWritten' | 'decksExtended' | 'decksKept' | 'decksReplaced'> & {
	/** The identity keys of the package's cards each deck file written or kept should hold, by the file's path. */
	readonly expectedCards: ReadonlyMap<string, ReadonlySet<string>>;
};

function writeDeckFiles(
	file: string,
	scratch: string,
	options: {into: string; deckDirs: readonly string[]; force: boolean},
	progress: Progress,
): Omit<AnkiImportReport, keyof HistoryCounts | keyof ReadBack> & Pick<DeckOutcome, 'expectedCards'> & {history: HistorySource} {
	progress('reading', 0, 1);
	const pkg = readAnkiPackage(file, scratch);
	const {collection} = pkg;
	const conversion = convertCollection(collection);
	progress('reading', 1, 1);

	const newFiles = conversion.decks.map((deck) => join(options.into, deck.path)).filter((path) => options.force || !existsSync(path));
	const clashes = deckNameClashes(options.deckDirs, newFiles);
	if (clashes.length > 0) {
		const [first] = clashes;
		const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : '';
		throw new UserError(`${file}: deck \`${first!.deck}\` already exists (${displayPath(first!.definedBy)})${more}; import into a sub-folder with --into DIR; nothing was changed`);
	}

	const outcome = writeDecks(conversion.decks, conversion.cards, options, progress);
	const media = copyMedia(pkg, conversion.decks, conversion.media, options.into);
	return {
		notes: collection.notes.length,
		...outcome,
		...media,
		skipped: conversion.skipped,
		orphanedReviews: collection.orphanedReviews,
		remappedV1Answers: collection.remappedV1Answers,
		rolloverHour: collection.rolloverHour,
		schedulerVersion: collection.schedulerVersion,
		history: {
			collection: {created: collection.created, reviews: collection.reviews},
			ankiCards: new Map(collection.cards.map((card) => [card.id, card])),
			mappings: conversion.cards,
			// Anki tags a leech's note `leech` (any case); the card keeps being one here.
			leechNotes: new Set(collection.notes.flatMap((note) => (note.tags.some((tag) => tag.toLowerCase() === LEECH_TAG) ? [note.id] : []))),
		},
	};
}

const deckNameOf = (path: string) => path.replace(/\.md$/, '');

/** Notes by their `ID:`, with the text each is written as: what a deck file holds, to compare with the package. */
function notesById(deck: Deck): Map<string, string> {
	const notes = new Map<string, string>();
	for (const card of deck.cards) if (card.explicitId) notes.set(card.explicitId, `${notes.get(card.explicitId) ?? ''}${card.contentHash}`);
	return notes;
}

function writeDecks(decks: readonly ConvertedDeck[], mappings: readonly CardMapping[], options: {into: string; force: boolean}, progress: Progress): DeckOutcome {
	const result = {notesWritten: 0, decksWritten: [] as string[], decksExtended: [] as Array<{path: string; notes: number}>, decksKept: [] as string[], decksReplaced: [] as Array<{path: string; changed: number; removed: number}>};
	const expectedKeys = new Map<string, Set<string>>();
	for (const mapping of mappings) expectedKeys.set(mapping.deckPath, (expectedKeys.get(mapping.deckPath) ?? new Set()).add(mapping.identityKey));
	// A note Anki moved to another deck since the last import is still in the file it went to then:
	// it is the user's there, and is not added a second time.
	const idsInFiles = new Set<string>();
	// Each existing file is read once, and each text parsed once: the ids of its notes, their
	// comparison with the package's and the count of cards read back all come from that one parse.
	const existingTexts = new Map<string, string | undefined>();
	const existingText = (path: string) => {
		if (!existingTexts.has(path)) existingTexts.set(path, existsSync(path) ? readFileSync(path, 'utf8') : undefined);
		return existingTexts.get(path);
	};
	const parses = new Map<string, {text: string; deck: Deck}>();
	const parsedFile = (path: string, deckPath: string, text: string) => {
		const known = parses.get(path);
		if (known?.text === text) return known.deck;
		const deck = parseDeck({file: path, deck: deckNameOf(deckPath), text});
		parses.set(path, {text, deck});
		return deck;
	};
	if (!options.force) {
		for (const deck of decks) {
			const path = join(options.into, deck.path);
			const existing = existingText(path);
			if (existing !== undefined) for (const id of notesById(parsedFile(path, deck.path, existing)).keys()) idsInFiles.add(id);
		}
	}
	const expectedCards = new Map<string, ReadonlySet<string>>();
	for (const [index, deck] of decks.entries()) {
		const path = join(options.into, deck.path);
		progress('writing decks', index, decks.length);
		const fresh = formatDeck(deck.header, deck.notes);
		let text = fresh;
		const existing = existingText(path);
		if (existing !== undefined) {
			const existingDeck = parsedFile(path, deck.path, existing);
			const before = notesById(existingDeck);
			if (options.force) {
				const after = notesById(parsedFile(path, deck.path, fresh));
				const changed = [...before].filter(([id, hash]) => after.has(id) && after.get(id) !== hash).length;
				const removed = [...before.keys()].filter((id) => !after.has(id)).length + existingDeck.cards.filter((card) => !card.explicitId).length;
				result.decksReplaced.push({path, changed, removed});
				result.notesWritten += deck.notes.length;
			} else {
				// The notes already there are the user's (perhaps edited): only the package's new notes are added.
				const added: NoteToWrite[] = deck.notes.filter((note) => note.id === undefined || (!before.has(note.id) && !idsInFiles.has(note.id)));
				if (added.length === 0) {
					result.decksKept.push(path);
					text = existing;
				} else {
					text = `${existing.trimEnd()}\n\n${added.map(formatNote).join('\n\n')}\n`;
					result.decksExtended.push({path, notes: added.length});
					result.notesWritten += added.length;
				}
			}
		} else {
			const notes = deck.notes.filter((note) => note.id === undefined || !idsInFiles.has(note.id));
			if (notes.length === 0) continue;
			if (notes.length < deck.notes.length) text = formatDeck(deck.header, notes);
			result.decksWritten.push(path);
			result.notesWritten += notes.length;
		}
		if (text !== existing) {
			mkdirSync(dirname(path), {recursive: true});
			writeFileWhole(path, text);
		}
		// Done with this file: its text and cards are not held while the next decks are written.
		parses.delete(path);
		existingTexts.delete(path);
		expectedCards.set(path, expectedKeys.get(deck.path) ?? new Set<string>());
	}
	// The last deck done: a stage ends at its total, which clears its line for what is printed next.
	progress('writing decks', decks.length, decks.length);
	return {...result, expectedCards};
}

/**
The package's cards counted as the sync just read the deck files: the cards that now exist, not
the notes meant. A file that does not read back as written loses cards, and the first problem the
sync found in it says why. (The sync's reading is the one that counts; a second parse here to
check the files cost a large import a quarter of a second.)
*/
function cardsReadBack(store: Store, expectedCards: ReadonlyMap<string, ReadonlySet<string>>): ReadBack {
	let cardsExpected = 0;
	let cardsRead = 0;
	const cardsLost: Array<{path: string; count: number; reason: string}> = [];
	for (const [path, expected] of expectedCards) {
		const read = cardsReadFromFile(store, path);
		const missing = [...expected].filter((key) => !read?.keys.has(key)).length;
		cardsExpected += expected.size;
		cardsRead += expected.size - missing;
		if (missing > 0) {
			const problem = read?.problems[0];
			cardsLost.push({path, count: missing, reason: problem ? `the file does not read back as written (${problem.line}: ${problem.message})` : 'the file does not read back as written'});
		}
	}
	return {cardsExpected, cardsRead, cardsLost};
}

/** Each deck's media, in a media/ folder next to its file where its Markdown points: only what its notes show. */
function copyMedia(pkg: Package, decks: readonly ConvertedDeck[], safeNames: ReadonlyMap<string, string>, into: string): Pick<AnkiImportReport, 'mediaCopied' | 'mediaAlreadyPresent' | 'mediaMissing' | 'mediaRefused' | 'mediaUnused'> {
	const copied = new Map<string, string>();
	const alreadyPresent = new Set<string>();
	const missing = new Set<string>();
	const refused = new Map<string, string>();
	for (const deck of decks) {
		const folder = join(into, dirname(deck.path), 'media');
		for (const name of deck.media) {
			const source = pkg.media.get(name);
			const safe = safeNames.get(name) ?? '';
			if (!source || safe === '') {
				missing.add(name);
				continue;
			}
			if (refused.has(name)) continue;
			mkdirSync(folder, {recursive: true});
			const target = join(folder, safe);
			if (existsSync(target) && source.size !== undefined && statSync(target).size === source.size) {
				alreadyPresent.add(name);
				continue;
			}
			// Written under a new name and renamed over the target: a link planted at either name in a
			// shared decks folder is replaced, never written through ('wx' and COPYFILE_EXCL do not follow one).
			const partial = `${target}.${process.pid}.partial`;
			rmSync(partial, {force: true});
			const earlier = copied.get(name);
			if (earlier) {
				copyFileSync(earlier, partial, fsConstants.COPYFILE_EXCL);
				renameSync(partial, target);
				continue;
			}
			const fd = openSync(partial, 'wx');
			try {
				unpackCounted(pkg, source.entry, Math.min(MEDIA_FILE_LIMIT, source.size ?? MEDIA_FILE_LIMIT), source.zstd, (chunk) => writeSync(fd, chunk));
				closeSync(fd);
				renameSync(partial, target);
				copied.set(name, target);
			} catch (thrown) {
				closeSync(fd);
				rmSync(partial, {force: true});
				if (!(thrown instanceof PackageError)) throw thrown;
				refused.set(name, thrown.message);
			}
		}
	}
	const referenced = new Set(decks.flatMap((deck) => deck.media));
	return {
		mediaCopied: copied.size,
		mediaAlreadyPresent: [...alreadyPresent].filter((name) => !copied.has(name)).length,
		mediaMissing: [...missing],
		mediaRefused: [...refused.values()],
		mediaUnused: [...pkg.media.keys()].filter((name) => !referenced.has(name)).length,
	};
}

/** Add the package's review history to the log and rebuild each card's state from it. */
function importHistory(store: Store, scheduler: Scheduler, source: HistorySource, progress: Progress, log?: {dir: string; scratch: string; now: number}): HistoryCounts {
	const ids = cardIdsByIdentity(store, source.mappings.map((mapping) => mapping.identityKey));
	const counts = {reviewsInPackage: 0, reviewsImported: 0, cardsWithHistory: 0, cardsUpdated: 0, reviewsBeforeLastStart: 0, cardsWithoutLearningStart: 0, studiedCardsWithoutHistory: 0};
	const total = source.mappings.length;
	// What the import writes is, but for a few answers, the history of cards that have none yet: all
	// of it on a first import, little or nothing when a newer export of the same collection comes in.
	const studied = cardsWithAnswers(store, [...ids.values()]);
	let newCards = 0;
	let newAnswers = 0;
	for (const mapping of source.mappings) {
		const cardId = ids.get(mapping.identityKey);
		if (cardId === undefined || studied.has(cardId)) continue;
		newCards++;
		newAnswers += source.collection.reviews.countOf(mapping.ankiCardId);
	}
	// The cards are taken deck file by deck file, as the sync wrote them: a card's state is then
	// written next to the one before it, where the package's order (by note) wrote it to another
	// deck's part of the table each time.
	const inFileOrder = [...source.mappings].sort((a, b) => (a.deckPath < b.deckPath ? -1 : a.deckPath > b.deckPath ? 1 : 0));
	const reviewIds = ReviewIdsAhead.start(source.collection.reviews, inFileOrder.map((mapping) => mapping.ankiCardId));
	// All of it or none: the batches only bound what is held in memory at once.
	let lines: ImportLog | undefined;
	let withHistory: Set<string>;
	try {
		store.transaction(() => {
			lines = log && startImportLog(store, log.dir, log.scratch, log.now);
			withHistory = cardsWithHistory(store, [...ids.values()]);
			// A first import reads no card's history back (it replays each from the package), so
			// reviews_by_card is built once at the end rather than kept current answer by answer.
			withHistoryIndexesBuiltAfter(store, {answers: newAnswers, cards: newCards}, withHistory.size > 0, addHistories);
			lines?.storedAll();
		});
	} finally {
		reviewIds?.close();
	}
	lines?.append();
	progress('importing history', total, total);
	return counts;

	function addHistories(): void {
		for (let start = 0; start < total; start += HISTORY_BATCH) {
			progress('importing history', start, total);
			const batch = inFileOrder.slice(start, start + HISTORY_BATCH).flatMap((mapping) => {
				const cardId = ids.get(mapping.identityKey);
				const ankiCard = source.ankiCards.get(mapping.ankiCardId);
				return cardId && ankiCard ? [{cardId, mapping, ankiCard}] : [];
			});
			// The cards whose history gains something: on a second import of the same package there are none, and the report must say so.
			const updated = {cards: 0};
			const historyOf = (index: number) => {
				const {cardId, mapping, ankiCard} = batch[index]!;
				const target = {device: store.deviceId, card: cardId, key: mapping.identityKey, deck: deckNameOf(mapping.deckPath)};
				const history = ankiCardHistory(source.collection, ankiCard, target, source.leechNotes.has(ankiCard.noteId), counts, reviewIds?.eventIdOf);
				if (history) {
					counts.cardsWithHistory++;
					for (const event of history.events) if (event.type === 'review') counts.reviewsInPackage++;
				}
				return history;
			};
			const cardIds = batch.map((card) => card.cardId);
			counts.reviewsImported += importCardHistoriesOf(store, cardIds, historyOf, scheduler, {updated, withHistory, ...(lines ? {stored: lines.stored} : {})}).reviews;
			counts.cardsUpdated += updated.cards;
		}
	}
}
