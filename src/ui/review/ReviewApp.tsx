/*
The review screen: hooks hold its behaviour (keys, leaving, the clock, the checkpoint, the
terminal's size), small components draw it. This file lays the parts out.
*/
import {Box, Text} from 'ink';
import {type ReactNode, useMemo, useRef} from 'react';
import wrapAnsi from 'wrap-ansi';
import type {ReviewActions} from '../../app/review/review-actions.js';
import type {ReviewCard} from '../../app/review/review-card.js';
import {timeLeftMs} from '../../core/review/pace.js';
import {isFinished, progress, remaining, type Session, waitingUntil} from '../../core/review/session.js';
import {cardLines} from './card-lines.js';
import {CardView} from './CardView.js';
import {DoneScreen} from './DoneScreen.js';
import {type Broken, firstView, type Leaving, type ReviewState} from './review-view.js';
import {infoLines} from '../info/info-lines.js';
import {keyHelpLines} from './KeyHelp.js';
import type {CardLayout} from './review-keys.js';
import {marksLabel} from './card-marks.js';
import {Footer, footerRows, formatDuration, Header} from './StatusBar.js';
import {useCheckpoint} from './use-checkpoint.js';
import {useClock} from './use-clock.js';
import {useLatestView} from './use-latest-view.js';
import {useLeave} from './use-leave.js';
import {useReviewKeys} from './use-review-keys.js';
import {useTerminalSize} from './use-terminal-size.js';

export type {Leaving, ReviewState} from './review-view.js';

type Props = {
	readonly title: string;
	/** The end screen's first line (`finishedLine`). */
	readonly finished: string;
	readonly start: ReviewState;
	readonly actions: ReviewActions;
	/** A line to show on the first frame (what came of an edit). */
	readonly notice?: string;
	/** The card on screen was broken in the editor: the screen says where and offers the editor again. */
	readonly broken?: Broken;
	/** Called once, just before the screen exits. */
	readonly onLeave: (leaving: Leaving) => void;
};

const MIN_WIDTH = 30;
const MIN_ROWS = 10;
/**
The longest line of text: a comfortable measure for reading. A wider terminal centres the screen's
column instead of stretching it: the header, the card and the grades stay together where the eye
rests, and the clock sits at the end of the text it times, not 100 columns away from it.
*/
const MEASURE = 88;
/** The header's two lines and the blank line under it. */
const HEADER_ROWS = 3;
/** The line over the card that says which card it is. */
const LABEL_ROWS = 1;

