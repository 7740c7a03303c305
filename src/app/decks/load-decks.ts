import {isUtf8} from 'node:buffer';
import {createHash} from 'node:crypto';
import {statSync} from 'node:fs';
import {sha256, type Deck, type DeckCard} from '../../core/decks/card.js';
import {utf8Bytes} from '../../core/decks/deck-size.js';
import {matchCards} from '../../core/decks/identity.js';
import {parseDeck, streamDeck, streamDeckTail} from '../../core/decks/parse-deck.js';
import type {Problem} from '../../core/problem.js';
import {withCardIndexesBuiltAfter} from '../../store/bulk-indexes.js';
import {
	cardExists,
	firstLineWithKey,
	hasCards,
	insertNewCard,
	knownCardsOfDeckLines,
	knownCardsOfDecks,
	knownCardTexts,
	retireCard,
	retiredCardsWithKeys,
	saveCardContent,
} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {type CardPlace, LinePlaces} from '../../store/line-blocks.js';
import {type DeckCheckpoint, type DeckFileState, deckFileStates, type DeckResumePoint, retireDeck, saveDeck, storedDeck, touchDeckFile} from '../../store/decks.js';
import {CHECKPOINT_EVERY, changedStretch, hashOfCheckpoints} from './deck-checkpoints.js';
import {type EditedFile, planSplice, type SplicePlan, splicedResumePoints} from './splice-deck.js';
import {bytesOnDisk, type DeckFile, readDeckBytes} from './deck-files.js';
import {deckSource, readDeckFile, storedResumePoints} from './deck-reading.js';
import {ReadingWorkers, readingWorkerCount} from './reading-workers.js';
import {WrittenIds} from './written-ids.js';
import type {Progress} from '../progress.js';

type CardMove = {readonly prompt: string; readonly from: string; readonly to: string};

export type LoadReport = {
	readonly decks: number;
	/** Files read and parsed this time (the others had not changed). */
	readonly parsedFiles: number;
	/** Of them, files parsed in part: grown at their end and parsed from their last note on, or edited and parsed around the edit. */
	readonly resumedFiles: number;
	readonly added: number;
	readonly changed: number;
	readonly moved: number;
	readonly retired: number;
	readonly restored: number;
	readonly moves: readonly CardMove[];
	/** Problems in every deck, including the unchanged ones. */
	readonly problems: readonly Problem[];
};

/**
A file to parse; `hash` is empty until a new file is read, as its turn to be parsed comes.
`resumeAt` and `checkpoints` are set once it is parsed: where a later parse of part of it may start.
`lossless`: its text was decoded from valid UTF-8, so it encodes back to the file's bytes, which its
checkpoints' hashes are compared with.
*/
type ChangedFile = {
	file: DeckFile;
	text: string | undefined;
	lossless?: boolean;
	size: number;
	mtimeMs: number;
	hash: string;
	existing?: DeckFileState;
	resumeAt?: DeckResumePoint | null;
	checkpoints?: DeckCheckpoint[];
};

/** A file that only grew at its end since it was last parsed: read again from its resume point. */
type GrownFile = {file: DeckFile; bytes: Buffer; size: number; mtimeMs: number; hash: string; existing: DeckFileState & {resumeAt: DeckResumePoint}; tail: string};

// When no known card can have moved into a changed file, its cards are matched and written this
// many at a time, as the file is parsed. Everything still goes into one transaction. Cards held
// for a write outlive V8's young generation and are copied out of it: 200 at a time, a first
// sync of the 22,000 cards of a large Anki import took 611-653 ms where 1,000 took 741-767 ms,
// and of 100,000 cards in one file 2.00-2.05 s where 1,000 took 2.05-2.66 s (in-process).
const CARDS_PER_WRITE = 200;

