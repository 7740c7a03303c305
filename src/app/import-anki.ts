import {existsSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {unzipSync} from 'fflate';
import {decompress} from 'fzstd';
import type {AnkiCard, AnkiCollection} from '../core/anki/collection.js';
import {type CardMapping, convertCollection, type Skipped} from '../core/anki/convert.js';
import {numberField, readMessage, textField} from '../core/anki/protobuf.js';
import {formatDeck} from '../core/deck-writer.js';
import type {SyncEvent} from '../core/event-log.js';
import {stableEventId} from '../core/event-id.js';
import type {Rating, Scheduler} from '../core/scheduler.js';
import {readAnkiCollection} from '../store/anki-collection.js';
import {StoreError, type Store} from '../store/database.js';
import {cardIdsByIdentity, importCardHistories, type ImportedCardHistory} from '../store/history-import.js';
import {knownEventIds} from '../store/event-sync.js';
import {deckNameClashes, displayPath, writeFileWhole} from './deck-files.js';
import {UserError} from './errors.js';

/*
Importing an Anki package (.apkg for decks, .colpkg for a whole collection): its notes become
Markdown deck files, its media is copied next to them, and its review history goes into the log
so each card's FSRS state is rebuilt from it. Running it again adds nothing: deck files that
exist are kept (unless forced), cards carry ids derived from Anki's note guids, and reviews ids
derived from Anki's review ids.
*/

export type ImportProgress = (stage: string, done: number, total: number) => void;

export type AnkiImportReport = {
	readonly notes: number;
	readonly decksWritten: readonly string[];
	readonly decksKept: readonly string[];
	/** Media files written, and those already there from an earlier import. */
	readonly mediaCopied: number;
	readonly mediaAlreadyPresent: number;
	readonly mediaMissing: readonly string[];
	readonly skipped: readonly Skipped[];
	/** Reviews in the package for the cards converted, and how many of them were new to the log. */
	readonly reviewsInPackage: number;
	readonly reviewsImported: number;
	/** Cards with any history in the package (reviews, resets, a suspension). */
	readonly cardsWithHistory: number;
	/** Cards whose history gained something (reviews, resets, a suspension), so their FSRS state was rebuilt. */
	readonly cardsUpdated: number;
};

// Zip bombs: refuse packages that would expand beyond these.
const MAX_COLLECTION_BYTES = 2 * 1024 ** 3;
const MAX_TOTAL_BYTES = 4 * 1024 ** 3;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const DAY_SECONDS = 86_400;

type Package = {collection: AnkiCollection; media: Map<string, Uint8Array>};

/** Read the package: pick the collection file as Anki does, by the `meta` entry. */
export function readAnkiPackage(file: string): Package {
	let zipped: Uint8Array;
	try {
		zipped = readFileSync(file);
	} catch (thrown) {
		throw new UserError(`${file}: ${(thrown as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (thrown as Error).message}`, 2);
	}
	let entries: Record<string, Uint8Array>;
	let total = 0;
	try {
		entries = unzipSync(zipped, {
			filter: (entry) => {
				total += entry.originalSize;
				if (entry.originalSize > MAX_COLLECTION_BYTES || total > MAX_TOTAL_BYTES) throw new UserError(`${file}: the package would expand to more than ${MAX_TOTAL_BYTES / 1024 ** 3} GiB; refusing it`);
				return true;
			},
		});
	} catch (thrown) {
		if (thrown instanceof UserError) throw thrown;
		throw new UserError(`${file}: not an Anki package (not a zip file); nothing was changed`);
	}
	const meta = entries['meta'];
	let version = meta ? (numberField(readMessage(meta), 1) ?? 0) : entries['collection.anki21'] ? 2 : 1;
	if (version === 0) version = entries['collection.anki21b'] ? 3 : entries['collection.anki21'] ? 2 : 1;
	const name = version >= 3 ? 'collection.anki21b' : version === 2 ? 'collection.anki21' : 'collection.anki2';
	const raw = entries[name];
	if (!raw) throw new UserError(`${file}: not an Anki package (no ${name} inside); nothing was changed`);
	const unpack = (bytes: Uint8Array) => (ZSTD_MAGIC.every((byte, index) => bytes[index] === byte) ? decompress(bytes) : bytes);
	let collection: AnkiCollection;
	try {
		collection = readAnkiCollection(version >= 3 ? unpack(raw) : raw, file);
	} catch (thrown) {
		if (thrown instanceof StoreError) throw new UserError(`${thrown.message}; nothing was changed`);
		throw new UserError(`${file}: the collection inside cannot be read (${(thrown as Error).message}); nothing was changed`);
	}
	return {collection, media: mediaFiles(entries, version, unpack)};
}

/** Media by file name: legacy packages map zip entries to names in JSON; newer ones in zstd-compressed protobuf. */
function mediaFiles(entries: Record<string, Uint8Array>, version: number, unpack: (bytes: Uint8Array) => Uint8Array): Map<string, Uint8Array> {
	const index = entries['media'];
	const media = new Map<string, Uint8Array>();
	if (!index) return media;
	try {
		if (version >= 3) {
			const list = readMessage(unpack(index)).get(1) ?? [];
			list.forEach((entry, position) => {
				const name = entry instanceof Uint8Array ? textField(readMessage(entry), 1) : undefined;
				const data = entries[String(position)];
				if (name && data) media.set(name, unpack(data));
			});
		} else {
			for (const [entry, name] of Object.entries(JSON.parse(new TextDecoder().decode(index)) as Record<string, string>)) {
				const data = entries[entry];
				if (data) media.set(name, data);
			}
		}
	} catch {
		// A damaged media index loses the media, not the notes; missing files are reported.
	}
	return media;
}

/** An Anki card's next due time: review days count from the collection's creation, learning steps in seconds. */
function dueOf(created: number, card: AnkiCard): number | undefined {
	const due = card.originalDeckId ? card.originalDue : card.due;
	if (card.type === 0 || due <= 0) return undefined;
	if (card.type === 2 || card.queue === 3 || card.queue === 2) return (created + due * DAY_SECONDS) * 1000;
	return due > 1_000_000_000 ? due * 1000 : undefined;
}

/** What the history import needs once the deck files are written: the notes and their Markdown are not among it. */
type HistorySource = {
	readonly collection: Pick<AnkiCollection, 'created' | 'reviews'>;
	readonly ankiCards: ReadonlyMap<number, AnkiCard>;
	readonly mappings: readonly CardMapping[];
};

// Cards whose history is built, checked against the database and written at a time. As objects,
// every card's history at once was most of a large import's memory.
const HISTORY_BATCH = 1000;

export function importAnkiPackage(
	store: Store,
	scheduler: Scheduler,
	file: string,
	options: {into: string; deckDirs: readonly string[]; force: boolean; now: number; sync: () => void; onProgress?: ImportProgress},
): AnkiImportReport {
	const progress = options.onProgress ?? (() => undefined);
	// In a function of its own, so the notes, their Markdown and the media can be collected before the history is.
	const {history, ...written} = writeDeckFiles(file, options, progress);
	options.sync();
	return {...written, ...importHistory(store, scheduler, history, progress)};
}

function writeDeckFiles(
	file: string,
	options: {into: string; deckDirs: readonly string[]; force: boolean},
	progress: ImportProgress,
): Omit<AnkiImportReport, 'reviewsInPackage' | 'reviewsImported' | 'cardsWithHistory' | 'cardsUpdated'> & {history: HistorySource} {
	progress('reading', 0, 1);
	const {collection, media} = readAnkiPackage(file);
	const conversion = convertCollection(collection);
	progress('reading', 1, 1);

	const toWrite = conversion.decks.map((deck) => join(options.into, deck.path)).filter((path) => options.force || !existsSync(path));
	const clashes = deckNameClashes(options.deckDirs, toWrite);
	if (clashes.length > 0) {
		const [first] = clashes;
		const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : '';
		throw new UserError(`${file}: deck \`${first!.deck}\` already exists (${displayPath(first!.definedBy)})${more}; import into a sub-folder with --into DIR; nothing was changed`);
	}

	const decksWritten: string[] = [];
	const decksKept: string[] = [];
	for (const [index, deck] of conversion.decks.entries()) {
		const path = join(options.into, deck.path);
		progress('writing decks', index, conversion.decks.length);
		if (existsSync(path) && !options.force) {
			decksKept.push(path);
			continue;
		}
		mkdirSync(dirname(path), {recursive: true});
		writeFileWhole(path, formatDeck(deck.header, deck.notes));
		decksWritten.push(path);
	}
	// Each deck's media sits in a media/ folder next to its file, where its Markdown points.
	const copied = new Set<string>();
	const alreadyPresent = new Set<string>();
	const mediaMissing = new Set<string>();
	for (const deck of conversion.decks) {
		const folder = join(options.into, dirname(deck.path), 'media');
		for (const name of deck.media) {
			const data = media.get(name);
			const safe = conversion.media.get(name) ?? '';
			if (!data || safe === '') {
				mediaMissing.add(name);
				continue;
			}
			mkdirSync(folder, {recursive: true});
			const target = join(folder, safe);
			if (!existsSync(target) || statSync(target).size !== data.length) {
				writeFileSync(target, data);
				copied.add(name);
			} else alreadyPresent.add(name);
		}
	}
	return {
		notes: collection.notes.length,
		decksWritten,
		decksKept,
		mediaCopied: copied.size,
		mediaAlreadyPresent: [...alreadyPresent].filter((name) => !copied.has(name)).length,
		mediaMissing: [...mediaMissing],
		skipped: conversion.skipped,
		history: {
			collection: {created: collection.created, reviews: collection.reviews},
			ankiCards: new Map(collection.cards.map((card) => [card.id, card])),
			mappings: conversion.cards,
		},
	};
}

/** Add the package's review history to the log and rebuild each card's state from it. */
function importHistory(store: Store, scheduler: Scheduler, source: HistorySource, progress: ImportProgress): Pick<AnkiImportReport, 'reviewsInPackage' | 'reviewsImported' | 'cardsWithHistory' | 'cardsUpdated'> {
	const ids = cardIdsByIdentity(store, source.mappings.map((mapping) => mapping.identityKey));
	const counts = {reviewsInPackage: 0, reviewsImported: 0, cardsWithHistory: 0, cardsUpdated: 0};
	const total = source.mappings.length;
	// All of it or none: the batches only bound what is held in memory at once.
	store.transaction(() => {
		for (let start = 0; start < total; start += HISTORY_BATCH) {
			progress('importing history', start, total);
			const histories = source.mappings.slice(start, start + HISTORY_BATCH).flatMap((mapping) => {
				const cardId = ids.get(mapping.identityKey);
				const ankiCard = source.ankiCards.get(mapping.ankiCardId);
				return cardId && ankiCard ? (historyOf(store, source.collection, cardId, mapping, ankiCard) ?? []) : [];
			});
			// Counted before they are added: the cards whose history gains something. On a second import
			// of the same package there are none, and the report must say so. A card's event ids are its
			// own (they come from its Anki card id), so adding an earlier batch changes nothing here.
			const known = knownEventIds(store, histories.flatMap((history) => history.events.map((event) => event.id)));
			counts.cardsUpdated += histories.filter((history) => history.events.some((event) => !known.has(event.id))).length;
			counts.cardsWithHistory += histories.length;
			counts.reviewsInPackage += histories.reduce((sum, history) => sum + history.events.filter((event) => event.type === 'review').length, 0);
			counts.reviewsImported += importCardHistories(store, histories, scheduler).reviews;
		}
	});
	progress('importing history', total, total);
	return counts;
}

/** An Anki card's reviews, resets and suspension as log events for the fluency card `cardId`; undefined when it has none. */
function historyOf(store: Store, collection: HistorySource['collection'], cardId: string, mapping: CardMapping, ankiCard: AnkiCard): ImportedCardHistory | undefined {
	const base = {device: store.deviceId, card: cardId, key: mapping.identityKey, deck: mapping.deckPath.replace(/\.md$/, '')};
	const reviews = collection.reviews.of(ankiCard.id);
	const events: SyncEvent[] = [];
	for (const review of reviews) {
		const source = `anki-revlog:${ankiCard.id}:${review.id}`;
		// Anki's reset ("Forget") is a manual entry with no ease; a cram in a filtered deck that did not reschedule has factor 0.
		if (review.type === 4 && review.factor === 0) events.push({...base, type: 'reset', id: stableEventId(review.id, source), at: review.id});
		else if (review.ease >= 1 && review.ease <= 4 && review.type <= 3 && !(review.type === 3 && review.factor === 0)) {
			events.push({...base, type: 'review', id: stableEventId(review.id, source), at: review.id, rating: review.ease as Rating, durationMs: Math.max(0, review.time)});
		}
	}
	if (ankiCard.queue === -1) {
		// Timed after the card's last review, so the same suspension gets the same id on every import.
		const at = (reviews.at(-1)?.id ?? collection.created * 1000) + 1;
		events.push({...base, type: 'suspend', id: stableEventId(at, `anki-suspend:${ankiCard.id}`), at});
	}
	if (events.length === 0) return undefined;
	const due = dueOf(collection.created, ankiCard);
	return {cardId, events, ...(due === undefined ? {} : {due})};
}
