/*
Which of an Anki card's review log rows make its history, decided as Anki's own FSRS decides it
(rslib scheduler/fsrs/params.rs, reviews_for_fsrs, when it computes a card's memory state):

- walking back from the newest row, cramming in a filtered deck (type 3, factor 0) is passed over;
- the history starts at the first row of the card's last run of graded learning rows;
- a reset ("Forget": manual, factor 0) ends the walk: rows before it do not count, and a card
  not graded since its reset has no history (it is new);
- a card with no learning row starts at its first graded row after any reset: its history is
  incomplete (it was reset or rescheduled in a version that left no row, or its early rows were
  lost), so fluency estimates its memory from what is left and keeps Anki's due date;
- of what remains, manual rows, rows without a grade, cramming and rescheduling are left out.
*/
import type {AnkiReview} from './review-log.js';

export type KeptHistory = {
	/** Graded reviews, oldest first. */
	readonly reviews: readonly AnkiReview[];
	/** Complete: it starts with learning. Incomplete: no learning row; none: nothing graded since a reset, or ever. */
	readonly kind: 'complete' | 'incomplete' | 'none';
	/** Graded rows before the start that are left out. */
	readonly leftOut: number;
};

const LEARNING = 0;
const FILTERED = 3;
const MANUAL = 4;
const RESCHEDULED = 5;

const graded = (review: AnkiReview) => review.ease >= 1 && review.ease <= 4;
const cramming = (review: AnkiReview) => review.type === FILTERED && review.factor === 0;

/** One card's rows, oldest first, as Anki's FSRS reads them. */
export function historyToKeep(rows: readonly AnkiReview[]): KeptHistory {
	let lastLearningStart: number | undefined;
	let firstGraded: number | undefined;
	let start: number | undefined;
	for (let index = rows.length - 1; index >= 0; index--) {
		const row = rows[index]!;
		if (cramming(row)) continue;
		if (graded(row)) firstGraded = index;
		if (graded(row) && row.type === LEARNING) lastLearningStart = index;
		else if (lastLearningStart !== undefined) break;
		else if (row.type === MANUAL && row.factor === 0) {
			if (firstGraded === undefined) return {reviews: [], kind: 'none', leftOut: rows.filter(graded).length};
			break;
		}
	}
	start = lastLearningStart ?? firstGraded;
	if (start === undefined) return {reviews: [], kind: 'none', leftOut: 0};
	const reviews = rows.slice(start).filter((row) => graded(row) && row.type !== MANUAL && row.type !== RESCHEDULED && !cramming(row));
	const leftOut = rows.slice(0, start).filter((row) => graded(row) && row.type !== MANUAL && !cramming(row)).length;
	return {reviews, kind: lastLearningStart === undefined ? 'incomplete' : 'complete', leftOut};
}