/**
Bring the database in line with the deck files. Incremental: a file whose size and modification
time did not change is not read, and one whose content hash did not change is not parsed. Card
identity is matched across every changed file at once, so a card moved between two files keeps
its history. Everything is written in one transaction.
*/
export function loadDecks(store: Store, files: readonly DeckFile[], now: number, options: LoadOptions = {}): LoadReport {
	// What the database holds is read under the write lock too: two processes syncing at once
	// would otherwise both see a new file's cards as missing and both add them. The lock costs a
	// sync with nothing to do about a tenth of a millisecond.
	return store.transaction(() => loadUnderLock(store, files, now, options));
}

export type LoadOptions = {
	/** How far apart a large file's checkpoints are, in characters; files four times this size get them. Tests make it small. */
	readonly checkpointEvery?: number;
	/** How many lines a block of a deck's lines spans (see line-blocks.ts). Tests make it small. */
	readonly blockLines?: number;
	/** Hears the files read, file by file, when there are many or they are large (a first sync of 100,000 cards takes two or three seconds). */
	readonly progress?: Progress;
};

// Files to read that are worth a progress line: this many, or new ones this large together.
const PROGRESS_FILES = 100;
const PROGRESS_BYTES = 4 * 1024 * 1024;

/** Whether reading these changed files takes long enough to say so: many of them, or new ones that are large. */
function worthProgress(changed: readonly ChangedFile[]): boolean {
	if (changed.length >= PROGRESS_FILES) return true;
	const newFiles = changed.filter((entry) => entry.hash === '').map((entry) => entry.file);
	const readBefore = changed.reduce((bytes, entry) => (entry.hash === '' ? bytes : bytes + entry.size), 0);
	return readBefore + bytesOnDisk(newFiles) >= PROGRESS_BYTES;
}

