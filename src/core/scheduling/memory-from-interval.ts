/*
The memory of a card that has an interval but no answers to compute one from: a new card given a
due date by hand (`fluency set-due`, Anki's "Set due date"). Anki makes such a card a review card
and, when FSRS needs its memory, converts it as fsrs-rs's `memory_state_from_sm2` does: the
stability at which recall falls to the retention SM-2 aimed for (90%) after the interval, and the
difficulty at which SM-2's ease would have been FSRS's growth factor. The formula is that one, for
FSRS-6's weights (w20 is the curve's decay; FSRS-5's weights have none and a fixed 0.5).
*/

/** The smallest stability fsrs-rs keeps. */
const S_MIN = 0.001;
/** SM-2's starting ease, which Anki gives a new card it schedules by hand. */
const INITIAL_EASE = 2.5;

export function memoryFromInterval(intervalDays: number, weights: readonly number[], ease = INITIAL_EASE, retention = 0.9): {stability: number; difficulty: number} {
	const decay = -(weights[20] ?? 0.5);
	const factor = 0.9 ** (1 / decay) - 1;
	const stability = (Math.max(intervalDays, S_MIN) * factor) / (retention ** (1 / decay) - 1);
	const [w8, w9, w10] = [weights[8]!, weights[9]!, weights[10]!];
	const difficulty = 11 - (ease - 1) / (Math.exp(w8) * stability ** -w9 * Math.expm1((1 - retention) * w10));
	return {stability, difficulty: Math.min(10, Math.max(1, difficulty))};
}
