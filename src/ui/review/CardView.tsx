import {Box, Text} from 'ink';
import type {StoredCard} from '../../store/cards.js';
import {renderMarkdown} from './markdown.js';

type Props = {
	readonly card: StoredCard;
	readonly revealed: boolean;
	readonly width: number;
};

/** The card: its prompt, and after reveal its answer and note. Cloze answers stand out. */
export function CardView({card, revealed, width}: Props) {
	const lines = (markdown: string, emphasiseStrong = false) => renderMarkdown(markdown, {width, emphasiseStrong}).join('\n');
	const cloze = card.kind === 'cloze';
	return (
		<Box flexDirection="column">
			{/* A cloze card's back repeats its text with the answer filled in, so the front is replaced. */}
			{!(revealed && cloze) && <Text>{lines(card.prompt)}</Text>}
			{revealed && (
				<Box flexDirection="column" marginTop={cloze ? 0 : 1}>
					{!cloze && <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>}
					<Text>{lines(card.answer, cloze)}</Text>
					{card.extra !== '' && (
						<Box marginTop={1}>
							<Text dimColor>{lines(card.extra)}</Text>
						</Box>
					)}
				</Box>
			)}
		</Box>
	);
}
