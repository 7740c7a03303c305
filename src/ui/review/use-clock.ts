import {type MutableRefObject, useEffect, useState} from 'react';
import type {ReviewActions} from '../../app/review/review-actions.js';
import {draw, waitingUntil} from '../../core/review/session.js';
import {onScreen, type View} from './review-view.js';

/**
The clock in the header, and the wait for a learning card's next step: each second, a waiting
session draws the card that came due. The screen is redrawn only when what the clock shows
changes: a frame taller than the terminal is redrawn whole by Ink, which flickers.
*/
export function useClock(actions: ReviewActions, startedAt: number, latest: MutableRefObject<View>, commit: (next: View) => void) {
	const [, setTick] = useState(0);
	useEffect(() => {
		let shown = '';
		const timer = setInterval(() => {
			const current = latest.current;
			const now = actions.now();
			if (!current.session.current) {
				const next = draw(current.session, now);
				if (next.current) return commit(onScreen(current, next, actions));
			}
			const clock = `${Math.floor((now - startedAt) / 60_000)} ${current.session.current ? '' : Math.ceil(((waitingUntil(current.session) ?? now) - now) / 1000)}`;
			if (clock !== shown) setTick((tick) => tick + 1);
			shown = clock;
		}, 1000);
		return () => clearInterval(timer);
	}, [actions, startedAt]);
}
