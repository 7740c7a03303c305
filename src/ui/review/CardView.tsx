import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {StoredCard} from '../../store/cards.js';
import {renderMarkdown} from './markdown.js';

type Props = {
	readonly card: StoredCard;
	readonly revealed: boolean;
	readonly width: number;
};

/** The card: its prompt, and after reveal its answer and note. Cloze answers stand out. */
export function CardView({card, revealed, width}: Props) {
	const cloze = card.kind === 'cloze';
	// Drawn once per card and width, not on every redraw of the screen.
	const prompt = useMemo(() => renderMarkdown(card.prompt, {width}).join('\n'), [card, width]);
	const answer = useMemo(() => (revealed ? renderMarkdown(card.answer, {width, emphasiseStrong: cloze, bracketsWithoutColour: true}).join('\n') : ''), [card, width, revealed, cloze]);
	const extra = useMemo(() => (revealed && card.extra !== '' ? renderMarkdown(card.extra, {width}).join('\n') : ''), [card, width, revealed]);
	return (
		<Box flexDirection="column">
			{/* A cloze card's back repeats its text with the answer filled in, so the front is replaced. */}
			{!(revealed && cloze) && <Text>{prompt}</Text>}
			{revealed && (
				<Box flexDirection="column" marginTop={cloze ? 0 : 1}>
					{!cloze && <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>}
					<Text>{answer}</Text>
					{extra !== '' && (
						<Box marginTop={1}>
							<Text dimColor>{extra}</Text>
						</Box>
					)}
				</Box>
			)}
		</Box>
	);
}
