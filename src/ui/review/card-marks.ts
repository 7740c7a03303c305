/*
How the review shows a card's mark and flag, and the keys that set them. Anki flags with
Ctrl-1..4, but terminals rarely deliver Ctrl with a digit (in tmux Ctrl-2 arrives as NUL and
Ctrl-1, 3, 4 as nothing at all), so `f` then a digit does the same; Ctrl-1..4 still work where the
terminal sends them.
*/
import type {ReviewCard} from '../../app/review/review-card.js';

/** Anki's flag colours, by number. */
export const FLAG_NAMES: readonly string[] = ['none', 'red', 'orange', 'green', 'blue'];

/** The digits that follow `f`: 0 takes the flag off. */
export const FLAG_DIGITS: readonly string[] = ['0', '1', '2', '3', '4'];

/** What the header adds after the deck's title: ` · ★ marked · ⚑ red`, or nothing. */
export function marksLabel(card: Pick<ReviewCard, 'marked' | 'flag'>): string {
	return `${card.marked ? ' · ★ marked' : ''}${card.flag > 0 ? ` · ⚑ ${FLAG_NAMES[card.flag]}` : ''}`;
}
