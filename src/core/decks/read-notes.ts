/*
The second pass over a deck's body: which lines make which note. The first pass (`body-lines.ts`)
has already marked code lines and taken comments out; here each line is given one kind, and one
transition function, `step`, moves a small state machine along, one line at a time.

Every case, as a table (rows: the state before the line; columns: the line's kind; a cell is the
state after it). Leaving a card state by a marker, a break or an orphan `A:` finishes its note; so
does the end of the input.

                | Q: R: C: | # or --- | A:         | Note:        | Tags: ID:    | text, code   | refused (2)
  betweenCards  | open     | between  | orphan (1) | betweenCards | betweenCards | betweenCards | betweenCards
  question      | open     | between  | answer     | question (3) | question (3) | question     | question
  cloze         | open     | between  | orphan (1) | note         | cloze        | cloze        | cloze
  answer        | open     | between  | orphan (1) | note         | answer       | answer       | answer
  note          | open     | between  | orphan (1) | note         | note         | note         | note
  orphanAnswer  | open     | between  | orphan (1) | orphanAnswer | orphanAnswer | orphanAnswer | orphanAnswer

  open: `question` for Q: and R:, `cloze` for C:; between: `betweenCards`; orphan: `orphanAnswer`.
  (1) reported: an answer without a question; the lines after it are skipped until a marker or a break.
  (2) a line too long, or nested too deep for a Markdown renderer: reported, and the card being
      read (if any) is marked broken, so it is reported but never loaded.
  (3) before its `A:`, a Q: or R: card's `Note:`, `Tags:` and `ID:` lines are question text.
  `Tags:` adds to the card's tags and `ID:` sets its id (an invalid id is reported and breaks the card).
  Text and code lines are dropped between cards and after an orphan answer: they are prose.
*/
import type {CardKind} from './card.js';
import type {BodyLine} from './body-lines.js';

/** A note as read so far, before its cards are built. Its lines are pushed as they are read. */
export type NoteDraft = {
	readonly kind: CardKind;
	/** The line of its `Q:`, `R:` or `C:` marker. */
	readonly line: number;
	readonly question: BodyLine[];
	answer: BodyLine[] | null;
	note: BodyLine[] | null;
	readonly tags: string[];
	explicitId?: string;
	/** A line of it was refused: it is reported, never loaded. */
	broken: boolean;
};

type ReaderState =
	/** Before the first card, or after a heading or a thematic break: lines are prose and dropped. */
	| {readonly kind: 'betweenCards'}
	/** Reading the question of a `Q:` or `R:` card, waiting for its `A:`. */
	| {readonly kind: 'question'; readonly note: NoteDraft}
	/** Reading the text of a `C:` card; its fields (`Note:`, `Tags:`, `ID:`) may follow at once. */
	| {readonly kind: 'cloze'; readonly note: NoteDraft}
	/** Reading the answer of a `Q:` or `R:` card. */
	| {readonly kind: 'answer'; readonly note: NoteDraft}
	/** Reading a card's `Note:` text. */
	| {readonly kind: 'note'; readonly note: NoteDraft}
	/** After an `A:` that belongs to no question: its lines are skipped, not read as prose or a card. */
	| {readonly kind: 'orphanAnswer'};

/** What a body line is to the reader; only `code`, `text` and `field` lines carry text into a note. */
type NoteLine =
	| {readonly kind: 'cardMarker'; readonly line: number; readonly cardKind: CardKind; readonly text: string}
	| {readonly kind: 'break'; readonly line: number}
	| {readonly kind: 'answerMarker'; readonly line: number; readonly text: string}
	| {readonly kind: 'field'; readonly line: number; readonly name: 'Note' | 'Tags' | 'ID'; readonly value: string; readonly body: BodyLine}
	| {readonly kind: 'text' | 'code'; readonly body: BodyLine}
	| {readonly kind: 'refused'; readonly line: number; readonly message: string};

/** Where `step` puts what it finds: notes it has finished and problems, both in line order. */
type Output = {readonly onNote: (note: NoteDraft) => void; readonly problems: Array<[number, string]>};

const MAX_LINE_CHARACTERS = 64 * 1024;
// Markdown renderers recurse once per level of block quote or list; refusing deep nesting keeps
// a hostile deck from exhausting the stack of whatever renders it.
const MAX_NESTING = 32;

