import {Box, Text} from 'ink';
import {RATINGS, RATING_NAMES, type Rating} from '../../core/scheduling/scheduler.js';
import {sanitizeLine} from '../../core/text.js';

type HeaderProps = {
	readonly title: string;
	readonly done: number;
	readonly left: {readonly newCards: number; readonly learning: number; readonly reviews: number; readonly total: number};
	readonly elapsedMs: number;
	/** The estimate of the time the cards left take, from the user's own answer times; absent when there is none. */
	readonly timeLeftMs?: number;
	readonly width: number;
};

/**
A duration as people say it: `40s`, `6m 40s`, `1h 05m`. A countdown (`countdown`) rounds up to
whole minutes once it is a minute or more, so it never reads "0m" while time is left.
*/
export function formatDuration(milliseconds: number, countdown = false): string {
	const seconds = countdown ? Math.ceil(milliseconds / 1000) : Math.floor(milliseconds / 1000);
	if (seconds < 60) return `${seconds}s`;
	const minutes = countdown ? Math.ceil(seconds / 60) : Math.floor(seconds / 60);
	if (minutes >= 60) return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
	return countdown ? `${minutes}m` : `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** Minutes only: a clock ticking every second in the corner would hurry the reader. */
function formatMinutes(milliseconds: number): string {
	const minutes = Math.floor(milliseconds / 60_000);
	return minutes >= 60 ? `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m` : `${minutes} min`;
}

/** An estimate, in whole minutes rounded up: `~6 min left`, `~1h 05m left`. */
function formatLeft(milliseconds: number): string {
	return `~${formatMinutes(Math.ceil(milliseconds / 60_000) * 60_000)} left`;
}

/**
Deck, progress through today's queue in cards (a card on its learning steps is one card however
often it comes back, so the total holds still), what is left in each queue, the time spent and the
time the rest will take.
*/
export function Header({title, done, left, elapsedMs, timeLeftMs, width}: HeaderProps) {
	const total = done + left.total;
	const counts = `${done}/${total}`;
	const kinds = `${left.newCards} new · ${left.learning} learn · ${left.reviews} review`;
	// The bar takes what the counts leave, up to 30 columns; on a narrow terminal it goes.
	const room = width - counts.length - kinds.length - 2;
	const barWidth = room >= 5 ? Math.min(30, room) : 0;
	const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Box justifyContent="space-between">
				<Box flexShrink={1}>
					<Text bold wrap="truncate">
						{sanitizeLine(title)}
					</Text>
				</Box>
				<Box flexShrink={0} marginLeft={1}>
					<Text dimColor>
						{formatMinutes(elapsedMs)}
						{timeLeftMs !== undefined && left.total > 0 ? ` · ${formatLeft(timeLeftMs)}` : ''}
					</Text>
				</Box>
			</Box>
			<Box>
				<Text color="green">{'█'.repeat(filled)}</Text>
				<Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
				<Text>
					{barWidth > 0 ? ' ' : ''}
					{counts}{' '}
				</Text>
				<Text color="blue">{left.newCards} new</Text>
				<Text dimColor> · </Text>
				<Text color="red">{left.learning} learn</Text>
				<Text dimColor> · </Text>
				<Text color="green">{left.reviews} review</Text>
			</Box>
		</Box>
	);
}

const COLOURS: Readonly<Record<Rating, string>> = {1: 'red', 2: 'yellow', 3: 'green', 4: 'blue'};

type FooterProps = {
	readonly revealed: boolean;
	readonly intervals?: Readonly<Record<Rating, string>>;
	readonly width: number;
	readonly help: boolean;
	/** What closes the overlay on screen, when it is not the key list (`i or esc` for the card's info). */
	readonly back?: string;
	/** Said instead of the keys for a moment (a key that does nothing here). */
	readonly flash?: string;
};

/** Before reveal, how to reveal; after, each grade with the interval it would give. */
export function Footer({revealed, intervals, width, help, back, flash}: FooterProps) {
	if (flash !== undefined) {
		return (
			<Box marginTop={1}>
				<Text color="yellow" wrap="truncate">
					{flash}
				</Text>
			</Box>
		);
	}
	if (help || !revealed || !intervals) {
		const keys = help ? `${back ?? '? or esc'}: back to the card` : width >= 76 ? 'space show answer · u undo · s suspend · b bury · e edit · ? keys · q quit' : 'space show answer · ? keys · q quit';
		return (
			<Box marginTop={1}>
				<Text dimColor wrap="truncate">
					{keys}
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

/** The rows `Footer` takes, its blank line included: the grades wrap as Ink's flex-wrap does. */
export function footerRows(revealed: boolean, intervals: Readonly<Record<Rating, string>> | undefined, width: number): number {
	if (!revealed || !intervals) return 2;
	let lines = 1;
	let used = 0;
	for (const rating of RATINGS) {
		const item = `${rating} ${RATING_NAMES[rating]} ${intervals[rating]}`.length;
		if (used > 0 && used + 2 + item > width) {
			lines++;
			used = item;
		} else {
			used += (used > 0 ? 2 : 0) + item;
		}
	}
	return 1 + lines;
}
