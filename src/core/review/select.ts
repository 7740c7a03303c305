import {deckIsWithin} from '../decks/deck-names.js';

/** Which cards a command works on: those in any of the decks (sub-decks included) or with any of the tags. */
export type Selection = {readonly decks: readonly string[]; readonly tags: readonly string[]};

export const EVERYTHING: Selection = {decks: [], tags: []};

export type SelectionResult = {readonly ok: true; readonly selection: Selection} | {readonly ok: false; readonly unknown: string};

/**
Read `fluency review mlops backend/apis tag:gdpr` style selectors. `deck:` and `tag:` (or `#`)
say which is meant; a bare word is a deck when a deck has that name, else a tag. Tags are only
asked about (`has`) for a selector that is not a deck, so a caller can find them lazily.
*/
export function resolveSelectors(selectors: readonly string[], deckNames: readonly string[], tags: Pick<ReadonlySet<string>, 'has'>): SelectionResult {
	const decks: string[] = [];
	const wantedTags: string[] = [];
	const hasDeck = (name: string) => deckNames.some((deck) => deckIsWithin(deck, name));
	for (const raw of selectors) {
		const selector = raw.trim().replace(/\/+$/, '');
		if (selector.startsWith('tag:') || selector.startsWith('#')) {
			const tag = selector.replace(/^(tag:|#)/, '');
			if (!tags.has(tag)) return {ok: false, unknown: raw};
			wantedTags.push(tag);
		} else if (selector.startsWith('deck:')) {
			const deck = selector.slice('deck:'.length);
			if (!hasDeck(deck)) return {ok: false, unknown: raw};
			decks.push(deck);
		} else if (hasDeck(selector)) {
			decks.push(selector);
		} else if (tags.has(selector)) {
			wantedTags.push(selector);
		} else {
			return {ok: false, unknown: raw};
		}
	}
	return {ok: true, selection: {decks, tags: wantedTags}};
}

export function isSelected(card: {readonly deck: string; readonly tags: readonly string[]}, selection: Selection): boolean {
	if (selection.decks.length === 0 && selection.tags.length === 0) return true;
	return selection.decks.some((deck) => deckIsWithin(card.deck, deck)) || selection.tags.some((tag) => card.tags.includes(tag));
}
