import {createInterface} from 'node:readline/promises';
import {Command, InvalidArgumentError} from 'commander';
import {UsageError, UserError} from '../../app/errors.js';
import type {HealthCheck, Metrics} from '../../app/scheduling/optimizer.js';
import {reschedule} from '../../app/scheduling/reschedule.js';
import {HEALTH_CHECK_MIN_ITEMS, verdict} from '../../core/scheduling/metrics.js';
import {DEFAULT_RETENTIONS, minutesPerCardRemembered, recommendedRetention} from '../../core/scheduling/simulate.js';
import {DEFAULT_WEIGHTS} from '../../core/scheduling/scheduler.js';
import type {Selection} from '../../core/review/select.js';
import type {Fluency} from '../../app/service/fluency.js';
import {print, printError, style, table, toSafeJson} from '../output.js';
import {runCommand} from '../run-command.js';
import {loadTextWidth} from '../text-width.js';

const selectorsHelp = 'decks (with their sub-decks) or tags; all cards when none is given';

function selectedCardIds(fluency: Fluency, selection: Selection): string[] | undefined {
	if (selection.decks.length === 0 && selection.tags.length === 0) return undefined;
	return fluency.cardSummaries(selection).map((card) => card.id);
}

/**
The one deck a preset is for: `--preset` needs exactly one deck named. Without it, naming decks
is refused: parameters fitted on part of the history must not quietly replace every deck's.
*/
function presetDeck(selection: Selection, wanted: boolean | undefined): string | undefined {
	const partial = selection.decks.length > 0 || selection.tags.length > 0;
	if (!wanted) {
		if (partial) throw new UsageError('parameters fitted on part of your history would replace every deck\'s: add --preset to keep them for that deck, or name no deck');
		return undefined;
	}
	if (selection.decks.length !== 1 || selection.tags.length > 0) throw new UsageError('--preset needs exactly one deck, e.g. `fluency optimize mlops --preset`');
	return selection.decks[0];
}

/** Log loss and RMSE(bins) as Anki shows them: `0.3456` and `4.52%`. */
function metricsTable(rows: ReadonlyArray<readonly [string, Metrics]>): string[] {
	return table(
		['Parameters', 'Log loss', 'RMSE (bins)'],
		rows.map(([name, metrics]) => [name, metrics.logLoss.toFixed(4), `${(metrics.rmseBins * 100).toFixed(2)}%`]),
		new Set([1, 2]),
	);
}

/** What Anki passes the optimizer besides the items: the preset's number of relearning steps. */
function fitOptions(fluency: Fluency) {
	return {numRelearningSteps: fluency.settings.scheduler.relearningSteps.length};
}

function healthLines(health: HealthCheck): string[] {
	const lines: string[] = [];
	if (health.stable === false) {
		lines.push(`the fit is unstable: out of sample it predicts your reviews much worse than is typical (log loss ${health.adjustedLogLoss.toFixed(2)}× typical, RMSE ${health.adjustedRmse.toFixed(2)}×)`);
	}
	if (health.extreme.length > 0) lines.push(`parameters at the edge of their range: ${health.extreme.map((index) => `w${index}`).join(', ')}`);
	return lines;
}

function progressBar(done: number, total: number): void {
	if (!process.stderr.isTTY || total <= 0) return;
	const width = 30;
	const filled = Math.round((done / total) * width);
	process.stderr.write(`\r${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.round((done / total) * 100)}%`);
	if (done >= total) process.stderr.write('\r\u001b[K');
}

async function confirm(question: string): Promise<boolean> {
	if (!process.stdin.isTTY) return false;
	const prompt = createInterface({input: process.stdin, output: process.stderr});
	try {
		return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
	} finally {
		prompt.close();
	}
}

async function offerReschedule(fluency: Fluency): Promise<void> {
	if (await confirm('Recompute every card\'s memory state and due date from its history with the new parameters now?')) {
		const result = reschedule(fluency.store, fluency.schedulers);
		print(`recomputed ${result.cards} cards; ${result.dueChanged} due dates changed`);
	} else {
		print(style.dim('due dates keep their old schedule until you run `fluency reschedule`'));
	}
}