function loadUnderLock(store: Store, files: readonly DeckFile[], now: number, options: LoadOptions): LoadReport {
	const existingByName = new Map(deckFileStates(store).map((deck) => [deck.name, deck]));
	const problems: Problem[] = [];
	const changed: ChangedFile[] = [];
	const grown: GrownFile[] = [];
	const edited: EditedFile[] = [];
	const touched: Array<{id: number; size: number; mtimeMs: number}> = [];

	for (const file of files) {
		const existing = existingByName.get(file.deck);
		const current = existing && existing.retiredAt === null && existing.path === file.path ? existing : undefined;
		if (!current) {
			// New to the database, so changed whatever it holds: read when its batch is parsed.
			changed.push({file, text: undefined, size: 0, mtimeMs: 0, hash: '', ...(existing ? {existing} : {})});
			continue;
		}
		const read = unchangedOrRead(file, current);
		if (read === 'unchanged') {
			problems.push(...current.problems);
			continue;
		}
		if ('problem' in read) {
			problems.push(read.problem);
			problems.push(...current.problems);
			continue;
		}
		const {bytes, size, mtimeMs} = read;
		// Checked once: checkpoints and the hash both read valid UTF-8 as bytes.
		const lossless = isUtf8(bytes);
		const stretch = current.checkpoints.length > 0 && lossless ? changedStretch(bytes, current.checkpoints, current.fileSize) : null;
		if (stretch === 'unchanged') {
			touched.push({id: current.id, size, mtimeMs});
			problems.push(...current.problems);
			continue;
		}
		if (stretch !== null) {
			edited.push({file, bytes, size, mtimeMs, existing: current, stretch});
			continue;
		}
		const {hash, tail} = hashOfFile(bytes, lossless, current);
		if (current.fileHash === hash) {
			touched.push({id: current.id, size, mtimeMs});
			problems.push(...current.problems);
			continue;
		}
		if (tail !== undefined && hasResumePoint(current)) {
			grown.push({file, bytes, size, mtimeMs, hash, tail, existing: current});
			continue;
		}
		changed.push({file, text: bytes.toString('utf8'), lossless, size, mtimeMs, hash, existing: current});
	}

	const present = new Set(files.map((file) => file.deck));
	const vanished = [...existingByName.values()].filter((deck) => deck.retiredAt === null && !present.has(deck.name));
	// One file changed and nothing else did (a card added to a deck, by hand or by `fluency add`, or
	// edited in a large file): it is read from its resume point, or around the edit. Beside other
	// changes, a card may have moved between files, and every changed file is matched whole, as always.
	const alone = grown.length + edited.length === 1 && changed.length === 0 && vanished.length === 0;
	const resumable = alone ? grown[0] : undefined;
	const checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
	const spliced = alone && edited[0] ? planSplice(store, edited[0], checkpointEvery) : undefined;
	// Both kinds were found to be valid UTF-8.
	for (const {file, bytes, size, mtimeMs, hash, existing} of resumable ? [] : grown) changed.push({file, text: bytes.toString('utf8'), lossless: true, size, mtimeMs, hash, existing});
	for (const {file, bytes, size, mtimeMs, existing} of spliced ? [] : edited) changed.push({file, text: bytes.toString('utf8'), lossless: true, size, mtimeMs, hash: hashOfFile(bytes, true, existing).hash, existing});

	const candidateDeckIds = [...changed.flatMap((entry) => (entry.existing ? [entry.existing.id] : [])), ...vanished.map((deck) => deck.id)];
	const knownInChangedDecks = knownCardsOfDecks(store, candidateDeckIds);

	const counts = {added: 0, changed: 0, moved: 0, restored: 0, retired: 0};
	let parsedFiles = 0;
	const moves: CardMove[] = [];
	for (const {id, size, mtimeMs} of touched) touchDeckFile(store, id, size, mtimeMs);
	// A database with no card yet: every card is new, and written to an empty table.
	const firstSync = changed.length > 0 && !hasCards(store);
	const writtenIds = firstSync ? new WrittenIds() : undefined;
	const idInUse = (id: string) => (writtenIds ? writtenIds.mayHold(id) && cardExists(store, id) : cardExists(store, id));
	const places = new LinePlaces(store, options.blockLines);
	// Match cards to the known ones (none, or those of the changed and vanished decks), count what
	// changed, and write them: `deckIds` holds the id of every deck the cards belong to.
	const writeCards = (incoming: readonly DeckCard[], known: typeof knownInChangedDecks, deckIds: ReadonlyMap<string, number>) => {
		const identity = matchCards(incoming, known, {
			idInUse,
			// A first sync has no retired card to bring back.
			retiredWithKeys: (keys) => (firstSync ? [] : retiredCardsWithKeys(store, keys)),
			textsOf: (cards) => knownCardTexts(store, cards),
		});
		for (const match of identity.matched) {
			if (match.change === 'added') counts.added++;
			else if (match.change === 'restored') counts.restored++;
			else if (match.change === 'moved') {
				counts.moved++;
				moves.push({prompt: match.card.prompt, from: match.previous!.deck, to: match.card.deck});
			}
			if (match.contentChanged && match.change !== 'added') counts.changed++;
		}
		const placed = new Map<DeckCard, CardPlace>();
		for (const {card} of inLineOrder(identity.matched)) placed.set(card, places.place(deckIds.get(card.deck)!, card.line));
		for (const match of inIdOrder(identity.matched)) {
			const deckId = deckIds.get(match.card.deck)!;
			const place = placed.get(match.card)!;
			if (match.change === 'added') {
				insertNewCard(store, match.id, deckId, match.card, place, now);
				writtenIds?.add(match.id);
			} else saveCardContent(store, match.id, deckId, match.card, place, now, match.previous);
		}
		for (const card of identity.retired) retireCard(store, card.id, now);
		counts.retired += identity.retired.length;
	};
	const deckIds = new Map<string, number>();
	// Cards that may have moved between decks are matched across every changed file at once.
	const writeAllAtOnce = () => {
		const parsed = changed
			.filter((entry) => readIfUnread(entry, problems))
			.map((entry) => {
				const text = entry.text ?? '';
				const deck = parseDeck(deckSource(entry.file, text, checkpointEvery));
				Object.assign(entry, storedResumePoints(text, entry.lossless === true, deck));
				entry.text = undefined;
				return {entry, deck};
			});
		parsedFiles += parsed.length;
		for (const {deck} of parsed) problems.push(...deck.problems);
		for (const {entry, deck} of parsed) deckIds.set(deck.name, saveDeck(store, deckContent(entry, deck), now));
		writeCards(parsed.flatMap(({deck}) => deck.cards), knownInChangedDecks, deckIds);
	};
	// With no known card to move from, each file is read in turn and its cards written a thousand at
	// a time, as it is parsed: a first sync of 100,000 cards, in one file or a thousand, never holds them all.
	// Many new files are read and parsed by workers ahead of the writes, which stay here, in the same order.
	const writeAsRead = () => {
		let pending: DeckCard[] = [];
		const writePending = () => {
			writeCards(pending, [], deckIds);
			pending = [];
		};
		const addNote = (cards: readonly DeckCard[]) => {
			for (const card of cards) pending.push(card);
			if (pending.length >= CARDS_PER_WRITE) writePending();
		};
		// The deck's row first, for its cards to name; written again with what the whole file says.
		const begin = (entry: ChangedFile) => {
			parsedFiles++;
			deckIds.set(entry.file.deck, saveDeck(store, deckContent(entry, unreadDeck(entry)), now));
		};
		const finish = (entry: ChangedFile, deck: Deck) => {
			entry.text = undefined; // Parsed: let the file's text go before the next.
			problems.push(...deck.problems);
			saveDeck(store, deckContent(entry, deck), now);
		};
		const newFiles = changed.every((entry) => entry.hash === '') ? changed.map((entry) => entry.file) : [];
		const workers = readingWorkerCount(newFiles);
		const reading = workers > 0 ? new ReadingWorkers(newFiles, checkpointEvery, workers) : undefined;
		const progress = options.progress && changed.length > 0 && worthProgress(changed) ? options.progress : undefined;
		try {
			changed.forEach((entry, index) => {
				progress?.('reading decks', index, changed.length);
				const readByWorker = reading?.take(index, {
					read: (read) => {
						if ('problem' in read) problems.push(read.problem);
						else begin(Object.assign(entry, read));
					},
					note: addNote,
					end: ({deck, resumeAt, checkpoints}) => finish(Object.assign(entry, {resumeAt, checkpoints}), deck),
				});
				if (readByWorker || !readIfUnread(entry, problems)) return;
				begin(entry);
				const text = entry.text ?? '';
				const deck = streamDeck(deckSource(entry.file, text, checkpointEvery), addNote);
				finish(Object.assign(entry, storedResumePoints(text, entry.lossless === true, deck)), deck);
			});
		} finally {
			reading?.close();
		}
		writePending();
		progress?.('reading decks', changed.length, changed.length);
	};
	// The grown file's cards from its resume point on, matched to the cards it held from there.
	const writeGrown = ({file, size, mtimeMs, hash, existing, tail}: GrownFile) => {
		parsedFiles++;
		const {resumeAt} = existing;
		const {id: _, retiredAt: __, ...deck} = storedDeck(store, existing.id);
		const incoming: DeckCard[] = [];
		const read = streamDeckTail(
			{file: file.displayPath, deck: file.deck, text: tail, firstLine: resumeAt.line, deckTags: deck.tags, keysBefore: {get: (key) => firstLineWithKey(store, existing.id, key, resumeAt.line)}},
			(cards) => incoming.push(...cards),
		);
		deckIds.set(file.deck, existing.id);
		writeCards(incoming, knownCardsOfDeckLines(store, existing.id, resumeAt.line), deckIds);
		// The problems before the resume point are the ones found there last time, named as this sync names the file.
		const deckProblems = [...existing.problems.filter((problem) => problem.line < resumeAt.line).map((problem) => ({...problem, file: file.displayPath})), ...read.problems];
		problems.push(...deckProblems);
		const next = read.resumeAt && {line: read.resumeAt.line, offset: resumeAt.offset + utf8Bytes(tail.slice(0, read.resumeAt.offset))};
		saveDeck(store, {...deck, problems: deckProblems, fileSize: size, fileMtimeMs: mtimeMs, fileHash: hash, resumeAt: next ?? null, checkpoints: []}, now);
	};
	// The edited file's changed stretch, matched to the cards it held there; the cards after it move with it.
	const writeSpliced = (plan: SplicePlan) => {
		const {edited, firstLine, oldEndLine, lineDelta} = plan;
		const {existing, file} = edited;
		parsedFiles++;
		const {id: _, retiredAt: __, ...deck} = plan.deck;
		// The cards the stretch held are read before the cards after it move, which may move into its lines.
		const known = knownCardsOfDeckLines(store, existing.id, firstLine, oldEndLine);
		deckIds.set(file.deck, existing.id);
		places.replaceLines(existing.id, firstLine, oldEndLine, lineDelta, () => writeCards(plan.cards, known, deckIds));
		// The problems outside the stretch are the ones found there last time, named as this sync names the file.
		const named = (problem: Problem, line = problem.line) => ({...problem, file: file.displayPath, line});
		const deckProblems = [
			...existing.problems.filter((problem) => problem.line < firstLine).map((problem) => named(problem)),
			...plan.read.problems,
			...(oldEndLine === undefined ? [] : existing.problems.filter((problem) => problem.line >= oldEndLine).map((problem) => named(problem, problem.line + lineDelta))),
		];
		problems.push(...deckProblems);
		const {resumeAt, checkpoints} = splicedResumePoints(plan);
		saveDeck(store, {...deck, problems: deckProblems, fileSize: edited.size, fileMtimeMs: edited.mtimeMs, fileHash: hashOfCheckpoints(checkpoints), resumeAt, checkpoints}, now);
	};
	const writeChanged = spliced ? () => writeSpliced(spliced) : resumable ? () => writeGrown(resumable) : knownInChangedDecks.length === 0 ? writeAsRead : writeAllAtOnce;
	// A first sync writes every card and reads no index but the primary key: they are built once,
	// after. It writes with SQLite's small page cache: a large one holds written pages no read comes
	// back to, and the memory stays the process's (with the cache at 16 MB, 100,000 cards in 1,000
	// files peaked at 145-152 MB, a second device's first sync at 202-203 MB; at 4 MB, 134-136 MB and
	// 190-192 MB, in the same time or less).
	if (firstSync) store.withSmallPageCache(() => withCardIndexesBuiltAfter(store, writeChanged));
	else writeChanged();
	for (const deck of vanished) retireDeck(store, deck.id, now);

	return {decks: files.length, parsedFiles, resumedFiles: resumable || spliced ? 1 : 0, ...counts, moves, problems};
}

