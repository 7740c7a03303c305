import {type MutableRefObject, useRef, useState} from 'react';
import type {View} from './review-view.js';

/**
The view, and a ref that always holds the latest one. Keys can arrive faster than React redraws
(several in one read): handlers work on the ref, never on a stale copy, so one card cannot be
answered twice.
*/
export function useLatestView(first: () => View): {view: View; latest: MutableRefObject<View>; commit: (next: View) => void} {
	const [view, setView] = useState(first);
	const latest = useRef(view);
	const commit = (next: View) => {
		latest.current = next;
		setView(next);
	};
	return {view, latest, commit};
}
