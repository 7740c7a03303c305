import {useInput} from 'ink';
import type {MutableRefObject} from 'react';
import type {ReviewActions} from '../../app/review/review-actions.js';
import {answerTimeMs} from '../../core/review/answer-time.js';
import type {Rating} from '../../core/scheduling/scheduler.js';
import {answered, isFinished, reveal, setAside} from '../../core/review/session.js';
import {type Leaving, onScreen, takeBack, type View} from './review-view.js';

const GRADES: Readonly<Record<string, Rating>> = {'1': 1, '2': 2, '3': 3, '4': 4};

/** The parts of Ink's key description the screen looks at. */
type Press = {readonly ctrl: boolean; readonly escape: boolean; readonly return: boolean; readonly upArrow?: boolean; readonly downArrow?: boolean};

type ReviewKeys = {
	readonly actions: ReviewActions;
	readonly startedAt: number;
	readonly latest: MutableRefObject<View>;
	readonly commit: (next: View) => void;
	readonly leave: (leaving: Leaving) => void;
	readonly hasLeft: () => boolean;
	/** How far the card on screen can scroll, as last laid out. */
	readonly scrollLimit: () => number;
};

/**
The key map: each key acts on the latest view, and an answer is committed to the database
before the next card is drawn.
*/
export function useReviewKeys({actions, startedAt, latest, commit, leave, hasLeft, scrollLimit}: ReviewKeys) {
	const press = (input: string, key: Press) => {
		const current = latest.current;
		const state = {session: current.session, startedAt};
		if (hasLeft()) return;
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
			return commit({...current, scroll: Math.min(Math.max(0, current.scroll + step), scrollLimit())});
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
				const result = actions.answer(card, rating, answerTimeMs(now - current.shownAt));
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
}
