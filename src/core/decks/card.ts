import * as crypto from 'node:crypto';
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
	/** Normalised question and answer, compared by similarity to recognise edited cards. */
	readonly questionText: string;
	readonly answerText: string;
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

/** The deck name for a file path relative to its decks directory. */
export function deckNameFromPath(relativePath: string): string {
	return relativePath
		.replace(/\\/g, '/')
		.replace(/\.md$/i, '')
		.split('/')
		.filter((part) => part !== '' && part !== '.')
		.join('/');
}

/** True when `deck` is `name` or one of its sub-decks. */
export function deckIsWithin(deck: string, name: string): boolean {
	return deck === name || deck.startsWith(`${name}/`);
}

// crypto.hash() (Node 20.12+) hashes in one call, several times faster than createHash() for
// the short strings hashed once per card; older Node 20 releases fall back to createHash().
const oneShotHash = (crypto as {hash?: (algorithm: string, data: string) => string}).hash;

export function sha256(text: string): string {
	return oneShotHash ? oneShotHash('sha256', text) : crypto.createHash('sha256').update(text).digest('hex');
}

/**
The id a card gets when it is first seen. It comes from the identity key, not from a random
number, so two machines that first read the same deck give the card the same id.
*/
export function cardIdFor(identityKey: string, salt = ''): string {
	return sha256(salt === '' ? identityKey : `${salt}\u0000${identityKey}`).slice(0, 16);
}
