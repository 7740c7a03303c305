import {CLOCK_SKEW_MS, EARLIEST_EVENT_TIME} from '../../core/sync/event-log.js';
import type {SchedulerFor} from '../../core/scheduling/replay.js';
import type {Store} from '../../store/database.js';
import {replayAndSave, replayStoredHistory} from '../../store/scheduling/card-replay.js';
import {answerSlotMismatches, recountAnswerSlots} from '../../store/stats/answer-slots.js';
import {cardsWithHistory, fileIntegrityProblems, foreignKeyProblems, integrityProblems, orphanedRows, removeImpossibleEvents} from '../../store/safety/integrity.js';

type Finding = {readonly ok: boolean; readonly message: string};

export type DoctorReport = {
	readonly findings: readonly Finding[];
	/** Cards whose stored state does not follow from their history. */
	readonly disagreeing: ReadonlyArray<{readonly id: string; readonly deck: string}>;
	readonly repaired: number;
	/** SQLite found the file itself damaged: the other checks were not run, since nothing read from it can be trusted. */
	readonly damaged: boolean;
};

/**
Check a database in plain words: SQLite's integrity and foreign keys, rows that contradict each
other, and cards whose state does not follow from their own history. Only the parts of a state
that do not depend on scheduler settings are compared (reps, lapses, state, last review,
suspension, burial), so changing desired retention is not mistaken for damage. With `repair`,
disagreeing cards are recomputed from their history in one transaction. The answers counted per
quarter hour for the statistics are checked against the answers too, and counted again by `repair`.

A file that fails SQLite's integrity check is reported as damaged and nothing else is checked
or repaired: its rows cannot be trusted, and writing to it could spread the damage.

Answers and card events dated before 2006 or after `now` plus the clock skew allowed cannot be
real (an older fluency read forged log lines without checking their dates): `repair` removes them
and replays their cards without them.
*/
export function examine(store: Store, schedulerFor: SchedulerFor, repair = false, now?: number): DoctorReport {
	const findings: Finding[] = [];
	const integrity = integrityProblems(store);
	if (integrity.length > 0) return damageReport(integrity);
	findings.push({ok: true, message: 'SQLite integrity check: ok'});
	const foreignKeys = foreignKeyProblems(store);
	findings.push(foreignKeys.length === 0 ? {ok: true, message: 'references between tables: ok'} : {ok: false, message: `${foreignKeys.length} rows refer to rows that do not exist (first in table ${foreignKeys[0]!.table})`});
	const window = {earliest: EARLIEST_EVENT_TIME, latest: now === undefined ? 8.64e15 : now + CLOCK_SKEW_MS};
	const replayAnyway = new Set<string>();
	if (repair) {
		const removedFrom = store.transaction(() => removeImpossibleEvents(store, window));
		for (const cardId of removedFrom) replayAnyway.add(cardId);
		if (removedFrom.length > 0) findings.push({ok: true, message: `answers and events with an impossible time were removed from ${removedFrom.length} cards`});
	}
	const orphans = orphanedRows(store, window);
	findings.push(...(orphans.length === 0 ? [{ok: true, message: 'no orphaned or contradictory rows'}] : orphans.map((orphan) => ({ok: false, message: `${orphan.count} ${orphan.what}`}))));

	const disagreeing: Array<{id: string; deck: string}> = [];
	for (const card of cardsWithHistory(store)) {
		const replayed = replayStoredHistory(store, card.id, schedulerFor(card.deck));
		const stored = card.memory;
		const expected = replayed.memory;
		const same =
			stored.reps === expected.reps &&
			stored.lapses === expected.lapses &&
			stored.state === expected.state &&
			stored.lastReview === expected.lastReview &&
			card.suspended === replayed.suspended &&
			card.buriedUntil === replayed.buriedUntil;
		if (!same || replayAnyway.has(card.id)) disagreeing.push({id: card.id, deck: card.deck});
	}
	let repaired = 0;
	if (repair && disagreeing.length > 0) {
		store.transaction(() => {
			for (const card of disagreeing) replayAndSave(store, card.id, schedulerFor(card.deck));
		});
		repaired = disagreeing.length;
	}
	if (disagreeing.length === 0) findings.push({ok: true, message: 'every card agrees with its review history'});
	else if (repaired === 1) findings.push({ok: true, message: '1 card disagreed with its review history and was recomputed from it'});
	else if (repaired > 0) findings.push({ok: true, message: `${repaired} cards disagreed with their review history and were recomputed from it`});
	else if (disagreeing.length === 1) findings.push({ok: false, message: '1 card disagrees with its review history (fluency doctor --repair recomputes it from that history)'});
	else findings.push({ok: false, message: `${disagreeing.length} cards disagree with their review history (fluency doctor --repair recomputes them from it)`});

	// Checked after the repairs above, which rewrite answers and so their counts.
	const miscounted = answerSlotMismatches(store);
	const counts = miscounted === 1 ? '1 answer count statistics read' : `${miscounted} answer counts statistics read`;
	if (miscounted === 0) findings.push({ok: true, message: 'the answer counts statistics read agree with the answers'});
	else if (repair) {
		recountAnswerSlots(store);
		findings.push({ok: true, message: `${counts} disagreed with the answers and ${miscounted === 1 ? 'was' : 'were'} counted again`});
	} else findings.push({ok: false, message: `${counts} ${miscounted === 1 ? 'disagrees' : 'disagree'} with the answers (fluency doctor --repair counts them again)`});
	return {findings, disagreeing, repaired, damaged: false};
}

/** Check a database file that could not be opened as a store, or was found damaged before it was. */
export function examineDamagedFile(path: string): DoctorReport {
	const integrity = fileIntegrityProblems(path);
	// The file was found damaged, so a check that finds nothing (damage only a read of a row meets) still reports it.
	return damageReport(integrity.length > 0 ? integrity : ['a read of its rows failed, although the integrity check passed']);
}

function damageReport(integrity: readonly string[]): DoctorReport {
	const shown = integrity.slice(0, 3).map((problem) => problem.replace(/\s+/g, ' ').trim());
	const problems = integrity.length === 1 ? '1 problem' : `${integrity.length} problems`;
	return {
		findings: [
			{ok: false, message: `the database file is damaged: SQLite's integrity check found ${problems} (${shown.join('; ')}${integrity.length > 3 ? '; …' : ''})`},
			{ok: false, message: 'not checked: references, rows and cards against their history, since a damaged file cannot be trusted'},
		],
		disagreeing: [],
		repaired: 0,
		damaged: true,
	};
}
