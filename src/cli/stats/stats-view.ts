/*
`fluency stats` drawn for the terminal's width (80 columns in a pipe): tables and Unicode block
charts (src/cli/charts.ts) whose numbers are in the text or the length of the bars, so they read
the same without colour. Each section lays itself out for the width it is given: tables fall back
to `label value` lines, side-by-side columns stack, the heatmap shows the weeks that fit, and
prose wraps at word boundaries.
*/
import type {Stats} from '../../app/stats/stats.js';
import {addDays, daysBetween} from '../../core/stats/calendar.js';
import type {Distribution} from '../../core/stats/cards.js';
import {dailyMinutes, type Retention, type Share} from '../../core/stats/figures.js';
import {countedSpan, type Span, spanLabel} from '../../core/stats/span.js';
import {sanitizeLine} from '../../core/text.js';
import {columnChart, formatCount, formatMinutes, formatPercent, horizontalBar, padEnd, padStart, scaledColumns, SHADES, shadeLegend, shadeLevel} from './charts.js';
import {style, table} from '../output.js';
import {textWidth, wrapText} from '../text-width.js';

const DECKS_SHOWN = 10;
/**
Joins the words of one figure ("22 h 53 min", "84.0% of 1,004", "54 days"): wrapping breaks lines
only at plain spaces, so a figure is never cut in two; it prints as a space.
*/
const GLUE = '\u00a0';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

export const SECTIONS = ['summary', 'retention', 'trend', 'calibration', 'forecast', 'heatmap', 'cards', 'hours'] as const;
export type SectionName = (typeof SECTIONS)[number];

export type StatsLayout = {
	/** Columns to draw within; at least 40 make sense, 80 is a pipe's. */
	readonly width?: number;
	/** Only these sections, in this order; every one when not given. */
	readonly sections?: readonly SectionName[];
};

const DRAWERS: Readonly<Record<SectionName, (stats: Stats, width: number) => string[]>> = {
	summary: summaryLines,
	retention: retentionLines,
	trend: trendLines,
	calibration: calibrationLines,
	forecast: forecastLines,
	heatmap: heatmapLines,
	cards: cardLines,
	hours: hourLines,
};

export function statsLines(stats: Stats, layout: StatsLayout = {}): string[] {
	const width = Math.max(40, layout.width ?? 80);
	const lines = (layout.sections ?? SECTIONS).flatMap((section) => DRAWERS[section](stats, width));
	// A line no layout could narrow (a long deck name, a wide number) wraps at a word instead of running off.
	return (lines[0] === '' ? lines.slice(1) : lines).flatMap((line) => wrap(line, width)).map((line) => line.replaceAll(GLUE, ' '));
}

/** `text` as one figure: no line break inside it. */
function whole(text: string): string {
	return text.replaceAll(' ', GLUE);
}

/**
`text` wrapped at spaces into lines of at most `width` columns; a word longer than that is the only
thing ever cut. Text that fits is left as it is: setting wrap-ansi up (an Intl.Segmenter, ICU's
break rules) was 11 ms of a report with nothing to wrap.
*/
function wrap(text: string, width: number): string[] {
	return textWidth(text) <= width ? [text] : wrapText(text, width).split('\n');
}

/** The one line `fluency stats` prints when the period holds no answers. */
export function noAnswersLine(stats: Stats): string {
	const what = scopeLabel(stats);
	if (stats.lastAnswer === null) return `No reviews of ${what} yet: answer some cards with \`fluency review\`, then come back.`;
	return `No reviews of ${what} in the period (${spanLabel(spanOf(stats))}); the last was on ${stats.lastAnswer}.`;
}

function scopeLabel(stats: Stats): string {
	const {decks, tags} = stats.selection;
	if (decks.length === 0 && tags.length === 0) return 'any deck';
	return sanitizeLine([...decks, ...tags.map((tag) => `tag:${tag}`)].join(', '));
}

/** The days a figure that wants to start on `wanted` (null: the period's start) counts, by the one span rule. */
function spanOf(stats: Stats, wanted: string | null = null): Span {
	return countedSpan(wanted, {today: stats.today, firstAnswer: stats.firstAnswer, periodFrom: stats.period.from});
}

