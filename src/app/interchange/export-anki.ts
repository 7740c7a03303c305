/*
`fluency export DECK --format apkg` and `fluency export --format colpkg`: a package current Anki
imports (PackageMetadata version 3, as rslib's import_export/package writes it): a zip holding
`meta`, the zstd-compressed schema-18 collection `collection.anki21b`, the schema-11 placeholder
`collection.anki2`, the media files `0`, `1`, … (each zstd-compressed) and `media`, the zstd-
compressed protobuf list naming them. Entries are stored, not deflated, as Anki stores them.
*/
import {createHash} from 'node:crypto';
import {readFileSync, statSync, writeFileSync} from 'node:fs';
import {basename, dirname, resolve} from 'node:path';
import {zipSync, type Zippable} from 'fflate';
import {buildPackageCollection, localDayNumbering, type PackageNote} from '../../core/interchange/anki/package-model.js';
import {mediaEntries, packageMetadata} from '../../core/interchange/anki/package-proto.js';
import {deckIsWithin} from '../../core/decks/deck-names.js';
import {checkDeckPath} from '../../core/decks/deck-paths.js';
import type {Scheduler} from '../../core/scheduling/scheduler.js';
import {answersForPackage, resetsForPackage, writeAnkiCollection, writePlaceholderCollection} from '../../store/interchange/anki-package-writer.js';
import {activeCards} from '../../store/cards.js';
import {listDecks} from '../../store/decks.js';
import type {Store} from '../../store/database.js';
import {UserError} from '../errors.js';

export type AnkiExportReport = {
	readonly notes: number;
	readonly cards: number;
	readonly reviews: number;
	readonly decks: number;
	readonly media: number;
	/** Image paths written in a deck that name no file. */
	readonly mediaMissing: readonly string[];
	/** Deck names whose order Anki's index needs and the file cannot have: Anki's Check Database rebuilds it. */
	readonly decksNeedCheck: boolean;
	readonly bytes: number;
};

