import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {REVIEW_KEYS} from './review-keys.js';

// The keys' column is as wide as the widest label, and one more for the gap.
const labelOf = (row: (typeof REVIEW_KEYS)[number]) => row.label ?? row.keys.join(', ');
const SHOWN = REVIEW_KEYS.filter((row) => row.help !== '');
const KEYS_WIDTH = Math.max(...SHOWN.map((row) => stringWidth(labelOf(row)))) + 1;

/** The `?` list: the key table's rows that have a line to show, in the table's order. */
export function KeyHelp({width}: {readonly width: number}) {
	return (
		<Box flexDirection="column">
			{SHOWN.map((row) => {
				const keys = labelOf(row);
				return (
					<Box key={`${keys} ${row.when}`}>
						<Box width={KEYS_WIDTH} flexShrink={0}>
							<Text bold>{keys}</Text>
						</Box>
						<Text>{wrapAnsi(row.help, Math.max(10, width - KEYS_WIDTH), {hard: true})}</Text>
					</Box>
				);
			})}
		</Box>
	);
}
