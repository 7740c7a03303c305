/*
Charts drawn with Unicode blocks, as plain strings. The length or height of a bar, or the shade of
a cell, carries the number, so a chart reads the same with NO_COLOR and in a pipe; callers add
colour only for emphasis.
*/

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const LEVELS = ' ▁▂▃▄▅▆▇█';
/** Shades of a heatmap cell, from no answers to the most. */
export const SHADES = ['·', '░', '▒', '▓', '█'];

/** A horizontal bar `width` columns long at `max`, in eighths of a column; any value above 0 shows. */
export function horizontalBar(value: number, max: number, width: number): string {
	if (value <= 0 || max <= 0) return '';
	const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
	return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/**
Vertical bars, one per value, `height` rows tall, each bar `barWidth` columns and followed by
`gap` spaces. Returns the rows top first; any value above 0 shows at least a sliver.
*/
export function columnChart(values: readonly number[], options: {height: number; barWidth?: number; gap?: number}): string[] {
	const {height, barWidth = 1, gap = 1} = options;
	const max = Math.max(0, ...values);
	const heights = values.map((value) => (value <= 0 || max === 0 ? 0 : Math.max(1, Math.round((value / max) * height * 8))));
	return columnRows(heights, height).map((cells) => cells.map((cell) => cell.repeat(barWidth) + ' '.repeat(gap)).join('').trimEnd());
}

/**
Vertical bars on a fixed scale from `from` (no bar) to `to` (full height), `height` rows: the cells
of each row, top row first, one per value. A value at or below `from` still shows a sliver; null
(nothing to show) leaves the column blank.
*/
export function scaledColumns(values: ReadonlyArray<number | null>, options: {height: number; from: number; to: number}): string[][] {
	const {height, from, to} = options;
	const heights = values.map((value) => (value === null ? 0 : Math.max(1, Math.round(((Math.min(value, to) - from) / (to - from)) * height * 8))));
	return columnRows(heights, height);
}

/** The cells of each row of columns `heights` eighths tall, top row first. */
function columnRows(heights: readonly number[], height: number): string[][] {
	return Array.from({length: height}, (_, row) => {
		const floor = (height - 1 - row) * 8;
		return heights.map((eighths) => LEVELS[Math.max(0, Math.min(8, eighths - floor))]!);
	});
}

/** Which shade a day with `count` answers gets, when the busiest day had `max`: 0 for none, 4 for the busiest. */
export function shadeLevel(count: number, max: number): number {
	if (count <= 0) return 0;
	if (max <= 1) return 4;
	return 1 + Math.floor((3 * (Math.min(count, max) - 1)) / (max - 1));
}

/** The answer counts each shade stands for, as `░ 1-3` entries; shades no count reaches are left out. */
export function shadeLegend(max: number): string[] {
	if (max <= 1) return max === 1 ? [`${SHADES[4]} 1`] : [];
	const lowest = (level: number) => 1 + Math.ceil(((level - 1) * (max - 1)) / 3);
	const entries: string[] = [];
	for (let level = 1; level <= 4; level++) {
		const from = lowest(level);
		const to = level === 4 ? max : lowest(level + 1) - 1;
		if (from > to) continue;
		entries.push(`${SHADES[level]} ${from === to ? formatCount(from) : `${formatCount(from)}-${formatCount(to)}`}`);
	}
	return entries;
}

/**
`12,345`: a whole count with a comma between each three digits, as toLocaleString('en-US') writes
it. Not through toLocaleString itself: its first call sets up ICU's number formatting, 13-15 ms of
every `fluency stats` (a tenth of its own work over a million answers).
*/
export function formatCount(count: number): string {
	// Math.round(-0.4) is -0, which is no count below zero.
	return String(Math.round(count) || 0).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `87.3%`, or `-` when there is nothing to divide. */
export function formatPercent(rate: number | null, digits = 1): string {
	return rate === null ? '-' : `${(rate * 100).toFixed(digits)}%`;
}

/** `45 min`, `2 h 05 min`, `312 h`. */
export function formatMinutes(minutes: number): string {
	const rounded = Math.round(minutes);
	// A few seconds of work is not nothing: "0 min" read as if no time was spent.
	if (rounded === 0 && minutes > 0) return '< 1 min';
	if (rounded < 60) return `${rounded} min`;
	if (rounded < 100 * 60) return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')} min`;
	return `${formatCount(rounded / 60)} h`;
}

/** `text` padded with spaces to `width` columns (these charts use only one-column characters). */
export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - [...text].length));
}

export function padStart(text: string, width: number): string {
	return ' '.repeat(Math.max(0, width - [...text].length)) + text;
}