/** A span's label, `last 30 days, since 2026-11-06`, wrapped only at its comma. */
function spanText(span: Span): string {
	return spanLabel(span).split(', ').map(whole).join(', ');
}

function periodLabel(stats: Stats): string {
	return spanText(spanOf(stats));
}

function heading(text: string, width = 80): string[] {
	return ['', ...wrap(text, width).map((line) => style.bold(line))];
}

/**
A table, or when it would not fit, each row as `label: header value · header value` lines wrapped
between whole pairs. `tableRows` are the rows as the table draws them (a long name shortened to
keep its columns); the lines get the full `rows`.
*/
function fittedTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: ReadonlySet<number>, width: number, tableRows = rows): string[] {
	const drawn = table(header, tableRows, numeric);
	if (drawn.every((line) => textWidth(line) <= width)) return drawn;
	return rows.flatMap((row) => {
		const [label, ...cells] = row;
		const pairs = cells.map((cell, index) => whole(`${header[index + 1]} ${cell}`)).join(' · ');
		return wrap(`${whole(`${label}:`)} ${pairs}`, width);
	});
}

function plural(count: number, one: string, many = `${one}s`): string {
	return whole(`${formatCount(count)} ${count === 1 ? one : many}`);
}

function minutes(value: number): string {
	return whole(formatMinutes(value));
}

function summaryLines(stats: Stats, width: number): string[] {
	const {todayAnswers: today, streak, answers, recent} = stats;
	const again = today.answers > 0 ? ` (${formatPercent(today.again / today.answers, 0)})` : '';
	const title = `Statistics for ${stats.selection.decks.length + stats.selection.tags.length === 0 ? 'all decks' : scopeLabel(stats)}: ${periodLabel(stats)}`;
	const dueTomorrow = stats.forecast[1]?.cards ?? 0;
	const lines = [
		style.bold(title),
		`Today      ${plural(today.answers, 'answer')} in ${minutes(today.minutes)} · ${whole(`${formatCount(today.again)} Again${again}`)} · ${plural(today.newCards, 'new card')}`,
		`Streak     ${plural(streak.current, 'day')} in a row (longest ${plural(streak.longest, 'day')})`,
		`Retention  ${recentRetention(recent.last30, recent.previous30, spanOf(stats, addDays(stats.today, -29)))}`,
		`Due        ${plural(dueTomorrow, 'card')} tomorrow, ${plural(stats.forecast.slice(1, 8).reduce((sum, day) => sum + day.cards, 0), 'card')} in the next 7 days`,
		`Period     ${plural(answers.total, 'answer')} on ${plural(answers.days, 'day')}, ${minutes(answers.minutes)} in all`,
	];
	// Continuation lines keep to the value column, so the labels stay a column of their own.
	return [
		...wrap(lines[0]!, width),
		...lines.slice(1).flatMap((line) => wrap(line.slice(11), width - 11).map((part, index) => `${index === 0 ? line.slice(0, 11) : ' '.repeat(11)}${part}`)),
	];
}

/** `91.2% over the last 30 days, up 2.1 points on the 30 before`. */
function recentRetention(last: Share, previous: Share, span: Span): string {
	if (last.rate === null) return 'no review answers in the last 30 days';
	const now = `${formatPercent(last.rate)} ${span.lead === 'all time' ? whole(`since ${span.from}`) : `over the ${whole(span.lead)}`}`;
	if (previous.rate === null) return now;
	const points = (last.rate - previous.rate) * 100;
	if (Math.abs(points) < 0.05) return `${now}, as in the 30 before`;
	return `${now}, ${points > 0 ? 'up' : 'down'} ${whole(`${Math.abs(points).toFixed(1)} points`)} on the 30 before`;
}

/** A rate (or `shown` in its place) coloured against the desired retention: green when met, yellow a little under, red well under. */
function rated(share: Share, desired: number, withCount = true, shown?: string): string {
	const text = shown ?? (share.rate === null ? '-' : withCount ? whole(`${formatPercent(share.rate)} of ${formatCount(share.answers)}`) : formatPercent(share.rate));
	if (share.rate === null) return style.dim(text);
	if (share.rate >= desired - 0.005) return style.good(text);
	return share.rate >= desired - 0.05 ? style.warning(text) : style.error(text);
}

