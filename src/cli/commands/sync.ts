import {Command} from 'commander';
import {formatProblem} from '../../core/problem.js';
import {sanitizeLine} from '../../core/text.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

export function syncCommand(): Command {
	return new Command('sync')
		.description('bring the database in line with the deck files (every command that reads cards does this first)')
		.action(async (_options: unknown, command: Command) =>
			runWithContext(command, (context) => {
				const report = context.sync({verbose: true});
				for (const move of report.moves) print(style.dim(`moved: ${preview(move.prompt)} (${move.from} -> ${move.to})`));
				for (const problem of report.problems) print(style.error(formatProblem(problem)));
				return report.problems.some((problem) => problem.severity === 'error') ? 1 : 0;
			}),
		);
}

function preview(prompt: string): string {
	const line = sanitizeLine(prompt.split('\n')[0] ?? '');
	return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
