import {Box, Text, useApp, useInput, useStdout} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import wrapAnsi from 'wrap-ansi';
import type {ReviewActions} from '../../app/review/review-actions.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import {answered, draw, dropped, isFinished, lastStep, remaining, reveal, type Session, setAside, undone, waitingUntil} from '../../core/review/session.js';
import type {ReviewCard} from '../../app/review/review-card.js';
import {cardLines as drawCard} from './card-lines.js';
import {CardView} from './CardView.js';
import {Footer, footerRows, formatDuration, Header, Help} from './StatusBar.js';

/** What survives the screen being taken down and put back up (around the editor, Ctrl-Z). */
export type ReviewState = {readonly session: Session; readonly startedAt: number};

/** Why the screen went away, with the session as it was then. */
export type Leaving =
	| {readonly reason: 'quit' | 'finished' | 'pause'; readonly state: ReviewState}
	| {readonly reason: 'edit'; readonly state: ReviewState; readonly card: ReviewCard};

type Props = {
	readonly title: string;
	readonly start: ReviewState;
	readonly actions: ReviewActions;
	/** A line to show on the first frame (what came of an edit). */
	readonly notice?: string;
	/** Called once, just before the screen exits. */
	readonly onLeave: (leaving: Leaving) => void;
};

type View = {
	readonly session: Session;
	/** The card on screen, read from the database when it came on screen. */
	readonly card?: ReviewCard;
	/** Each grade's interval, worked out once when the answer is revealed (fuzz would make it flicker). */
	readonly intervals?: Readonly<Record<Rating, string>>;
	readonly shownAt: number;
	readonly message?: {readonly text: string; readonly error?: boolean};
	readonly help: boolean;
	/** The first row of a card too tall for the terminal that is in view. */
	readonly scroll: number;
};

// Anki's default: time spent on a card beyond a minute is not counted as answering it.
const MAX_ANSWER_MS = 60_000;
const MIN_WIDTH = 30;
/** The header's two lines and the blank line under it. */
const HEADER_ROWS = 3;
/** How long the keys must rest after a change before the log is copied to the database file. */
const SETTLE_AFTER_MS = 250;
const GRADES: Readonly<Record<string, Rating>> = {'1': 1, '2': 2, '3': 3, '4': 4};

/** The parts of Ink's key description the screen looks at. */
type Press = {readonly ctrl: boolean; readonly escape: boolean; readonly return: boolean; readonly upArrow?: boolean; readonly downArrow?: boolean};

