import {useInput} from 'ink';
import {type MutableRefObject, useEffect} from 'react';
import type {ReviewActions} from '../../app/review/review-actions.js';
import {isFinished} from '../../core/review/session.js';
import {type CardLayout, keyName, type Press, rowFor} from './review-keys.js';
import type {Leaving, View} from './review-view.js';

/** How long a key that does nothing keeps its hint on the hint line. */
const FLASH_MS = 1500;

type ReviewKeys = {
	readonly actions: ReviewActions;
	readonly startedAt: number;
	readonly latest: MutableRefObject<View>;
	readonly commit: (next: View) => void;
	readonly leave: (leaving: Leaving) => void;
	readonly hasLeft: () => boolean;
	/** How far the card on screen can scroll, as last laid out. */
	readonly layout: () => CardLayout;
};

/**
Each key runs its row of the key table (review-keys.ts) on the latest view; an answer is committed
to the database before the next card is drawn. A key no row takes says so on the hint line.
*/
export function useReviewKeys({actions, startedAt, latest, commit, leave, hasLeft, layout}: ReviewKeys) {
	const press = (input: string, key: Press) => {
		if (hasLeft()) return;
		const view = latest.current;
		const name = keyName(input, key);
		const row = rowFor(name, view);
		if (!row) {
			// The end screen: any other key leaves.
			if (!view.help && isFinished(view.session)) return leave({reason: 'finished', state: {session: view.session, startedAt}});
			if (name !== '') commit({...view, flash: `${shownName(name)} does nothing here · ? for keys`});
			return;
		}
		try {
			row.does({key: name, view, state: {session: view.session, startedAt}, actions, layout: layout(), commit: (next) => commit({...next, flash: undefined}), leave});
		} catch (thrown) {
			// The card stays on screen: nothing was saved, and the key can be pressed again.
			commit({...view, message: {text: `could not save: ${(thrown as Error).message}`, error: true}});
		}
	};

	// The hint goes after a moment; a later key's own hint starts its own moment.
	const flash = latest.current.flash;
	useEffect(() => {
		if (flash === undefined) return;
		const timer = setTimeout(() => {
			if (latest.current.flash === flash) commit({...latest.current, flash: undefined});
		}, FLASH_MS);
		return () => clearTimeout(timer);
	}, [flash]);

	useInput((input, key) => {
		// Keys typed while the process was busy (a commit, the first code highlight) arrive
		// together, like a paste: each is still a key press of its own.
		if (input.length > 1 && !key.ctrl && !key.meta && !input.includes('\u001b')) {
			for (const character of input) press(character === '\r' ? '' : character, {return: character === '\r'});
		} else {
			press(input, key);
		}
	});
}

/** A key as the hint names it: Space rather than an invisible blank. */
function shownName(name: string): string {
	return name.length === 1 ? name : name.replace(/^[a-z]/, (first) => first.toUpperCase());
}
