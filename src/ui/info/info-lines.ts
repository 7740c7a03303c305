import chalk from 'chalk';
import type {CardInfo} from '../../app/search/card-info.js';
import {localDateTime, type UtcOffset} from '../../core/scheduling/day.js';
import {RATING_NAMES} from '../../core/scheduling/scheduler.js';
import {sanitizeLine} from '../../core/text.js';
import {cardLines} from '../review/card-lines.js';
import {FLAG_NAMES} from '../review/card-marks.js';

/*
The lines of a card's info, the same for `fluency info` and the review's `i` overlay: the card as
the review draws it, where it is written, its memory now, every answer, and its forgetting curve.
*/

const percent = (value: number | null) => (value === null ? '-' : `${Math.round(value * 100)}%`);
const days = (value: number) => (value < 10 ? `${Number(value.toFixed(1))}d` : value < 365 ? `${Math.round(value)}d` : `${(value / 365).toFixed(1)}y`);

export function infoLines(info: CardInfo, width: number, now: number): string[] {
	const {utcOffset} = info;
	const {card} = info;
	const {memory} = card;
	const lines: string[] = [];
	lines.push(chalk.dim(`${sanitizeLine(card.deck)}  ${sanitizeLine(card.file)}:${card.line}  ${card.kind}${card.kind === 'basic' ? '' : ` ${info.ordinal}`}  ${card.id}`));
	lines.push('');
	lines.push(...cardLines(card, width, 'both'));
	lines.push('');
	const state = [memory.state, ...(info.suspended ? ['suspended'] : []), ...(info.buried ? ['buried'] : [])].join(', ');
	const studied = memory.state !== 'new';
	const facts: Array<[string, string]> = [
		['State', state],
		['Due', studied && memory.due !== null ? `${localDateTime(memory.due, utcOffset)}${memory.due <= now ? ' (due now)' : ''}` : '-'],
		['Stability', studied ? days(memory.stability) : '-'],
		['Difficulty', studied ? percent((memory.difficulty - 1) / 9) : '-'],
		['Recall now', percent(info.retrievability)],
		['Lapses', String(memory.lapses)],
		['Answers', String(info.answers.length)],
	];
	if (card.flag > 0) facts.push(['Flag', FLAG_NAMES[card.flag]!]);
	if (info.tags.length > 0) facts.push(['Tags', info.tags.map(sanitizeLine).join(' ')]);
	const labelWidth = Math.max(...facts.map(([label]) => label.length));
	for (const [label, value] of facts) lines.push(`${chalk.bold(label.padEnd(labelWidth))}  ${value}`);
	if (info.answers.length > 0) {
		lines.push('');
		lines.push(chalk.bold('Answers'));
		const rows = info.answers.map((answer) => [
			localDateTime(answer.at, utcOffset),
			`${answer.rating} ${RATING_NAMES[answer.rating]}`,
			answer.scheduledDays > 0 ? days(answer.scheduledDays) : 'step',
			`${(answer.durationMs / 1000).toFixed(1)}s`,
			answer.stateBefore === 'new' ? '-' : `${answer.elapsedDays}d`,
			percent(answer.retrievability),
		]);
		const header = ['Date', 'Grade', 'Interval', 'Time', 'Elapsed', 'Recall'];
		const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)));
		const line = (cells: readonly string[]) => cells.map((cell, column) => (column >= 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
		lines.push(chalk.dim(line(header)));
		for (const row of rows) lines.push(line(row));
	}
	if (info.curve) {
		lines.push('');
		lines.push(chalk.bold('Forgetting curve') + chalk.dim(' (recall by days since the last answer)'));
		lines.push(...curveChart(info.curve, Math.min(60, width - 6)));
	}
	return lines;
}

/**
The forgetting curve as a small chart: one column per step of days, a dot at the recall of that
day, `┊` at today, and the desired retention as a dotted line.
*/
function curveChart(curve: NonNullable<CardInfo['curve']>, columns: number): string[] {
	const height = 7;
	const horizon = Math.max(7, Math.ceil(curve.intervalDays * 1.5), Math.ceil(curve.daysSinceReview * 1.25) + 1);
	const width = Math.max(10, columns);
	const values = Array.from({length: width}, (_, column) => curve.recallAfter((column * horizon) / (width - 1)));
	const bottom = Math.min(Math.floor(Math.min(...values, curve.desiredRetention) * 10) / 10, 0.9);
	const rowOf = (value: number) => Math.round(((1 - value) / (1 - bottom)) * (height - 1));
	const nowColumn = Math.min(width - 1, Math.round((curve.daysSinceReview / horizon) * (width - 1)));
	const desiredRow = rowOf(curve.desiredRetention);
	const grid = Array.from({length: height}, (_, row) =>
		Array.from({length: width}, (_, column) => (column === nowColumn ? chalk.cyan('┊') : row === desiredRow ? chalk.dim('·') : ' ')),
	);
	values.forEach((value, column) => {
		grid[rowOf(value)]![column] = column === nowColumn ? chalk.cyan('●') : '•';
	});
	const labels = Array.from({length: height}, (_, row) => (row === 0 ? '100%' : row === height - 1 ? `${Math.round(bottom * 100)}%` : row === desiredRow ? `${Math.round(curve.desiredRetention * 100)}%` : '').padStart(4));
	const axis = `${'0d'.padEnd(Math.max(0, nowColumn))}${nowColumn > 2 && nowColumn < width - 8 ? chalk.cyan('today') : ''}`;
	const end = `${horizon}d`;
	return [...grid.map((cells, row) => `${labels[row]} ${cells.join('')}`), `     ${axis}${' '.repeat(Math.max(1, width - visible(axis) - end.length))}${end}`];
}

function visible(text: string): number {
	// eslint-disable-next-line no-control-regex
	return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
