/*
How many terminal columns text takes, and text wrapped to a width. string-width and wrap-ansi,
with the emoji and East Asian width tables they build, cost about 30 ms to load: a third of what
`fluency decks` does on a heavy collection. They are loaded only when some text needs them: on a
terminal, where long lines wrap, and for text outside printable ASCII. Printable ASCII, colour
codes included, is one column a character without them.
*/
type Measure = {readonly stringWidth: (text: string) => number; readonly wrapAnsi: (text: string, columns: number, options: {hard: boolean}) => string};

let measure: Measure | undefined;

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[[0-9;]*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Printable ASCII once colour codes are taken out: one column a character. */
function isPlain(text: string): boolean {
	return PRINTABLE_ASCII.test(text.includes('\u001b') ? text.replace(COLOUR, '') : text);
}

/** Load the measures, for every text to come (a terminal's output, charts), or only if one of `texts` needs them. */
export async function loadTextWidth(texts?: Iterable<string>): Promise<void> {
	if (measure) return;
	if (texts !== undefined) {
		let needed = false;
		for (const text of texts) {
			if (!isPlain(text)) {
				needed = true;
				break;
			}
		}
		if (!needed) return;
	}
	const [{default: stringWidth}, {default: wrapAnsi}] = await Promise.all([import('../ui/string-width.js'), import('wrap-ansi')]);
	measure = {stringWidth, wrapAnsi};
}

/** True once loadTextWidth has loaded the measures: wrapping needs them. */
export function canWrapText(): boolean {
	return measure !== undefined;
}

/** The columns `text` takes on a terminal. Text other than printable ASCII needs loadTextWidth first. */
export function textWidth(text: string): number {
	if (isPlain(text)) return text.includes('\u001b') ? text.replace(COLOUR, '').length : text.length;
	if (!measure) throw new Error('the width of text beyond ASCII was asked for before loadTextWidth');
	return measure.stringWidth(text);
}

/** `text` wrapped at word boundaries to `columns`, words longer than that cut; needs loadTextWidth first. */
export function wrapText(text: string, columns: number): string {
	if (!measure) throw new Error('text was wrapped before loadTextWidth');
	return measure.wrapAnsi(text, columns, {hard: true});
}
