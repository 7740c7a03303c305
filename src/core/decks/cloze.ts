/*
Cloze deletions: Anki's `{{c1::answer::hint}}` and the short form `{{answer}}` / `{{answer::hint}}`.
*/

export type Deletion = {
	readonly number: number;
	readonly answer: string;
	readonly hint?: string;
};

export type ClozeSegment = string | Deletion;

export type ClozeParse =
	| {readonly ok: true; readonly segments: readonly ClozeSegment[]; readonly numbers: readonly number[]}
	| {readonly ok: false; readonly message: string; readonly offset: number};

const NUMBERED = /^c(\d+)$/i;
// Near misses of `{{c1::text}}` that would otherwise render as plain text or as a deletion that
// shows its own number: one colon (`{{c1:text}}`) or one brace (`{c1::text}`).
const ONE_COLON = /^\s*c\d+:(?!:)/i;
const ONE_BRACE = /(?<!\{)\{c\d+::[^{}]*\}(?!\})/i;

export function parseCloze(text: string): ClozeParse {
	type Pending = {answer: string; hint?: string; number?: number};
	const parts: Array<string | Pending> = [];
	const oneBrace = ONE_BRACE.exec(text);
	if (oneBrace) return {ok: false, message: `cloze deletion has one brace: write {{${oneBrace[0].slice(1, -1)}}}`, offset: oneBrace.index};
	let cursor = 0;
	while (cursor < text.length) {
		const open = text.indexOf('{{', cursor);
		if (open === -1) {
			parts.push(text.slice(cursor));
			break;
		}
		const close = text.indexOf('}}', open + 2);
		if (close === -1) return {ok: false, message: 'cloze deletion is never closed (missing }})', offset: open};
		if (open > cursor) parts.push(text.slice(cursor, open));
		const inside = text.slice(open + 2, close);
		if (ONE_COLON.test(inside)) {
			return {ok: false, message: `cloze deletion has one colon: write {{${inside.replace(/:/, '::')}}}`, offset: open};
		}
		const fields = inside.split('::');
		const numbered = fields.length > 1 ? NUMBERED.exec(fields[0]!.trim()) : null;
		const [answer = '', ...hintParts] = numbered ? fields.slice(1) : fields;
		if (answer.trim() === '') return {ok: false, message: 'cloze deletion is empty', offset: open};
		const hint = hintParts.join('::').trim();
		const pending: Pending = {answer};
		if (hint !== '') pending.hint = hint;
		if (numbered) {
			const number = Number(numbered[1]);
			if (number < 1) return {ok: false, message: 'cloze numbers start at c1', offset: open};
			pending.number = number;
		}
		parts.push(pending);
		cursor = close + 2;
	}

	// Short-form deletions take the next number not used by an explicit one, in reading order,
	// so text pasted from Anki keeps its numbering.
	const used = new Set<number>();
	for (const part of parts) if (typeof part !== 'string' && part.number !== undefined) used.add(part.number);
	let next = 1;
	const segments: ClozeSegment[] = parts.map((part) => {
		if (typeof part === 'string') return part;
		if (part.number !== undefined) return {...part, number: part.number} as Deletion;
		while (used.has(next)) next++;
		used.add(next);
		return {...part, number: next} as Deletion;
	});
	return {ok: true, segments, numbers: [...used].sort((a, b) => a - b)};
}

/** The text with every deletion shown, as a reader would write it without cloze markup. */
export function clozeFullText(segments: readonly ClozeSegment[]): string {
	return segments.map((segment) => (typeof segment === 'string' ? segment : segment.answer)).join('');
}

/** The front of card `number`: its deletions hidden as `[...]` or `[hint]`, the others shown. */
export function clozeFront(segments: readonly ClozeSegment[], number: number): string {
	return segments
		.map((segment) => {
			if (typeof segment === 'string') return segment;
			if (segment.number !== number) return segment.answer;
			return `\\[${segment.hint ?? '...'}\\]`;
		})
		.join('');
}

/** The back of card `number`: its deletions shown in bold so the answer stands out. */
export function clozeBack(segments: readonly ClozeSegment[], number: number): string {
	return segments
		.map((segment) => {
			if (typeof segment === 'string') return segment;
			return segment.number === number ? `**${segment.answer}**` : segment.answer;
		})
		.join('');
}
