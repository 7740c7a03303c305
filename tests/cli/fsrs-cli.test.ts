/*
evaluate, optimize and simulate through the built CLI on a history generated from known
parameters (the answers a learner would give, recorded as `fluency review` records them).
*/
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {FSRSBinding} from '@open-spaced-repetition/binding';
import {bindingItemsFromAnswers} from '../helpers/binding-items.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {seededRandom} from '../../src/core/random.js';
import {DEFAULT_SCHEDULER_SETTINGS, DEFAULT_WEIGHTS, type Memory, NEW_MEMORY, type Rating, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer} from '../../src/store/review/reviews.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-02T10:00:00Z');
let home: string;
let env: Record<string, string>;
const run = (...args: string[]) => runCli([...args, '--decks', join(home, 'decks')], env);

beforeAll(() => {
	home = makeTempDir('fluency-fsrs-cli-');
	env = cliEnv(home);
	mkdirSync(join(home, 'decks'));
	mkdirSync(join(home, 'data'));
	writeFileSync(join(home, 'config.yaml'), 'timeZone: UTC\ndayStartsAt: 4\n');
	writeFileSync(join(home, 'decks', 'ops.md'), Array.from({length: 300}, (_, index) => `Q: What does runbook step ${index} check?\n\nA: Item ${index}.\n`).join('\n'));
	const store = Store.open(join(home, 'data', 'fluency.db'));
	loadDecks(store, findDeckFiles([join(home, 'decks')], home).files, t0);
	const weights = [...DEFAULT_WEIGHTS];
	weights[2] = 5;
	const learner = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, weights, studyDays: {dayStartHour: 4, utcOffset: () => 0}});
	const random = seededRandom(11);
	activeCards(store).forEach((card, index) => {
		let memory: Memory = NEW_MEMORY;
		let at = t0 + (index % 30) * DAY;
		const answer = (rating: Rating) => {
			memory = recordAnswer(store, {cardId: card.id, rating, at, durationMs: 5000}, (before, recorded) => learner.answer(before, rating, recorded, card.id)).outcome.after;
		};
		answer(3);
		at += 10 * 60_000;
		answer(3);
		for (let review = 0; review < 7; review++) {
			at = memory.due! + Math.floor(random() * 3) * DAY;
			answer(random() < (learner.retrievability(memory, at) ?? 1) ? 3 : 1);
			while (memory.state !== 'review') {
				at = memory.due!;
				answer(3);
			}
		}
	});
	store.close();
});
afterAll(() => rmSync(home, {recursive: true, force: true}));

/** The binding's items straight from the database, in time order of their last answer (as Anki sorts them). */
function itemsInTimeOrder() {
	const store = Store.open(join(home, 'data', 'fluency.db'));
	try {
		return bindingItemsFromAnswers(store, 'time');
	} finally {
		store.close();
	}
}

describe('fluency evaluate', () => {
	it('reports the figures fsrs-rs gives on the same items in time order, and the out-of-sample figure', () => {
		const result = run('evaluate', '--json');
		expect(result.stderr).not.toMatch(/fluency:/);
		expect(result.code).toBe(0);
		const figures = JSON.parse(result.stdout) as {items: number; defaults: {logLoss: number; rmseBins: number}; outOfSample: {logLoss: number; rmseBins: number}; verdict: string};
		const direct = new FSRSBinding([...DEFAULT_WEIGHTS]).evaluate(itemsInTimeOrder());
		expect(Math.abs(figures.defaults.logLoss - direct.logLoss)).toBeLessThan(0.002);
		expect(Math.abs(figures.defaults.rmseBins - direct.rmseBins)).toBeLessThan(0.002);
		expect(figures.outOfSample.logLoss).toBeGreaterThan(0);
		expect(figures.verdict).toMatch(/^Your reviews are predicted (well|poorly): .*; fit again after \d+ more answers\.$/);
	});

	it('prints log loss and RMSE(bins) as Anki shows them, the time-series split row, and what they mean', () => {
		const result = run('evaluate');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/FSRS defaults \(in use\)\s+0\.\d{4}\s+\d+\.\d{2}%/);
		expect(result.stdout).toMatch(/a fit, out of sample\s+0\.\d{4}\s+\d+\.\d{2}%/);
		expect(result.stdout).toMatch(/Your reviews are predicted (well|poorly)/);
	});
});

describe('fluency optimize', () => {
	it('reports the out-of-sample figures and the health check with the fit, and saves only a fit that passes it', () => {
		const result = run('optimize', '--json');
		expect(result.code).toBe(0);
		const fit = JSON.parse(result.stdout) as {current: {logLoss: number}; fitted: {logLoss: number}; outOfSample: {logLoss: number}; health: {passed: boolean; stable: boolean | null}; saved: boolean};
		expect(fit.outOfSample.logLoss).toBeGreaterThan(0);
		expect(fit.health.stable).not.toBeNull();
		expect(fit.saved).toBe(fit.health.passed && fit.fitted.logLoss < fit.current.logLoss);
	});
});

describe('fluency simulate', () => {
	it('compares a default range of retentions and marks the one with the least time per card remembered', () => {
		const result = run('simulate', '--days', '60');
		expect(result.code).toBe(0);
		for (const retention of ['0.70', '0.75', '0.80', '0.85', '0.90 (yours)', '0.95']) expect(result.stdout).toContain(retention);
		expect(result.stdout.match(/← least time per card remembered/g)).toHaveLength(1);
		expect(result.stdout).toMatch(/\n0\.\d\d costs the least time per card remembered/);
	});
});
