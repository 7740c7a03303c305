import {createRequire} from 'node:module';
import type {Problem} from '../problem.js';

export type CardKind = 'basic' | 'reversed' | 'cloze';

/**
One reviewable card as the deck file defines it. A note (one `Q:`, `R:` or `C:` block) makes one
or more cards: a reversed note makes two, a cloze note one per deletion number.
*/
export type DeckCard = {
	readonly deck: string;
	readonly file: string;
	/** Line of the note's marker, 1-based in the file. */
	readonly line: number;
	readonly kind: CardKind;
	/** 0 for basic; 0 forward and 1 backward for reversed; the deletion number for cloze. */
	readonly ordinal: number;
	/** The note as written: the question of a basic or reversed note, the whole text of a cloze. */
	readonly source: string;
	/** Markdown shown before the answer is revealed. */
	readonly prompt: string;
	/** Markdown shown after reveal. */
	readonly answer: string;
	/** The `Note:` text, shown under the answer. */
	readonly extra: string;
	readonly tags: readonly string[];
	readonly explicitId?: string;
	/** Exact identity: cards with equal keys are the same card. */
	readonly identityKey: string;
	/** The question as identity normalises it (card-texts.ts): its key holds it, and the similarity pass compares it. */
	readonly questionText: string;
	/** Changes whenever anything shown on the card changes. */
	readonly contentHash: string;
};

export type Deck = {
	/** `backend/apis` for `<decks dir>/backend/apis.md`. */
	readonly name: string;
	readonly file: string;
	readonly title: string;
	readonly description: string;
	readonly tags: readonly string[];
	readonly sources: readonly string[];
	readonly frontMatter: Readonly<Record<string, unknown>>;
	readonly cards: readonly DeckCard[];
	readonly problems: readonly Problem[];
};

let hashText: ((text: string) => string) | undefined;

/** The SHA-256 of a text, in hexadecimal. */
export function sha256(text: string): string {
	return (hashText ??= sha256Function())(text);
}

/*
node:crypto is required at the first hash, not as this module loads: loading it takes 1.5 ms, and
`fluency status`, which runs before every shell prompt, loads this module and hashes nothing.
crypto.hash() (Node 20.12+) hashes in one call, several times faster than createHash() for the
short strings hashed once per card; older Node 20 releases fall back to createHash().
*/
function sha256Function(): (text: string) => string {
	const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto') & {hash?: (algorithm: string, data: string) => string};
	const oneShot = crypto.hash;
	return oneShot ? (text) => oneShot('sha256', text) : (text) => crypto.createHash('sha256').update(text).digest('hex');
}

/**
The id a card gets when it is first seen. It comes from the identity key, not from a random
number, so two machines that first read the same deck give the card the same id.
*/
export function cardIdFor(identityKey: string, salt = ''): string {
	return sha256(salt === '' ? identityKey : `${salt}\u0000${identityKey}`).slice(0, 16);
}
