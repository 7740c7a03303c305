import chalk from 'chalk';
import stringWidth from 'string-width';

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

export function print(line = ''): void {
	process.stdout.write(`${line}\n`);
}

export function printError(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** Columns padded to their widest cell; numeric columns are right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: ReadonlySet<number> = new Set()): string[] {
	const widths = header.map((cell, column) => Math.max(stringWidth(cell), ...rows.map((row) => stringWidth(row[column] ?? ''))));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => {
				const padding = ' '.repeat(Math.max(0, widths[column]! - stringWidth(cell)));
				return numeric.has(column) ? padding + cell : cell + padding;
			})
			.join('  ')
			.trimEnd();
	return [style.bold(line(header)), ...rows.map(line)];
}