function retentionCells(retention: Retention, desired: number): string[] {
	return [rated(retention.young, desired), rated(retention.mature, desired), rated(retention.all, desired)];
}

function fit(text: string, width: number): string {
	if (textWidth(text) <= width) return text;
	let cut = text;
	while (textWidth(`…${cut}`) > width) cut = cut.slice(1);
	return `…${cut}`;
}

function retentionLines(stats: Stats, width: number): string[] {
	const desired = stats.calibration.desiredRetention;
	const lines = [
		...heading('True retention: review answers not rated Again (mature: interval ≥ 21 days)', width),
		...fittedTable(
			['', 'Young', 'Mature', 'All'],
			stats.retention.windows.map((window) => [window.label, ...retentionCells(window, desired)]),
			new Set([1, 2, 3]),
			width,
		),
	];
	const {decks} = stats.retention;
	if (decks.length > 1) {
		lines.push('', ...wrap(`By deck, weakest first, ${spanText(spanOf(stats, stats.retention.decksFrom))}`, width).map((line) => style.dim(line)));
		const shown = decks.slice(0, DECKS_SHOWN);
		const nameWidth = Math.max(12, Math.min(24, width - 56));
		const rows = shown.map((deck) => [sanitizeLine(deck.deck), ...retentionCells(deck, desired)]);
		lines.push(...fittedTable(['Deck', 'Young', 'Mature', 'All'], rows, new Set([1, 2, 3]), width, rows.map(([name, ...cells]) => [fit(name!, nameWidth), ...cells])));
		if (decks.length > shown.length) lines.push(style.dim(`and ${plural(decks.length - shown.length, 'more deck')} (--json lists them all)`));
	}
	return lines;
}

const MONTH_DAY = (key: string) => `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(8)}`;
/** Columns left of a trend chart: a label such as `100%` or `1,234`, a space, the axis. */
const TREND_AXIS = 7;