export function optimizeCommand(): Command {
	return new Command('optimize')
		.description('fit FSRS parameters to your review history (with the optimizer Anki uses) and keep them when they predict it better')
		.argument('[deck-or-tag...]', selectorsHelp)
		.option('--preset', 'keep the parameters for the one deck named (and its sub-decks) instead of for every deck')
		.option('--force', 'keep the fitted parameters even when they do not predict your history better')
		.option('--reset', "forget the fitted parameters (the named deck's preset with --preset): FSRS's defaults apply again")
		.option('--json', 'print the figures as JSON')
		.action(async (selectors: string[], options: {preset?: boolean; force?: boolean; reset?: boolean; json?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				if (options.reset) {
					const deck = presetDeck(fluency.selection(selectors), options.preset);
					const what = deck ? `the preset for ${deck}` : 'the global parameters';
					if (!fluency.forgetParameters(deck)) throw new UserError(`there are no fitted parameters to forget (${what})`);
					print(`forgot ${what}: ${deck ? `${deck} uses the global parameters` : 'decks without a preset use FSRS\'s defaults'} again`);
					await offerReschedule(fluency);
					return;
				}
				// The optimizer is a native module: loaded only by the commands that fit or score.
				const {fit, historyForTraining} = await import('../../app/scheduling/optimizer.js');
				const selection = fluency.selection(selectors);
				const deck = presetDeck(selection, options.preset);
				const set = historyForTraining(fluency.store, fluency.settings.dayStartHour, fluency.settings.utcOffset, selectedCardIds(fluency, selection));
				const currentWeights = (deck ? fluency.schedulers.weightsFor(deck) : fluency.schedulers.weightsFor('')) ?? DEFAULT_WEIGHTS;
				if (!options.json) printError(style.dim(`fitting on ${set.items.length} answers from ${set.cards} cards${set.skippedCards > 0 ? ` (${set.skippedCards} cards with incomplete history left out)` : ''}...`));
				const result = await fit(set, currentWeights, fitOptions(fluency), options.json ? undefined : progressBar);
				const healthy = result.health.passed;
				const keep = (result.better && healthy) || options.force === true;
				if (keep) fluency.saveParameters(result.weights, deck);
				if (options.json) {
					print(
						toSafeJson({items: set.items.length, cards: set.cards, current: result.current, fitted: result.fitted, outOfSample: result.outOfSample, health: result.health, weights: result.weights, saved: keep, preset: deck ?? null}),
					);
					return;
				}
				await loadTextWidth();
				for (const line of metricsTable([
					['current', result.current],
					['fitted', result.fitted],
					['fitted, out of sample', result.outOfSample],
				]))
					print(line);
				print(style.dim('"out of sample": fitted on earlier answers, scored on later ones (time-series splits), as Anki\'s health check'));
				print();
				for (const line of healthLines(result.health)) print(`${style.warning('health check:')} ${line}`);
				if (result.health.stable === null) print(style.dim(`health check: needs more than ${HEALTH_CHECK_MIN_ITEMS} answers to judge the fit's stability`));
				if (!keep) {
					print(
						!result.better
							? 'kept the current parameters: the fitted ones do not predict your history better (--force keeps them anyway)'
							: 'kept the current parameters: the fit failed the health check, so it may schedule worse than it scores; review more and fit again, or keep it with --force',
					);
					return;
				}
				print(`${style.good('saved')} the fitted parameters ${deck ? `for ${deck} and its sub-decks` : 'for every deck'}: ${result.weights.map((weight) => weight.toFixed(4)).join(', ')}`);
				await offerReschedule(fluency);
			}),
		);
}

export function evaluateCommand(): Command {
	return new Command('evaluate')
		.description('how well the current parameters predict your review history (log loss, RMSE over bins); changes nothing')
		.argument('[deck-or-tag...]', selectorsHelp)
		.option('--json', 'print the figures as JSON')
		.action(async (selectors: string[], options: {json?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const {evaluate, evaluateOutOfSample, historyForTraining} = await import('../../app/scheduling/optimizer.js');
				const selection = fluency.selection(selectors);
				const set = historyForTraining(fluency.store, fluency.settings.dayStartHour, fluency.settings.utcOffset, selectedCardIds(fluency, selection));
				const deck = selection.decks.length === 1 ? selection.decks[0]! : '';
				const weights = fluency.schedulers.weightsFor(deck);
				const metrics = evaluate(set, weights ?? DEFAULT_WEIGHTS);
				const defaults = evaluate(set, DEFAULT_WEIGHTS);
				const outOfSample = await evaluateOutOfSample(set, fitOptions(fluency));
				if (options.json) {
					print(toSafeJson({items: set.items.length, cards: set.cards, current: metrics, defaults, outOfSample, fitted: weights !== undefined, verdict: verdict(set.items, metrics)}));
					return;
				}
				const rows: Array<readonly [string, Metrics]> = weights ? [['fitted (in use)', metrics], ['FSRS defaults', defaults]] : [['FSRS defaults (in use)', defaults]];
				rows.push(['a fit, out of sample', outOfSample]);
				await loadTextWidth();
				for (const line of metricsTable(rows)) print(line);
				print(style.dim(`${set.items.length} answers from ${set.cards} cards, weighted towards recent ones as fsrs-rs and Anki weight them; lower is better for both figures`));
				print(style.dim('"out of sample": what `fluency optimize` would reach, fitted on earlier answers and scored on later ones (time-series splits)'));
				print(verdict(set.items, metrics));
			}),
		);
}

