/*
`fluency stats` drawn for an 80-column terminal. Bars are Unicode blocks whose length carries the
number, so the charts read the same with NO_COLOR and in a pipe; colour only adds emphasis.
*/
import type {Stats} from '../app/stats.js';
import type {Retention} from '../core/stats/figures.js';
import {sanitizeLine} from '../core/text.js';
import {style, table} from './output.js';

const BLOCKS = ' ▁▂▃▄▅▆▇█';
const SHADES = ['·', '░', '▒', '▓', '█'];

const percent = (value: number | null) => (value === null ? '   -' : `${(value * 100).toFixed(0).padStart(3)}%`);
const bar = (value: number, max: number, width: number) => '█'.repeat(max === 0 ? 0 : Math.round((value / max) * width));

function section(title: string): string {
	return `\n${style.bold(title)}`;
}

function retentionLine(label: string, figures: Retention): string[] {
	return [label, percent(figures.young), percent(figures.mature), percent(figures.all), String(figures.count)];
}

export function statsLines(stats: Stats, desiredRetention: number): string[] {
	const lines: string[] = [];
	const {today, streaks} = stats;
	lines.push(style.bold(`Today (study day ${stats.studyDay})`));
	lines.push(`${today.reviews} reviewed · ${today.again} Again · ${today.newCards} new · ${today.minutes.toFixed(0)} min`);
	lines.push(`streak: ${streaks.current} ${streaks.current === 1 ? 'day' : 'days'} (longest ${streaks.longest})`);

	lines.push(section('True retention (answers to review cards that were not Again)'));
	lines.push(
		...table(
			['Period', 'Young', 'Mature', 'All', 'Answers'],
			[retentionLine('7 days', stats.retention.last7), retentionLine('30 days', stats.retention.last30), retentionLine('365 days', stats.retention.last365)],
			new Set([1, 2, 3, 4]),
		),
	);
	if (stats.retention.byDeck.length > 1) {
		lines.push('');
		const decks = [...stats.retention.byDeck].sort((a, b) => (a.last365.all ?? 2) - (b.last365.all ?? 2));
		lines.push(...table(['Deck (weakest first)', '30 days', '365 days', 'Answers'], decks.map((deck) => [sanitizeLine(deck.deck).slice(0, 40), percent(deck.last30.all), percent(deck.last365.all), String(deck.last365.count)]), new Set([1, 2, 3])));
	}

	lines.push(section('Calibration: predicted recall against what happened'));
	const {calibration} = stats;
	if (calibration.rmse === null) lines.push(style.dim('no review answers with a prediction yet'));
	else {
		lines.push(
			...table(
				['Predicted', 'Answers', 'Predicted', 'Actual', 'Gap'],
				calibration.rows.map((row) => [`${(row.from * 100).toFixed(0)}-${(row.to * 100).toFixed(0)}%`, String(row.count), percent(row.predicted), percent(row.actual), `${row.gap >= 0 ? '+' : '-'}${Math.abs(row.gap * 100).toFixed(1)}`]),
				new Set([1, 2, 3, 4]),
			),
		);
		const met = (calibration.actual ?? 0) >= desiredRetention;
		lines.push(`overall: predicted ${percent(calibration.predicted).trim()}, actual ${percent(calibration.actual).trim()}, RMSE ${(calibration.rmse * 100).toFixed(1)} points`);
		lines.push(`desired retention ${(desiredRetention * 100).toFixed(0)}%: ${met ? style.good('met') : style.warning('not met')} (actual recall on review cards ${percent(calibration.actual).trim()})`);
	}

	lines.push(section('Due in the next 30 days'));
	const maxDue = Math.max(...stats.forecast);
	lines.push(`${stats.forecast.map((count) => BLOCKS[maxDue === 0 ? 0 : Math.max(count > 0 ? 1 : 0, Math.round((count / maxDue) * 8))]).join('')}  today ${stats.forecast[0]} · tomorrow ${stats.forecast[1]} · max ${maxDue}`);

	lines.push(section('Reviews per day, last year (weeks left to right, Monday on top)'));
	const maxDay = Math.max(1, ...stats.heatmap.flat().map((count) => count ?? 0));
	for (let weekday = 0; weekday < 7; weekday++) {
		const row = stats.heatmap.map((week) => {
			const count = week[weekday];
			if (count === null || count === undefined) return ' ';
			return SHADES[count === 0 ? 0 : Math.min(4, 1 + Math.floor((count / maxDay) * 3.999))]!;
		});
		lines.push(`${['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'][weekday]} ${style.good(row.join(''))}`);
	}
	lines.push(style.dim(`   · none  ░ ▒ ▓ █ more (up to ${maxDay} a day)`));

	lines.push(section('Cards'));
	const {cards} = stats;
	lines.push(`${cards.new} new · ${cards.learning} learning · ${cards.review} review · ${cards.relearning} relearning · ${cards.suspended} suspended · ${cards.retired} retired`);
	const distribution = (title: string, edges: readonly number[], counts: readonly number[], label: (edge: number) => string) => {
		const max = Math.max(...counts);
		lines.push(style.dim(title));
		counts.forEach((count, index) => {
			const range = index === 0 ? `< ${label(edges[0]!)}` : index === edges.length ? `≥ ${label(edges.at(-1)!)}` : `${label(edges[index - 1]!)}-${label(edges[index]!)}`;
			lines.push(`  ${range.padEnd(11)} ${String(count).padStart(6)} ${bar(count, max, 40)}`);
		});
	};
	distribution('Stability (days)', stats.distributions.stability.edges, stats.distributions.stability.counts, String);
	distribution('Difficulty (1-10)', stats.distributions.difficulty.edges, stats.distributions.difficulty.counts, String);
	distribution('Recall probability now', stats.distributions.retrievability.edges, stats.distributions.retrievability.counts, (edge) => `${Math.round(edge * 100)}%`);

	lines.push(section('By hour of day'));
	const maxHour = Math.max(...stats.byHour.map((hour) => hour.reviews));
	lines.push(`reviews   ${stats.byHour.map((hour) => BLOCKS[maxHour === 0 ? 0 : Math.max(hour.reviews > 0 ? 1 : 0, Math.round((hour.reviews / maxHour) * 8))]).join('')}`);
	lines.push(`retention ${stats.byHour.map((hour) => (hour.retention === null ? ' ' : BLOCKS[Math.max(1, Math.round(hour.retention * 8))])).join('')}`);
	lines.push(style.dim('          0     6     12    18   h'));
	const best = stats.byHour.filter((hour) => hour.retention !== null && hour.reviews >= 10).sort((a, b) => b.retention! - a.retention!)[0];
	if (best) lines.push(`best hour: ${best.hour}:00, ${percent(best.retention).trim()} retained over ${best.reviews} reviews`);
	return lines;
}