/**
The period week by week as two charts on one time axis: true retention on a scale around the
desired retention, and answers; then this week's figures in words and minutes a day over the
last 30 days.
*/
function trendLines(stats: Stats, width: number): string[] {
	// A bar and a gap a week where every week fits, else a bar a week, else the most recent weeks.
	const step = TREND_AXIS + stats.weeks.length * 2 <= width ? 2 : 1;
	const weeks = stats.weeks.slice(-Math.max(1, Math.floor((width - TREND_AXIS) / step)));
	if (weeks.every((week) => week.answers === 0)) return [...heading('Trend, week by week', width), style.dim('No answers in this period.')];
	// The weeks shown, named by the one span rule: the whole period, or as many recent weeks as fit.
	const lines = heading(`Trend, week by week, ${spanText(spanOf(stats, weeks[0]!.from))}`, width);
	const desired = stats.calibration.desiredRetention;
	const axisLine = (label: string, corner: string, cells: readonly string[]) => `${padStart(label, TREND_AXIS - 2)} ${corner}${cells.map((cell) => cell + ' '.repeat(step - 1)).join('').trimEnd()}`;
	const timeAxis = (label: string) => `${padStart(label, TREND_AXIS - 2)} └${'─'.repeat(weeks.length * step - step + 1)}`;

	const rates = weeks.map((week) => week.retention.rate);
	const known = rates.filter((rate): rate is number => rate !== null);
	if (known.length > 0) {
		// Whole 5 points around the weeks and the desired retention, one step of room below the lowest week.
		const to = Math.min(1, Math.ceil(Math.max(desired, ...known) * 20 - 1e-9) / 20);
		const from = Math.max(0, Math.floor(Math.min(...known) * 20 + 1e-9) / 20 - 0.05);
		lines.push(...wrap(`True retention a week (desired ${formatPercent(desired, 0)})`, width).map((line) => style.dim(line)));
		const colour = (rate: number | null, cell: string) => (rate === null ? cell : rated({answers: 1, passed: 0, rate}, desired, false, cell));
		scaledColumns(rates, {height: 4, from, to}).forEach((cells, row) => {
			const coloured = cells.map((cell, index) => colour(rates[index]!, cell));
			lines.push(axisLine(row === 0 ? formatPercent(to, 0) : '', row === 0 ? '┤' : '│', coloured));
		});
		lines.push(timeAxis(formatPercent(from, 0)));
	}

	const answers = weeks.map((week) => week.answers);
	const most = Math.max(...answers);
	lines.push(style.dim('Answers a week'));
	scaledColumns(answers.map((count) => (count === 0 ? null : count)), {height: 3, from: 0, to: most}).forEach((cells, row) => {
		lines.push(axisLine(row === 0 ? formatCount(most) : '', row === 0 ? '┤' : '│', cells.map((cell) => style.accent(cell))));
	});
	lines.push(timeAxis('0'));
	lines.push(`${' '.repeat(TREND_AXIS)}${monthLabels(weeks.map((week) => week.from), step, width - TREND_AXIS)}`.trimEnd());

	const current = weeks.at(-1)!;
	const retained = current.retention.rate === null ? 'no review answers' : `${formatPercent(current.retention.rate)} retained`;
	lines.push(...wrap(`This week (from ${whole(MONTH_DAY(current.from))}): ${plural(current.answers, 'answer')} in ${minutes(current.minutes)}, ${whole(retained)}`, width));

	// The axis label (no shorter than the busiest day of the period's), a space and the corner, then a bar and a gap a day.
	const axis = formatMinutes(Math.max(0, ...stats.days.map((day) => day.ms / 60_000))).length + 1;
	// The last 30 days, or those that fit, never before the period or the first answer (their zeros would lower the average).
	const counted = daysBetween(spanOf(stats).from, stats.today) + 1;
	const days = dailyMinutes(stats.days, stats.today, Math.max(1, Math.min(30, counted, Math.floor((width - axis - 2) / 2))));
	const perDay = days.map((day) => day.minutes);
	const busiest = Math.max(0, ...perDay);
	if (busiest === 0) return lines;
	const average = perDay.reduce((sum, value) => sum + value, 0) / perDay.length;
	lines.push('', ...wrap(`Time a day, ${spanText(spanOf(stats, days[0]!.day))}: ${minutes(average)} on average, most ${minutes(busiest)}`, width).map((line) => style.dim(line)));
	columnChart(perDay, {height: 3, barWidth: 1, gap: 1}).forEach((chartRow, index) => lines.push(`${padStart(index === 0 ? formatMinutes(busiest) : '', axis)} ${index === 0 ? '┤' : '│'}${style.accent(chartRow)}`));
	lines.push(`${padStart('0', axis)} └${'─'.repeat(days.length * 2 - 1)}`);
	return lines;
}

/** Month names, each over the column of the week (starting on a day in `starts`) that holds the month's first day, where there is room. */
function monthLabels(starts: readonly string[], step: number, width: number): string {
	let labels = '';
	starts.forEach((from, index) => {
		const last = addDays(from, 6);
		const column = index * step;
		if (last.slice(8) <= '07' && (labels === '' || column >= labels.length + 1) && column + 3 <= width) labels = padEnd(labels, column) + MONTHS[Number(last.slice(5, 7)) - 1];
	});
	return labels;
}

function signedPoints(gap: number): string {
	const points = (gap * 100).toFixed(1);
	return gap >= 0 ? `+${points}` : points;
}

function calibrationLines(stats: Stats, width: number): string[] {
	const {calibration} = stats;
	const lines = heading(`Calibration of FSRS's predictions, ${periodLabel(stats)}`, width);
	if (calibration.recalled === null || calibration.predicted === null || calibration.rmse === null) {
		return [...lines, style.dim('No answers to review cards with a prediction in this period yet.')];
	}
	const range = (from: number, to: number) => `${Math.round(from * 100)}-${Math.round(to * 100)}%`;
	const rows = calibration.bins.map((bin) => [range(bin.from, bin.to), formatCount(bin.answers), formatPercent(bin.predicted), formatPercent(bin.recalled), signedPoints(bin.gap)]);
	rows.push(['All', formatCount(calibration.answers), formatPercent(calibration.predicted), formatPercent(calibration.recalled), `RMSE ${(calibration.rmse * 100).toFixed(1)}`]);
	const header = width >= 60 ? ['Predicted', 'Answers', 'Expected', 'Recalled', 'Gap (points)'] : ['Pred.', 'Answers', 'Exp.', 'Recalled', 'Gap'];
	lines.push(...fittedTable(header, rows, new Set([1, 2, 3, 4]), width));
	const desired = calibration.desiredRetention;
	const met = calibration.recalled >= desired - 0.005;
	const verdict = `Desired retention ${formatPercent(desired, 0)} ${met ? 'met' : 'not met'}: ${formatPercent(calibration.recalled)} recalled where FSRS expected ${formatPercent(calibration.predicted)}.`;
	lines.push(...wrap(verdict, width).map((line) => (met ? style.good(line) : style.warning(line))));
	if (Math.abs(calibration.recalled - calibration.predicted) >= 0.03 && calibration.answers >= 400) {
		lines.push(...wrap('Predictions are off by 3 points or more: `fluency optimize` fits FSRS to you.', width).map((line) => style.dim(line)));
	}
	return lines;
}