/**
Cards in the order of their ids, near enough: written so, the rows append to the id index instead
of splitting its pages at random (a first sync of 100,000 cards written all at once inserted 370 ms
faster; written a thousand at a time, each thousand is in order). Each id's
first 32 bits and the card's place are packed into one number, so the sort runs natively on
numbers: with a comparator on the id strings it cost about as much as it saved (450 ms). Ids that
share those bits keep their order, and an id that is not hexadecimal sorts first: only locality
rests on this order.
*/
function inIdOrder<T extends {readonly id: string}>(cards: readonly T[]): readonly T[] {
	const places = 2 ** 21;
	if (cards.length > places) return cards;
	const keys = new Float64Array(cards.length);
	cards.forEach((card, index) => {
		keys[index] = (Number.parseInt(card.id.slice(0, 8), 16) || 0) * places + index;
	});
	keys.sort();
	return Array.from(keys, (key) => cards[key % places]!);
}

/**
Cards in the order of their lines within each deck, as LinePlaces places them. The cards a parse
makes are in that order already, and are not sorted again.
*/
function inLineOrder<T extends {readonly card: DeckCard}>(matched: readonly T[]): readonly T[] {
	const lastLines = new Map<string, number>();
	const ordered = matched.every(({card}) => {
		const inOrder = card.line >= (lastLines.get(card.deck) ?? 0);
		lastLines.set(card.deck, card.line);
		return inOrder;
	});
	return ordered ? matched : [...matched].sort((a, b) => a.card.line - b.card.line);
}

