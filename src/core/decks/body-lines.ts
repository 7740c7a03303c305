/*
The first pass over a deck's body: which lines are code (inside a fenced block, where card
markers mean nothing) and what text is left once HTML comments are taken out. The second pass,
`read-notes.ts`, reads notes from what this one leaves.

An unclosed fence or comment would otherwise swallow every card after it. Instead it is
reported, and the scan rewinds to its opener and reads the opener as plain text, so the cards
after it still load. A fence proven unclosed also proves every later fence of the same character
and at least the same length unclosed, and the number of rewinds is capped, so hostile input
cannot make the scan quadratic. That rewind is why this is a machine of its own: the reader of
notes never goes back, and the deck writer needs only this pass to know where code is.

Every case (rows: the state before the line; a cell: the state after it):

  text     | a fence opener (not proven unclosed) on a line with no comment   -> fence (the opener is code)
           | a comment opened and not closed on the line                      -> comment
           | any other line (comments taken out; a comment-only line dropped) -> text
           | end of input                                                     -> done
  fence    | a closing fence of its character, at least as long               -> text (the closer is code)
           | any other line (code)                                            -> fence
           | end of input                                                     -> reported; rewind to the opener: text
  comment  | a line holding `-->`: what follows it is read as in `text`       -> text or comment (never fence)
           | any other line (dropped)                                         -> comment
           | end of input                                                     -> reported; rewind to the opener: text
*/

import type {Lines} from './text-lines.js';

export type BodyLine = {
	/** 1-based line in the file. */
	readonly line: number;
	readonly text: string;
	/** Inside a fenced code block (fence lines included): taken verbatim, never a marker. */
	readonly code: boolean;
};

export type ClassifiedBody = {
	readonly lines: readonly BodyLine[];
	readonly problems: ReadonlyArray<readonly [line: number, message: string]>;
};