// `s`: a line may hold U+2028 or U+2029, which `.` would not match; only \r and \n end a line here.
const CARD_MARKER = /^([QRC]):(?:[ \t]+(.*))?$/s;
const ANSWER_MARKER = /^A:(?:[ \t]+(.*))?$/s;
const FIELD_LINE = /^(Note|Tags|ID):(?:[ \t]+(.*))?$/s;
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const EXPLICIT_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

const BETWEEN_CARDS: ReaderState = {kind: 'betweenCards'};
const ORPHAN_ANSWER: ReaderState = {kind: 'orphanAnswer'};

/**
Reads a deck body's lines, one at a time, into notes: each goes to `onNote` as soon as it is
finished, so a deck's notes are never all held at once. `end` finishes the last one and returns
what could not be read, in line order.
*/
export class NoteReader {
	#state: ReaderState = BETWEEN_CARDS;
	readonly #output: Output;

	constructor(onNote: (note: NoteDraft) => void) {
		this.#output = {onNote, problems: []};
	}

	read(line: BodyLine): void {
		this.#state = step(this.#state, kindOf(line), this.#output);
	}

	end(): ReadonlyArray<readonly [line: number, message: string]> {
		finish(this.#state, this.#output);
		this.#state = BETWEEN_CARDS;
		return this.#output.problems;
	}
}

/** The one transition function: the state after `line`, given the state before it. */
function step(state: ReaderState, line: NoteLine, output: Output): ReaderState {
	// Markers, breaks and refused lines act the same whatever is being read.
	switch (line.kind) {
		case 'cardMarker':
			finish(state, output);
			return {kind: line.cardKind === 'cloze' ? 'cloze' : 'question', note: newNote(line)};
		case 'break':
			finish(state, output);
			return BETWEEN_CARDS;
		case 'refused':
			output.problems.push([line.line, line.message]);
			if ('note' in state) state.note.broken = true;
			return state;
	}
	switch (state.kind) {
		case 'betweenCards':
		case 'orphanAnswer':
			return line.kind === 'answerMarker' ? orphanAnswer(state, line.line, output) : state;
		case 'question':
			if (line.kind === 'answerMarker') {
				state.note.answer = [{line: line.line, text: line.text, code: false}];
				return {kind: 'answer', note: state.note};
			}
			// Before its answer, a basic card's field lines are part of the question.
			state.note.question.push(line.body);
			return state;
		case 'cloze':
		case 'answer':
		case 'note':
			if (line.kind === 'answerMarker') return orphanAnswer(state, line.line, output);
			if (line.kind === 'field') return readField(state, line, output);
			sectionOf(state).push(line.body);
			return state;
		default:
			return unreachable(state);
	}
}

/** The end of the input: the note being read, if any, is finished. */
function finish(state: ReaderState, output: Output): void {
	if ('note' in state) output.onNote(state.note);
}

function orphanAnswer(state: ReaderState, line: number, output: Output): ReaderState {
	output.problems.push([line, 'answer without a question (start the card with Q: or R:)']);
	finish(state, output);
	return ORPHAN_ANSWER;
}

type CardState = Extract<ReaderState, {kind: 'cloze' | 'answer' | 'note'}>;

function readField(state: CardState, field: Extract<NoteLine, {kind: 'field'}>, output: Output): ReaderState {
	const {note} = state;
	switch (field.name) {
		case 'Note':
			note.note = [{line: field.line, text: field.value, code: false}];
			return {kind: 'note', note};
		case 'Tags':
			note.tags.push(...splitTags(field.value));
			return state;
		case 'ID':
			if (EXPLICIT_ID.test(field.value)) {
				note.explicitId = field.value;
			} else {
				output.problems.push([field.line, 'card id may use letters, digits, and - _ . : / (up to 128 characters)']);
				note.broken = true;
			}
			return state;
		default:
			return unreachable(field.name);
	}
}

function sectionOf(state: CardState): BodyLine[] {
	switch (state.kind) {
		case 'cloze':
			return state.note.question;
		case 'answer':
			return state.note.answer!;
		case 'note':
			return state.note.note!;
		default:
			return unreachable(state);
	}
}

function newNote(marker: Extract<NoteLine, {kind: 'cardMarker'}>): NoteDraft {
	return {kind: marker.cardKind, line: marker.line, question: [{line: marker.line, text: marker.text, code: false}], answer: null, note: null, tags: [], broken: false};
}

// The first characters of every marker, heading, thematic break and field line above: a line that
// starts otherwise (most of a deck) is text without trying each pattern.
const MAY_BE_STRUCTURE = new Set([...'QRCANTI#-*_ '].map((character) => character.charCodeAt(0)));

/** What a body line is. Length and nesting are checked first: a refused line is never read. */
function kindOf(body: BodyLine): NoteLine {
	const {text, line} = body;
	if (text.length > MAX_LINE_CHARACTERS) return {kind: 'refused', line, message: `line is longer than ${MAX_LINE_CHARACTERS} characters`};
	if (body.code) return {kind: 'code', body};
	if (nestingDepth(text) > MAX_NESTING) return {kind: 'refused', line, message: `Markdown is nested more than ${MAX_NESTING} levels deep`};
	if (!MAY_BE_STRUCTURE.has(text.charCodeAt(0))) return {kind: 'text', body};
	const card = CARD_MARKER.exec(text);
	if (card) return {kind: 'cardMarker', line, cardKind: card[1] === 'Q' ? 'basic' : card[1] === 'R' ? 'reversed' : 'cloze', text: card[2] ?? ''};
	if (HEADING.test(text) || THEMATIC_BREAK.test(text)) return {kind: 'break', line};
	const answer = ANSWER_MARKER.exec(text);
	if (answer) return {kind: 'answerMarker', line, text: answer[1] ?? ''};
	const field = FIELD_LINE.exec(text);
	if (field) return {kind: 'field', line, name: field[1] as 'Note' | 'Tags' | 'ID', value: (field[2] ?? '').trim(), body};
	return {kind: 'text', body};
}

/** A block quote or list marker, each of which opens one more level (`> - 1. x` is three deep). */
const CONTAINER_MARKER = /^[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;

/** How deeply a line nests Markdown containers: the renderer recurses once per level. */
function nestingDepth(text: string): number {
	if (text.length < MAX_NESTING || leadingNestingBound(text) <= MAX_NESTING) return 0;
	let rest = text.slice(leadingMarkerLength(text));
	const indentation = Math.floor((/^[ \t]*/.exec(rest)?.[0] ?? '').replace(/\t/g, '    ').length / 2);
	let markers = 0;
	for (let marker = CONTAINER_MARKER.exec(rest); marker && markers <= MAX_NESTING; marker = CONTAINER_MARKER.exec(rest)) {
		markers++;
		rest = rest.slice(marker[0].length);
	}
	return markers + indentation;
}

/**
A bound on nestingDepth that reads no more than the line's first characters, for the lines (nearly
all) that nest nowhere near the limit. Every marker and every column of indentation lies in the
run of marker, digit and blank characters the line starts with, after a card or field marker; a
marker takes at least one character, and a tab, four columns of indentation, counts two levels.
*/
function leadingNestingBound(text: string): number {
	let index = leadingMarkerLength(text);
	let bound = 0;
	for (; index < text.length && bound <= MAX_NESTING; index++) {
		const code = text.charCodeAt(index);
		if (code === 0x09) bound += 2;
		else if (NESTING_CHARACTERS.has(code)) bound += 1;
		else break;
	}
	return bound;
}

// Sticky: a test from index 0 leaves lastIndex at the marker's end.
const LEADING_MARKER = /(?:[QRCA]|Note):[ \t]+/y;

/**
The length of the card or field marker a line starts with (0 for none). Tested, not matched: most
lines of a deck come here, and a match would make an array and a string for each.
*/
function leadingMarkerLength(text: string): number {
	LEADING_MARKER.lastIndex = 0;
	return LEADING_MARKER.test(text) ? LEADING_MARKER.lastIndex : 0;
}
const NESTING_CHARACTERS = new Set([...' >-*+.)0123456789'].map((character) => character.charCodeAt(0)));

function splitTags(value: string): string[] {
	return value
		.split(/[\s,]+/)
		.map((tag) => tag.replace(/^#/, ''))
		.filter((tag) => tag !== '');
}

function unreachable(value: never): never {
	throw new Error(`deck reader: unexpected ${JSON.stringify(value)}`);
}
