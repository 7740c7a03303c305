import chalk from 'chalk';
import {Text} from 'ink';
import type {StoredCard} from '../../store/cards.js';
import {renderMarkdown} from './markdown.js';

type Props = {
	/** The card's rows, from `reviewLines`. */
	readonly lines: readonly string[];
	/** Rows the card may take; a taller card shows a window of them and scrolls. */
	readonly height: number;
	/** The first row shown, as the user scrolled; kept within the card by `visibleRows`. */
	readonly scroll: number;
};

/** The card as far as it fits, with where the rest is when it does not. */
export function CardView({lines, height, scroll}: Props) {
	const window = visibleRows(lines.length, height, scroll);
	if (!window) return <Text>{lines.join('\n')}</Text>;
	const below = lines.length - window.end;
	const where = [window.start > 0 ? `↑ ${window.start} above` : '', below > 0 ? `↓ ${below} below` : ''].filter(Boolean).join(' · ');
	return (
		<>
			<Text>{lines.slice(window.start, window.end).join('\n')}</Text>
			<Text dimColor wrap="truncate">
				{`${where} · ↑ ↓ or k j scroll`}
			</Text>
		</>
	);
}

/**
The rows of a card shown within `height` rows, one of which then says what is above and below;
undefined when the whole card fits. `scroll` is clamped, so any number is safe.
*/
export function visibleRows(total: number, height: number, scroll: number): {start: number; end: number} | undefined {
	if (total <= height) return undefined;
	const rows = Math.max(1, height - 1);
	const start = Math.min(Math.max(0, scroll), total - rows);
	return {start, end: start + rows};
}

/** The card's rows as the review screen draws them: a cloze's back replaces its front. */
export function reviewLines(card: StoredCard, revealed: boolean, width: number): string[] {
	const cloze = card.kind === 'cloze';
	const lines: string[] = [];
	if (!(revealed && cloze)) lines.push(...renderMarkdown(card.prompt, {width}));
	if (!revealed) return lines;
	if (!cloze) lines.push('', chalk.dim('─'.repeat(Math.min(width, 40))));
	lines.push(...renderMarkdown(card.answer, {width, emphasiseStrong: cloze, bracketsWithoutColour: true}));
	if (card.extra !== '') lines.push('', ...renderMarkdown(card.extra, {width}).map((line) => chalk.dim(line)));
	return lines;
}
