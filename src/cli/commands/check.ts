import {statSync, watch} from 'node:fs';
import {basename, dirname} from 'node:path';
import {Command} from 'commander';
import {checkDecks} from '../../app/decks/check-decks.js';
import {UserError} from '../../app/errors.js';
import {LINT_RULES} from '../../core/decks/lint.js';
import {byPlace, formatProblem, type Problem} from '../../core/problem.js';
import {sanitizeLine} from '../../core/text.js';
import {print, printError, printLines, style, toSafeJson} from '../output.js';
import {runCommand} from '../run-command.js';

type CheckOptions = {json?: boolean; errorsOnly?: boolean; watch?: boolean};

export function checkCommand(): Command {
	return new Command('check')
		.description('check decks for problems without changing anything; exit 1 when a deck has errors')
		.argument('[paths...]', 'deck files or directories (default: every decks directory)')
		.option('--json', 'print the problems as JSON')
		.option('--errors-only', 'leave out the quality warnings')
		.option('--watch', 'check again whenever a deck file is saved, until Ctrl-C')
		.addHelpText('after', `\nQuality warnings (never errors):\n${LINT_RULES.map((rule) => `  ${rule.id.padEnd(19)}${rule.description}`).join('\n')}`)
		.action(async (paths: string[], options: CheckOptions, command: Command) =>
			runCommand(command, async (fluency) => {
				const roots = paths.length > 0 ? paths : [...fluency.settings.deckDirs];
				// Reads the deck files only: the database is not opened, so nothing is loaded or exchanged.
				const run = async () => {
					const checked = await checkDecks(paths.length > 0 ? paths : undefined, fluency.settings.deckDirs);
					return report(checked, checked.found, options);
				};
				if (!options.watch) return run();
				// In a terminal each report replaces the last one; in a pipe they follow each other.
				const inPlace = process.stdout.isTTY === true && !options.json;
				const sayWatching = () => {
					if (!options.json) print(style.dim(`watching ${roots.length === 1 ? roots[0] : `${roots.length} paths`} for saves; Ctrl-C stops`));
				};
				const runAndSayWatching = async (changed: boolean) => {
					if (inPlace) process.stdout.write('\x1b[H\x1b[2J');
					else if (changed) print(style.dim(`--- ${new Date().toLocaleTimeString()} ---`));
					await run();
					sayWatching();
				};
				// Watch before the first check, so a save made while it runs is not missed. A path gone
				// for a moment (an editor that deletes a file before writing it again) is said, and
				// the watch goes on.
				const watching = watchAndRerun(roots, async () => {
					try {
						await runAndSayWatching(true);
					} catch (thrown) {
						if (!(thrown instanceof UserError)) throw thrown;
						printError(`fluency: ${sanitizeLine(thrown.message)}`);
						sayWatching();
					}
				});
				await runAndSayWatching(false);
				await watching;
				return 0;
			}, {decksOnly: true}),
		);
}

/** Print the problems and a summary line; the exit code is 1 when any is an error. */
function report(result: Awaited<ReturnType<typeof checkDecks>>, found: readonly Problem[], options: CheckOptions): number {
	let problems = [...found, ...result.problems].sort(byPlace);
	if (options.errorsOnly) problems = problems.filter((problem) => problem.severity === 'error');
	const errors = problems.filter((problem) => problem.severity === 'error').length;
	const warnings = problems.length - errors;
	if (options.json) {
		print(toSafeJson({decks: result.decks.length, cards: result.cards, errors, warnings, problems}));
	} else {
		printLines(problems.map((problem) => (problem.severity === 'error' ? style.error(formatProblem(problem)) : style.warning(formatProblem(problem)))));
		print(summary(result.decks.length, result.cards, errors, warnings));
	}
	return errors > 0 ? 1 : 0;
}

/**
Call `onChange` (at most every 200 ms) when a Markdown file under the paths changes, until Ctrl-C.
A file is watched through its folder: editors that save by writing a temporary file and renaming
it over the old one (vim, JetBrains, `sed -i`) replace the inode a file watch would follow.
One call runs at a time: a save made during one is checked once it ends. A call that fails ends
the watch with its failure.
*/
function watchAndRerun(paths: readonly string[], onChange: () => Promise<void>): Promise<void> {
	return new Promise((done, fail) => {
		let timer: NodeJS.Timeout | undefined;
		let running = Promise.resolve();
		const stop = () => {
			clearTimeout(timer);
			for (const watcher of watchers) watcher.close();
		};
		const changed = () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				running = running.then(onChange).catch((thrown: unknown) => {
					stop();
					fail(thrown);
				});
			}, 200);
		};
		const watchers = paths.flatMap((path) => {
			try {
				if (statSync(path).isDirectory()) {
					return [watch(path, {recursive: true}, (_event, name) => (name === null || String(name).toLowerCase().endsWith('.md') ? changed() : undefined))];
				}
				const file = basename(path);
				return [watch(dirname(path), (_event, name) => (name === null || String(name) === file ? changed() : undefined))];
			} catch {
				return [];
			}
		});
		process.once('SIGINT', () => {
			stop();
			done();
		});
	});
}

function summary(decks: number, cards: number, errors: number, warnings: number): string {
	const counted = `checked ${decks} ${decks === 1 ? 'deck' : 'decks'}, ${cards} ${cards === 1 ? 'card' : 'cards'}`;
	if (errors + warnings === 0) return `${counted}: ${style.good('no problems')}`;
	const parts = [];
	if (errors > 0) parts.push(style.error(`${errors} ${errors === 1 ? 'error' : 'errors'}`));
	if (warnings > 0) parts.push(style.warning(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`));
	return `${counted}: ${parts.join(', ')}`;
}
