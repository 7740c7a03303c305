/*
The review screen's keys, one row each: which keys, when they apply, what they do, and the line
the `?` list shows for them. The key handler (use-review-keys.ts) and the list (KeyHelp.tsx) both
read this table, so a key added here is both working and documented.

Adding a key: add a row. `keys` are names from `keyName` below ('x', 'space', 'enter', 'esc',
'up', 'pgdn', 'home', 'ctrl-x', …); `when` is one of `SCOPES`; `does` gets the latest view and
ways to change it. The first row whose key and scope match runs; a key no row takes flashes
"x does nothing here" (and leaves the end screen, where any key leaves).
*/
import type {ReviewActions} from '../../app/review/review-actions.js';
import {answerTimeMs} from '../../core/review/answer-time.js';
import {answered, isFinished, reveal, setAside} from '../../core/review/session.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import {FLAG_DIGITS, FLAG_NAMES} from './card-marks.js';
import {type Leaving, onScreen, type ReviewState, takeBack, type View} from './review-view.js';

/** When a row applies, from the latest view. */
const SCOPES = {
	/** Everywhere, the key list and the end screen included. */
	always: () => true,
	/** While the key list covers the card. */
	help: (view: View) => view.help,
	/** While the card's info covers the card. */
	info: (view: View) => view.info !== undefined,
	/** Anywhere but the key list, the card's info and a broken card: the card, the wait for a learning step, the end screen. */
	screen: (view: View) => !view.help && view.info === undefined && view.broken === undefined,
	/** Until the session is over: a card, or the wait for one. */
	studying: (view: View) => SCOPES.screen(view) && !isFinished(view.session),
	/** The card on screen was broken in the editor. */
	broken: (view: View) => view.broken !== undefined,
	/** A card is on screen, or the key list, or the card's info: what scrolls. */
	reading: (view: View) => view.help || view.info !== undefined || SCOPES.card(view),
	/** The notice that an answer just made a card a leech shows (on a card or the end screen): `e` rewrites that card. */
	leech: (view: View) => !view.help && view.info === undefined && view.leech !== undefined,
	/** `f` was just pressed on a card: a digit flags it. */
	flagging: (view: View) => SCOPES.card(view) && view.flagging === true,
	/** A card is on screen, either side. */
	card: (view: View) => SCOPES.screen(view) && view.card !== undefined && view.session.current !== undefined,
	/** A card is on screen, its answer hidden. */
	front: (view: View) => SCOPES.card(view) && !view.session.revealed,
	/** A card is on screen, its answer shown. */
	answer: (view: View) => SCOPES.card(view) && view.session.revealed,
} as const;

/** How far the card on screen can scroll, as last laid out. */
export type CardLayout = {
	/** The last first row: where the card's end is in view. */
	readonly scrollLimit: number;
	/** The card's rows in view at once: a page. */
	readonly page: number;
};

/** What a row's `does` gets. */
type KeyContext = {
	/** The key's name, as in the row's `keys`. */
	readonly key: string;
	/** The latest view (never a stale copy: keys can come faster than redraws). */
	readonly view: View;
	readonly state: ReviewState;
	readonly actions: ReviewActions;
	readonly layout: CardLayout;
	readonly commit: (next: View) => void;
	readonly leave: (leaving: Leaving) => void;
};

export type ReviewKey = {
	/** The keys, by `keyName`. */
	readonly keys: readonly string[];
	/** How the `?` list names them, when not simply the keys joined. */
	readonly label?: string;
	readonly when: keyof typeof SCOPES;
	/** The `?` list's line for the row; empty to leave the row out of the list. */
	readonly help: string;
	/** Throwing is safe: the card stays on screen and the message says what failed. */
	readonly does: (context: KeyContext) => void;
};

const GRADES: Readonly<Record<string, Rating>> = {'1': 1, '2': 2, '3': 3, '4': 4, space: 3, enter: 3};

