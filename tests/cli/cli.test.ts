import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {join, resolve} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {checkFiles} from '../../src/app/decks/check-decks.js';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {byPlace} from '../../src/core/problem.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';
import {backToSchemaFiveWithPresets} from '../helpers/raw-database.js';

const BIN = resolve(import.meta.dirname, '../../bin/fluency');
let home: string;
let decks: string;

beforeEach(() => {
	home = makeTempDir('fluency-cli-');
	decks = join(home, 'decks');
	mkdirSync(join(decks, 'backend'), {recursive: true});
	writeFileSync(join(decks, 'backend', 'apis.md'), '---\ntitle: APIs\nsources: [MDN]\n---\n\nQ: What does idempotent mean?\n\nA: Same effect once or many times.\n\nR: p99 latency\n\nA: The time under which 99% of requests finish.\n');
	writeFileSync(join(decks, 'mlops.md'), '---\ntitle: MLOps\nsources: [Sculley 2015]\n---\n\nC: A {{c1::canary}} release goes to a small share of traffic first.\n');
});

/** Run the built CLI as a user would, with its own data directory. */
function run(args: readonly string[], env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [BIN, ...args], {
		cwd: home,
		encoding: 'utf8',
		env: {PATH: process.env['PATH'] ?? '', HOME: home, FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml'), ...tempFolderEnv(), ...env},
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('the fluency command', () => {
	it('prints help and its version', () => {
		expect(run(['--help'])).toMatchObject({code: 0, stdout: expect.stringContaining('Usage: fluency [options] [command]')});
		expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		expect(run(['check', '--help'])).toMatchObject({code: 0, stdout: expect.stringContaining('Quality warnings')});
	});

	it('answers an unknown command or flag with one line and exit code 2', () => {
		for (const args of [['revieww'], ['decks', '--frobnicate'], ['--nope']]) {
			const result = run(args);
			expect(result.code).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
			expect(result.stderr).toMatch(/^fluency: unknown (command|option)/);
		}
	});

	it('lists decks with their counts after syncing them', () => {
		const result = run(['decks', '--decks', decks]);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('synced 2 decks: 4 added, 0 changed, 0 moved, 0 retired, 0 problems\n');
		expect(result.stdout.split('\n').slice(0, 3)).toEqual([
			'Deck          Title  New  Learn  Due  Total',
			'backend/apis  APIs     2      0    0      3', // one side of the reversed note waits for tomorrow, as in the review
			'mlops         MLOps    1      0    0      1',
		]);
		// Nothing changed: the second run syncs silently.
		expect(run(['decks', '--decks', decks]).stderr).toBe('');
	});

	it('lines up a table whose cells are wider than their characters, in a pipe too', () => {
		// Two columns a character for the CJK title, one for the emoji's modifier sequence: measured, not counted.
		writeFileSync(join(decks, 'mlops.md'), '---\ntitle: 機械学習 👩🏽‍💻\n---\n\nC: A {{c1::canary}} release goes to a small share of traffic first.\n');
		const result = run(['decks', '--decks', decks]);
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n').slice(0, 3)).toEqual([
			'Deck          Title        New  Learn  Due  Total',
			'backend/apis  APIs           2      0    0      3',
			'mlops         機械学習 👩🏽‍💻    1      0    0      1',
		]);
	});

	it('keeps its database where --db, FLUENCY_DB or the data directory say', () => {
		run(['sync', '--decks', decks, '--db', join(home, 'flag.db')]);
		run(['sync', '--decks', decks], {FLUENCY_DB: join(home, 'env.db')});
		run(['sync', '--decks', decks]);
		const listing = spawnSync('ls', [home, join(home, 'data')], {encoding: 'utf8'}).stdout;
		expect(listing).toContain('flag.db');
		expect(listing).toContain('env.db');
		expect(listing).toContain('fluency.db');
	});

	it('reads settings from the config file and names a bad key in one line', () => {
		writeFileSync(join(home, 'config.yaml'), `decks: [${decks}]\nnewPerDay: 1\n`);
		expect(run(['decks']).stdout).toContain('Today: 1 new');
		writeFileSync(join(home, 'config.yaml'), 'newPerDay: lots\n');
		expect(run(['decks'])).toMatchObject({code: 1, stderr: `fluency: ${join(home, 'config.yaml')}: \`newPerDay\` must be a number from 0 to 9999\n`});
	});

	it('checks decks: clean decks exit 0, problems print as file:line and exit 1', () => {
		expect(run(['check', 'decks'])).toMatchObject({code: 0, stdout: 'checked 2 decks, 4 cards: no problems\n'});
		writeFileSync(join(decks, 'broken.md'), '---\nsources: [x]\n---\nQ: fine?\nA: yes\n\nQ: lonely question\n\nQ: next?\nA: yes\n\n# Heading\n\nA: orphan answer\n');
		const result = run(['check', 'decks']);
		expect(result.code).toBe(1);
		expect(result.stdout).toBe(
			'decks/broken.md:7: card has a question but no answer\n' +
				'decks/broken.md:14: answer without a question (start the card with Q: or R:)\n' +
				'checked 3 decks, 6 cards: 2 errors\n',
		);
	});

	it('checks many files on more than one core, and reports what one would', () => {
		// Questions repeated across decks (on lines with other warnings too), one within a deck, a
		// broken note and decks without sources, in enough files and text (over 16 MB) for workers to start.
		const LONG_ANSWER = 'told at the length of an answer that explains itself: what it is, why it matters to a product team, and where it stops being true.';
		const many = join(home, 'many');
		let cards = 0;
		for (let index = 0; index < 90; index++) {
			const notes = [`Q: What does deck ${index} hold?\nA: Note ${index}.\n`, `C: Deck ${index} hides {{c1::term ${index}}}.\n`];
			for (let filler = 0; filler < 1100; filler++) notes.push(`Q: What is fact ${filler} of deck ${index}?\nA: Fact ${filler}, ${LONG_ANSWER}\n`);
			if (index % 10 === 3) notes.push('Q: What is CI?\nA: Merging often.\n');
			if (index % 7 === 5) notes.push('Q: Is CI good?\nA: yes\n');
			if (index === 41) notes.push('Q: What does deck 41 hold?\nA: Again.\n', 'Q: no answer\n');
			cards += notes.length - (index === 41 ? 2 : 0);
			mkdirSync(join(many, `topic-${index % 4}`), {recursive: true});
			writeFileSync(join(many, `topic-${index % 4}`, `deck-${index}.md`), `${index % 9 === 0 ? '' : '---\nsources: [x]\n---\n'}${notes.join('\n')}`);
		}
		const counter = `import threads from 'node:worker_threads'; import {syncBuiltinESMExports} from 'node:module';
if (threads.isMainThread) {
	let started = 0; let taken = 0; const Real = threads.Worker;
	threads.Worker = class extends Real { constructor(...args) { super(...args); started++; this.on('message', (report) => (taken += report.length)); } };
	syncBuiltinESMExports();
	process.on('exit', () => process.stderr.write('workers started: ' + started + ', files they checked: ' + taken + '\\n'));
}`;
		const result = run(['check', '--json', 'many'], {NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(counter)}`});
		const alone = checkFiles(findDeckFiles([many], home).files);
		const errors = alone.problems.filter((problem) => problem.severity === 'error').length;
		expect(alone.problems.filter((problem) => problem.rule === 'duplicate-question').length).toBe(8 + 12);
		expect(result.code).toBe(1);
		expect(JSON.parse(result.stdout)).toEqual({decks: 90, cards, errors, warnings: alone.problems.length - errors, problems: [...alone.problems].sort(byPlace)});
		expect(result.stderr).toContain(`workers started: ${Math.min(3, availableParallelism() - 1)},`);
		// Enough notes that a worker is running before this thread has taken every file.
		if (availableParallelism() > 1) expect(Number(/files they checked: (\d+)/.exec(result.stderr)?.[1])).toBeGreaterThan(0);
	});

	it('reports quality warnings without failing, and --json and --errors-only', () => {
		writeFileSync(join(decks, 'weak.md'), '---\nsources: [x]\n---\nQ: Is CI useful?\nA: Yes.\n');
		const result = run(['check', join(decks, 'weak.md')]);
		expect(result).toMatchObject({code: 0, stdout: 'decks/weak.md:4: warning: question can be answered with yes or no; ask what, why, when or which (yes-no)\nchecked 1 deck, 1 card: 1 warning\n'});
		expect(run(['check', '--errors-only', 'decks/weak.md']).stdout).toBe('checked 1 deck, 1 card: no problems\n');
		const json = JSON.parse(run(['check', '--json', 'decks/weak.md']).stdout) as {warnings: number; problems: Array<{line: number; rule: string}>};
		expect(json).toMatchObject({warnings: 1, problems: [{line: 4, rule: 'yes-no'}]});
	});

	it('gives a missing path one line and exit code 2', () => {
		expect(run(['check', 'no-such-deck.md'])).toMatchObject({code: 2, stderr: 'fluency: no-such-deck.md: no such file or directory\n'});
		expect(run(['decks', '--decks', join(home, 'missing')])).toMatchObject({code: 2, stderr: `fluency: decks directory ${join(home, 'missing')} does not exist\n`});
	});

	it('refuses a damaged database in one line and leaves it as it was', () => {
		const db = join(home, 'broken.db');
		writeFileSync(db, 'garbage'.repeat(1000));
		const result = run(['decks', '--decks', decks, '--db', db]);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^fluency: .*broken\.db is damaged or is not a SQLite database .*nothing was changed\n$/);
	});

	it('says in one line that the data directory is a file, and leaves the file as it was', () => {
		const file = join(home, 'notes.txt');
		writeFileSync(file, 'my notes\n');
		const result = run(['decks', '--decks', decks], {FLUENCY_DATA_DIR: file});
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe(`fluency: cannot open the database ${join(file, 'fluency.db')}: ${file} is a file, or inside one, not a folder; nothing was changed\n`);
		expect(readFileSync(file, 'utf8')).toBe('my notes\n');
		// A file further up the path is met the same way.
		expect(run(['decks', '--decks', decks], {FLUENCY_DATA_DIR: join(file, 'data')}).stderr).toContain(`is a file, or inside one, not a folder; nothing was changed`);
	});

	it('never lets deck text send escape sequences to the terminal', () => {
		writeFileSync(join(decks, 'evil.md'), '---\ntitle: "\\e[2J\\e]0;pwned\\a"\nsources: [x]\n---\nQ: \u001b[31mred\nA: x\n\nQ: lonely \u001b]0;title\u0007\n');
		const result = run(['decks', '--decks', decks], {FORCE_COLOR: '0'});
		const check = run(['check', 'decks'], {FORCE_COLOR: '0'});
		for (const output of [result.stdout, result.stderr, check.stdout]) expect(output).not.toMatch(/[\u001b\u0007]/);
		expect(check.stdout).toContain('decks/evil.md:8: card has a question but no answer');
		expect(result.stdout).toContain('\\x1b[2J\\x1b]0;pwned\\x07');
	});

	it('never lets a deck file name send escape sequences either, wherever the name is shown', () => {
		const evil = 'ev\u001b]0;pwned\u0007il';
		writeFileSync(join(decks, `${evil}.md`), '---\nsources: [x]\n---\nQ: What is a canary release?\n\nA: A small share of traffic first.\n');
		const outputs = [run(['decks', '--decks', decks]), run(['show', evil, '--decks', decks]), run(['check', 'decks'])];
		// A card moving between files is reported by name on sync.
		writeFileSync(join(decks, 'mlops.md'), '---\nsources: [x]\n---\nQ: What is a canary release?\n\nA: A small share of traffic first.\n');
		writeFileSync(join(decks, `${evil}.md`), '---\nsources: [x]\n---\n');
		outputs.push(run(['sync', '--decks', decks]));
		expect(outputs.at(-1)!.stdout + outputs.at(-1)!.stderr).toContain('moved:');
		for (const output of outputs) expect(output.stdout + output.stderr).not.toMatch(/[\u001b\u0007]/);
		expect(outputs[1]!.stdout).toContain('ev\\x1b]0;pwned\\x07il:4');
	});

	it('fits parameters for one deck only as its preset, and forgets them on --reset', () => {
		expect(run(['decks', '--decks', decks]).code).toBe(0);
		const partial = run(['optimize', 'mlops', '--decks', decks]);
		expect(partial).toMatchObject({code: 2, stdout: ''});
		expect(partial.stderr).toMatch(/^fluency: parameters fitted on part of your history would replace every deck's: add --preset .*\n$/);
		expect(run(['optimize', '--reset', '--decks', decks])).toMatchObject({code: 1, stderr: 'fluency: there are no fitted parameters to forget (the global parameters)\n'});
		// A preset fitted by a fluency that kept parameters in the meta table (schema 5): the upgrade keeps it.
		backToSchemaFiveWithPresets(join(home, 'data', 'fluency.db'), {mlops: Array.from({length: 21}, () => 1)});
		const upgraded = run(['optimize', 'mlops', '--preset', '--reset', '--decks', decks]);
		expect(upgraded).toMatchObject({code: 0, stdout: expect.stringContaining('forgot the preset for mlops: mlops uses the global parameters again')});
		// The upgrade says so, once, with the copy made before it.
		expect(upgraded.stderr).toMatch(/^fluency: upgrading the database to this version's format, once \(a copy was saved first: .*before-migration.*\)$/m);
		expect(run(['decks', '--decks', decks]).stderr).not.toContain('upgrading');
		expect(run(['optimize', 'mlops', '--preset', '--reset', '--decks', decks]).code).toBe(1);
	});

	it('colours output for a terminal only, and never with NO_COLOR', () => {
		writeFileSync(join(decks, 'weak.md'), '---\nsources: [x]\n---\nQ: Is CI useful?\nA: Yes.\n');
		// `script` gives the command a real terminal, where chalk would colour.
		const inTerminal = (env: string) =>
			spawnSync('script', ['-qec', `${env} ${process.execPath} ${BIN} check decks/weak.md`, '/dev/null'], {cwd: home, encoding: 'utf8', env: {PATH: process.env['PATH'] ?? '', HOME: home, TERM: 'xterm-256color', ...tempFolderEnv()}}).stdout;
		expect(inTerminal('env')).toMatch(/\u001b\[/);
		expect(inTerminal('env NO_COLOR=1')).not.toMatch(/\u001b\[/);
		expect(run(['check', 'decks/weak.md']).stdout).not.toMatch(/\u001b\[/);
	});
});