export function ReviewApp({title, start, actions, notice, onLeave}: Props) {
	const {exit} = useApp();
	const {stdout} = useStdout();
	const [columns, setColumns] = useState(stdout.columns || 80);
	const [rows, setRows] = useState(stdout.rows || 24);
	const [, setTick] = useState(0);
	const [view, setView] = useState<View>(() => ({
		...onScreen({session: start.session, shownAt: actions.now(), help: false, scroll: 0}, start.session, actions),
		message: notice === undefined ? undefined : {text: notice},
	}));
	// Keys can arrive faster than React redraws (several in one read): handlers work on the latest
	// view through this ref, never on a stale copy, so one card cannot be answered twice.
	const viewRef = useRef(view);
	const left = useRef(false);
	// How far the card on screen can scroll, as last laid out: keys clamp to it.
	const scrollLimit = useRef(0);

	const commit = (next: View) => {
		viewRef.current = next;
		setView(next);
	};

	const leave = (leaving: Leaving) => {
		if (left.current) return;
		left.current = true;
		onLeave(leaving);
		exit();
	};

	// Taken down from outside (a signal): the session still ends with what was done.
	useEffect(
		() => () => {
			if (!left.current) {
				left.current = true;
				onLeave({reason: 'quit', state: {session: viewRef.current.session, startedAt: start.startedAt}});
			}
		},
		[],
	);

	// Each answer, suspension, burial or undo changes the history; once the keys rest, the work
	// SQLite would otherwise do inside some later answer is done while the user reads.
	useEffect(() => {
		const timer = setTimeout(() => actions.settle(), SETTLE_AFTER_MS);
		return () => clearTimeout(timer);
	}, [actions, view.session.history]);

	useEffect(() => {
		// Ahead of Ink's own resize handler, so the frame it redraws is already laid out for the new width.
		const resize = () => {
			setColumns(stdout.columns || 80);
			setRows(stdout.rows || 24);
		};
		stdout.prependListener('resize', resize);
		return () => {
			stdout.off('resize', resize);
		};
	}, [stdout]);

	// The clock in the header, and the wait for a learning card's next step. Redrawn only when
	// what it shows changes: a frame taller than the terminal is redrawn whole by Ink, which flickers.
	useEffect(() => {
		let shown = '';
		const timer = setInterval(() => {
			const current = viewRef.current;
			const now = actions.now();
			if (!current.session.current) {
				const next = draw(current.session, now);
				if (next.current) return commit(onScreen(current, next, actions));
			}
			const clock = `${Math.floor((now - start.startedAt) / 60_000)} ${current.session.current ? '' : Math.ceil(((waitingUntil(current.session) ?? now) - now) / 1000)}`;
			if (clock !== shown) setTick((tick) => tick + 1);
			shown = clock;
		}, 1000);
		return () => clearInterval(timer);
	}, [actions, start.startedAt]);

	const press = (input: string, key: Press) => {
		const current = viewRef.current;
		const state = {session: current.session, startedAt: start.startedAt};
		if (left.current) return;
		if (input === 'q' || (key.ctrl && input === 'c')) return leave({reason: 'quit', state});
		if (key.ctrl && input === 'z') return leave({reason: 'pause', state});
		// The key list covers the card: keys that act on it wait until the card is back in view.
		if (current.help) return input === '?' || key.escape ? commit({...current, help: false}) : undefined;
		const {session, card} = current;
		if (input === 'u') return commit(takeBack(current, actions));
		if (isFinished(session)) return leave({reason: 'finished', state});
		if (input === '?') return commit({...current, help: true});
		if (!card || !session.current) return;
		if (key.downArrow || key.upArrow || input === 'j' || input === 'k') {
			const step = key.downArrow || input === 'j' ? 1 : -1;
			return commit({...current, scroll: Math.min(Math.max(0, current.scroll + step), scrollLimit.current)});
		}
		const now = actions.now();
		try {
			if (!session.revealed && (input === ' ' || key.return)) {
				return commit({...current, session: reveal(session), intervals: actions.intervals(card), message: undefined, help: false, scroll: 0});
			}
			const rating = session.revealed ? (key.return ? 3 : GRADES[input]) : undefined;
			if (rating !== undefined) {
				// The intervals on screen are what the answer applies, unless a new study day began since they were shown.
				const intervals = actions.intervals(card);
				if (current.intervals && intervals[rating] !== current.intervals[rating]) {
					return commit({...current, intervals, message: {text: 'A new study day began and the intervals changed: check them and press again.'}});
				}
				// Committed before the next card is drawn: a crash now loses nothing answered.
				const result = actions.answer(card, rating, Math.min(MAX_ANSWER_MS, now - current.shownAt));
				return commit(onScreen(current, answered(session, {...result, rating}, actions.now()), actions));
			}
			if (input === 's' || input === 'b') {
				if (input === 's') actions.suspend(card.id, true);
				else actions.bury(card.id, true);
				const next = onScreen(current, setAside(session, input === 's' ? 'suspend' : 'bury', now), actions);
				return commit({...next, message: {text: input === 's' ? 'Suspended. u takes it back.' : 'Buried until tomorrow. u takes it back.'}});
			}
			if (input === 'e') return leave({reason: 'edit', state, card});
		} catch (thrown) {
			// The card stays on screen: nothing was saved, and the key can be pressed again.
			return commit({...current, message: {text: `could not save: ${(thrown as Error).message}`, error: true}});
		}
	};

	useInput((input, key) => {
		// Keys typed while the process was busy (a commit, the first code highlight) arrive
		// together, like a paste: each is still a key press of its own.
		if (input.length > 1 && !key.ctrl && !key.meta && !input.includes('\u001b')) {
			for (const character of input) press(character, {ctrl: false, escape: false, return: character === '\r'});
		} else {
			press(input, key);
		}
	});

	// Text is wrapped here to this width; boxes take the terminal's width from Ink, never a number,
	// so a frame Ink redraws on resize before this component catches up is still laid out to fit.
	const width = Math.max(MIN_WIDTH, columns - 2);
	const elapsed = actions.now() - start.startedAt;
	const {session, card, message} = view;
	// Drawn once per card, reveal and width, not on every redraw of the screen (the clock's).
	const cardLines = useMemo(() => (card ? drawCard(card, width, session.revealed ? 'revealed' : 'front') : []), [card, session.revealed, width]);
	if (columns < MIN_WIDTH) return <Text>Make the terminal at least {MIN_WIDTH} columns wide.</Text>;
	// Pre-wrapped: Ink's own wrapping leaves a space at the start of continued lines.
	const paragraph = (text: string) => wrapAnsi(text, width, {hard: true});
	const note = message && (
		<Box marginTop={1}>
			<Text color={message.error ? 'red' : 'yellow'}>{paragraph(message.text)}</Text>
		</Box>
	);
	if (isFinished(session)) {
		return (
			<Box flexDirection="column" paddingRight={2}>
				<Text bold color="green">
					Done for today.
				</Text>
				<Text>{summaryLine(session, elapsed)}</Text>
				<Text>Due tomorrow: {actions.dueTomorrow()}</Text>
				{note}
				<Box marginTop={1}>
					<Text dimColor>{paragraph(session.history.length > 0 ? 'u takes back the last answer · any other key leaves' : 'any key leaves')}</Text>
				</Box>
			</Box>
		);
	}
	const waiting = waitingUntil(session);
	// What the card may fill: the terminal less the header, the footer, a message and Ink's last line.
	const cardHeight = rows - HEADER_ROWS - footerRows(session.revealed, view.intervals, width) - (note ? 1 + paragraph(message.text).split('\n').length : 0) - 1;
	scrollLimit.current = Math.max(0, cardLines.length - Math.max(1, cardHeight - 1));
	return (
		<Box flexDirection="column" paddingRight={2}>
			<Header title={card ? `${title} › ${card.deckTitle}` : title} done={session.answered} left={remaining(session)} elapsedMs={elapsed} width={width} />
			{view.help ? (
				<Help width={width} />
			) : card && session.current ? (
				<CardView lines={cardLines} height={cardHeight} scroll={view.scroll} />
			) : (
				<Text>{paragraph(`Next card in ${formatDuration(Math.max(0, (waiting ?? 0) - actions.now()), true)}, when a learning step comes due. Wait here, or press q to stop.`)}</Text>
			)}
			{note}
			{card && session.current && <Footer revealed={session.revealed} intervals={view.intervals} width={width} help={view.help} />}
		</Box>
	);
}

