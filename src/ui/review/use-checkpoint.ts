import {useEffect} from 'react';
import type {ReviewActions} from '../../app/review/review-actions.js';
import type {Session} from '../../core/review/session.js';

/** How long the keys must rest after a change before the log is copied to the database file. */
const SETTLE_AFTER_MS = 250;

/**
Each answer, suspension, burial or undo changes the history; once the keys rest, the work SQLite
would otherwise do inside some later answer is done while the user reads.
*/
export function useCheckpoint(actions: ReviewActions, history: Session['history']) {
	useEffect(() => {
		const timer = setTimeout(() => actions.settle(), SETTLE_AFTER_MS);
		return () => clearTimeout(timer);
	}, [actions, history]);
}
