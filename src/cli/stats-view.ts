/*
`fluency stats` drawn for an 80-column terminal: tables and Unicode block charts (src/cli/charts.ts)
whose numbers are in the text or the length of the bars, so they read the same without colour.
*/
import stringWidth from 'string-width';
import type {Stats} from '../app/stats.js';
import {addDays} from '../core/stats/calendar.js';
import type {Distribution} from '../core/stats/cards.js';
import type {Retention, Share} from '../core/stats/figures.js';
import {sanitizeLine} from '../core/text.js';
import {columnChart, formatCount, formatMinutes, formatPercent, horizontalBar, padEnd, padStart, SHADES, shadeLegend, shadeLevel} from './charts.js';
import {style, table} from './output.js';

const DECKS_SHOWN = 10;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

export function statsLines(stats: Stats): string[] {
	return [
		...headerLines(stats),
		...retentionLines(stats),
		...calibrationLines(stats),
		...forecastLines(stats),
		...heatmapLines(stats),
		...cardLines(stats),
		...hourLines(stats),
	];
}

/** The one line `fluency stats` prints when the period holds no answers. */
export function noAnswersLine(stats: Stats): string {
	const what = scopeLabel(stats);
	if (stats.lastAnswer === null) return `No reviews of ${what} yet: answer some cards with \`fluency review\`, then come back.`;
	return `No reviews of ${what} in the period (${periodLabel(stats)}); the last was on ${stats.lastAnswer}.`;
}

function scopeLabel(stats: Stats): string {
	const {decks, tags} = stats.selection;
	if (decks.length === 0 && tags.length === 0) return 'any deck';
	return sanitizeLine([...decks, ...tags.map((tag) => `tag:${tag}`)].join(', '));
}

function periodLabel(stats: Stats): string {
	if (stats.period.since !== null) return `since ${stats.period.since}`;
	if (stats.period.days !== null) return `last ${stats.period.days} ${stats.period.days === 1 ? 'day' : 'days'}, since ${stats.period.from}`;
	return `all time, since ${stats.firstAnswer}`;
}