/** The line the session ends with: `12 cards reviewed · Again 8% · 6m 40s`. */
export function summaryLine(session: Session, elapsedMs: number): string {
	const againRate = session.answered === 0 ? 0 : Math.round((100 * session.again) / session.answered);
	return `${session.answered} ${session.answered === 1 ? 'card' : 'cards'} reviewed · Again ${againRate}% · ${formatDuration(elapsedMs)}`;
}

/** The view for a new session state: the card now on screen is read afresh; a card gone from its deck is skipped. */
function onScreen(previous: View, session: Session, actions: ReviewActions): View {
	let next = session;
	let card = next.current === previous.session.current ? previous.card : undefined;
	while (next.current && !card) {
		card = actions.card(next.current.card.id);
		if (!card) next = dropped(next, actions.now());
	}
	const same = card !== undefined && card === previous.card;
	// A screen put back up (after the editor) may open on an answer already revealed.
	const intervals = same ? previous.intervals : card && next.revealed ? actions.intervals(card) : undefined;
	return {...previous, session: next, card, intervals, shownAt: same ? previous.shownAt : actions.now(), message: undefined, scroll: same ? previous.scroll : 0};
}

/** `u`: take back the last answer, suspension or burial, in the database and then on screen. */
function takeBack(view: View, actions: ReviewActions): View {
	const step = lastStep(view.session);
	if (!step) return {...view, message: {text: 'Nothing to take back.'}};
	try {
		if (step.kind === 'answer' && !actions.undoAnswer(step.reviewId)) return {...view, message: {text: 'That answer can no longer be taken back: the card was answered since.', error: true}};
		if (step.kind === 'suspend') actions.suspend(step.card.id, false);
		if (step.kind === 'bury') actions.bury(step.card.id, false);
	} catch (thrown) {
		return {...view, message: {text: `could not take it back: ${(thrown as Error).message}`, error: true}};
	}
	const what = step.kind === 'answer' ? 'answer' : step.kind === 'suspend' ? 'suspension' : 'burial';
	return {...onScreen(view, undone(view.session), actions), message: {text: `Took back the ${what}.`}, help: false};
}
