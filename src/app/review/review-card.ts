import type {CardKind} from '../../core/decks/card.js';
import type {Memory} from '../../core/scheduling/scheduler.js';
import type {StoredCard} from '../../store/cards.js';

/**
A card as the review screen needs it: what to draw, where to edit it, and the memory its grades
are worked out from. The screen gets this, never the store's row.
*/
export type ReviewCard = {
	readonly id: string;
	/** The deck's name (`backend/apis`): whose scheduler settings apply. */
	readonly deck: string;
	/** The deck's title, for the header. */
	readonly deckTitle: string;
	/** The deck file's absolute path and the card's first line in it, for the editor. */
	readonly file: string;
	readonly line: number;
	readonly kind: CardKind;
	/** The back-to-front card of a reversed note: its prompt is the other card's answer, and says so on screen. */
	readonly reverse: boolean;
	readonly prompt: string;
	readonly answer: string;
	/** The card's `Note:` text, empty when it has none. */
	readonly note: string;
	/** Its memory as it came on screen. */
	readonly memory: Memory;
};

export function reviewCardOf(card: StoredCard): ReviewCard {
	const {id, deck, deckTitle, file, line, kind, ordinal, prompt, answer, extra, memory} = card;
	return {id, deck, deckTitle, file, line, kind, reverse: kind === 'reversed' && ordinal === 1, prompt, answer, note: extra, memory};
}
