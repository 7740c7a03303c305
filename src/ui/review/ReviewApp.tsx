/*
The review screen: hooks hold its behaviour (keys, leaving, the clock, the checkpoint, the
terminal's size), small components draw it. This file lays the parts out.
*/
import {Box, Text} from 'ink';
import {useMemo, useRef} from 'react';
import wrapAnsi from 'wrap-ansi';
import type {ReviewActions} from '../../app/review/review-actions.js';
import {isFinished, remaining, waitingUntil} from '../../core/review/session.js';
import {cardLines} from './card-lines.js';
import {CardView} from './CardView.js';
import {DoneScreen} from './DoneScreen.js';
import {firstView, type Leaving, type ReviewState} from './review-view.js';
import {Footer, footerRows, formatDuration, Header, Help} from './StatusBar.js';
import {useCheckpoint} from './use-checkpoint.js';
import {useClock} from './use-clock.js';
import {useLatestView} from './use-latest-view.js';
import {useLeave} from './use-leave.js';
import {useReviewKeys} from './use-review-keys.js';
import {useTerminalSize} from './use-terminal-size.js';

export type {Leaving, ReviewState} from './review-view.js';
;

type Props = {
	readonly title: string;
	readonly start: ReviewState;
	readonly actions: ReviewActions;
	/** A line to show on the first frame (what came of an edit). */
	readonly notice?: string;
	/** Called once, just before the screen exits. */
	readonly onLeave: (leaving: Leaving) => void;
};

const MIN_WIDTH = 30;
/** The header's two lines and the blank line under it. */
const HEADER_ROWS = 3;

export function ReviewApp({title, start, actions, notice, onLeave}: Props) {
	const {columns, rows} = useTerminalSize();
	const {view, latest, commit} = useLatestView(() => firstView(start.session, actions, notice));
	const {leave, hasLeft} = useLeave(onLeave, latest, start.startedAt);
	// How far the card on screen can scroll, as last laid out: keys clamp to it.
	const scrollLimit = useRef(0);
	useCheckpoint(actions, view.session.history);
	useClock(actions, start.startedAt, latest, commit);
	useReviewKeys({actions, startedAt: start.startedAt, latest, commit, leave, hasLeft, scrollLimit: () => scrollLimit.current});

	// Text is wrapped here to this width; boxes take the terminal's width from Ink, never a number,
	// so a frame Ink redraws on resize before this component catches up is still laid out to fit.
	const width = Math.max(MIN_WIDTH, columns - 2);
	const elapsed = actions.now() - start.startedAt;
	const {session, card, message} = view;
	// Drawn once per card, reveal and width, not on every redraw of the screen (the clock's).
	const lines = useMemo(() => (card ? cardLines(card, width, session.revealed ? 'revealed' : 'front') : []), [card, session.revealed, width]);
	if (columns < MIN_WIDTH) return <Text>Make the terminal at least {MIN_WIDTH} columns wide.</Text>;
	// Pre-wrapped: Ink's own wrapping leaves a space at the start of continued lines.
	const paragraph = (text: string) => wrapAnsi(text, width, {hard: true});
	const note = message && (
		<Box marginTop={1}>
			<Text color={message.error ? 'red' : 'yellow'}>{paragraph(message.text)}</Text>
		</Box>
	);
	if (isFinished(session)) return <DoneScreen session={session} elapsedMs={elapsed} dueTomorrow={actions.dueTomorrow()} outlook={actions.outlook()} note={note} paragraph={paragraph} />;
	const waiting = waitingUntil(session);
	// What the card may fill: the terminal less the header, the footer, a message and Ink's last line.
	const cardHeight = rows - HEADER_ROWS - footerRows(session.revealed, view.intervals, width) - (message ? 1 + paragraph(message.text).split('\n').length : 0) - 1;
	scrollLimit.current = Math.max(0, lines.length - Math.max(1, cardHeight - 1));
	return (
		<Box flexDirection="column" paddingRight={2}>
			<Header title={card ? `${title} › ${card.deckTitle}` : title} done={session.answered} left={remaining(session)} elapsedMs={elapsed} width={width} />
			{view.help ? (
				<Help width={width} />
			) : card && session.current ? (
				<CardView lines={lines} height={cardHeight} scroll={view.scroll} />
			) : (
				<Text>{paragraph(`Next card in ${formatDuration(Math.max(0, (waiting ?? 0) - actions.now()), true)}, when a learning step comes due. Wait here, or press q to stop.`)}</Text>
			)}
			{note}
			{card && session.current && <Footer revealed={session.revealed} intervals={view.intervals} width={width} help={view.help} />}
		</Box>
	);
}
