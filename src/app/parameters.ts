import {deckIsWithin} from '../core/card.js';
import {Scheduler, type SchedulerSettings} from '../core/scheduler.js';
import type {Store} from '../store/database.js';

/*
FSRS parameters fitted to the learner's own history: one global set, and presets for a deck and
its sub-decks. Kept in the database, because they belong to this history.
*/

const GLOBAL_KEY = 'fsrs.weights';
const PRESET_PREFIX = 'fsrs.preset:';
const FINGERPRINT_KEY = 'fsrs.scheduled_with';

export type FittedParameters = {readonly global?: readonly number[]; readonly presets: ReadonlyMap<string, readonly number[]>};

export function loadParameters(store: Store): FittedParameters {
	const rows = [...store.metaWithPrefix(GLOBAL_KEY), ...store.metaWithPrefix(PRESET_PREFIX)].filter((row) => row.key === GLOBAL_KEY || row.key.startsWith(PRESET_PREFIX));
	const presets = new Map<string, number[]>();
	let global: number[] | undefined;
	for (const row of rows) {
		const weights = JSON.parse(row.value) as number[];
		if (row.key === GLOBAL_KEY) global = weights;
		else presets.set(row.key.slice(PRESET_PREFIX.length), weights);
	}
	return {...(global ? {global} : {}), presets};
}

/** Keep fitted parameters, for every deck or (with `deck`) for that deck and its sub-decks. */
export function saveParameters(store: Store, weights: readonly number[], deck?: string): void {
	store.setMeta(deck ? `${PRESET_PREFIX}${deck}` : GLOBAL_KEY, JSON.stringify(weights));
}

/** Forget fitted parameters (a deck's preset, or the global ones): FSRS's defaults apply again. False when there were none. */
export function forgetParameters(store: Store, deck?: string): boolean {
	return store.deleteMeta(deck ? `${PRESET_PREFIX}${deck}` : GLOBAL_KEY);
}

/** The scheduler for each deck: its preset's parameters (the most specific one), else the global ones, else FSRS's defaults. */
export class Schedulers {
	readonly #settings: SchedulerSettings;
	readonly #parameters: FittedParameters;
	readonly #byWeights = new Map<string, Scheduler>();

	constructor(settings: SchedulerSettings, parameters: FittedParameters) {
		this.#settings = settings;
		this.#parameters = parameters;
	}

	weightsFor(deck: string): readonly number[] | undefined {
		let best: {deck: string; weights: readonly number[]} | undefined;
		for (const [presetDeck, weights] of this.#parameters.presets) {
			if (deckIsWithin(deck, presetDeck) && (!best || presetDeck.length > best.deck.length)) best = {deck: presetDeck, weights};
		}
		return best?.weights ?? this.#parameters.global;
	}

	forDeck(deck: string): Scheduler {
		const weights = this.weightsFor(deck);
		const key = weights ? weights.join(',') : 'default';
		let scheduler = this.#byWeights.get(key);
		if (!scheduler) {
			scheduler = new Scheduler({...this.#settings, ...(weights ? {weights} : {})});
			this.#byWeights.set(key, scheduler);
		}
		return scheduler;
	}

	/** What due dates were last computed with; when it changes, `fluency reschedule` is due. */
	fingerprint(): string {
		const {desiredRetention, maximumInterval, learningSteps, relearningSteps} = this.#settings;
		return JSON.stringify({desiredRetention, maximumInterval, learningSteps, relearningSteps, global: this.#parameters.global ?? null, presets: [...this.#parameters.presets].sort()});
	}
}

export function scheduledWith(store: Store): string | undefined {
	return store.getMeta(FINGERPRINT_KEY);
}

export function markScheduledWith(store: Store, fingerprint: string): void {
	store.setMeta(FINGERPRINT_KEY, fingerprint);
}
