/*
The scheduler's figures for one answer as a review row's columns hold them, for every writer of
review rows: an answer recorded, a history imported, a card's history replayed.
*/
import type {AnswerOutcome} from '../../core/scheduling/scheduler.js';

/** The figures as named parameters. */
export function outcomeColumns(outcome: AnswerOutcome, at: number) {
	return {
		stateBefore: outcome.before.state,
		stabilityBefore: outcome.before.stability,
		difficultyBefore: outcome.before.difficulty,
		scheduledDaysBefore: outcome.before.scheduledDays,
		elapsedDays: outcome.elapsedDays,
		retrievability: outcome.retrievability,
		stateAfter: outcome.after.state,
		stabilityAfter: outcome.after.stability,
		difficultyAfter: outcome.after.difficulty,
		scheduledDays: outcome.after.scheduledDays,
		dueAfter: outcome.after.due ?? at,
	};
}

/** The same columns as outcomeColumns, as positional values in that order: a bulk insert binds them without an object per row. */
export function outcomeValues(outcome: AnswerOutcome, at: number): [string, number, number, number, number, number | null, string, number, number, number, number] {
	const {before, after} = outcome;
	return [before.state, before.stability, before.difficulty, before.scheduledDays, outcome.elapsedDays, outcome.retrievability, after.state, after.stability, after.difficulty, after.scheduledDays, after.due ?? at];
}