// One line each at 40 columns, in the order the `?` list shows them.
export const REVIEW_KEYS: readonly ReviewKey[] = [
	// First: after `f`, a digit is a flag, not a grade.
	{keys: FLAG_DIGITS, when: 'flagging', help: '', does: ({key, ...context}) => flag(context, Number(key))},
	{keys: ['?', 'esc'], when: 'help', help: '', does: ({view, commit}) => commit({...view, help: false, scroll: view.cardScroll ?? 0, cardScroll: undefined})},
	{keys: ['e'], when: 'broken', help: '', does: ({view, state, leave}) => view.broken && leave({reason: 'edit', state, card: view.broken.card})},
	// Skipped: the card is read afresh, and as it is gone from its deck, the next one comes.
	{keys: ['space', 'enter'], when: 'broken', help: '', does: ({view, actions, commit}) => commit(onScreen({...view, broken: undefined}, view.session, actions))},
	{keys: ['i', 'esc'], when: 'info', help: '', does: ({view, commit}) => commit({...view, info: undefined, scroll: view.cardScroll ?? 0, cardScroll: undefined})},
	{keys: ['space', 'enter'], when: 'front', help: 'the answer, or next page', does: revealOrPage},
	{keys: ['1', '2', '3', '4'], label: '1 2 3 4', when: 'answer', help: 'Again, Hard, Good, Easy', does: grade},
	{keys: ['space', 'enter'], when: 'answer', help: 'Good, once revealed', does: grade},
	{keys: ['u'], when: 'screen', help: 'undo, one step at a time', does: ({view, actions, commit}) => commit(takeBack(view, actions))},
	{keys: ['s', '@'], when: 'card', help: 'suspend the card', does: (context) => putAside(context, 'suspend')},
	{keys: ['b', '-'], when: 'card', help: 'bury it until tomorrow', does: (context) => putAside(context, 'bury')},
	{keys: ['*'], when: 'card', help: 'mark it, or unmark it', does: mark},
	{keys: ['f'], label: 'f 1-4, f 0', when: 'card', help: 'flag red…blue, or 0 off', does: ({view, commit}) => commit({...view, flagging: true, message: {text: `Flag: ${FLAG_NAMES.slice(1).map((name, index) => `${index + 1} ${name}`).join(', ')}, 0 none.`}})},
	{keys: ['ctrl-1', 'ctrl-2', 'ctrl-3', 'ctrl-4'], when: 'card', help: '', does: ({key, ...context}) => flag(context, Number(key.slice('ctrl-'.length)))},
	{keys: ['e'], when: 'leech', help: '', does: ({view, state, leave}) => view.leech && leave({reason: 'edit', state, card: view.leech})},
	{keys: ['i'], when: 'card', help: 'its history and curve', does: ({view, actions, commit}) => view.card && commit({...view, info: actions.cardInfo(view.card.id), scroll: 0, cardScroll: view.scroll})},
	{keys: ['e'], when: 'card', help: 'edit it in $EDITOR', does: ({view, state, leave}) => view.card && leave({reason: 'edit', state, card: view.card})},
	{keys: ['down', 'j', 'up', 'k'], label: '↓ ↑, j k', when: 'reading', help: 'a line down or up', does: ({key, ...context}) => scrollTo(context, context.view.scroll + (key === 'down' || key === 'j' ? 1 : -1))},
	{keys: ['pgdn', 'pgup'], label: 'pgdn pgup', when: 'reading', help: 'a page down or up', does: ({key, ...context}) => scrollTo(context, context.view.scroll + (key === 'pgdn' ? 1 : -1) * context.layout.page)},
	{keys: ['home', 'g', 'end', 'G'], label: 'g G, home end', when: 'reading', help: 'its top or its end', does: ({key, ...context}) => scrollTo(context, key === 'home' || key === 'g' ? 0 : context.layout.scrollLimit)},
	{keys: ['?'], label: '?, esc', when: 'studying', help: 'show or hide these keys', does: ({view, commit}) => commit({...view, help: true, scroll: 0, cardScroll: view.scroll})},
	{keys: ['ctrl-z'], when: 'always', help: 'to the shell; fg returns', does: ({state, leave}) => leave({reason: 'pause', state})},
	{keys: ['q', 'ctrl-c'], when: 'always', help: 'stop; answers are saved', does: ({state, leave}) => leave({reason: 'quit', state})},
];