// Anki's media folder is flat, and its file names may not hold these (media/files.rs).
const UNSAFE_IN_MEDIA_NAME = /[\\/:*?"<>|\u0000-\u001f]/g;

/** The zstd compressor, loaded once: zstd-wasm misbehaves when initialised twice in one process. */
let zstdReady: Promise<(bytes: Uint8Array) => Uint8Array> | undefined;
function zstd(): Promise<(bytes: Uint8Array) => Uint8Array> {
	zstdReady ??= (async () => {
		const {init, compress} = await import('@bokuweb/zstd-wasm');
		await init();
		return (bytes: Uint8Array) => compress(bytes, 3);
	})();
	return zstdReady;
}

/**
Names for the images cards show, as Anki's flat media folder holds them: each path is resolved
against its deck file and named by its file name; a second file with a name already taken gets a
prefix from its path. Paths that leave the deck's folder or name no file get no name.
*/
export function ankiMediaNamer(): {nameFor: (deckFile: string) => (reference: string) => string | undefined; files: ReadonlyMap<string, string>; missing: ReadonlySet<string>} {
	const nameByPath = new Map<string, string>();
	const files = new Map<string, string>();
	const missing = new Set<string>();
	const nameFor = (deckFile: string) => (reference: string) => {
		const checked = checkDeckPath(reference);
		if (!checked.ok) return undefined;
		const path = resolve(dirname(deckFile), checked.relative);
		const known = nameByPath.get(path);
		if (known !== undefined) return known;
		if (!isFile(path)) {
			missing.add(reference);
			return undefined;
		}
		const plain = basename(path).normalize('NFC').replace(UNSAFE_IN_MEDIA_NAME, '_');
		const name = files.has(plain) ? `${createHash('sha1').update(path).digest('hex').slice(0, 8)}-${plain}` : plain;
		files.set(name, path);
		nameByPath.set(path, name);
		return name;
	};
	return {nameFor, files, missing};
}

/** Whole collection (`deck` undefined) or one deck with its sub-decks. */
export async function exportAnkiPackage(store: Store, scheduler: Scheduler, options: {deck?: string; output: string; now: number; dayStartHour: number}): Promise<AnkiExportReport> {
	const cards = activeCards(store).filter((card) => options.deck === undefined || deckIsWithin(card.deck, options.deck));
	if (cards.length === 0) throw new UserError(options.deck === undefined ? 'there are no cards to export' : `deck \`${options.deck}\` has no cards to export`);

	const media = ankiMediaNamer();
	const mediaNameFor = media.nameFor;

	const descriptions = new Map(listDecks(store).map((deck) => [deck.name, deck.description]));
	const notes = new Map<string, {entry: Omit<PackageNote, 'cards'>; cards: PackageNote['cards'][number][]}>();
	for (const card of cards) {
		let note = notes.get(card.noteKey);
		if (!note) {
			note = {
				entry: {
					deck: card.deck,
					deckDescription: descriptions.get(card.deck) ?? '',
					noteKey: card.noteKey,
					note: {kind: card.kind, question: card.source, answer: card.kind === 'cloze' ? '' : card.kind === 'reversed' && card.ordinal === 1 ? card.prompt : card.answer, extra: card.extra, tags: card.tags},
					mediaName: mediaNameFor(card.file),
				},
				cards: [],
			};
			notes.set(card.noteKey, note);
		}
		note.cards.push({id: card.id, ordinal: card.ordinal, memory: card.memory, suspended: card.suspended, buried: card.buriedUntil !== null && card.buriedUntil > options.now});
	}
	const packageNotes: PackageNote[] = [...notes.values()].map(({entry, cards: noteCards}) => ({...entry, cards: noteCards.sort((a, b) => a.ordinal - b.ordinal)}));
	const cardIds = new Set(cards.map((card) => card.id));
	const reviews = answersForPackage(store).filter((review) => cardIds.has(review.cardId));

	// The collection starts at the day rollover on or before the first thing it holds, so every day number is ≥ 0.
	// A loop, not Math.min(...all): a long history has more answers than a call has room for arguments.
	let earliest = options.now;
	for (const review of reviews) earliest = Math.min(earliest, review.at);
	const rolloverMs = options.dayStartHour * 3_600_000;
	const offset = (ms: number) => new Date(ms).getTimezoneOffset();
	const localMidnight = Math.floor((earliest - offset(earliest) * 60_000 - rolloverMs) / 86_400_000) * 86_400_000;
	const created = Math.floor((localMidnight + offset(earliest) * 60_000 + rolloverMs) / 1000);
	const {settings} = scheduler;
	const collection = buildPackageCollection(
		packageNotes,
		reviews,
		{
			created,
			creationOffsetMinutes: offset(created * 1000),
			rolloverHour: options.dayStartHour,
			dayOf: localDayNumbering(created, options.dayStartHour, offset),
			now: options.now,
			desiredRetention: settings.desiredRetention,
			maximumInterval: settings.maximumInterval,
			learningStepsMinutes: settings.learningSteps.map(stepMinutes),
			relearningStepsMinutes: settings.relearningSteps.map(stepMinutes),
			weights: settings.weights ?? [],
		},
		(text) => createHash('sha1').update(text).digest('hex'),
		resetsForPackage(store).filter((reset) => cardIds.has(reset.cardId)),
	);

	const compress = await zstd();
	const files: Zippable = {};
	files['meta'] = packageMetadata();
	files['collection.anki21b'] = compress(writeAnkiCollection(collection));
	files['collection.anki2'] = writePlaceholderCollection(options.now);
	const entries: Array<{name: string; size: number; sha1: Uint8Array}> = [];
	for (const [name, path] of media.files) {
		if (!collection.media.has(name)) continue;
		const data = readFileSync(path);
		files[String(entries.length)] = compress(data);
		entries.push({name, size: data.length, sha1: createHash('sha1').update(data).digest()});
	}
	files['media'] = compress(mediaEntries(entries));
	const zipped = zipSync(files, {level: 0});
	try {
		writeFileSync(options.output, zipped);
	} catch (thrown) {
		const code = (thrown as NodeJS.ErrnoException).code;
		const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (thrown as Error).message;
		throw new UserError(`cannot write ${options.output}: ${reason}; nothing was exported`);
	}
	return {
		notes: collection.notes.length,
		cards: collection.cards.length,
		reviews: collection.revlog.length,
		decks: collection.decks.length - 1,
		media: entries.length,
		mediaMissing: [...media.missing],
		decksNeedCheck: collection.decksOutOfOrder,
		bytes: zipped.length,
	};
}

/** A learning step (`1m`, `10m`, `1h`, `2d`, `30s`) in minutes, as Anki's presets count them. */
function stepMinutes(step: string): number {
	const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(step.trim());
	if (!match) return 10;
	const value = Number(match[1]);
	return {s: value / 60, m: value, h: value * 60, d: value * 1440}[match[2] as 's' | 'm' | 'h' | 'd'];
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
