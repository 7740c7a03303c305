import {computeParameters, evaluateWithTimeSeriesSplits, FSRSBinding, FSRSBindingItem, FSRSBindingReview} from '@open-spaced-repetition/binding';
import type {UtcOffset} from '../../core/scheduling/day.js';
import {type HealthCheck, healthCheck, type Metrics} from '../../core/scheduling/metrics.js';
import {DEFAULT_WEIGHTS, parameterBounds} from '../../core/scheduling/scheduler.js';
import {type TrainingItem, type TrainingSet, trainingSet} from '../../core/scheduling/training.js';
import type {Store} from '../../store/database.js';
import {answersForTraining, lastResets} from '../../store/scheduling/training.js';
import {UserError} from '../errors.js';

/*
Fitting and scoring FSRS parameters with the optimizer Anki uses: the Rust fsrs-rs crate through
@open-spaced-repetition/binding, on items in time order, with the options Anki passes
(short-term scheduling on, the number of relearning steps). The figures are fsrs-rs's own, so they
are the ones Anki shows for the same history. Nothing here fits or scores by hand.
*/

export type {HealthCheck, Metrics};

/** Below this many training items fsrs-rs returns its defaults unchanged. */
const MIN_TRAINING_ITEMS = 8;

/** What Anki passes the optimizer besides the items. */
export type FitOptions = {readonly numRelearningSteps: number};

export type Fit = {
	readonly set: TrainingSet;
	readonly current: Metrics;
	readonly fitted: Metrics;
	/** The fit scored out of sample: trained on the past, tested on what came after, as Anki's health check does. */
	readonly outOfSample: Metrics;
	readonly health: HealthCheck;
	readonly weights: readonly number[];
	/** The fitted parameters predict this history better than the current ones (lower log loss, as Anki decides). */
	readonly better: boolean;
};

/** The binding's items, in the training set's order (time order: the binding weights by position). */
function bindingItems(items: readonly TrainingItem[]): FSRSBindingItem[] {
	return items.map((item) => new FSRSBindingItem(item.reviews.map((review) => new FSRSBindingReview(review.rating, review.deltaT))));
}

/** The history to learn from, for all cards or the given ones, in time order. */
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

function binderOptions(options: FitOptions, onProgress?: (done: number, total: number) => void) {
	return {
		enableShortTerm: true,
		numRelearningSteps: options.numRelearningSteps,
		// The binding polls for progress every `timeout` ms; its default (500) makes even tiny fits take half a second.
		timeout: 10,
		...(onProgress ? {progress: (done: number, total: number) => onProgress(done, total)} : {}),
	};
}

/** How well these parameters predict the history: fsrs-rs's recency-weighted log loss and RMSE over bins (Anki's figures). Changes nothing. */
export function evaluate(set: TrainingSet, weights: readonly number[] = DEFAULT_WEIGHTS): Metrics {
	requireEnough(set);
	const {logLoss, rmseBins} = new FSRSBinding([...weights]).evaluate(bindingItems(set.items));
	return {logLoss, rmseBins};
}

/**
Out-of-sample figures: fsrs-rs splits the history in time (sklearn's TimeSeriesSplit), fits on
each past and scores on the stretch that follows. What Anki's Evaluate button shows since 25.07,
and what its health check judges.
*/
export async function evaluateOutOfSample(set: TrainingSet, options: FitOptions): Promise<Metrics> {
	requireEnough(set);
	const {logLoss, rmseBins} = await evaluateWithTimeSeriesSplits(bindingItems(set.items), binderOptions(options));
	return {logLoss, rmseBins};
}

/** Fit parameters to the history, compare them with the current ones on it, and check the fit's health. */
export async function fit(set: TrainingSet, currentWeights: readonly number[], options: FitOptions, onProgress?: (done: number, total: number) => void): Promise<Fit> {
	requireEnough(set);
	const weights = await computeParameters(bindingItems(set.items), binderOptions(options, onProgress));
	const current = evaluate(set, currentWeights);
	const fitted = evaluate(set, weights);
	const outOfSample = await evaluateOutOfSample(set, options);
	const health = healthCheck(set.items, outOfSample, weights, parameterBounds());
	return {set, current, fitted, outOfSample, health, weights, better: fitted.logLoss < current.logLoss};
}