/** Read a new deck file's text now, so a first sync holds one file's text at a time; false when it cannot be read. */
function readIfUnread(entry: ChangedFile, problems: Problem[]): boolean {
	if (entry.hash !== '') return true;
	const read = readDeckFile(entry.file);
	if ('problem' in read) {
		problems.push(read.problem);
		return false;
	}
	Object.assign(entry, read);
	return true;
}

/** A deck file's row before it is parsed: its name and file, nothing it says yet. */
function unreadDeck(entry: ChangedFile): Deck {
	const {deck, displayPath} = entry.file;
	return {name: deck, file: displayPath, title: deck, description: '', tags: [], sources: [], frontMatter: {}, cards: [], problems: []};
}

function deckContent(entry: ChangedFile, deck: Deck): Parameters<typeof saveDeck>[1] {
	return {
		name: deck.name,
		path: entry.file.path,
		title: deck.title,
		description: deck.description,
		tags: deck.tags,
		sources: deck.sources,
		frontMatter: deck.frontMatter,
		problems: deck.problems,
		fileSize: entry.size,
		fileMtimeMs: entry.mtimeMs,
		fileHash: entry.checkpoints && entry.checkpoints.length > 0 ? hashOfCheckpoints(entry.checkpoints) : entry.hash,
		resumeAt: entry.resumeAt ?? null,
		checkpoints: entry.checkpoints ?? [],
	};
}

