import {computeParameters, FSRSBindingItem, FSRSBindingReview} from '@open-spaced-repetition/binding';
import type {UtcOffset} from '../core/day.js';
import {type Metrics, recallMetrics} from '../core/metrics.js';
import {DEFAULT_WEIGHTS, predictRecall} from '../core/scheduler.js';
import {type TrainingItem, type TrainingSet, trainingSet} from '../core/training.js';
import type {Store} from '../store/database.js';
import {answersForTraining, lastResets} from '../store/training.js';
import {UserError} from './errors.js';

/*
Fitting FSRS parameters to a learner's own history with the optimizer Anki uses: the Rust
fsrs-rs crate through @open-spaced-repetition/binding. Nothing here fits by hand.
*/

export type {Metrics};

/** Below this many training items fsrs-rs returns its defaults unchanged. */
export const MIN_TRAINING_ITEMS = 8;

export type Evaluation = {readonly set: TrainingSet; readonly metrics: Metrics};

export type Fit = {
	readonly set: TrainingSet;
	readonly current: Metrics;
	readonly fitted: Metrics;
	readonly weights: readonly number[];
	/** The fitted parameters predict this history better than the current ones (lower log loss). */
	readonly better: boolean;
};

function bindingItems(items: readonly TrainingItem[]): FSRSBindingItem[] {
	return items.map((item) => new FSRSBindingItem(item.reviews.map((review) => new FSRSBindingReview(review.rating, review.deltaT))));
}

/** The history to learn from, for all cards or the given ones. */
export function historyForTraining(store: Store, dayStartHour: number, utcOffset: UtcOffset, cardIds?: readonly string[]): TrainingSet {
	return trainingSet(answersForTraining(store, cardIds), dayStartHour, utcOffset, lastResets(store));
}

function requireEnough(set: TrainingSet): void {
	if (set.items.length < MIN_TRAINING_ITEMS) {
		throw new UserError(
			`not enough history to fit parameters: the optimizer needs at least ${MIN_TRAINING_ITEMS} answers given a day or more after the card's previous answer, and there ${set.items.length === 1 ? 'is' : 'are'} ${set.items.length}`,
		);
	}
}

/** How well these parameters predict the history (log loss and RMSE over bins, lower is better); deterministic, changes nothing. */
export function evaluate(set: TrainingSet, weights: readonly number[] = DEFAULT_WEIGHTS): Metrics {
	requireEnough(set);
	return recallMetrics(set.items, predictRecall(set.items.map((item) => item.reviews), weights));
}

/** Fit parameters to the history and compare them with the current ones on the same history. */
export async function fit(set: TrainingSet, currentWeights: readonly number[] = DEFAULT_WEIGHTS, onProgress?: (done: number, total: number) => void): Promise<Fit> {
	requireEnough(set);
	const items = bindingItems(set.items);
	const weights = await computeParameters(items, {
		enableShortTerm: true,
		// The binding polls for progress every `timeout` ms; its default (500) makes even tiny fits take half a second.
		timeout: 10,
		...(onProgress ? {progress: (done: number, total: number) => onProgress(done, total)} : {}),
	});
	const current = evaluate(set, currentWeights);
	const fitted = evaluate(set, weights);
	return {set, current, fitted, weights, better: fitted.logLoss < current.logLoss};
}
