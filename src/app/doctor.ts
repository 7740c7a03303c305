import {replayCard, type SchedulerFor} from '../core/replay.js';
import type {Store} from '../store/database.js';
import {cardHistory, saveReplay, undoTimes} from '../store/event-sync.js';
import {cardsWithHistory, foreignKeyProblems, integrityProblems, orphanedRows} from '../store/integrity.js';

export type Finding = {readonly ok: boolean; readonly message: string};

export type DoctorReport = {
	readonly findings: readonly Finding[];
	/** Cards whose stored state does not follow from their history. */
	readonly disagreeing: ReadonlyArray<{readonly id: string; readonly deck: string}>;
	readonly repaired: number;
};

/**
Check a database in plain words: SQLite's integrity and foreign keys, rows that contradict each
other, and cards whose state does not follow from their own history. Only the parts of a state
that do not depend on scheduler settings are compared (reps, lapses, state, last review,
suspension, burial), so changing desired retention is not mistaken for damage. With `repair`,
disagreeing cards are recomputed from their history in one transaction.
*/
export function examine(store: Store, schedulerFor: SchedulerFor, repair = false): DoctorReport {
	const findings: Finding[] = [];
	const integrity = integrityProblems(store);
	findings.push(integrity.length === 0 ? {ok: true, message: 'SQLite integrity check: ok'} : {ok: false, message: `SQLite integrity check found ${integrity.length} problems: ${integrity.slice(0, 3).join('; ')}`});
	const foreignKeys = foreignKeyProblems(store);
	findings.push(foreignKeys.length === 0 ? {ok: true, message: 'references between tables: ok'} : {ok: false, message: `${foreignKeys.length} rows refer to rows that do not exist (first in table ${foreignKeys[0]!.table})`});
	const orphans = orphanedRows(store);
	findings.push(...(orphans.length === 0 ? [{ok: true, message: 'no orphaned or contradictory rows'}] : orphans.map((orphan) => ({ok: false, message: `${orphan.count} ${orphan.what}`}))));

	const disagreeing: Array<{id: string; deck: string}> = [];
	for (const card of cardsWithHistory(store)) {
		const replayed = replayCard(cardHistory(store, card.id), schedulerFor(card.deck));
		const stored = card.memory;
		const expected = replayed.memory;
		const same =
			stored.reps === expected.reps &&
			stored.lapses === expected.lapses &&
			stored.state === expected.state &&
			stored.lastReview === expected.lastReview &&
			card.suspended === replayed.suspended &&
			card.buriedUntil === replayed.buriedUntil;
		if (!same) disagreeing.push({id: card.id, deck: card.deck});
	}
	let repaired = 0;
	if (repair && disagreeing.length > 0) {
		store.transaction(() => {
			for (const card of disagreeing) saveReplay(store, card.id, replayCard(cardHistory(store, card.id), schedulerFor(card.deck)), undoTimes(store, card.id));
		});
		repaired = disagreeing.length;
	}
	if (disagreeing.length === 0) findings.push({ok: true, message: 'every card agrees with its review history'});
	else if (repaired > 0) findings.push({ok: true, message: `${repaired} cards disagreed with their review history and were recomputed from it`});
	else findings.push({ok: false, message: `${disagreeing.length} cards disagree with their review history (fluency doctor --repair recomputes them from it)`});
	return {findings, disagreeing, repaired};
}
