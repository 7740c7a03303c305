/*
Reading a large deck file edited in the middle in part: the stretch its checkpoints say changed
(see deck-checkpoints.ts) is parsed, and checked to read as a parse of the whole file would; what
the deck's row holds after it is worked out here. load-decks.ts writes the cards.
*/
import type {DeckCard} from '../../core/decks/card.js';
import {utf8Bytes} from '../../core/decks/deck-size.js';
import {lineDuplicated, streamDeckTail, type TailRead} from '../../core/decks/parse-deck.js';
import {firstLineWithKey, keysOfDeckFromLine} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {type DeckCheckpoint, type DeckFileState, type DeckResumePoint, type StoredDeck, storedDeck} from '../../store/decks.js';
import {type ChangedStretch, checkpointsOfText} from './deck-checkpoints.js';
import type {DeckFile} from './deck-files.js';

/** A changed file of valid UTF-8 that has checkpoints, and the stretch of it to read again if it is read in part. */
export type EditedFile = {file: DeckFile; bytes: Buffer; size: number; mtimeMs: number; existing: DeckFileState; stretch: ChangedStretch | undefined};

/** An edited file's changed stretch, parsed: what writing it needs. */
export type SplicePlan = {
	readonly edited: EditedFile & {readonly stretch: ChangedStretch};
	/** The deck's row as stored: its tags are the stretch's cards', the rest is kept. */
	readonly deck: StoredDeck;
	/** The line the stretch starts at, which did not move. */
	readonly firstLine: number;
	/** Where the unchanged end started in the file as it was, if the stretch does not run to the end. */
	readonly oldEndLine: number | undefined;
	/** How many lines the unchanged end moved by. */
	readonly lineDelta: number;
	readonly text: string;
	readonly read: TailRead;
	readonly cards: readonly DeckCard[];
};

/**
The changed stretch of an edited file, parsed, when reading only it gives what a parse of the
whole file gives; undefined when the whole file must be read. Beside the checks on the text (see
changedStretch), the stretch must close every code block and comment it opens (the notes after it
would read otherwise), and no card after it may ask what a card in it asks, nor be reported as
repeating one at or after its start: either would change what the notes after the stretch make.
*/
export function planSplice(store: Store, edited: EditedFile, checkpointEvery: number): SplicePlan | undefined {
	const {existing, bytes, file, stretch} = edited;
	if (!stretch) return undefined;
	const start = existing.checkpoints[stretch.from]!;
	const firstLine = start.line;
	const oldEndLine = existing.checkpoints[stretch.to]?.line;
	if (oldEndLine !== undefined && existing.problems.some((problem) => problem.line >= oldEndLine && (lineDuplicated(problem) ?? 0) >= firstLine)) return undefined;
	const text = bytes.subarray(start.offset, stretch.end).toString('utf8');
	const deck = storedDeck(store, existing.id);
	const cards: DeckCard[] = [];
	const read = streamDeckTail(
		{file: file.displayPath, deck: file.deck, text, firstLine, deckTags: deck.tags, keysBefore: {get: (key) => firstLineWithKey(store, existing.id, key, firstLine)}, checkpointEvery},
		(made) => {
			for (const card of made) cards.push(card);
		},
	);
	const plan = {edited: {...edited, stretch}, deck, firstLine, text, read, cards};
	if (oldEndLine === undefined) return {...plan, oldEndLine, lineDelta: 0};
	if (!read.closed) return undefined;
	if (keysOfDeckFromLine(store, existing.id, [...new Set(cards.map((card) => card.identityKey))], oldEndLine).length > 0) return undefined;
	// The stretch ends where the unchanged end starts, after a line break: the end's first line is one past the stretch's breaks.
	return {...plan, oldEndLine, lineDelta: firstLine + lineBreaks(text) - oldEndLine};
}

const lineBreaks = (text: string) => text.match(/\r\n|\n|\r/g)?.length ?? 0;

/** Where the next parse of an edited file may resume, and its checkpoints, once its changed stretch is read. */
export function splicedResumePoints(plan: SplicePlan): {resumeAt: DeckResumePoint | null; checkpoints: DeckCheckpoint[]} {
	const {edited, firstLine, oldEndLine, lineDelta, text, read} = plan;
	const {stretch} = edited;
	const {checkpoints, resumeAt} = edited.existing;
	const start = checkpoints[stretch.from]!.offset;
	// Running to the end, the stretch was read as the end of a file is: left open, nothing can be resumed.
	if (oldEndLine === undefined && !read.closed) return {resumeAt: null, checkpoints: []};
	const inStretch = checkpointsOfText(text, read.checkpoints, {startLine: firstLine, startByte: start});
	const after = checkpoints.slice(stretch.to).map((checkpoint) => ({...checkpoint, line: checkpoint.line + lineDelta, offset: checkpoint.offset + stretch.byteDelta}));
	const end =
		oldEndLine === undefined
			? read.resumeAt && {line: read.resumeAt.line, offset: start + utf8Bytes(text.slice(0, read.resumeAt.offset))}
			: resumeAt && {line: resumeAt.line + lineDelta, offset: resumeAt.offset + stretch.byteDelta};
	return {resumeAt: end ?? null, checkpoints: [...checkpoints.slice(0, stretch.from), ...inStretch, ...after]};
}
