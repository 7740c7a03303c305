import {type Deck, type DeckCard, sha256} from './card.js';
import {clozeBack, clozeFront, parseCloze} from './cloze.js';
import {clozeQuestionText, identityText} from './card-texts.js';
import {checkDeckPath, imageReferences} from './deck-paths.js';
import {deckTextSizeProblem} from './deck-size.js';
import {readFrontMatter} from './front-matter.js';
import {error, type Problem} from '../problem.js';
import {scanBody, type BodyLine} from './body-lines.js';
import {type Lines, TextLines} from './text-lines.js';
import {type NoteDraft, NoteReader} from './read-notes.js';

export type DeckSource = {
	/** The path to show in problems, e.g. `decks/mlops.md`. */
	readonly file: string;
	/** The deck name, e.g. `backend/apis`. */
	readonly deck: string;
	readonly text: string;
	/**
	Where to mark checkpoints: at resume-safe note markers at least this many characters apart.
	None when absent (the file is small, or nobody will splice it).
	*/
	readonly checkpointEvery?: number;
};

/**
Parse one deck file. Pure: the caller reads the file. Returns every card that is well formed and
every problem found; a bad card is reported and skipped, never fatal to the rest.
*/
export function parseDeck(source: DeckSource): StreamedDeck {
	const cards: DeckCard[] = [];
	const deck = streamDeck(source, (made) => {
		for (const card of made) cards.push(card);
	});
	return {...deck, cards};
}

/**
Where a later parse of the same file, grown at its end, may start instead of at the top: the line
of the last note's marker and where that line starts in the text (UTF-16 code units). Given only
when starting there reads the rest exactly as a parse from the top would: the marker line was read
as it stands in the file (not inside a comment, no comment taken out of it) and has ended (text
added to it could make it no marker), and no front matter, code block or comment in the file is
unclosed (one that text added later closed would change what went before).
A note's marker ends the note before it whatever is being read, so the notes from there on depend
on the text from there on, and on the identity keys of the cards before it (a later card asking
the same question is a duplicate).
*/
export type ResumePoint = {readonly line: number; readonly offset: number};

/**
Resume points spread through the file (at least `checkpointEvery` characters apart, the first at the
first note that qualifies), in line order: a later sync of the file edited in the middle parses only
from the checkpoint before the edit to the checkpoint after it. Each is a resume point as above, for
the same reasons; none is given when the file ends in an open code block, comment or front matter.
*/
export type Checkpoints = readonly ResumePoint[];

export type StreamedDeck = Deck & {readonly resumeAt: ResumePoint | undefined; readonly checkpoints: Checkpoints};

/**
parseDeck, handing each note's cards to `onCards` as soon as they are made, in line order, instead
of keeping them: the deck returned has no cards. A first sync writes a 100,000-card file so, a
thousand cards at a time, where holding them all took 80 MB.
*/
export function streamDeck(source: DeckSource, onCards: (cards: readonly DeckCard[]) => void): StreamedDeck {
	return streamCards(source, onCards, true);
}

/** A card as a check sees it: without what only matching it to the card a database knows needs. */
export type CheckedCard = Omit<DeckCard, 'contentHash'>;

/**
streamDeck for `fluency check`, which lints the cards and never stores them: their content hash and
normalised answer, a tenth of a check of 100,000 cards, are not worked out.
*/
export function streamDeckToCheck(source: DeckSource, onCards: (cards: readonly CheckedCard[]) => void): StreamedDeck {
	return streamCards(source, onCards, false);
}

/** streamDeck; `forSync` false leaves each card's contentHash empty, for a caller that types them away. */
function streamCards(source: DeckSource, onCards: (cards: readonly DeckCard[]) => void, forSync: boolean): StreamedDeck {
	const {file, deck} = source;
	const fallbackTitle = deck.split('/').at(-1) ?? deck;
	const tooLarge = deckTextSizeProblem(file, source.text);
	if (tooLarge) return {...emptyDeck(source, fallbackTitle, [tooLarge]), resumeAt: undefined, checkpoints: []};
	const bom = source.text.startsWith('\uFEFF') ? 1 : 0;
	const lines = new TextLines(bom ? source.text.slice(1) : source.text);
	const frontMatter = readFrontMatter(file, lines);
	const problems: Problem[] = [...frontMatter.problems];
	const metadata = readMetadata(file, frontMatter.data, fallbackTitle, problems);
	const body = readBody(
		{file, deck, deckTags: metadata.tags, keysBefore: NO_KEYS, forSync, ...(source.checkpointEvery === undefined ? {} : {checkpointEvery: source.checkpointEvery})},
		{lines, lengthOf: (index) => lines.lengthOf(index), startOf: (index) => bom + lines.startOf(index)},
		frontMatter.bodyStartIndex,
		onCards,
	);
	problems.push(...body.problems);
	// By line, a stable sort: on one line, the front matter's first, then the passes' order.
	problems.sort((a, b) => a.line - b.line);
	const resumeAt = body.resumeIndex === undefined || frontMatter.unclosed ? undefined : {line: body.resumeIndex + 1, offset: bom + lines.startOf(body.resumeIndex)};
	const checkpoints = frontMatter.unclosed ? [] : body.checkpoints;
	return {name: deck, file, ...metadata, frontMatter: frontMatter.data, cards: [], problems, resumeAt, checkpoints};
}

