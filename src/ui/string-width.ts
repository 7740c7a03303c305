/*
string-width, answering at once for the characters that need none of its work.

string-width splits text into grapheme clusters and tests each against Unicode property regexes
(emoji sequences among them). V8 compiles those regexes on the first text beyond ASCII, and the
review's own chrome (› · ░) is such text: about 50 ms of the first frame on this machine. Yet a
character that is never joined to its neighbours (not a mark, joiner, control, format character
or emoji part) is a grapheme of its own, and string-width gives it its East Asian Width. For text
of only such characters (ASCII, Latin, Greek, Cyrillic, punctuation, arrows, box drawing, shapes)
this answers the same from the width table alone; any other text goes to string-width itself.
The build points every package's `string-width` here too (scripts/bundle.mjs), Ink's included.
*/
import {eastAsianWidth} from 'get-east-asian-width';
import realStringWidth, {type Options} from 'string-width';
import stripAnsi from 'strip-ansi';

/** Printable ASCII and the BMP blocks above whose every character stands alone, and only those. */
export const STANDS_ALONE = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u2010-\u2027\u2030-\u205E\u2070-\u20CF\u2100-\u2BFF]*$/;

export default function stringWidth(text: string, options: Options = {}): number {
	if (typeof text !== 'string') return realStringWidth(text, options);
	// Counted as text (wrap-ansi measures each word so), escape codes are no longer plain text.
	const visible = !options.countAnsiEscapeCodes && (text.includes('\u001B') || text.includes('\u009B')) ? stripAnsi(text) : text;
	if (!STANDS_ALONE.test(visible)) return realStringWidth(text, options);
	const eastAsian = {ambiguousAsWide: options.ambiguousIsNarrow === false};
	let width = 0;
	for (let index = 0; index < visible.length; index++) {
		const code = visible.charCodeAt(index);
		width += code < 0x7f ? 1 : eastAsianWidth(code, eastAsian);
	}
	return width;
}