export function rescheduleCommand(): Command {
	return new Command('reschedule')
		.description('recompute every card\'s memory state and due date from its history with the current parameters and retention')
		.action(async (_options: unknown, command: Command) =>
			runCommand(command, (fluency) => {
				const result = reschedule(fluency.store, fluency.schedulers);
				print(`recomputed ${result.cards} cards from their history; ${result.dueChanged} due dates changed`);
			}),
		);
}

function retentionList(value: string): number[] {
	const values = value.split(',').map((part) => Number(part.trim()));
	if (values.length === 0 || values.some((retention) => !Number.isFinite(retention) || retention < 0.7 || retention > 0.99)) {
		throw new InvalidArgumentError('give desired retentions between 0.70 and 0.99, separated by commas, e.g. 0.8,0.85,0.9,0.95');
	}
	return values;
}

function dayCount(value: string): number {
	const days = Number(value);
	if (!Number.isInteger(days) || days < 1 || days > 3650) throw new InvalidArgumentError('give a whole number of days from 1 to 3650');
	return days;
}

export function simulateCommand(): Command {
	return new Command('simulate')
		.description('estimate daily workload and how much you will remember for each desired retention, and recommend one')
		.argument('[deck-or-tag...]', selectorsHelp)
		.option('--retention <list>', `desired retentions to compare (default ${DEFAULT_RETENTIONS.join(',')})`, retentionList)
		.option('--days <n>', 'days to simulate', dayCount, 365)
		.option('--json', 'print the figures as JSON')
		.action(async (selectors: string[], options: {retention?: number[]; days: number; json?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const selection = fluency.selection(selectors);
				const deck = selection.decks.length === 1 ? selection.decks[0]! : '';
				const retentions = options.retention ?? DEFAULT_RETENTIONS;
				const {cards, results} = fluency.simulateRetentions(selection, deck, retentions, options.days);
				const recommended = recommendedRetention(results, options.days);
				const current = fluency.schedulers.forDeck(deck).settings.desiredRetention;
				if (options.json) {
					print(toSafeJson({days: options.days, cards, current, recommended: recommended ?? null, results}));
					return;
				}
				const rows = results.map((result) => [
					`${result.desiredRetention.toFixed(2)}${result.desiredRetention === current ? ' (yours)' : ''}`,
					result.reviewsPerDay.toFixed(1),
					result.minutesPerDay.toFixed(1),
					result.knowledgeAtEnd.toFixed(0),
					Number.isFinite(minutesPerCardRemembered(result, options.days)) ? minutesPerCardRemembered(result, options.days).toFixed(2) : '-',
					result.desiredRetention === recommended ? style.good('← least time per card remembered') : '',
				]);
				await loadTextWidth();
				for (const line of table(['Retention', 'Answers/day', 'Minutes/day', `Remembered on day ${options.days}`, 'Minutes per card remembered', ''], rows, new Set([1, 2, 3, 4]))) print(line);
				print(
					style.dim(
						`${cards} cards, ${fluency.settings.limits.newPerDay} new a day; "remembered" is the expected number of cards you would recall if tested on the last day`,
					),
				);
				if (recommended !== undefined) {
					const lowest = recommended === Math.min(...retentions);
					print(
						`${recommended.toFixed(2)} costs the least time per card remembered${lowest ? ' of the retentions simulated (the lowest: a lower one may cost less still, but remembers less)' : ': below it you save reviews but forget and relearn more'}. Any retention from it up to what you can afford works; set it with \`desiredRetention:\`${deck ? ` or \`deckRetention: {${deck}: ${recommended.toFixed(2)}}\`` : ''} in ${fluency.settings.configFile}.`,
					);
				}
			}),
		);
}