const hasResumePoint = (deck: DeckFileState): deck is GrownFile['existing'] => deck.resumeAt !== null;

/**
A changed file's hash, as a whole parse records it (the hash of its text), and, when its bytes are
the ones last parsed with more at their end, its text from the resume point on. Valid UTF-8
(`lossless`) is hashed as bytes, which gives its text's hash at half the cost, in one pass that
also tells whether the bytes last parsed are still its first ones.
*/
function hashOfFile(bytes: Buffer, lossless: boolean, stored: DeckFileState): {hash: string; tail?: string} {
	if (!lossless) return {hash: sha256(bytes.toString('utf8'))};
	const hash = createHash('sha256');
	if (stored.resumeAt === null || stored.checkpoints.length > 0 || bytes.length <= stored.fileSize) return {hash: hash.update(bytes).digest('hex')};
	const grewAtEnd = hash.update(bytes.subarray(0, stored.fileSize)).copy().digest('hex') === stored.fileHash;
	const whole = hash.update(bytes.subarray(stored.fileSize)).digest('hex');
	return grewAtEnd ? {hash: whole, tail: bytes.subarray(stored.resumeAt.offset).toString('utf8')} : {hash: whole};
}

/** A file whose size and modification time match what was stored is not read again. */
function unchangedOrRead(file: DeckFile, stored: DeckFileState): 'unchanged' | ReturnType<typeof readDeckBytes> {
	try {
		const stats = statSync(file.path);
		if (stats.size === stored.fileSize && stats.mtimeMs === stored.fileMtimeMs) return 'unchanged';
	} catch {
		// Let the read report it.
	}
	return readDeckBytes(file);
}

/** `6 decks: 3 added, 1 changed, 1 moved, 0 retired, 2 problems`. */
export function formatLoadSummary(report: LoadReport): string {
	const errors = report.problems.filter((problem) => problem.severity === 'error').length;
	const parts = [`${report.added} added`, `${report.changed} changed`, `${report.moved} moved`, `${report.retired} retired`];
	if (report.restored > 0) parts.push(`${report.restored} restored`);
	parts.push(`${errors} ${errors === 1 ? 'problem' : 'problems'}`);
	return `synced ${report.decks} ${report.decks === 1 ? 'deck' : 'decks'}: ${parts.join(', ')}`;
}
