/*
How well a model's predicted recall matches what happened, as the FSRS benchmark scores it
(srs-benchmark; fsrs-rs dataset.rs r_matrix_index and inference.rs rmse_bins):

- log loss: binary cross-entropy of the prediction against recalled (any rating but Again);
- RMSE over bins: predictions grouped by the last interval, the number of earlier reviews on
  other days, and the number of earlier lapses, each on a logarithmic scale; the root of the
  count-weighted mean squared gap between mean prediction and mean outcome per bin.

Computed here rather than by the FSRS binding: the binding's RMSE differs in its last digits from
call to call (its bins are summed in hash-map order), and `fluency evaluate` must be
deterministic. Both are unweighted, like the benchmark's Python.
*/
import type {TrainingItem} from './training.js';

export type Metrics = {readonly logLoss: number; readonly rmseBins: number};

const EPSILON = 1e-7;

function bin(value: number, base: number): number {
	return Math.floor(Math.log(value) / Math.log(base));
}

/** `predictions[i]` is the predicted recall at the last review of `items[i]`. */
export function recallMetrics(items: readonly TrainingItem[], predictions: readonly number[]): Metrics {
	let loss = 0;
	const bins = new Map<string, {predicted: number; recalled: number; count: number}>();
	items.forEach((item, index) => {
		const reviews = item.reviews;
		const last = reviews.at(-1)!;
		const recalled = last.rating > 1 ? 1 : 0;
		const p = Math.min(1 - EPSILON, Math.max(EPSILON, predictions[index]!));
		loss -= recalled * Math.log(p) + (1 - recalled) * Math.log(1 - p);
		const earlier = reviews.slice(0, -1);
		const longTerm = earlier.filter((review) => review.deltaT > 0).length + 1;
		const lapses = earlier.filter((review) => review.rating === 1 && review.deltaT > 0).length;
		const key = `${bin(last.deltaT, 3.62)}|${bin(longTerm, 1.89)}|${lapses === 0 ? 'none' : bin(lapses, 1.73)}`;
		const entry = bins.get(key) ?? {predicted: 0, recalled: 0, count: 0};
		entry.predicted += predictions[index]!;
		entry.recalled += recalled;
		entry.count++;
		bins.set(key, entry);
	});
	let squared = 0;
	let total = 0;
	for (const entry of bins.values()) {
		squared += entry.count * (entry.predicted / entry.count - entry.recalled / entry.count) ** 2;
		total += entry.count;
	}
	return {logLoss: items.length > 0 ? loss / items.length : 0, rmseBins: total > 0 ? Math.sqrt(squared / total) : 0};
}
