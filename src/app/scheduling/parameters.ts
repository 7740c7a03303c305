import {deckIsWithin} from '../../core/decks/deck-names.js';
import {Scheduler, type SchedulerSettings} from '../../core/scheduling/scheduler.js';
import type {Store} from '../../store/database.js';
import {readMeta, writeMeta} from '../../store/meta.js';
import {insertParametersEvent, latestParametersAt, parametersInEffect} from '../../store/scheduling/parameters.js';

/*
FSRS parameters fitted to the learner's own history: one global set, and presets for a deck and
its sub-decks. Each change is an event that travels in the review logs like an answer, and per
preset the latest change (by time, then event id) is in effect, so every device that has read the
same logs schedules with the same parameters.
*/

const FINGERPRINT_KEY = 'fsrs.scheduled_with';
const GLOBAL = '';

export type FittedParameters = {readonly global?: readonly number[]; readonly presets: ReadonlyMap<string, readonly number[]>};

export function loadParameters(store: Store): FittedParameters {
	const presets = new Map<string, readonly number[]>();
	let global: readonly number[] | undefined;
	for (const [preset, weights] of parametersInEffect(store)) {
		if (weights === null) continue;
		if (preset === GLOBAL) global = weights;
		else presets.set(preset, weights);
	}
	return {...(global ? {global} : {}), presets};
}

/**
Record a change of a preset's parameters as this device's event. Dated at least just after the
preset's latest change, even one read from a device whose clock runs ahead: the change made here
and now is the one in effect, here and, once the logs travel, everywhere.
*/
function recordChange(store: Store, preset: string, weights: readonly number[] | null, at: number): void {
	store.transaction(() => {
		const latest = latestParametersAt(store, preset);
		insertParametersEvent(store, {type: 'parameters', id: store.newEventId(), device: store.deviceId, at: latest === undefined ? at : Math.max(at, latest + 1), preset, weights});
	});
}

/** Keep fitted parameters, for every deck or (with `deck`) for that deck and its sub-decks. */
export function saveParameters(store: Store, weights: readonly number[], deck: string | undefined, at: number): void {
	recordChange(store, deck ?? GLOBAL, [...weights], at);
}

/** Forget fitted parameters (a deck's preset, or the global ones): FSRS's defaults apply again. False when there were none. */
export function forgetParameters(store: Store, deck: string | undefined, at: number): boolean {
	const preset = deck ?? GLOBAL;
	if (!parametersInEffect(store).get(preset)) return false;
	recordChange(store, preset, null, at);
	return true;
}

/** The presets whose parameters differ between two sets, for saying what changed ('' for the global ones). */
export function changedPresets(before: FittedParameters, after: FittedParameters): string[] {
	const same = (a: readonly number[] | undefined, b: readonly number[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
	const names = new Set([...before.presets.keys(), ...after.presets.keys()]);
	return [...(same(before.global, after.global) ? [] : [GLOBAL]), ...[...names].sort().filter((name) => !same(before.presets.get(name), after.presets.get(name)))];
}

/** The scheduler for each deck: its preset's parameters (the most specific one), else the global ones, else FSRS's defaults. */
export class Schedulers {
	readonly #settings: SchedulerSettings;
	readonly #parameters: FittedParameters;
	readonly #byWeights = new Map<string, Scheduler>();
	/** Each deck's scheduler once found: a search asks for it once per card (12,000 times for a due date). */
	readonly #byDeck = new Map<string, Scheduler>();

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

	/** The deck's desired retention: the most specific `deckRetention` entry that covers it, else the global one (as Anki 25.09's per-deck retention). */
	retentionFor(deck: string): number {
		let best: {deck: string; retention: number} | undefined;
		for (const [retentionDeck, retention] of Object.entries(this.#settings.deckRetention ?? {})) {
			if (deckIsWithin(deck, retentionDeck) && (!best || retentionDeck.length > best.deck.length)) best = {deck: retentionDeck, retention};
		}
		return best?.retention ?? this.#settings.desiredRetention;
	}

	forDeck(deck: string): Scheduler {
		const found = this.#byDeck.get(deck);
		if (found) return found;
		const weights = this.weightsFor(deck);
		const desiredRetention = this.retentionFor(deck);
		const key = `${weights ? weights.join(',') : 'default'}@${desiredRetention}`;
		let scheduler = this.#byWeights.get(key);
		if (!scheduler) {
			scheduler = new Scheduler({...this.#settings, desiredRetention, ...(weights ? {weights} : {})});
			this.#byWeights.set(key, scheduler);
		}
		this.#byDeck.set(deck, scheduler);
		return scheduler;
	}

	/** What due dates were last computed with; when it changes, `fluency reschedule` is due. */
	fingerprint(): string {
		const {desiredRetention, maximumInterval, learningSteps, relearningSteps, studyDays, deckRetention} = this.#settings;
		// Days are counted between study days and the fuzz is seeded per card: dates computed before that are due for a reschedule.
		// The time zone by its winter and summer offsets: moving to another zone moves study days too.
		const offsets = studyDays ? [studyDays.utcOffset(Date.UTC(2026, 0, 15)), studyDays.utcOffset(Date.UTC(2026, 6, 15))] : null;
		const days = {counting: 'study days', dayStartHour: studyDays?.dayStartHour ?? 4, offsets};
		const retentions = Object.entries(deckRetention ?? {}).sort();
		return JSON.stringify({desiredRetention, ...(retentions.length > 0 ? {retentions} : {}), maximumInterval, learningSteps, relearningSteps, days, global: this.#parameters.global ?? null, presets: [...this.#parameters.presets].sort()});
	}
}

export function scheduledWith(store: Store): string | undefined {
	return readMeta(store, FINGERPRINT_KEY);
}

export function markScheduledWith(store: Store, fingerprint: string): void {
	writeMeta(store, FINGERPRINT_KEY, fingerprint);
}