function heading(text: string): string[] {
	return ['', style.bold(text)];
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${formatCount(count)} ${count === 1 ? one : many}`;
}

function headerLines(stats: Stats): string[] {
	const {todayAnswers: today, streak, answers} = stats;
	const again = today.answers > 0 ? ` (${formatPercent(today.again / today.answers, 0)})` : '';
	return [
		style.bold(`Statistics for ${stats.selection.decks.length + stats.selection.tags.length === 0 ? 'all decks' : scopeLabel(stats)}: ${periodLabel(stats)}`),
		`Today   ${plural(today.answers, 'answer')} in ${formatMinutes(today.minutes)} · ${formatCount(today.again)} Again${again} · ${plural(today.newCards, 'new card')}`,
		`Streak  ${plural(streak.current, 'day')} in a row (longest ${plural(streak.longest, 'day')})`,
		`Period  ${plural(answers.total, 'answer')} on ${plural(answers.days, 'day')}, ${formatMinutes(answers.minutes)} in all`,
	];
}

/** A rate coloured against the desired retention: green when met, yellow a little under, red well under. */
function rated(share: Share, desired: number): string {
	const text = share.rate === null ? '-' : `${formatPercent(share.rate)} of ${formatCount(share.answers)}`;
	if (share.rate === null) return style.dim(text);
	if (share.rate >= desired - 0.005) return style.good(text);
	return share.rate >= desired - 0.05 ? style.warning(text) : style.error(text);
}

function retentionCells(retention: Retention, desired: number): string[] {
	return [rated(retention.young, desired), rated(retention.mature, desired), rated(retention.all, desired)];
}

function fit(text: string, width: number): string {
	if (stringWidth(text) <= width) return text;
	let cut = text;
	while (stringWidth(`…${cut}`) > width) cut = cut.slice(1);
	return `…${cut}`;
}

function retentionLines(stats: Stats): string[] {
	const desired = stats.calibration.desiredRetention;
	const lines = [
		...heading('True retention: review answers not rated Again (mature: interval ≥ 21 days)'),
		...table(
			['', 'Young', 'Mature', 'All'],
			stats.retention.windows.map((window) => [window.label, ...retentionCells(window, desired)]),
			new Set([1, 2, 3]),
		),
	];
	const {decks} = stats.retention;
	if (decks.length > 1) {
		lines.push('', style.dim(`By deck, weakest first, since ${stats.retention.decksFrom}`));
		const shown = decks.slice(0, DECKS_SHOWN);
		lines.push(...table(['Deck', 'Young', 'Mature', 'All'], shown.map((deck) => [fit(sanitizeLine(deck.deck), 24), ...retentionCells(deck, desired)]), new Set([1, 2, 3])));
		if (decks.length > shown.length) lines.push(style.dim(`and ${plural(decks.length - shown.length, 'more deck')} (--json lists them all)`));
	}
	return lines;
}

function signedPoints(gap: number): string {
	const points = (gap * 100).toFixed(1);
	return gap >= 0 ? `+${points}` : points;
}

function calibrationLines(stats: Stats): string[] {
	const {calibration} = stats;
	const lines = heading('Calibration: FSRS\'s predicted recall against what happened');
	if (calibration.recalled === null || calibration.predicted === null || calibration.rmse === null) {
		return [...lines, style.dim('No answers to review cards with a prediction in this period yet.')];
	}
	const range = (from: number, to: number) => `${Math.round(from * 100)}-${Math.round(to * 100)}%`;
	const rows = calibration.bins.map((bin) => [range(bin.from, bin.to), formatCount(bin.answers), formatPercent(bin.predicted), formatPercent(bin.recalled), signedPoints(bin.gap)]);
	rows.push(['All', formatCount(calibration.answers), formatPercent(calibration.predicted), formatPercent(calibration.recalled), `RMSE ${(calibration.rmse * 100).toFixed(1)}`]);
	lines.push(...table(['Predicted', 'Answers', 'Expected', 'Recalled', 'Gap (points)'], rows, new Set([1, 2, 3, 4])));
	const desired = calibration.desiredRetention;
	const met = calibration.recalled >= desired - 0.005;
	const verdict = `Desired retention ${formatPercent(desired, 0)} ${met ? 'met' : 'not met'}: ${formatPercent(calibration.recalled)} recalled where FSRS expected ${formatPercent(calibration.predicted)}.`;
	lines.push(met ? style.good(verdict) : style.warning(verdict));
	if (Math.abs(calibration.recalled - calibration.predicted) >= 0.03 && calibration.answers >= 400) {
		lines.push(style.dim('Predictions are off by 3 points or more: `fluency optimize` fits FSRS to you.'));
	}
	return lines;
}

function forecastLines(stats: Stats): string[] {
	const counts = stats.forecast.map((day) => day.cards);
	const total = counts.reduce((sum, count) => sum + count, 0);
	const busiest = stats.forecast.reduce((best, day) => (day.cards > best.cards ? day : best), stats.forecast[0]!);
	const lines = heading(`Due in the next ${stats.forecast.length} days: ${plural(total, 'card')}${total > 0 ? `, most on ${busiest.day} (${formatCount(busiest.cards)})` : ''}`);
	if (total === 0) return lines;
	const axis = formatCount(busiest.cards).length + 1;
	const rows = columnChart(counts, {height: 5, barWidth: 1, gap: 1});
	rows.forEach((row, index) => lines.push(`${padStart(index === 0 ? formatCount(busiest.cards) : '', axis)} ${index === 0 ? '┤' : '│'}${style.accent(row)}`));
	lines.push(`${padStart('0', axis)} └${'─'.repeat(counts.length * 2)}`);
	// Labels under today and every week after, each starting at its bar.
	let labels = '';
	for (let day = 0; day < counts.length; day += 7) labels = padEnd(labels, day * 2) + (day === 0 ? 'today' : stats.forecast[day]!.day.slice(5));
	lines.push(`${' '.repeat(axis + 2)}${labels}`);
	return lines;
}

function heatmapLines(stats: Stats): string[] {
	const weeks = stats.heatmap;
	const counts = weeks.flatMap((week) => week.days.filter((count): count is number => count !== null));
	const max = Math.max(0, ...counts);
	const total = counts.reduce((sum, count) => sum + count, 0);
	const lines = heading(`Answers per day, last 12 months: ${plural(total, 'answer')} on ${plural(counts.filter((count) => count > 0).length, 'day')}`);
	let months = '';
	weeks.forEach((week, index) => {
		const sunday = addDays(week.monday, 6);
		// A month's name goes over the week holding its first day, when there is room for it.
		if (index > 0 && sunday.slice(8) <= '07' && index >= months.length + 1) months = padEnd(months, index) + MONTHS[Number(sunday.slice(5, 7)) - 1];
	});
	lines.push(`   ${months}`.trimEnd());
	for (let weekday = 0; weekday < 7; weekday++) {
		const cells = weeks.map((week) => {
			const count = week.days[weekday];
			return count === null || count === undefined ? ' ' : SHADES[shadeLevel(count, max)]!;
		});
		lines.push(`${WEEKDAYS[weekday]} ${style.good(cells.join('').trimEnd())}`);
	}
	lines.push(style.dim(`   ${[`${SHADES[0]} none`, ...shadeLegend(max)].join('  ')} ${max === 1 ? 'answer' : 'answers'} a day`));
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

function cardLines(stats: Stats): string[] {
	const {cards, memory} = stats;
	const lines = [
		...heading('Cards'),
		...table(
			['New', 'Learning', 'Review', 'Relearning', 'Suspended', 'Retired', 'Total'],
			[[cards.new, cards.learning, cards.review, cards.relearning, cards.suspended, cards.retired, cards.total].map(formatCount)],
			new Set([0, 1, 2, 3, 4, 5, 6]),
		),
	];
	if (memory.stability.mean === null) return lines;
	const columns = [
		distributionColumn('Stability (days)', memory.stability, range(String), `mean ${memory.stability.mean.toFixed(1)} days`),
		distributionColumn('Difficulty (1-10)', memory.difficulty, range(String), `mean ${memory.difficulty.mean!.toFixed(1)}`),
		distributionColumn('Recall now', memory.recall, percentRange, `mean ${formatPercent(memory.recall.mean)}`),
	];
	lines.push('');
	const height = Math.max(...columns.map((column) => column.length));
	for (let row = 0; row < height; row++) {
		const line = columns
			.map((column) => padEnd(column[row] ?? '', 27))
			.join('')
			.trimEnd();
		lines.push(row === 0 ? style.dim(line) : line);
	}
	return lines;
}

function hourLines(stats: Stats): string[] {
	const max = Math.max(0, ...stats.hours.map((hour) => hour.answers));
	const lines = heading('Answers and true retention by hour of the day');
	if (max === 0) return [...lines, style.dim('No answers in this period.')];
	const countWidth = Math.max(...stats.hours.map((hour) => formatCount(hour.answers).length));
	const cell = (index: number) => {
		const hour = stats.hours[index]!;
		const bar = padEnd(horizontalBar(hour.answers, max, 12), 12);
		return `${padStart(`${hour.hour}h`, 3)} ${padStart(formatCount(hour.answers), countWidth)} ${style.accent(bar)} ${padStart(formatPercent(hour.retention.rate), 6)}`;
	};
	for (let row = 0; row < 12; row++) lines.push(`${cell(row)}    ${cell(row + 12)}`.trimEnd());
	return lines;
}
