/*
Text helpers shared by the parser, card identity and everything that prints deck text.
*/

// C0 controls except tab and newline, DEL, and C1 controls. ESC (0x1b) is among them, so no
// escape sequence written in a deck file can reach the terminal.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides can make text display in an order other than the one stored.
const BIDI_OVERRIDES = /[\u202a-\u202e\u2066-\u2069]/g;

/**
Make deck text safe to show in a terminal: control characters become visible `\xNN` escapes and
bidirectional overrides are removed. Newlines and tabs are kept.
*/
export function sanitizeText(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(CONTROL_CHARACTERS, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`)
		.replace(BIDI_OVERRIDES, '');
}

/** Like sanitizeText, and newlines too become visible, for one-line messages. */
export function sanitizeLine(text: string): string {
	return sanitizeText(text).replace(/\n/g, '\\n').replace(/\t/g, ' ');
}

/**
One line of deck Markdown as a reader sees it printed: backslash escapes (`\\[...\\]`, the hidden
part of a cloze) and bold markers removed, for places that show text without rendering Markdown,
such as a table of cards.
*/
export function markdownLineAsText(line: string): string {
	return line.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
The form of a question that identity compares: what a reader would call "the same question"
should normalise to the same string. Case, spacing, punctuation, Markdown emphasis and HTML tags
do not change what a question asks.
*/
export function normalizeForIdentity(text: string): string {
	return normalizedAscii(text) ?? normalizedUnicode(text);
}

function normalizedUnicode(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/<[^>]*>/g, ' ')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

const asciiOutput = Buffer.allocUnsafe(64 * 1024);

/**
normalizedUnicode for text of printable ASCII, tabs and newlines (most deck text), where NFKC and
Unicode classes change nothing, in one pass: every card of a synced or checked deck is normalised
twice, and five passes of regular expressions and case mapping cost 250 ms at 100,000 cards.
Undefined for any other text. A `<` opens a tag only where a `>` follows it somewhere, as in
`<[^>]*>`; the last `>` is found once, so a line of `<` without one stays linear.
*/
function normalizedAscii(text: string): string | undefined {
	if (text.length > asciiOutput.length) return undefined;
	const lastTagEnd = text.lastIndexOf('>');
	let length = 0;
	let separated = false;
	let inTag = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		const kind = code < 0x80 ? ASCII_KINDS[code]! : OUTSIDE;
		if (kind === OUTSIDE) return undefined;
		if (inTag) {
			inTag = code !== 0x3e; // '>'
			continue;
		}
		if (code === 0x3c && index < lastTagEnd) {
			// '<': a tag, read as a separator.
			inTag = true;
			separated = length > 0;
			continue;
		}
		if (kind === ALPHANUMERIC) {
			if (separated) asciiOutput[length++] = 0x20;
			separated = false;
			asciiOutput[length++] = code >= 0x41 && code <= 0x5a ? code + 0x20 : code; // A-Z to a-z
		} else {
			separated = length > 0;
		}
	}
	return asciiOutput.toString('latin1', 0, length);
}

/** Words as a reader counts them, after Markdown punctuation is set aside. */
export function countWords(markdown: string): number {
	return asciiWordCount(markdown) ?? unicodeWordCount(markdown);
}

function unicodeWordCount(markdown: string): number {
	const words = markdown
		.replace(/```[\s\S]*?```/g, ' code ')
		.replace(/[*_`#>|]/g, ' ')
		.split(/\s+/)
		.filter((word) => /[\p{L}\p{N}]/u.test(word));
	return words.length;
}

/**
unicodeWordCount for printable ASCII, tabs and newlines without a code block, in one pass without
building the words (the lint counts every answer's words). Undefined for any other text.
*/
function asciiWordCount(markdown: string): number | undefined {
	if (markdown.includes('```')) return undefined;
	let words = 0;
	let inWord = false;
	let wordHasAlphanumeric = false;
	for (let index = 0; index <= markdown.length; index++) {
		const code = index < markdown.length ? markdown.charCodeAt(index) : 0x20;
		const kind = code < 0x80 ? ASCII_KINDS[code]! : OUTSIDE;
		if (kind === OUTSIDE) return undefined;
		if (kind === SPACE || kind === MARKDOWN_PUNCTUATION) {
			if (inWord && wordHasAlphanumeric) words++;
			inWord = false;
			wordHasAlphanumeric = false;
			continue;
		}
		inWord = true;
		if (kind === ALPHANUMERIC) wordHasAlphanumeric = true;
	}
	return words;
}

/*
What each ASCII code is to the one-pass forms above, looked up once per character: a test for
each kind in turn (a Set for the Markdown punctuation) was half of a check's word counting.
*/
/** Anything but printable ASCII, a tab or a newline: the one-pass forms answer only for deck ASCII. */
const OUTSIDE = 0;
/** A space, a tab or a newline. */
const SPACE = 1;
/** The Markdown punctuation unicodeWordCount sets aside: * _ ` # > | */
const MARKDOWN_PUNCTUATION = 2;
const ALPHANUMERIC = 3;
/** Any other printable character. */
const OTHER = 4;

const ASCII_KINDS = (() => {
	const kinds = new Uint8Array(0x80);
	for (let code = 0x21; code <= 0x7e; code++) kinds[code] = OTHER;
	for (const code of [0x20, 0x09, 0x0a]) kinds[code] = SPACE;
	for (const character of '*_`#>|') kinds[character.charCodeAt(0)] = MARKDOWN_PUNCTUATION;
	for (const [first, last] of [['0', '9'], ['A', 'Z'], ['a', 'z']] as const) {
		for (let code = first.charCodeAt(0); code <= last.charCodeAt(0); code++) kinds[code] = ALPHANUMERIC;
	}
	return kinds;
})();

/**
Similarity of two strings between 0 and 1 (Sørensen–Dice over character bigrams), used like
git's rename detection to recognise a question whose wording was touched up.
*/
export function similarity(a: string, b: string): number {
	if (a === b) return 1;
	if (a.length < 2 || b.length < 2) return 0;
	const counts = new Map<string, number>();
	for (let index = 0; index < a.length - 1; index++) {
		const bigram = a.slice(index, index + 2);
		counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
	}
	let shared = 0;
	for (let index = 0; index < b.length - 1; index++) {
		const bigram = b.slice(index, index + 2);
		const count = counts.get(bigram) ?? 0;
		if (count > 0) {
			counts.set(bigram, count - 1);
			shared++;
		}
	}
	return (2 * shared) / (a.length - 1 + (b.length - 1));
}