export function ReviewApp({title, finished, start, actions, notice, broken, onLeave}: Props) {
	const {columns, rows} = useTerminalSize();
	const {view, latest, commit} = useLatestView(() => firstView(start.session, actions, notice, broken));
	const {leave, hasLeft} = useLeave(onLeave, latest, start.startedAt);
	// How far the card on screen can scroll, as last laid out: keys clamp to it.
	const layout = useRef<CardLayout>({scrollLimit: 0, page: 1});
	useCheckpoint(actions, view.session.history);
	useClock(actions, start.startedAt, latest, commit);
	useReviewKeys({actions, startedAt: start.startedAt, latest, commit, leave, hasLeft, layout: () => layout.current});

	// Text is wrapped here to this width. The column's box may shrink below it: a frame Ink redraws
	// on resize before this component catches up is still laid out to fit.
	const width = Math.min(MEASURE, Math.max(MIN_WIDTH, columns - 2));
	const elapsed = actions.now() - start.startedAt;
	const {session, card, message} = view;
	// Drawn once per card, reveal and width, not on every redraw of the screen (the clock's).
	const cardRows = useMemo(() => (card ? cardLines(card, width, session.revealed ? 'revealed' : 'front') : []), [card, session.revealed, width]);
	// The key list takes the card's place, and scrolls as it does.
	const info = useMemo(() => (view.info ? infoLines(view.info, width, actions.now()) : undefined), [view.info, width, actions]);
	// Once per change of the session, not on every redraw: it looks through the whole queue.
	const cardsDone = useMemo(() => progress(session).cardsDone, [session]);
	const lines = view.help ? keyHelpLines(width) : (info ?? cardRows);
	if (columns < MIN_WIDTH || rows < MIN_ROWS) return <Text wrap="truncate">{tooSmall(columns, rows)}</Text>;
	// Pre-wrapped: Ink's own wrapping leaves a space at the start of continued lines.
	const paragraph = (text: string) => wrapAnsi(text, width, {hard: true});
	const note = message && (
		<Box marginTop={1}>
			<Text color={message.error ? 'red' : 'yellow'}>{paragraph(message.text)}</Text>
		</Box>
	);
	if (isFinished(session)) {
		return (
			<Column width={width}>
				<DoneScreen finished={finished} session={session} dueTomorrow={actions.dueTomorrow()} outlook={actions.outlook()} note={note} paragraph={paragraph} />
			</Column>
		);
	}
	const waiting = waitingUntil(session);
	const left = remaining(session);
	// What the card may fill: the terminal less the header, the footer, a message and Ink's last line.
	const cardHeight = rows - HEADER_ROWS - (view.help || info ? 0 : LABEL_ROWS) - footerRows(session.revealed, view.intervals, width) - (message ? 1 + paragraph(message.text).split('\n').length : 0) - 1;
	const page = Math.max(1, cardHeight - 1);
	layout.current = {scrollLimit: lines.length > cardHeight ? Math.max(0, lines.length - page) : 0, page};
	return (
		<Column width={width}>
			<Header title={card ? `${title} › ${card.deckTitle}${marksLabel(card)}` : title} done={cardsDone} left={left} elapsedMs={elapsed} timeLeftMs={timeLeftMs(left, actions.pace())} width={width} />
			{view.help || info ? (
				<CardView lines={lines} height={cardHeight} scroll={view.scroll} revealed />
			) : view.broken ? (
				<>
					<Text color="red">{paragraph(view.broken.problem)}</Text>
					<Box marginTop={1}>
						<Text dimColor>{paragraph('e opens the editor on it again · space skips the card')}</Text>
					</Box>
				</>
			) : card && session.current ? (
				<>
					<Text dimColor wrap="truncate">
						{cardLabel(session.current, card)}
					</Text>
					<CardView lines={lines} height={cardHeight} scroll={view.scroll} revealed={session.revealed} />
				</>
			) : (
				<Text>{paragraph(`Next card in ${formatDuration(Math.max(0, (waiting ?? 0) - actions.now()), true)}, when a learning step comes due. Wait here, or press q to stop.`)}</Text>
			)}
			{note}
			{((card && session.current) || view.flash !== undefined) && <Footer revealed={session.revealed} intervals={view.intervals} width={width} help={view.help || info !== undefined} {...(info ? {back: 'i or esc'} : {})} flash={view.flash} />}
		</Column>
	);
}

/**
Which card this is: the queue it came from (a new card, one on its learning steps, a review) and,
for the back-to-front card of a reversed note, that it is the reverse: "Training-serving skew"
alone does not say whether the term or its definition is wanted.
*/
function cardLabel(current: NonNullable<Session['current']>, card: ReviewCard): string {
	const queue = current.from === 'newCards' ? 'new card' : current.from === 'reviews' ? 'review' : current.card.state === 'relearning' ? 'relearning' : 'learning';
	return [queue, card.reverse ? '↺ reverse: give the front' : '', card.kind === 'cloze' ? 'cloze' : ''].filter(Boolean).join(' · ');
}

/** The screen's column: the text's width and a margin of two, centred when the terminal is wider. */
function Column({width, children}: {readonly width: number; readonly children: ReactNode}) {
	return (
		<Box justifyContent="center">
			<Box flexDirection="column" width={width + 2} flexShrink={1} paddingRight={2}>
				{children}
			</Box>
		</Box>
	);
}

/** What a terminal too small for the screen says, in one line as wide as it has room for. */
function tooSmall(columns: number, rows: number): string {
	const wanted = columns < MIN_WIDTH ? `${MIN_WIDTH} columns wide` : `${MIN_ROWS} rows tall`;
	const sayings = [`Make the terminal at least ${wanted}: q quits.`, `Too small: at least ${wanted}.`, `Too small (${MIN_WIDTH}x${MIN_ROWS})`, 'Too small'];
	return sayings.find((saying) => saying.length <= columns) ?? sayings.at(-1)!;
}
