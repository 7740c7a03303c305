/*
How long an answer took, as recorded: whole milliseconds, never negative (a clock set back), and
at most a minute, as Anki caps it by default: a longer wait is a pause, not thought, and would
skew the time per answer that stats and the optimizer's workload estimate read. The review
screen, the store and the Anki export all apply this one rule.
*/

export const MAX_ANSWER_MS = 60_000;

export function answerTimeMs(elapsedMs: number): number {
	if (Number.isNaN(elapsedMs)) return 0;
	return Math.min(MAX_ANSWER_MS, Math.max(0, Math.round(elapsedMs)));
}
