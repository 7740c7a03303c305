/*
What evaluation figures mean. The figures themselves come from fsrs-rs (through the binding), as
Anki shows them: log loss and RMSE over bins, recency-weighted over items in time order. Here:
Anki's health check on them (rslib scheduler/fsrs/params.rs, since 25.07), parameters at the edge
of their allowed range, and a sentence a learner can act on.
*/
import type {TrainingItem} from './training.js';

export type Metrics = {readonly logLoss: number; readonly rmseBins: number};

/** Anki runs its health check only above this many training items; below, the splits are too small to say. */
export const HEALTH_CHECK_MIN_ITEMS = 300;
/** Below this many items fsrs-rs fits only the first four parameters, and the fit can still move a lot. */
const FULL_FIT_ITEMS = 400;

/** The share of items whose last answer was not Again: the retention the history shows. */
function recalledShare(items: readonly TrainingItem[]): number {
	if (items.length === 0) return 0;
	return items.filter((item) => (item.reviews.at(-1)?.rating ?? 1) > 1).length / items.length;
}

/*
Anki's normalisation: the log loss and RMSE a typical collection gets at this retention (and,
for RMSE, this many items); a history whose out-of-sample figures are far above both is one the
model does not fit. The constants are Anki's.
*/
function typicalLogLoss(retention: number): number {
	return 0.623 * (4 * retention * (1 - retention)) ** 0.738;
}

function typicalRmse(retention: number, items: number): number {
	return 0.0135 / (retention ** 0.504 - 1.14) + 0.176 / ((items / 1000) ** 0.825 + 2.22) + 0.101;
}

/*
Parameters judged for extremes: difficulty (w4-w6), stability after recall and after a lapse
(w8-w16) and the forgetting curve's decay (w20). Not the initial stabilities (w0-w3), which sit at a
bound for a learner who never uses a grade, nor w7 (FSRS's default is its lower bound), nor the
same-day ones (w17-w19), which fits commonly set to zero.
*/
const JUDGED: ReadonlySet<number> = new Set([4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20]);

export type HealthCheck = {
	/** Null when there are too few items to judge, as in Anki. */
	readonly stable: boolean | null;
	/** Out-of-sample figures over the typical ones (above 1.11 and 1.53 together: unstable). */
	readonly adjustedLogLoss: number;
	readonly adjustedRmse: number;
	/** Parameters at the edge of the range FSRS allows them, by index (w0..w20). */
	readonly extreme: readonly number[];
	readonly passed: boolean;
};

/**
Anki's health check (25.07): with more than 300 items, the time-series-split figures divided by
the typical ones must have log loss at most 1.11 or RMSE at most 1.53. fluency adds a check Anki
does not make: a fitted parameter pinned at a bound of its range is a sign the optimizer was
pushed by too little or odd data.
*/
export function healthCheck(items: readonly TrainingItem[], outOfSample: Metrics, weights: readonly number[], bounds: ReadonlyArray<readonly [number, number]>): HealthCheck {
	const retention = recalledShare(items);
	const adjustedLogLoss = outOfSample.logLoss / typicalLogLoss(retention);
	const adjustedRmse = outOfSample.rmseBins / typicalRmse(retention, items.length);
	const stable = items.length > HEALTH_CHECK_MIN_ITEMS ? adjustedLogLoss <= 1.11 || adjustedRmse <= 1.53 : null;
	const extreme = weights.flatMap((weight, index) => {
		const [low, high] = bounds[index] ?? [-Infinity, Infinity];
		const margin = (high - low) * 1e-3;
		return JUDGED.has(index) && (weight <= low + margin || weight >= high - margin) ? [index] : [];
	});
	return {stable, adjustedLogLoss, adjustedRmse, extreme, passed: stable !== false && extreme.length === 0};
}

/** How many more answers before a new fit is worth it: up to a full fit's 400, then a fifth more history. */
export function answersBeforeRefit(items: number): number {
	return items < FULL_FIT_ITEMS ? FULL_FIT_ITEMS - items : Math.max(100, Math.round(items / 5));
}

/** The figures in words: how well the model predicts this learner, and when to fit again. */
export function verdict(items: readonly TrainingItem[], metrics: Metrics): string {
	const retention = recalledShare(items);
	const good = metrics.logLoss / typicalLogLoss(retention) <= 1.11 || metrics.rmseBins / typicalRmse(retention, items.length) <= 1.53;
	const how = good
		? `Your reviews are predicted well: on average the predicted chance of recall is within ${(metrics.rmseBins * 100).toFixed(1)} points of how often you recalled`
		: `Your reviews are predicted poorly: the predicted chance of recall is off by ${(metrics.rmseBins * 100).toFixed(1)} points on average`;
	return `${how}; fit again after ${answersBeforeRefit(items.length)} more answers.`;
}
