import type {PaceAnswer} from '../../core/review/pace.js';
import type {Store} from '../database.js';

/** The answers given since `since` (undone ones left out), the latest `limit` of them: what the review's time estimate reads. */
export function recentAnswers(store: Store, since: number, limit: number): PaceAnswer[] {
	type Row = {card_id: string; reviewed_at: number; state_before: string; duration_ms: number};
	const rows = store
		.statement('SELECT card_id, reviewed_at, state_before, duration_ms FROM reviews WHERE reviewed_at >= ? AND undone_at IS NULL ORDER BY reviewed_at DESC LIMIT ?')
		.all(since, limit) as Row[];
	return rows.map((row) => ({cardId: row.card_id, at: row.reviewed_at, stateBefore: row.state_before, durationMs: row.duration_ms}));
}