const NO_KEYS: DeckTail['keysBefore'] = {get: () => undefined};

/** `Q:`, `R:` or `C:` at the start: every note marker passes (the note reader decides), few other lines do. */
function mayBeMarker(text: string): boolean {
	const first = text.charCodeAt(0);
	return (first === 81 || first === 82 || first === 67) && text.charCodeAt(1) === 58;
}

/** The end of a deck file from a resume point on, and what the parse of the lines before it found. */
export type DeckTail = {
	readonly file: string;
	readonly deck: string;
	/** The file's text from the start of line `firstLine`. */
	readonly text: string;
	readonly firstLine: number;
	/** The deck's tags, from its front matter. */
	readonly deckTags: readonly string[];
	/**
	The line of the note before `firstLine` that has a card of this identity key: a lookup, not a
	map, so that resuming a 100,000-card file reads the keys its new cards ask for, not every key.
	*/
	readonly keysBefore: {get(identityKey: string): number | undefined};
	/** As in DeckSource: checkpoints in the tail, the first at its first note that qualifies. */
	readonly checkpointEvery?: number;
};

/** What streamDeckTail finds: offsets are counted from the start of the tail's text. */
export type TailRead = {
	readonly problems: Problem[];
	readonly resumeAt: ResumePoint | undefined;
	readonly checkpoints: Checkpoints;
	/** No code block or comment is left open at the tail's end: text after it would be read as if the tail were not there. */
	readonly closed: boolean;
};

/**
The notes of a deck file from a resume point on: the cards and problems a parse of the whole file
finds from that line, handed and returned as streamDeck does, and where the next parse may resume.
The tail may also be a stretch of the file that ends where a checkpoint starts (see Checkpoints):
when it is `closed`, the file's notes from that checkpoint on read as they did before.
*/
export function streamDeckTail(tail: DeckTail, onCards: (cards: readonly DeckCard[]) => void): TailRead {
	const lines = new TextLines(tail.text);
	const skipped = tail.firstLine - 1;
	// The file's line numbers: the lines before the tail read as empty, and are never scanned.
	const fileLines: Lines = {length: skipped + lines.length, at: (index) => (index < skipped ? '' : lines.at(index - skipped))};
	const body = readBody(
		{...tail, forSync: true},
		{lines: fileLines, lengthOf: (index) => (index < skipped ? -1 : lines.lengthOf(index - skipped)), startOf: (index) => lines.startOf(index - skipped)},
		skipped,
		onCards,
	);
	body.problems.sort((a, b) => a.line - b.line);
	const resumeAt = body.resumeIndex === undefined ? undefined : {line: body.resumeIndex + 1, offset: lines.startOf(body.resumeIndex - skipped)};
	return {problems: body.problems, resumeAt, checkpoints: body.checkpoints, closed: body.closed};
}

