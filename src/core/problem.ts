import {sanitizeLine} from './text.js';

/**
A problem found in a deck file. Problems are values, not exceptions, so one run can report
every problem in every file and one bad card never stops the rest from loading.
*/
export type Problem = {
	readonly file: string;
	/** 1-based line in the file, counted from the first line of the file (front matter included). */
	readonly line: number;
	readonly severity: 'error' | 'warning';
	readonly message: string;
	/** Names the check for warnings, so a user can tell which quality rule fired. */
	readonly rule?: string;
};

export function error(file: string, line: number, message: string): Problem {
	return {file, line, severity: 'error', message};
}

export function warning(file: string, line: number, rule: string, message: string): Problem {
	return {file, line, severity: 'warning', message, rule};
}

/** `decks/mlops.md:42: card has a question but no answer`, safe to print to a terminal. */
export function formatProblem(problem: Problem): string {
	const suffix = problem.rule ? ` (${problem.rule})` : '';
	const kind = problem.severity === 'warning' ? 'warning: ' : '';
	return sanitizeLine(`${problem.file}:${problem.line}: ${kind}${problem.message}${suffix}`);
}

export function byPlace(a: Problem, b: Problem): number {
	return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}
