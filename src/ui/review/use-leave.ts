import {useApp} from 'ink';
import {type MutableRefObject, useEffect, useRef} from 'react';
import type {Leaving, View} from './review-view.js';

/**
Leave the screen once, telling `onLeave` why. Taken down from outside (a signal) without a key,
the session still ends as a quit with what was done.
*/
export function useLeave(onLeave: (leaving: Leaving) => void, latest: MutableRefObject<View>, startedAt: number) {
	const {exit} = useApp();
	const left = useRef(false);
	useEffect(
		() => () => {
			if (!left.current) {
				left.current = true;
				onLeave({reason: 'quit', state: {session: latest.current.session, startedAt}});
			}
		},
		[],
	);
	const leave = (leaving: Leaving) => {
		if (left.current) return;
		left.current = true;
		onLeave(leaving);
		exit();
	};
	return {leave, hasLeft: () => left.current};
}