/**
Scan a deck's body from `startIndex` and read its notes, making each note's cards as soon as it is
read: the lines and notes of a 100,000-card deck are garbage young, not copied by every collection.
`lengthOf` gives a line's length in the file.
Returns the problems (in the order the passes report them: the body's, the reader's, the cards')
and the index of the line a later parse may resume at.
*/
function readBody(
	context: Pick<DeckTail, 'file' | 'deck' | 'deckTags' | 'keysBefore' | 'checkpointEvery'> & {readonly forSync: boolean},
	{lines, lengthOf, startOf}: {readonly lines: Lines; readonly lengthOf: (index: number) => number; readonly startOf: (index: number) => number},
	startIndex: number,
	onCards: (cards: readonly DeckCard[]) => void,
): {problems: Problem[]; resumeIndex: number | undefined; checkpoints: ResumePoint[]; closed: boolean} {
	const {file} = context;
	const cardProblems: Problem[] = [];
	const firstLineByKey = new Map<string, number>();
	// The last two lines that may be note markers and were handed on as the file has them (the scan
	// only ever cuts comments out of a line, so a line handed on at its full length is one). A note
	// is finished when the next marker is read, so its own marker is one of the two, unless a line
	// that only looked like a marker came between; that note is then not resumed at.
	let lastUnchanged = 0;
	let beforeLastUnchanged = 0;
	let lastResumableNote: number | undefined;
	const checkpoints: ResumePoint[] = [];
	const {checkpointEvery} = context;
	// The deck's tags without repeats, once: a note with no tags of its own (most) shares them.
	const cardContext = {...context, deckTags: [...new Set(context.deckTags)]};
	const reader = new NoteReader((note) => {
		if (note.line === lastUnchanged || note.line === beforeLastUnchanged) {
			lastResumableNote = note.line;
			if (checkpointEvery !== undefined) {
				const offset = startOf(note.line - 1);
				const previous = checkpoints.at(-1);
				if (!previous || offset - previous.offset >= checkpointEvery) checkpoints.push({line: note.line, offset});
			}
		}
		if (note.broken || !pathsStayInside(note, file, cardProblems)) return;
		const made = buildCards(note, cardContext, cardProblems);
		let duplicateOf: number | undefined;
		for (const card of made) duplicateOf ??= firstLineByKey.get(card.identityKey) ?? context.keysBefore.get(card.identityKey);
		if (duplicateOf !== undefined) {
			cardProblems.push(error(file, note.line, `${DUPLICATE} ${duplicateOf}`));
			return;
		}
		for (const card of made) firstLineByKey.set(card.identityKey, note.line);
		onCards(made);
	});
	const bodyProblems = scanBody(lines, startIndex, (line) => {
		// Only a line already ended: text added to an unended one could make it no marker at all.
		if (!line.code && mayBeMarker(line.text) && line.line < lines.length && line.text.length === lengthOf(line.line - 1)) {
			beforeLastUnchanged = lastUnchanged;
			lastUnchanged = line.line;
		}
		reader.read(line);
	});
	const readProblems = reader.end();
	const problems: Problem[] = [];
	for (const [line, message] of bodyProblems) problems.push(error(file, line, message));
	for (const [line, message] of readProblems) problems.push(error(file, line, message));
	problems.push(...cardProblems);
	// Every problem the scan reports is a code block or comment never closed.
	const closed = bodyProblems.length === 0;
	return {problems, resumeIndex: closed && lastResumableNote !== undefined ? lastResumableNote - 1 : undefined, checkpoints: closed ? checkpoints : [], closed};
}

const DUPLICATE = 'duplicate of the card at line';

/** The line of the card a problem says its note repeats, if it says so: a stretch parsed again must not hold it. */
export function lineDuplicated(problem: Problem): number | undefined {
	if (!problem.message.startsWith(DUPLICATE)) return undefined;
	const line = Number(problem.message.slice(DUPLICATE.length + 1));
	return Number.isInteger(line) ? line : undefined;
}

function emptyDeck(source: DeckSource, title: string, problems: Problem[]): Deck {
	return {name: source.deck, file: source.file, title, description: '', tags: [], sources: [], frontMatter: {}, cards: [], problems};
}

/** A card whose images point outside the deck's folder is refused, whoever wrote it. */
function pathsStayInside(note: NoteDraft, file: string, problems: Problem[]): boolean {
	// Each section on its own: the three spread into one array for each note were a twelfth of what a check allocates.
	const question = sectionStaysInside(note.question, file, problems);
	const answer = note.answer === null || sectionStaysInside(note.answer, file, problems);
	const extra = note.note === null || sectionStaysInside(note.note, file, problems);
	return question && answer && extra;
}

function sectionStaysInside(lines: readonly BodyLine[], file: string, problems: Problem[]): boolean {
	let inside = true;
	for (const line of lines) {
		for (const reference of imageReferences(line.text)) {
			const checked = checkDeckPath(reference);
			if (!checked.ok) {
				problems.push(error(file, line.line, `image path ${checked.reason}`));
				inside = false;
			}
		}
	}
	return inside;
}

/** Join a section's lines, without the blank lines at either end. */
function joinSection(lines: readonly BodyLine[]): string {
	let start = 0;
	let end = lines.length;
	while (start < end && lines[start]!.text.trim() === '' && !lines[start]!.code) start++;
	while (end > start && lines[end - 1]!.text.trim() === '' && !lines[end - 1]!.code) end--;
	// trimEnd drops what `\s+$` matches. Most sections are one line: joined without an array.
	if (end - start === 1) return lines[start]!.text.trimEnd();
	return lines
		.slice(start, end)
		.map((line) => line.text.trimEnd())
		.join('\n');
}

