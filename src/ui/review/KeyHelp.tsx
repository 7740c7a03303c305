import chalk from 'chalk';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {REVIEW_KEYS} from './review-keys.js';

// The keys' column is as wide as the widest label, and one more for the gap.
const labelOf = (row: (typeof REVIEW_KEYS)[number]) => row.label ?? row.keys.join(', ');
const SHOWN = REVIEW_KEYS.filter((row) => row.help !== '');
const KEYS_WIDTH = Math.max(...SHOWN.map((row) => stringWidth(labelOf(row)))) + 1;

/**
The `?` list as lines: the key table's rows that have a line to show, in the table's order. Lines,
so the screen windows and scrolls them as it does a long card (at 40 x 15 they do not all fit).
*/
export function keyHelpLines(width: number): string[] {
	return SHOWN.flatMap((row) => {
		const label = labelOf(row);
		const [first = '', ...rest] = wrapAnsi(row.help, Math.max(10, width - KEYS_WIDTH), {hard: true}).split('\n');
		return [chalk.bold(label) + ' '.repeat(KEYS_WIDTH - stringWidth(label)) + first, ...rest.map((line) => ' '.repeat(KEYS_WIDTH) + line)];
	});
}
