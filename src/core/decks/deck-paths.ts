/*
Paths written in a deck (images, for now) stay inside the deck's own folder. A deck shared by a
stranger must not be able to point fluency at ~/.ssh/id_rsa, for an export to pack up or a
renderer to read.
*/
import {posix} from 'node:path';

// Markdown images `![alt](path "title")` and `![alt](<path with spaces>)`, and HTML `<img src="path">`.
const MARKDOWN_IMAGE = /!\[[^\]]*\]\(\s*(?:<([^>]*)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g;
const HTML_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;
const REMOTE = /^(?:https?:|data:)/i;
const NO_REFERENCES: readonly string[] = Object.freeze([]);
// Made once: a regular expression literal makes a new object each time it is evaluated, here for every line of a deck.
const IMAGE_TAG = /<img/i;

export type DeckPath = {readonly ok: true; readonly relative: string} | {readonly ok: false; readonly reason: string};

/** Every local file an image in this Markdown refers to, as written. */
export function imageReferences(markdown: string): readonly string[] {
	// One empty list for the text without an image (nearly every line of a deck), not a new one each.
	if (!markdown.includes('![') && !IMAGE_TAG.test(markdown)) return NO_REFERENCES;
	const found = [...[...markdown.matchAll(MARKDOWN_IMAGE)].map((match) => match[1] ?? match[2]!), ...[...markdown.matchAll(HTML_IMAGE)].map((match) => match[1]!)];
	return found.filter((reference) => !REMOTE.test(reference));
}

/** Check a path from a deck: it must be relative and stay inside the deck's folder once normalised. */
export function checkDeckPath(reference: string): DeckPath {
	let path = reference;
	try {
		path = decodeURIComponent(reference);
	} catch {
		// Not percent-encoded; use it as written.
	}
	const slashed = path.replace(/\\/g, '/');
	if (/^[a-z][a-z0-9+.-]*:/i.test(slashed)) return {ok: false, reason: `${reference} is not a path inside the deck's folder`};
	if (slashed.startsWith('/') || slashed.startsWith('~')) return {ok: false, reason: `${reference} is an absolute path; use a path relative to the deck file`};
	const normalised = posix.normalize(slashed);
	if (normalised === '..' || normalised.startsWith('../')) return {ok: false, reason: `${reference} leaves the deck's folder`};
	return {ok: true, relative: normalised};
}