type Metadata = Pick<Deck, 'title' | 'description' | 'tags' | 'sources'>;

function readMetadata(file: string, data: Readonly<Record<string, unknown>>, fallbackTitle: string, problems: Problem[]): Metadata {
	const text = (key: string): string | undefined => {
		const value = data[key];
		if (value === undefined || value === null) return undefined;
		if (typeof value === 'string' || typeof value === 'number') return String(value);
		problems.push(error(file, 1, `front matter \`${key}\` must be text`));
		return undefined;
	};
	const list = (key: string, split: (value: string) => string[]): string[] => {
		const value = data[key];
		if (value === undefined || value === null) return [];
		if (typeof value === 'string') return split(value);
		if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.map(String);
		problems.push(error(file, 1, `front matter \`${key}\` must be a list of text items`));
		return [];
	};
	return {
		title: text('title') ?? fallbackTitle,
		description: text('description') ?? '',
		tags: list('tags', (value) => value.split(',').map((tag) => tag.trim()).filter(Boolean)),
		sources: list('sources', (value) => [value]),
	};
}

function buildCards(note: NoteDraft, context: Pick<DeckTail, 'file' | 'deck' | 'deckTags'> & {readonly forSync: boolean}, problems: Problem[]): DeckCard[] {
	const {file, deck, deckTags, forSync} = context;
	const question = joinSection(note.question);
	const extra = note.note ? joinSection(note.note) : '';
	// The deck's tags come without repeats (readBody sees to it).
	const tags = note.tags.length === 0 ? deckTags : [...new Set([...deckTags, ...note.tags])];
	const family = note.kind === 'cloze' ? 'c' : 'q';
	const tagText = tags.join('\u0000');
	// Built field by field, not by spreading objects: this runs once per card of every changed deck.
	const card = (fields: {ordinal: number; source: string; prompt: string; answer: string; questionText: string}): DeckCard => {
		const made: {-readonly [K in keyof DeckCard]: DeckCard[K]} = {
			deck,
			file,
			line: note.line,
			kind: note.kind,
			ordinal: fields.ordinal,
			source: fields.source,
			prompt: fields.prompt,
			answer: fields.answer,
			extra,
			tags,
			identityKey: note.explicitId ? `id:${note.explicitId}#${fields.ordinal}` : `${family}:${fields.questionText}#${fields.ordinal}`,
			questionText: fields.questionText,
			contentHash: forSync ? sha256(`${note.kind}\u0001${fields.ordinal}\u0001${fields.prompt}\u0001${fields.answer}\u0001${extra}\u0001${tagText}`).slice(0, 16) : '',
		};
		if (note.explicitId) made.explicitId = note.explicitId;
		return made;
	};

	if (note.kind === 'cloze') {
		if (question === '') {
			problems.push(error(file, note.line, 'cloze card has no text'));
			return [];
		}
		const parsed = parseCloze(question);
		if (!parsed.ok) {
			problems.push(error(file, lineAtOffset(note.question, question, parsed.offset), parsed.message));
			return [];
		}
		if (parsed.numbers.length === 0) {
			problems.push(error(file, note.line, 'cloze card has no {{...}} deletion'));
			return [];
		}
		const questionText = clozeQuestionText(parsed.segments);
		return parsed.numbers.map((number) =>
			card({
				ordinal: number,
				source: question,
				prompt: clozeFront(parsed.segments, number),
				answer: clozeBack(parsed.segments, number),
				questionText,
			}),
		);
	}

	const answer = note.answer ? joinSection(note.answer) : '';
	if (note.answer === null) {
		problems.push(error(file, note.line, 'card has a question but no answer'));
		return [];
	}
	if (question === '') {
		problems.push(error(file, note.line, 'card has an empty question'));
		return [];
	}
	if (answer === '') {
		problems.push(error(file, note.answer[0]?.line ?? note.line, 'card has an empty answer'));
		return [];
	}
	const questionText = identityText(question);
	const forward = card({ordinal: 0, source: question, prompt: question, answer, questionText});
	if (note.kind === 'basic') return [forward];
	return [forward, card({ordinal: 1, source: question, prompt: answer, answer: question, questionText})];
}

function lineAtOffset(lines: readonly BodyLine[], joined: string, offset: number): number {
	const firstContent = lines.find((line) => line.text.trim() !== '') ?? lines[0];
	const newlines = joined.slice(0, offset).split('\n').length - 1;
	const start = lines.indexOf(firstContent!);
	return lines[Math.min(lines.length - 1, start + newlines)]?.line ?? lines[0]?.line ?? 1;
}