function forecastLines(stats: Stats, width: number): string[] {
	const counts = stats.forecast.map((day) => day.cards);
	const total = counts.reduce((sum, count) => sum + count, 0);
	const busiest = stats.forecast.reduce((best, day) => (day.cards > best.cards ? day : best), stats.forecast[0]!);
	const lines = heading(`Due in the next ${plural(stats.forecast.length, 'day')}: ${plural(total, 'card')}${total > 0 ? `, most on ${whole(`${busiest.day} (${formatCount(busiest.cards)})`)}` : ''}`, width);
	if (total === 0) return lines;
	const axis = formatCount(busiest.cards).length + 1;
	// A bar and a gap a day where they fit; a narrow terminal drops the gaps.
	const step = axis + 2 + counts.length * 2 <= width ? 2 : 1;
	const rows = columnChart(counts, {height: 5, barWidth: 1, gap: step - 1});
	rows.forEach((row, index) => lines.push(`${padStart(index === 0 ? formatCount(busiest.cards) : '', axis)} ${index === 0 ? '┤' : '│'}${style.accent(row)}`));
	lines.push(`${padStart('0', axis)} └${'─'.repeat(counts.length * step)}`);
	// Labels under today and every week after, each starting at its bar.
	let labels = '';
	for (let day = 0; day < counts.length; day += 7) {
		const label = day === 0 ? 'today' : stats.forecast[day]!.day.slice(5);
		if (day * step >= labels.length + (day === 0 ? 0 : 1) && axis + 2 + day * step + label.length <= width) labels = padEnd(labels, day * step) + label;
	}
	lines.push(`${' '.repeat(axis + 2)}${labels}`);
	return lines;
}

function heatmapLines(stats: Stats, width: number): string[] {
	// The most recent weeks that fit beside the weekday labels.
	const weeks = stats.heatmap.slice(-Math.max(1, width - 3));
	const counts = weeks.flatMap((week) => week.days.filter((count): count is number => count !== null));
	const max = Math.max(0, ...counts);
	const total = counts.reduce((sum, count) => sum + count, 0);
	const lines = heading(`Answers per day, ${spanText(spanOf(stats, weeks[0]!.monday))}: ${plural(total, 'answer')} on ${plural(counts.filter((count) => count > 0).length, 'day')}`, width);
	let months = '';
	weeks.forEach((week, index) => {
		const sunday = addDays(week.monday, 6);
		// A month's name goes over the week holding its first day, when there is room for it.
		if (index > 0 && sunday.slice(8) <= '07' && index >= months.length + 1 && index + 3 <= width - 3) months = padEnd(months, index) + MONTHS[Number(sunday.slice(5, 7)) - 1];
	});
	lines.push(`   ${months}`.trimEnd());
	for (let weekday = 0; weekday < 7; weekday++) {
		const cells = weeks.map((week) => {
			const count = week.days[weekday];
			return count === null || count === undefined ? ' ' : SHADES[shadeLevel(count, max)]!;
		});
		lines.push(`${WEEKDAYS[weekday]} ${style.good(cells.join('').trimEnd())}`);
	}
	const legend = `${[`${SHADES[0]} none`, ...shadeLegend(max)].map(whole).join('  ')} ${whole(`${max === 1 ? 'answer' : 'answers'} a day`)}`;
	lines.push(...wrap(legend, width - 3).map((line) => style.dim(`   ${line}`)));
	return lines;
}

