import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import stringWidth from 'string-width';
import {beforeAll, describe, expect, it} from 'vitest';
import {inTerminal} from '../helpers/terminal.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {type HandMadeReview, insertReviews, setCardMemory} from '../helpers/raw-database.js';

const BIN = resolve(import.meta.dirname, '../../bin/fluency');
const DAY = 86_400_000;
let home: string;

/** Run the built CLI as a user would, output piped (not a terminal). */
function run(args: readonly string[], env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [BIN, ...args, '--decks', join(home, 'decks')], {
		cwd: home,
		encoding: 'utf8',
		// The test's time zone too: its answers are placed by study day in local time.
		env: {PATH: process.env['PATH'] ?? '', HOME: home, TZ: process.env['TZ'] ?? '', FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml'), ...tempFolderEnv(), ...env},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

beforeAll(() => {
	home = makeTempDir('fluency-stats-cli-');
	mkdirSync(join(home, 'decks'));
	writeFileSync(join(home, 'decks', 'networking.md'), 'Q: What does TCP add over IP?\nA: Ordered, reliable delivery.\n\nQ: Default HTTPS port?\nA: 443\n');
	writeFileSync(join(home, 'decks', 'sql.md'), 'Q: What does an index cost?\nA: Slower writes and disk space.\n');
});

describe('fluency stats', () => {
	it('says in one line that there are no reviews yet', () => {
		const result = run(['stats']);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('No reviews of any deck yet: answer some cards with `fluency review`, then come back.\n');
	});

	it('refuses a bad period in one line with exit code 2', () => {
		for (const args of [['--since', '2026-02-31'], ['--since', 'last week'], ['--days', '0'], ['--days', '1.5'], ['--days', '7', '--since', '2026-01-01'], ['--since', '2999-01-01'], ['nosuchdeck']]) {
			const result = run(['stats', ...args]);
			expect(result.code, args.join(' ')).toBe(2);
			expect(result.stdout).toBe('');
			const errors = result.stderr.trim().split('\n').filter((line) => !line.startsWith('synced '));
			expect(errors, args.join(' ')).toHaveLength(1);
			expect(errors[0]).toMatch(/^fluency: /);
		}
	});

	it('draws every figure within 80 columns without colour when piped, and the same figures as JSON', () => {
		const store = Store.open(join(home, 'data', 'fluency.db'));
		const cards = rowsOf(store, 'cards').map((card) => card['id'] as string);
		const history: HandMadeReview[] = [];
		// Every card answered once a day for 140 days, Again every fifth answer: enough answers, and
		// far enough from the predicted 90%, for the advice to optimize to show.
		const now = Date.now();
		// Each answer in the middle of its study day (days start at 04:00 local time), today's just
		// before now: an hour before now fell on yesterday's study day between 04:00 and 05:00.
		const todayStarts = new Date(now);
		todayStarts.setHours(4, 0, 0, 0);
		if (todayStarts.getTime() > now) todayStarts.setDate(todayStarts.getDate() - 1);
		const answeredOn = (day: number) => (day === 0 ? now - 1000 : todayStarts.getTime() - day * DAY + 12 * 3_600_000);
		let answer = 0;
		for (let day = 139; day >= 0; day--) {
			for (const card of cards) {
				history.push({
					id: `a${answer}`, card_id: card, device_id: 'other', reviewed_at: answeredOn(day), rating: answer % 5 === 0 ? 1 : 3, duration_ms: 8000,
					state_before: day === 139 ? 'new' : 'review', scheduled_days_before: day * 2, retrievability: day === 139 ? null : 0.9,
				});
				answer++;
			}
		}
		insertReviews(store.db, history);
		setCardMemory(store.db, {state: 'review', stability: 20, difficulty: 5, last_review: now - 3_600_000, due: now + 5 * DAY});
		store.close();

		const text = run(['stats']);
		expect(text.code).toBe(0);
		expect(text.stdout).not.toContain('\u001b');
		const lines = text.stdout.trimEnd().split('\n');
		expect(lines.filter((line) => stringWidth(line) > 80)).toEqual([]);
		for (const heading of ['True retention', 'Calibration', 'Due in the next 30 days', 'Answers per day', 'Cards', 'Stability', 'by hour of the day']) {
			expect(text.stdout).toContain(heading);
		}
		expect(lines[0]).toMatch(/^Statistics for all decks: all time, since \d{4}-\d{2}-\d{2}$/);
		expect(lines).toContain('Period     420 answers on 140 days, 56 min in all');
		expect(text.stdout).toContain('Predictions are off by 3 points or more');
		// In a terminal (`script` gives it one) it colours, within the same 80 columns; NO_COLOR turns colour off.
		const inTerminal = (env: string) =>
			spawnSync('script', ['-qec', `${env} ${process.execPath} ${BIN} stats --decks decks`, '/dev/null'], {
				cwd: home,
				encoding: 'utf8',
				env: {PATH: process.env['PATH'] ?? '', HOME: home, TZ: process.env['TZ'] ?? '', TERM: 'xterm-256color', FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml'), ...tempFolderEnv()},
			}).stdout;
		const coloured = inTerminal('env');
		expect(coloured).toContain('\u001b[');
		expect(coloured.split(/\r?\n/).filter((line) => stringWidth(line) > 80)).toEqual([]);
		expect(inTerminal('env NO_COLOR=1').replace(/\r/g, '')).toBe(text.stdout);

		const json = run(['stats', 'sql', '--days', '10', '--json']);
		expect(json.code).toBe(0);
		const figures = JSON.parse(json.stdout) as {answers: {total: number}; selection: {decks: string[]}; retention: {windows: Array<{label: string; all: {answers: number; passed: number}}>}};
		expect(figures.selection.decks).toEqual(['sql']);
		// One card, one answer a day for the last 10 days, all review answers.
		expect(figures.answers.total).toBe(10);
		expect(figures.retention.windows.map((window) => window.label)).toEqual(['last 7 days', 'last 10 days']);
		expect(figures.retention.windows[1]!.all.answers).toBe(10);
	});

	it('fits a 40-column terminal, pages a tall report through $PAGER, and prints one section', async () => {
		const env = {PATH: process.env['PATH'] ?? '', HOME: home, TZ: process.env['TZ'] ?? '', TERM: 'xterm-256color', NO_COLOR: '1', FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml'), ...tempFolderEnv()};
		// The pager here is a shell command that keeps what it was given, as less would show it.
		const terminal = inTerminal(['stats', '--decks', join(home, 'decks')], {...env, PAGER: `cat > ${join(home, 'paged.txt')}`}, {columns: 40, rows: 24});
		expect(await terminal.exited).toBe(0);
		const paged = readFileSync(join(home, 'paged.txt'), 'utf8').trimEnd().split('\n');
		expect(paged.length).toBeGreaterThan(24);
		expect(paged.filter((line) => stringWidth(line) > 40)).toEqual([]);
		expect(paged.filter((line) => /^(?:Mo|Tu|We|Th|Fr|Sa|Su) /.test(line))).toHaveLength(7);
		expect(paged[0]).toMatch(/^Statistics for all decks: all time,/);

		const summary = run(['stats', '--section', 'summary']);
		expect(summary.code).toBe(0);
		expect(summary.stdout.trimEnd().split('\n').map((line) => line.split(' ')[0])).toEqual(['Statistics', 'Today', 'Streak', 'Retention', 'Due', 'Period']);
		const two = run(['stats', '--section', 'trend,forecast']);
		expect(two.stdout).toMatch(/^Trend, week by week/);
		expect(two.stdout).toContain('Due in the next 30 days');
		expect(two.stdout).not.toContain('Calibration');
		const bad = run(['stats', '--section', 'bogus']);
		expect(bad).toMatchObject({code: 2, stdout: ''});
		expect(bad.stderr).toContain('no section `bogus`; choose from summary, retention, trend');
	});
});

describe('fluency stats in a pipe', () => {
	/** Each figure as the text writes it: `22 h 53 min`, `84.0% of 6,228`, `54 days`, `1 Again (7%)`. */
	const figures = (text: string) => new Set(text.match(/\d[\d,.]*%?(?: (?:of \d[\d,]*|h \d+ min|min|days?|answers?|cards?|points|Again \(\d+%\)))?/g));

	it('lays every section out for $COLUMNS, cutting no word, figure or heatmap row', () => {
		const wide = run(['stats'], {COLUMNS: '200'});
		const narrow = run(['stats'], {COLUMNS: '40'});
		expect(narrow.code).toBe(0);
		const lines = narrow.stdout.trimEnd().split('\n');
		expect(lines.filter((line) => stringWidth(line) > 40)).toEqual([]);
		// Every figure of the wide drawing is whole on one line of the narrow one.
		const narrowFigures = figures(narrow.stdout);
		expect([...figures(wide.stdout)].filter((figure) => !narrowFigures.has(figure) && / /.test(figure))).toEqual([]);
		// Seven whole heatmap rows, fewer weeks in them, and the heading says how many.
		const heatmap = lines.filter((line) => /^(?:Mo|Tu|We|Th|Fr|Sa|Su) /.test(line));
		expect(heatmap).toHaveLength(7);
		const wideMonday = wide.stdout.split('\n').find((line) => line.startsWith('Mo '))!;
		expect(stringWidth(wideMonday)).toBeGreaterThan(40);
		// 37 weeks hold the 140 days of answers: nothing is left out.
		expect(narrow.stdout).toMatch(/\nAnswers per day, all time,\nsince \d{4}-\d{2}-\d{2}:/);
		// No COLUMNS: 80.
		expect(run(['stats']).stdout.split('\n').filter((line) => stringWidth(line) > 80)).toEqual([]);
	});

	it('measures and wraps the report without setting up string-width, and wrap-ansi only once a line needs it', () => {
		// string-width and wrap-ansi each make an Intl.Segmenter as they are set up (the first one loads
		// ICU's break rules). The report's glyphs are measured without string-width; wrap-ansi is set up
		// when a line is too long for the terminal, and not before.
		const counter = `const Real = Intl.Segmenter; let made = 0;
Intl.Segmenter = new Proxy(Real, {construct: (target, args) => { made++; return new target(...args); }});
process.on('exit', () => process.stderr.write('segmenters made: ' + made + '\\n'));`;
		const counted = (columns: string) => run(['stats'], {COLUMNS: columns, NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(counter)}`});
		const wide = counted('200');
		expect(wide.code).toBe(0);
		expect(wide.stdout.trimEnd().split('\n').length).toBeGreaterThan(60);
		expect(wide.stderr).toContain('segmenters made: 0\n');
		const narrow = counted('40');
		expect(narrow.stdout).toBe(run(['stats'], {COLUMNS: '40'}).stdout);
		expect(narrow.stderr).toContain('segmenters made: 1\n');
	});

	it('leads with the summary, never pages a pipe, and prints one section', () => {
		const pagedFile = join(home, 'paged-in-a-pipe.txt');
		const whole = run(['stats'], {COLUMNS: '60', PAGER: `cat > ${pagedFile}`});
		expect(whole.code).toBe(0);
		expect(existsSync(pagedFile)).toBe(false);
		const lines = whole.stdout.split('\n');
		expect(lines.length).toBeGreaterThan(60);
		expect(lines.slice(0, 7).map((line) => line.split(' ')[0])).toEqual(['Statistics', 'Today', 'Streak', 'Retention', 'Due', 'Period', '']);
		expect(lines[3]).toMatch(/^Retention {2}\d+\.\d% over the last 30 days/);
		expect(lines[4]).toMatch(/^Due {8}\d+ cards? tomorrow/);

		const summary = run(['stats', '--section', 'summary'], {COLUMNS: '40'});
		expect(summary.code).toBe(0);
		expect(summary.stdout.split('\n').filter((line) => stringWidth(line) > 40)).toEqual([]);
		expect(summary.stdout).not.toContain('True retention');
		const cards = run(['stats', '--section', 'cards'], {COLUMNS: '40'}).stdout;
		expect(cards).toMatch(/^Cards\n/);
		expect(cards).not.toContain('Statistics for');

		const unknown = run(['stats', '--section', 'leeches'], {COLUMNS: '40'});
		expect(unknown).toMatchObject({code: 2, stdout: ''});
		expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^fluency: .*no section `leeches`; choose from summary, retention, trend, calibration, forecast, heatmap, cards, hours$/)]);
	});

	it('names every span by one rule: no label starts before the first answer or the period', () => {
		const spans = (args: readonly string[]) =>
			run(['stats', ...args], {COLUMNS: '200'}).stdout.split('\n').flatMap((line) => line.match(/(?:all time|last \d+ days?), since \d{4}-\d{2}-\d{2}/g) ?? []);
		// 140 days of answers: the title, by deck (a year asked for), the trend, calibration, the heatmap and the hours all say all time since the first answer (issue 17's "since 2025-12-05" under "all time, since 2026-11-27").
		const all = spans([]);
		expect(all).toHaveLength(7);
		expect(new Set(all.filter((span) => span.startsWith('all time'))).size).toBe(1);
		expect(all.filter((span) => !span.startsWith('all time'))).toEqual([expect.stringMatching(/^last 30 days, since /)]);
		const tenDays = spans(['--days', '10']);
		expect(new Set(tenDays).size).toBe(1);
		expect(tenDays[0]).toMatch(/^last 10 days, since /);
		expect(tenDays).toHaveLength(7);
	});

	it('charts true retention and answers week by week, and the time a day', () => {
		const trend = run(['stats', '--section', 'trend'], {COLUMNS: '40'});
		expect(trend.code).toBe(0);
		const lines = trend.stdout.trimEnd().split('\n');
		// The same span as the title's: the weeks hold every answer.
		expect(lines.slice(0, 2)).toEqual(['Trend, week by week, all time,', (JSON.parse(run(['stats', '--json']).stdout) as {firstAnswer: string}).firstAnswer.replace(/^/, 'since ')]);
		expect(lines.filter((line) => stringWidth(line) > 40)).toEqual([]);
		for (const title of ['True retention a week (desired 90%)', 'Answers a week']) expect(lines).toContain(title);
		// A column a week on one time axis; every week of the period had answers, so every column shows.
		const weeks = (JSON.parse(run(['stats', '--json']).stdout) as {weeks: Array<{answers: number}>}).weeks.filter((week) => week.answers > 0);
		const axes = lines.filter((line) => /^ +(?:\d+%|0) └─+$/.test(line));
		expect(axes.slice(0, 2).map((line) => line.split('└')[1]!.length)).toEqual([weeks.length, weeks.length]);
		const answerRows = lines.slice(lines.indexOf('Answers a week') + 1, lines.indexOf('Answers a week') + 4);
		expect(answerRows.at(-1)!.replace(/^ +│/, '')).toBe('█'.repeat(weeks.length - 1) + answerRows.at(-1)!.at(-1));
		// This week in words: 3 cards a day, 7 days.
		expect(trend.stdout).toMatch(/\nThis week \(from [A-Z][a-z]{2} \d{2}\): 21 answers in\n3 min, \d+\.\d% retained\n/);
		// 3 answers of 8 s a day, as many days as fit 40 columns.
		expect(trend.stdout).toMatch(/\nTime a day, last 15 days,\nsince \d{4}-\d{2}-\d{2}: < 1 min on average,\nmost < 1 min\n/);
	});
});
