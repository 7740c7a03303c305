/*
What the review screen shows, as a value: the session, the card on screen and what goes with it.
Moving from one view to the next (a new card, an undo) reads the card afresh through the actions.
*/
import type {CardInfo} from '../../app/search/card-info.js';
import type {ReviewActions} from '../../app/review/review-actions.js';
import type {ReviewCard} from '../../app/review/review-card.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import {dropped, lastStep, progress, type Session, undone} from '../../core/review/session.js';
import {formatDuration} from './StatusBar.js';

/** What survives the screen being taken down and put back up (around the editor, Ctrl-Z). */
export type ReviewState = {readonly session: Session; readonly startedAt: number};

/** Why the screen went away, with the session as it was then. */
export type Leaving =
	| {readonly reason: 'quit' | 'finished' | 'pause'; readonly state: ReviewState}
	| {readonly reason: 'edit'; readonly state: ReviewState; readonly card: ReviewCard};

export type Broken = {readonly problem: string; readonly card: ReviewCard};

type Message = {readonly text: string; readonly error?: boolean};

export type View = {
	readonly session: Session;
	/** The card on screen, read from the database when it came on screen. */
	readonly card?: ReviewCard;
	/** Each grade's interval, worked out once when the answer is revealed (fuzz would make it flicker). */
	readonly intervals?: Readonly<Record<Rating, string>>;
	readonly shownAt: number;
	readonly message?: Message;
	/** What the hint line says for a moment: a key that does nothing here. */
	readonly flash?: string;
	readonly help: boolean;
	/** The card on screen was broken in the editor: where and why, and the card, to open the editor on it again. */
	readonly broken?: Broken;
	/** The card's info, read when `i` opened it over the card; undefined when closed. */
	readonly info?: CardInfo;
	/** The first row of a card too tall for the terminal that is in view (or of the help or info over it). */
	readonly scroll: number;
	/** The card's own scroll while help or info is over it, to come back to where the reader was. */
	readonly cardScroll?: number;
	/** The card an answer just made a leech, while the notice about it shows: `e` rewrites it. */
	readonly leech?: ReviewCard;
	/** `f` was pressed: the next key, a digit, is a flag. */
	readonly flagging?: boolean;
};

/**
The line the session ends with, on the end screen and in the shell alike:
`20 cards · 61 answers · Again 23% · 6m 40s`. The time is the answers' recorded time, so the two
say the same however long the end screen stayed up.
*/
export function summaryLine(session: Session): string {
	const {cardsDone, answers, again, answerTimeMs} = progress(session);
	const againRate = answers === 0 ? 0 : Math.round((100 * again) / answers);
	const count = (n: number, what: string) => `${n} ${n === 1 ? what : `${what}s`}`;
	return `${count(cardsDone, 'card')} · ${count(answers, 'answer')} · Again ${againRate}% · ${formatDuration(answerTimeMs)}`;
}

/** The first view of a session, with a line from before (what came of an edit), or the card the edit broke. */
export function firstView(session: Session, actions: ReviewActions, notice: string | undefined, broken?: Broken): View {
	// The broken card stays the session's current one until it is mended or skipped.
	if (broken && session.current?.card.id === broken.card.id) return {session, shownAt: actions.now(), help: false, scroll: 0, broken};
	const view = onScreen({session, shownAt: actions.now(), help: false, scroll: 0}, session, actions);
	return {...view, message: notice === undefined ? undefined : {text: notice}};
}

/** The view for a new session state: the card now on screen is read afresh; a card gone from its deck is skipped. */
export function onScreen(previous: View, session: Session, actions: ReviewActions): View {
	let next = session;
	let card = next.current === previous.session.current ? previous.card : undefined;
	while (next.current && !card) {
		card = actions.card(next.current.card.id);
		if (!card) next = dropped(next, actions.now());
	}
	const same = card !== undefined && card === previous.card;
	// A screen put back up (after the editor) may open on an answer already revealed.
	const intervals = same ? previous.intervals : card && next.revealed ? actions.intervals(card) : undefined;
	return {...previous, session: next, card, intervals, shownAt: same ? previous.shownAt : actions.now(), message: undefined, leech: undefined, scroll: same ? previous.scroll : 0};
}

/** `u`: take back the last answer, suspension or burial, in the database and then on screen. */
export function takeBack(view: View, actions: ReviewActions): View {
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
