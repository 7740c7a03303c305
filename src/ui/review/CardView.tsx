import {Text} from 'ink';

type Props = {
	/** The card's rows, from `cardLines`. */
	readonly lines: readonly string[];
	/** Rows the card may take; a taller card shows a window of them and scrolls. */
	readonly height: number;
	/** The first row shown, as the user scrolled; kept within the card by `visibleRows`. */
	readonly scroll: number;
	/** Space pages the question down; on the answer side it is Good. */
	readonly revealed: boolean;
};

/** The card as far as it fits, with where the rest is when it does not. */
export function CardView({lines, height, scroll, revealed}: Props) {
	const window = visibleRows(lines.length, height, scroll);
	if (!window) return <Text>{lines.join('\n')}</Text>;
	const below = lines.length - window.end;
	const where = [window.start > 0 ? `↑ ${window.start} above` : '', below > 0 ? `↓ ${below} below` : ''].filter(Boolean).join(' · ');
	return (
		<>
			<Text>{lines.slice(window.start, window.end).join('\n')}</Text>
			<Text dimColor wrap="truncate">
				{`${where} · ${revealed ? '' : 'space '}pgdn pgup · j k · g G`}
			</Text>
		</>
	);
}

/**
The rows of a card shown within `height` rows, one of which then says what is above and below;
undefined when the whole card fits. `scroll` is clamped, so any number is safe.
*/
function visibleRows(total: number, height: number, scroll: number): {start: number; end: number} | undefined {
	if (total <= height) return undefined;
	const rows = Math.max(1, height - 1);
	const start = Math.min(Math.max(0, scroll), total - rows);
	return {start, end: start + rows};
}
