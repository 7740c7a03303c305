import chalk from 'chalk';
import {canWrapText, textWidth, wrapText} from './text-width.js';

/*
Plain output for commands that are not interactive. Colour comes from chalk, which the `bin/`
entry point turns off for NO_COLOR and which is off whenever stdout is not a terminal.
*/

export const style = {
	error: (text: string) => chalk.red(text),
	warning: (text: string) => chalk.yellow(text),
	dim: (text: string) => chalk.dim(text),
	bold: (text: string) => chalk.bold(text),
	good: (text: string) => chalk.green(text),
	accent: (text: string) => chalk.cyan(text),
};

/**
Print a line; on a terminal, a line wider than it wraps at word boundaries (the terminal would cut
words), continued lines keeping its indent. JSON (which starts with `{` or `[`) is left whole:
a line break inside one of its strings would make a copied value invalid. The program loads the
wrapping when either output is a terminal (src/cli/program.ts); a line printed before that, or
without it, is left for the terminal to wrap.
*/
export function print(line = ''): void {
	process.stdout.write(`${fitted(line, process.stdout)}\n`);
}

/**
Print lines as print does, in one write: 12,000 ids written a line at a time cost 100 ms of
system calls through a pipe.
*/
export function printLines(lines: readonly string[]): void {
	if (lines.length > 0) process.stdout.write(`${lines.map((line) => fitted(line, process.stdout)).join('\n')}\n`);
}

function fitted(text: string, stream: NodeJS.WriteStream): string {
	const columns = stream.isTTY ? stream.columns : 0;
	if (!columns || !canWrapText() || /^\s*[[{]/.test(text)) return text;
	return wrapLines(text, columns);
}

/** Each line of `text` wider than `columns` wrapped at word boundaries, its continuation under its indent. */
function wrapLines(text: string, columns: number): string {
	return text
		.split('\n')
		.map((line) => {
			if (textWidth(line) <= columns) return line;
			const indent = /^ */.exec(line)![0].slice(0, Math.floor(columns / 2));
			return wrapText(line.slice(indent.length), Math.max(1, columns - indent.length))
				.split('\n')
				.map((part) => indent + part)
				.join('\n');
		})
		.join('\n');
}

// JSON.stringify escapes C0 controls only: C1 controls (\u009b is a CSI on many terminals), DEL,
// bidirectional overrides and the line separators reach a terminal or a log viewer raw. They can
// only occur inside strings, so escaping them everywhere keeps the JSON the same value.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A value as indented JSON whose every character is safe to show in a terminal. */
export function toSafeJson(value: unknown): string {
	return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function printError(line: string): void {
	process.stderr.write(`${fitted(line, process.stderr)}\n`);
}

/** Columns padded to their widest cell; numeric columns are right-aligned. Cells beyond ASCII need loadTextWidth (src/cli/text-width.ts) first. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: ReadonlySet<number> = new Set()): string[] {
	// Each cell measured once: a table can have 100,000 rows.
	const cellWidths = [header, ...rows].map((cells) => cells.map((cell) => textWidth(cell)));
	const widths = header.map((_, column) => cellWidths.reduce((widest, row) => Math.max(widest, row[column] ?? 0), 0));
	const line = (cells: readonly string[], index: number) =>
		cells
			.map((cell, column) => {
				const padding = ' '.repeat(Math.max(0, widths[column]! - cellWidths[index]![column]!));
				return numeric.has(column) ? padding + cell : cell + padding;
			})
			.join('  ')
			.trimEnd();
	return [style.bold(line(header, 0)), ...rows.map((row, index) => line(row, index + 1))];
}
