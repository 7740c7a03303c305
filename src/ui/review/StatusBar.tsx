import {Box, Text} from 'ink';
import {RATINGS, RATING_NAMES, type Rating} from '../../core/scheduler.js';
import {sanitizeLine} from '../../core/text.js';

type HeaderProps = {
	readonly title: string;
	readonly done: number;
	readonly left: {readonly newCards: number; readonly learning: number; readonly reviews: number; readonly total: number};
	readonly elapsedMs: number;
	readonly width: number;
};

export function formatElapsed(milliseconds: number): string {
	const seconds = Math.floor(milliseconds / 1000);
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Deck, progress through today's queue, what is left by kind, and the time spent. */
export function Header({title, done, left, elapsedMs, width}: HeaderProps) {
	const total = done + left.total;
	const barWidth = Math.max(5, Math.min(30, width - 30));
	const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Box justifyContent="space-between" width={width}>
				<Text bold wrap="truncate">
					{sanitizeLine(title)}
				</Text>
				<Text dimColor>{formatElapsed(elapsedMs)}</Text>
			</Box>
			<Box>
				<Text color="green">{'█'.repeat(filled)}</Text>
				<Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
				<Text>
					{' '}
					{done}/{total}{' '}
				</Text>
				<Text color="blue">{left.newCards} new</Text>
				<Text> · </Text>
				<Text color="red">{left.learning} learn</Text>
				<Text> · </Text>
				<Text color="green">{left.reviews} due</Text>
			</Box>
		</Box>
	);
}

const COLOURS: Readonly<Record<Rating, string>> = {1: 'red', 2: 'yellow', 3: 'green', 4: 'blue'};

/** Before reveal, how to reveal; after, each grade with the interval it would give. */
export function Footer({revealed, intervals, width}: {readonly revealed: boolean; readonly intervals?: Readonly<Record<Rating, string>>; readonly width: number}) {
	if (!revealed || !intervals) {
		return (
			<Box marginTop={1}>
				<Text dimColor wrap="truncate">
					space/enter: show answer · u undo · s suspend · b bury · e edit · ? keys · q quit
				</Text>
			</Box>
		);
	}
	return (
		<Box marginTop={1} flexWrap="wrap" columnGap={2}>
			{RATINGS.map((rating) => (
				<Text key={rating}>
					<Text color={COLOURS[rating]} bold>
						{rating} {RATING_NAMES[rating]}
					</Text>{' '}
					<Text dimColor>{intervals[rating]}</Text>
				</Text>
			))}
		</Box>
	);
}

export const KEY_HELP: ReadonlyArray<readonly [string, string]> = [
	['space, enter', 'show the answer'],
	['1 2 3 4', 'Again, Hard, Good, Easy (Anki\'s keys)'],
	['enter', 'Good, once the answer shows'],
	['u', 'undo the last answer (again for the one before)'],
	['s', 'suspend the card'],
	['b', 'bury the card until tomorrow'],
	['e', 'edit the card in $EDITOR'],
	['?', 'show or hide these keys'],
	['q, ctrl-c', 'end the session; every answer is already saved'],
];

export function Help() {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} marginTop={1}>
			{KEY_HELP.map(([keys, what]) => (
				<Text key={keys}>
					<Text bold>{keys.padEnd(13)}</Text>
					{what}
				</Text>
			))}
		</Box>
	);
}
