import chalk from 'chalk';
import type {StoredCard} from '../../store/cards.js';
import {renderMarkdown} from './markdown.js';

/**
A card as plain terminal lines, laid out as the review screen shows it after reveal: the
prompt, a rule, the answer (for a cloze, its text with the answer filled in) and the note.
*/
export function cardLines(card: Pick<StoredCard, 'kind' | 'prompt' | 'answer' | 'extra'>, width: number): string[] {
	const cloze = card.kind === 'cloze';
	const lines = renderMarkdown(card.prompt, {width});
	lines.push(chalk.dim('─'.repeat(Math.min(width, 40))));
	lines.push(...renderMarkdown(card.answer, {width, emphasiseStrong: cloze}));
	if (card.extra !== '') lines.push('', ...renderMarkdown(card.extra, {width}).map((line) => chalk.dim(line)));
	return lines;
}
