/*
The first pass over a deck's body: which lines are code (inside a fenced block, where card
markers mean nothing) and what text is left once HTML comments are taken out.

An unclosed fence or comment would otherwise swallow every card after it. Instead it is
reported, and the scan resumes at its line reading the opener as plain text, so the cards after
it still load. A fence proven unclosed also proves every later fence of the same character and
at least the same length unclosed, and the number of resumptions is capped, so hostile input
cannot make the scan quadratic.
*/

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
const MAX_RESUMPTIONS = 100;

type OpenBlock = {readonly index: number; readonly outputLength: number};
type OpenFence = OpenBlock & {readonly character: string; readonly length: number};

export function classifyLines(lines: readonly string[], startIndex: number): ClassifiedBody {
	const output: BodyLine[] = [];
	const problems: Array<[number, string]> = [];
	const plainFenceLines = new Set<number>();
	const shortestUnclosedFence = new Map<string, number>();
	const commentsEndingAtLineEnd = new Set<number>();
	let resumptions = 0;
	let lenient = false;
	let fence: OpenFence | undefined;
	let comment: OpenBlock | undefined;
	let index = startIndex;

	const resumeAt = (block: OpenBlock, message: string) => {
		problems.push([block.index + 1, message]);
		output.length = block.outputLength;
		index = block.index;
		resumptions++;
		if (resumptions >= MAX_RESUMPTIONS && !lenient) {
			lenient = true;
			problems.push([block.index + 1, 'too many unclosed code blocks or comments; the rest of the file is read without them']);
		}
	};

	for (;;) {
		if (index >= lines.length) {
			if (fence) {
				plainFenceLines.add(fence.index);
				const shortest = shortestUnclosedFence.get(fence.character) ?? Infinity;
				shortestUnclosedFence.set(fence.character, Math.min(shortest, fence.length));
				const open = fence;
				fence = undefined;
				resumeAt(open, 'code block is never closed');
				continue;
			}
			if (comment) {
				commentsEndingAtLineEnd.add(comment.index);
				const open = comment;
				comment = undefined;
				resumeAt(open, 'comment is never closed (missing -->)');
				continue;
			}
			break;
		}
		const raw = lines[index]!;
		const line = index + 1;

		if (fence) {
			output.push({line, text: raw, code: true});
			const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(raw);
			if (closing && closing[1]![0] === fence.character && closing[1]!.length >= fence.length) fence = undefined;
			index++;
			continue;
		}

		let rest = raw;
		let visible = '';
		let hadComment = false;
		if (comment) {
			const end = rest.indexOf('-->');
			if (end === -1) {
				index++;
				continue;
			}
			rest = rest.slice(end + 3);
			comment = undefined;
			hadComment = true;
		}
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
				if (!lenient && !commentsEndingAtLineEnd.has(index)) comment = {index, outputLength: output.length};
				break;
			}
			rest = rest.slice(close + 3);
		}
		index++;
		if (hadComment && visible.trim() === '') continue; // A line that was only a comment is no line at all.

		const opening = hadComment ? null : FENCE_OPENING.exec(visible);
		if (opening && !lenient && !plainFenceLines.has(index - 1)) {
			const marker = opening[1]!;
			const character = marker[0]!;
			const backtickInInfo = character === '`' && opening[2]!.includes('`');
			const knownUnclosed = marker.length >= (shortestUnclosedFence.get(character) ?? Infinity);
			if (!backtickInInfo && !knownUnclosed) {
				fence = {index: index - 1, outputLength: output.length, character, length: marker.length};
				output.push({line, text: visible, code: true});
				continue;
			}
			if (knownUnclosed) problems.push([line, 'code block is never closed']);
		}
		output.push({line, text: visible, code: false});
	}
	// Lines after a resumption are read again, so the same problem can be found twice.
	const unique = new Map(problems.map((problem) => [`${problem[0]}\u0000${problem[1]}`, problem] as const));
	return {lines: output, problems: [...unique.values()].sort((a, b) => a[0] - b[0])};
}