/** The row a key runs in this view, if any. */
export function rowFor(key: string, view: View): ReviewKey | undefined {
	return REVIEW_KEYS.find((row) => row.keys.includes(key) && SCOPES[row.when](view));
}

/** The parts of Ink's key description that name a key. */
export type Press = {
	readonly ctrl?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
};

const NAMED: ReadonlyArray<readonly [keyof Press, string]> = [
	['return', 'enter'],
	['escape', 'esc'],
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pgup'],
	['pageDown', 'pgdn'],
	['home', 'home'],
	['end', 'end'],
	['tab', 'tab'],
	['backspace', 'backspace'],
	['delete', 'delete'],
];

/** A key's name as rows list it: the character typed, or `enter`, `space`, `ctrl-x` and the like; empty for what has no name. */
export function keyName(input: string, press: Press): string {
	for (const [flag, name] of NAMED) if (press[flag]) return name;
	if (press.ctrl && input !== '') return `ctrl-${input}`;
	if (input === ' ') return 'space';
	return [...input].length === 1 ? input : '';
}

/** Space and Enter on the front: a card taller than the screen pages down first, and shows its answer at its end. */
function revealOrPage({key, view, layout, commit, actions}: KeyContext): void {
	if (key === 'space' && view.scroll < layout.scrollLimit) return commit({...view, scroll: Math.min(view.scroll + layout.page, layout.scrollLimit)});
	if (!view.card) return;
	commit({...view, session: reveal(view.session), intervals: actions.intervals(view.card), message: undefined, scroll: 0});
}

function grade({key, view, actions, commit}: KeyContext): void {
	const rating = GRADES[key];
	const {card, session} = view;
	if (rating === undefined || !card) return;
	const now = actions.now();
	// The intervals on screen are what the answer applies, unless a new study day began since they were shown.
	const intervals = actions.intervals(card);
	if (view.intervals && intervals[rating] !== view.intervals[rating]) {
		return commit({...view, intervals, message: {text: 'A new study day began and the intervals changed: check them and press again.'}});
	}
	// Committed before the next card is drawn: a crash now loses nothing answered.
	const durationMs = answerTimeMs(now - view.shownAt);
	const result = actions.answer(card, rating, durationMs);
	// A leech suspended by this answer does not come back today: no due time, so no learning step requeues it.
	const next = onScreen(view, answered(session, {...result, rating, durationMs, ...(result.leech?.suspended ? {due: null} : {})}, actions.now()), actions);
	if (!result.leech) return commit(next);
	commit({...next, leech: card, message: {text: `Leech: ${result.leech.lapses} lapses${result.leech.suspended ? ', suspended' : ''}. e rewrites it, u takes it back.`, error: true}});
}

function putAside({view, actions, commit}: KeyContext, kind: 'suspend' | 'bury'): void {
	if (!view.card) return;
	if (kind === 'suspend') actions.suspend(view.card.id, true);
	else actions.bury(view.card.id, true);
	const next = onScreen(view, setAside(view.session, kind, actions.now()), actions);
	commit({...next, message: {text: kind === 'suspend' ? 'Suspended. u takes it back.' : 'Buried until tomorrow. u takes it back.'}});
}

/** `*`: the card gets the `marked` tag, or loses it. */
function mark({view, actions, commit}: KeyContext): void {
	if (!view.card) return;
	const marked = actions.toggleMark(view.card.id);
	commit({...view, card: {...view.card, marked}, message: {text: marked ? 'Marked. * unmarks it.' : 'Unmarked.'}});
}

function flag({view, actions, commit}: Pick<KeyContext, 'view' | 'actions' | 'commit'>, flag: number): void {
	if (!view.card) return;
	actions.setFlag(view.card.id, flag);
	commit({...view, card: {...view.card, flag}, flagging: false, message: {text: flag === 0 ? 'Flag taken off.' : `Flagged ${FLAG_NAMES[flag]}. f 0 takes it off.`}});
}

function scrollTo({view, layout, commit}: Pick<KeyContext, 'view' | 'layout' | 'commit'>, row: number): void {
	commit({...view, scroll: Math.min(Math.max(0, row), layout.scrollLimit)});
}