function distributionColumn(title: string, distribution: Distribution, label: (from: number | undefined, to: number | undefined) => string, mean: string): string[] {
	const max = Math.max(0, ...distribution.counts);
	const countWidth = Math.max(3, ...distribution.counts.map((count) => formatCount(count).length));
	return [
		title,
		...distribution.counts.map((count, index) =>
			`${padEnd(label(distribution.edges[index - 1], distribution.edges[index]), 7)} ${padStart(formatCount(count), countWidth)} ${horizontalBar(count, max, 16 - countWidth)}`,
		),
		mean,
	];
}

function range(format: (value: number) => string) {
	return (from: number | undefined, to: number | undefined) => (from === undefined ? `< ${format(to!)}` : to === undefined ? `≥ ${format(from)}` : `${format(from)}-${format(to)}`);
}

function percentRange(from: number | undefined, to: number | undefined): string {
	const percent = (value: number) => Math.round(value * 100);
	return from === undefined ? `< ${percent(to!)}%` : to === undefined ? `≥ ${percent(from)}%` : `${percent(from)}-${percent(to)}%`;
}

/** One row of counts under their labels, or `label count · label count` wrapped when too wide. */
function countsLines(labels: readonly string[], counts: readonly string[], width: number): string[] {
	const drawn = table(labels, [counts], new Set(labels.map((_, index) => index)));
	if (drawn.every((line) => textWidth(line) <= width)) return drawn;
	return wrap(labels.map((label, index) => whole(`${label} ${counts[index]}`)).join(' · '), width);
}

function cardLines(stats: Stats, width: number): string[] {
	const {cards, memory} = stats;
	const lines = [
		...heading('Cards', width),
		...countsLines(
			['New', 'Learning', 'Review', 'Relearning', 'Suspended', 'Retired', 'Total'],
			[cards.new, cards.learning, cards.review, cards.relearning, cards.suspended, cards.retired, cards.total].map(formatCount),
			width,
		),
		// Only when there are any: a leech is news, a zero is not.
		...(stats.leeches > 0 ? [`Leeches ${formatCount(stats.leeches)}`] : []),
	];
	if (memory.stability.mean === null) return lines;
	const columns = [
		distributionColumn('Stability (days)', memory.stability, range(String), `mean ${memory.stability.mean.toFixed(1)} days`),
		distributionColumn('Difficulty (1-10)', memory.difficulty, range(String), `mean ${memory.difficulty.mean!.toFixed(1)}`),
		distributionColumn('Recall now', memory.recall, percentRange, `mean ${formatPercent(memory.recall.mean)}`),
	];
	// Side by side where three fit, else one under the other.
	const perRow = Math.max(1, Math.min(columns.length, Math.floor((width + 1) / 27)));
	for (let first = 0; first < columns.length; first += perRow) {
		const group = columns.slice(first, first + perRow);
		lines.push('');
		const height = Math.max(...group.map((column) => column.length));
		for (let row = 0; row < height; row++) {
			const line = group
				.map((column) => padEnd(column[row] ?? '', 27))
				.join('')
				.trimEnd();
			lines.push(row === 0 ? style.dim(line) : line);
		}
	}
	return lines;
}

function hourLines(stats: Stats, width: number): string[] {
	const max = Math.max(0, ...stats.hours.map((hour) => hour.answers));
	const lines = heading(`Answers and true retention by hour of the day, ${periodLabel(stats)}`, width);
	if (max === 0) return [...lines, style.dim('No answers in this period.')];
	const countWidth = Math.max(...stats.hours.map((hour) => formatCount(hour.answers).length));
	const cell = (index: number) => {
		const hour = stats.hours[index]!;
		const bar = padEnd(horizontalBar(hour.answers, max, 12), 12);
		return `${padStart(`${hour.hour}h`, 3)} ${padStart(formatCount(hour.answers), countWidth)} ${style.accent(bar)} ${padStart(formatPercent(hour.retention.rate), 6)}`;
	};
	const cellWidth = 3 + 1 + countWidth + 1 + 12 + 1 + 6;
	if (cellWidth * 2 + 4 <= width) for (let row = 0; row < 12; row++) lines.push(`${cell(row)}    ${cell(row + 12)}`.trimEnd());
	else for (let row = 0; row < 24; row++) lines.push(cell(row).trimEnd());
	return lines;
}
