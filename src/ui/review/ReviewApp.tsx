import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import type {Rating} from '../../core/scheduler.js';
import {answered, lastAnswer, remaining, reveal, type Session, skipped, undone, waitingUntil, draw} from '../../core/session.js';
import type {StoredCard} from '../../store/cards.js';
import {CardView} from './CardView.js';
import {Footer, Header, Help, formatElapsed} from './StatusBar.js';

/** What the review screen asks of the world; each call has committed before it returns. */
export type ReviewActions = {
	readonly now: () => number;
	readonly card: (cardId: string) => StoredCard | undefined;
	/** Interval labels for each grade, e.g. `{3: '3d'}`. */
	readonly intervals: (card: StoredCard) => Record<Rating, string>;
	readonly answer: (card: StoredCard, rating: Rating, durationMs: number) => {reviewId: string; state: StoredCard['memory']['state']; due: number | null};
	readonly undo: (reviewId: string) => boolean;
	readonly suspend: (card: StoredCard) => void;
	readonly bury: (card: StoredCard) => void;
	/** Open the card's deck file in $EDITOR and sync it back; the card as it is afterwards. */
	readonly edit: (card: StoredCard) => StoredCard | undefined;
};

export type SessionSummary = {readonly reviewed: number; readonly again: number; readonly elapsedMs: number};

type Props = {
	readonly title: string;
	readonly initial: Session;
	readonly actions: ReviewActions;
	readonly onEnd: (summary: SessionSummary) => void;
	/** What is due tomorrow, for the closing summary. */
	readonly dueTomorrow: () => number;
};

// Anki's default: time spent on a card beyond a minute is not counted as answering it.
const MAX_ANSWER_MS = 60_000;
const MIN_WIDTH = 30;

export function ReviewApp({title, initial, actions, onEnd, dueTomorrow}: Props) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [session, setSession] = useState(initial);
	const [showHelp, setShowHelp] = useState(false);
	const [message, setMessage] = useState('');
	const [columns, setColumns] = useState(stdout.columns || 80);
	const [, setTick] = useState(0);
	const started = useRef(actions.now());
	const shownAt = useRef(actions.now());
	// Bumped after an edit, so the card is read again from the database.
	const [edits, setEdits] = useState(0);
	// Derived in the same render as the session: a key pressed right after an answer must act on
	// the card now on screen, never on the one before it.
	const card = useMemo<StoredCard | undefined>(
		() => (session.current ? actions.card(session.current.card.id) : undefined),
		[session.current?.card.id, session.history.length, edits, actions],
	);
	const finished = !session.current && waitingUntil(session) === undefined;

	useEffect(() => {
		const resize = () => setColumns(stdout.columns || 80);
		stdout.on('resize', resize);
		return () => {
			stdout.off('resize', resize);
		};
	}, [stdout]);

	// The clock in the header, and the wait for a learning card's next step.
	useEffect(() => {
		const timer = setInterval(() => {
			setTick((tick) => tick + 1);
			setSession((current) => (current.current ? current : draw(current, actions.now())));
		}, 1000);
		return () => clearInterval(timer);
	}, [actions]);

	useEffect(() => {
		shownAt.current = actions.now();
	}, [session.current?.card.id, session.history.length, actions]);

	useEffect(() => {
		if (finished) {
			onEnd({reviewed: session.answered, again: session.again, elapsedMs: actions.now() - started.current});
			const timer = setTimeout(() => exit(), 0);
			return () => clearTimeout(timer);
		}
		return undefined;
	}, [finished]);

	const quit = () => {
		onEnd({reviewed: session.answered, again: session.again, elapsedMs: actions.now() - started.current});
		exit();
	};

	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) return quit();
		if (input === '?') return setShowHelp((shown) => !shown);
		setMessage('');
		if (input === 'u') {
			const last = lastAnswer(session);
			if (!last) return setMessage('nothing to undo');
			if (!actions.undo(last.reviewId)) return setMessage('that answer can no longer be undone');
			return setSession(undone(session));
		}
		if (!card || !session.current) return;
		if (!session.revealed && (input === ' ' || key.return)) return setSession(reveal(session));
		if (session.revealed && (['1', '2', '3', '4'].includes(input) || key.return)) {
			const rating = (key.return ? 3 : Number(input)) as Rating;
			const durationMs = Math.min(MAX_ANSWER_MS, actions.now() - shownAt.current);
			// Committed before the next card is drawn: a crash now loses nothing answered.
			const result = actions.answer(card, rating, durationMs);
			return setSession(answered(session, {...result, rating}, actions.now()));
		}
		if (input === 's') {
			actions.suspend(card);
			setMessage('suspended');
			return setSession(skipped(session, actions.now()));
		}
		if (input === 'b') {
			actions.bury(card);
			setMessage('buried until tomorrow');
			return setSession(skipped(session, actions.now()));
		}
		if (input === 'e') {
			const edited = actions.edit(card);
			if (edited) setEdits((count) => count + 1);
			else {
				setMessage('the card is no longer in its deck');
				setSession(skipped(session, actions.now()));
			}
		}
	});

	const width = Math.max(MIN_WIDTH, columns - 2);
	const elapsed = actions.now() - started.current;
	if (columns < MIN_WIDTH) return <Text>Make the terminal at least {MIN_WIDTH} columns wide.</Text>;
	if (finished) {
		const againRate = session.answered === 0 ? 0 : Math.round((100 * session.again) / session.answered);
		return (
			<Box flexDirection="column">
				<Text bold color="green">
					Done for today.
				</Text>
				<Text>
					{session.answered} {session.answered === 1 ? 'card' : 'cards'} reviewed · Again {againRate}% · {formatElapsed(elapsed)} spent
				</Text>
				<Text dimColor>Due tomorrow: {dueTomorrow()}</Text>
			</Box>
		);
	}
	const waiting = waitingUntil(session);
	return (
		<Box flexDirection="column" width={width}>
			<Header title={card ? `${title} › ${card.deckTitle}` : title} done={session.answered} left={remaining(session)} elapsedMs={elapsed} width={width} />
			{card && session.current ? (
				<CardView card={card} revealed={session.revealed} width={width} />
			) : (
				<Text>Next learning card in {formatElapsed(Math.max(0, (waiting ?? 0) - actions.now()))}. Wait here, or press q to stop.</Text>
			)}
			{card && <Footer revealed={session.revealed} intervals={session.revealed ? actions.intervals(card) : undefined} width={width} />}
			{message !== '' && <Text color="yellow">{message}</Text>}
			{showHelp && <Help />}
		</Box>
	);
}
