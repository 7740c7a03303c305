/*
The one place a card's text becomes terminal lines. The review screen, `fluency show` and the
add form's preview all draw through here, so what `show` prints is what the review shows.
*/
import chalk from 'chalk';
import type {ReviewCard} from '../../app/review/review-card.js';
import {renderMarkdown} from './markdown.js';

export type CardText = Pick<ReviewCard, 'kind' | 'prompt' | 'answer' | 'note'>;

/**
Which lines: `front` as the review shows the card before the answer, `revealed` as it shows it
after, and `both` the front and then the answer, for reading a card outside the review. Only a
cloze tells `revealed` from `both`: its filled-in text replaces its front on the review screen.
*/
export type CardSide = 'front' | 'revealed' | 'both';

export function cardLines(card: CardText, width: number, side: CardSide): string[] {
	const cloze = card.kind === 'cloze';
	const front = renderMarkdown(card.prompt, {width});
	if (side === 'front') return front;
	// On a cloze's back the strong text is the deletion: with no colour to show it, brackets do.
	const answer = renderMarkdown(card.answer, {width, emphasiseStrong: cloze, bracketsWithoutColour: true});
	const note = card.note === '' ? [] : ['', ...renderMarkdown(card.note, {width}).map((line) => chalk.dim(line))];
	if (side === 'revealed' && cloze) return [...answer, ...note];
	return [...front, '', chalk.dim('─'.repeat(Math.min(width, 40))), ...answer, ...note];
}
