/*
A deck's name is its file's path under the decks folder, without `.md`: `ml/serving` for
ml/serving.md, a sub-deck of `ml`. Kept apart from card.ts, whose hashing needs node:crypto, so
that selecting decks by name loads nothing more.
*/

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