const FENCE_OPENING = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSING = /^ {0,3}(`{3,}|~{3,})\s*$/;
const MAX_RESUMPTIONS = 100;

/** Where an open block began, and how much output to drop if it proves unclosed. */
type OpenBlock = {readonly index: number; readonly outputLength: number};
type OpenFence = OpenBlock & {readonly character: string; readonly length: number};

type ScanState =
	/** Ordinary Markdown: lines are text, and a fence or a comment may open. */
	| {readonly kind: 'text'}
	/** Inside a fenced code block: every line is code until a closing fence of its character, at least as long. */
	| {readonly kind: 'fence'; readonly opener: OpenFence}
	/** Inside an HTML comment that runs over lines: lines are dropped until one holds `-->`. */
	| {readonly kind: 'comment'; readonly opener: OpenBlock};

/**
What the scan has found, and what it has proved, which outlives a rewind: openers proven
unclosed are read differently the next time round.
*/
type Scan = {
	readonly lines: Lines;
	/**
	The lines read since the scan was last in `text`: a rewind can only drop lines read while a
	block is open, so every other line goes on to the reader at once and is garbage by the next
	collection. Holding all of a 100,000-card deck's lines made a third of its parsing time.
	*/
	readonly output: BodyLine[];
	readonly problems: Array<[number, string]>;
	/** Fence openers proven unclosed: read again as plain text. */
	readonly plainFenceLines: Set<number>;
	/** Per fence character, the shortest fence proven unclosed: no later fence as long can close. */
	readonly shortestUnclosedFence: Map<string, number>;
	/** Comment openers proven unclosed: read again as comments that end with their line. */
	readonly commentsEndingAtLineEnd: Set<number>;
	resumptions: number;
	/** After too many rewinds, fences and comments that span lines are no longer recognized. */
	lenient: boolean;
};

const TEXT: ScanState = {kind: 'text'};

export function classifyLines(lines: Lines, startIndex: number): ClassifiedBody {
	const output: BodyLine[] = [];
	const problems = scanBody(lines, startIndex, (line) => output.push(line));
	return {lines: output, problems};
}

/** The body's lines from `startIndex`, handed to `onLine` in order as each is known for sure; returns the problems, in line order. */
export function scanBody(lines: Lines, startIndex: number, onLine: (line: BodyLine) => void): ClassifiedBody['problems'] {
	const scan: Scan = {
		lines,
		output: [],
		problems: [],
		plainFenceLines: new Set(),
		shortestUnclosedFence: new Map(),
		commentsEndingAtLineEnd: new Set(),
		resumptions: 0,
		lenient: false,
	};
	let state = TEXT;
	let index = startIndex;
	for (;;) {
		if (index < lines.length) {
			state = step(state, index, scan);
			index++;
			if (state.kind === 'text' && scan.output.length > 0) {
				for (const line of scan.output) onLine(line);
				scan.output.length = 0;
			}
			continue;
		}
		const resumeAt = endOfInput(state, scan);
		if (resumeAt === undefined) break;
		state = TEXT;
		index = resumeAt;
	}
	// Lines after a resumption are read again, so the same problem can be found twice.
	for (const line of scan.output) onLine(line);
	const unique = new Map(scan.problems.map((problem) => [`${problem[0]}\u0000${problem[1]}`, problem] as const));
	return [...unique.values()].sort((a, b) => a[0] - b[0]);
}

/** The state after the line at `index`; the line's output, if any, is pushed on the way. */
function step(state: ScanState, index: number, scan: Scan): ScanState {
	const raw = scan.lines.at(index)!;
	switch (state.kind) {
		case 'text':
			return readText(raw, false, index, scan);
		case 'fence': {
			scan.output.push({line: index + 1, text: raw, code: true});
			const closing = FENCE_CLOSING.exec(raw);
			const closes = closing !== null && closing[1]![0] === state.opener.character && closing[1]!.length >= state.opener.length;
			return closes ? TEXT : state;
		}
		case 'comment': {
			const end = raw.indexOf('-->');
			return end === -1 ? state : readText(raw.slice(end + 3), true, index, scan);
		}
		default:
			return unreachable(state);
	}
}

/**
The end of the input. A block still open there is unclosed: it is reported, proven so, and the
scan rewinds to its opener (the returned index), dropping what it wrote since. Undefined: done.
*/
function endOfInput(state: ScanState, scan: Scan): number | undefined {
	switch (state.kind) {
		case 'text':
			return undefined;
		case 'fence': {
			const {opener} = state;
			scan.plainFenceLines.add(opener.index);
			const shortest = scan.shortestUnclosedFence.get(opener.character) ?? Infinity;
			scan.shortestUnclosedFence.set(opener.character, Math.min(shortest, opener.length));
			return rewind(opener, 'code block is never closed', scan);
		}
		case 'comment':
			scan.commentsEndingAtLineEnd.add(state.opener.index);
			return rewind(state.opener, 'comment is never closed (missing -->)', scan);
		default:
			return unreachable(state);
	}
}

function rewind(opener: OpenBlock, message: string, scan: Scan): number {
	scan.problems.push([opener.index + 1, message]);
	scan.output.length = opener.outputLength;
	scan.resumptions++;
	if (scan.resumptions >= MAX_RESUMPTIONS && !scan.lenient) {
		scan.lenient = true;
		scan.problems.push([opener.index + 1, 'too many unclosed code blocks or comments; the rest of the file is read without them']);
	}
	return opener.index;
}

/**
A line (or what follows a comment's end on it) in text: comments are taken out; one left open
makes the next state `comment`, a fence opener (on a line with no comment) makes it `fence`.
*/
// A line's text is only ever cut (its comments taken out), never rewritten: parse-deck.ts tells a
// line handed on as it stands by its length alone.
function readText(rest: string, hadComment: boolean, index: number, scan: Scan): ScanState {
	const line = index + 1;
	let state = TEXT;
	let visible = '';
	for (;;) {
		const open = rest.indexOf('<!--');
		if (open === -1) {
			visible += rest;
			break;
		}
		visible += rest.slice(0, open);
		hadComment = true;
		const close = rest.indexOf('-->', open + 4);
		if (close === -1) {
			if (!scan.lenient && !scan.commentsEndingAtLineEnd.has(index)) state = {kind: 'comment', opener: {index, outputLength: scan.output.length}};
			break;
		}
		rest = rest.slice(close + 3);
	}
	if (hadComment && visible.trim() === '') return state; // A line that was only a comment is no line at all.

	const opening = hadComment ? null : FENCE_OPENING.exec(visible);
	if (opening && !scan.lenient && !scan.plainFenceLines.has(index)) {
		const marker = opening[1]!;
		const character = marker[0]!;
		const backtickInInfo = character === '`' && opening[2]!.includes('`');
		const knownUnclosed = marker.length >= (scan.shortestUnclosedFence.get(character) ?? Infinity);
		if (!backtickInInfo && !knownUnclosed) {
			const opener: OpenFence = {index, outputLength: scan.output.length, character, length: marker.length};
			scan.output.push({line, text: visible, code: true});
			return {kind: 'fence', opener};
		}
		if (knownUnclosed) scan.problems.push([line, 'code block is never closed']);
	}
	scan.output.push({line, text: visible, code: false});
	return state;
}

function unreachable(value: never): never {
	throw new Error(`line scanner: unexpected ${JSON.stringify(value)}`);
}
