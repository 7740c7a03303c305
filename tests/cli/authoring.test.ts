import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {beforeEach, describe, expect, it, onTestFinished} from 'vitest';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {buildPackage, COLLECTION_CREATED} from '../fixtures/anki-package.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {setCardMemoryInFile} from '../helpers/raw-database.js';
import {inTerminal} from '../helpers/terminal.js';
import {makeTempDir} from '../helpers/temp.js';

const BIN = resolve(import.meta.dirname, '../../bin/fluency');
let home: string;
let env: Record<string, string>;

beforeEach(() => {
	home = makeTempDir('fluency-authoring-');
	env = {PATH: process.env['PATH'] ?? '', HOME: home, FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml'), ...tempFolderEnv()};
	writeFileSync(env['FLUENCY_CONFIG']!, `decks: [${join(home, 'decks')}]\nuserDecks: ${join(home, 'decks')}\n`);
});

const run = (args: readonly string[], extra: Readonly<Record<string, string>> = {}) => {
	const result = spawnSync(process.execPath, [BIN, ...args], {cwd: home, env: {...env, ...extra}, encoding: 'utf8'});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
};

describe('fluency new', () => {
	it('creates a deck from a template that checks clean, and never overwrites one', () => {
		const created = run(['new', 'backend/apis']);
		expect(created.code).toBe(0);
		expect(created.stdout).toContain(join(home, 'decks', 'backend', 'apis.md'));
		expect(readFileSync(join(home, 'decks', 'backend', 'apis.md'), 'utf8')).toMatch(/^---\ntitle: Apis\n/);
		expect(run(['check', join(home, 'decks')])).toMatchObject({code: 0, stdout: 'checked 1 deck, 4 cards: no problems\n'});
		const again = run(['new', 'backend/apis']);
		expect(again).toMatchObject({code: 1, stderr: `fluency: ${join(home, 'decks', 'backend', 'apis.md')} already exists; nothing was changed\n`});
	});

	it('refuses a deck name that climbs out of the decks directory', () => {
		expect(run(['new', '../../etc/x']).code).toBe(2);
	});

	it('refuses the names its own message forbids, and takes the ones it allows', () => {
		expect(run(['new', 'My Deck'])).toMatchObject({code: 2, stderr: expect.stringContaining('`My Deck` is not a deck name; use letters, digits, - and _')});
		expect(existsSync(join(home, 'decks', 'My Deck.md'))).toBe(false);
		for (const name of ['a//b', '/abs', 'x\\y']) expect(run(['new', '--', name])).toMatchObject({code: 2, stderr: expect.stringContaining('is not a deck name; use letters, digits, - and _')});
		expect(existsSync(join(home, 'decks'))).toBe(false);
		// add creates a deck too: the same names are refused, before any editor opens.
		for (const name of ['a//b', '/abs', 'x\\y']) expect(run(['add', '--editor', '--', name], {EDITOR: 'false'})).toMatchObject({code: 2, stderr: expect.stringContaining('is not a deck name; use letters, digits, - and _')});
		expect(run(['new', 'ml-ops/über_deck']).code).toBe(0);
	});
});

describe('fluency show', () => {
	it('shows the last card for a line past the end of the deck file, saying how long the deck is', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n\nR: CD\nA: Continuous delivery.\n');
		expect(run(['show', 'd:4'])).toMatchObject({code: 0, stdout: expect.stringMatching(/^d:4 {2}basic .*\nWhat is CI\?\n/)});
		const past = run(['show', 'd:9999']);
		expect(past).toMatchObject({code: 0, stderr: expect.not.stringContaining('fluency:')});
		expect(past.stdout).toMatch(/^line 9999 is past the end of d \(9 lines, 3 cards\); its last card:\nd:7 {2}reversed 0 .*\nCD\n/);
		expect(past.stdout).not.toContain('What is CI?');
		expect(run(['show', 'd:1'])).toMatchObject({code: 0, stdout: expect.stringMatching(/^d:4 {2}basic .*\nWhat is CI\?\n/)});
	});
});

describe('fluency check', () => {
	it('calls cloze near misses errors at their line, warns about cards that give themselves away, and loads the other cards', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(
			join(home, 'decks', 'd.md'),
			[
				'---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n',
				'C: A {{c1:canary}} release.\n',
				'C: A {c1::canary} release.\n',
				'R: ICE score\nA: Ranks ideas by impact, confidence and ease.\n',
				'Q: Give three reasons to use CI.\nA: Speed; safety; feedback.\n',
				'Q: What does experiment tracking give a team?\nA: Lineage, reproducible runs, comparison, and debugging.\n',
				'C: The registry has {{c1::stages}}, such as Staging and Production.\n',
			].join('\n'),
		);
		const checked = run(['check', join(home, 'decks')]);
		expect(checked.code).toBe(1);
		expect(checked.stdout.split('\n')).toEqual([
			'decks/d.md:7: cloze deletion has one colon: write {{c1::canary}}',
			'decks/d.md:9: cloze deletion has one brace: write {{c1::canary}}',
			'decks/d.md:11: warning: one side spells out the other (an acronym and its expansion); ask with Q: what it is for instead (spelled-out)',
			'decks/d.md:14: warning: question asks for some of many possible answers; ask about one item the card can check (open-set)',
			'decks/d.md:17: warning: answer lists more than 3 items in a sentence; split it or ask about one (enumeration)',
			'decks/d.md:20: warning: cloze hides "stages" but the visible text says it too; reword the rest of the sentence (cloze-cued)',
			'checked 1 deck, 6 cards: 2 errors, 4 warnings',
			'',
		]);
		// The two broken cards stay out; every other card loads.
		expect(run(['decks']).stdout).toMatch(/^d +d +5 +0 +0 +6$/m); // 6 cards: ICE score makes two, one new today
	});

	it('leaves the database alone: no backup, nothing opened', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n');
		expect(run(['decks']).code).toBe(0);
		const backups = join(home, 'data', 'backups');
		rmSync(backups, {recursive: true, force: true});
		const database = readFileSync(join(home, 'data', 'fluency.db'));
		expect(run(['check'])).toMatchObject({code: 0, stdout: 'checked 1 deck, 1 card: no problems\n'});
		expect(existsSync(backups)).toBe(false);
		expect(existsSync(join(home, 'data', 'fluency.db-wal'))).toBe(false);
		expect(readFileSync(join(home, 'data', 'fluency.db')).equals(database)).toBe(true);
		// The day's backup is the first command's that opens the database.
		expect(run(['decks']).code).toBe(0);
		expect(readdirSync(backups)).toHaveLength(1);
	});
});

describe('fluency decks', () => {
	it('has New, Learn and Due columns that add up to today\'s queue, limits and siblings counted', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'a.md'), '---\nsources: [x]\n---\nR: p99 latency\nA: The time 99% of requests finish within.\n\nQ: What is CI?\nA: Integrating daily.\n');
		writeFileSync(join(home, 'decks', 'b.md'), '---\nsources: [x]\n---\nQ: What is CD?\nA: Always releasable.\n\nQ: What is a canary?\nA: A small share first.\n\nQ: What is a rollback?\nA: Going back.\n');
		expect(run(['decks']).code).toBe(0);
		// Every card a review due yesterday: both sides of the reversed note are due, one is shown today.
		setCardMemoryInFile(join(home, 'data', 'fluency.db'), {state: 'review', stability: 5, difficulty: 5, last_review: Date.now() - 6 * 86_400_000, due: Date.now() - 86_400_000});
		const columns = (stdout: string) => {
			const rows = stdout.split('\n').filter((line) => /^[ab] /.test(line)).map((line) => line.trim().split(/\s+/).slice(-4).map(Number));
			return {due: rows.reduce((sum, row) => sum + row[2]!, 0), toReview: Number(/(\d+) to review/.exec(stdout)?.[1])};
		};
		expect(columns(run(['decks']).stdout)).toEqual({due: 5, toReview: 5});
		writeFileSync(env['FLUENCY_CONFIG']!, `decks: [${join(home, 'decks')}]\nuserDecks: ${join(home, 'decks')}\nreviewsPerDay: 3\n`);
		const limited = run(['decks']);
		expect(columns(limited.stdout)).toEqual({due: 3, toReview: 3});
		expect(limited.stdout).toContain('Today: 0 new, 0 learning, 3 to review: the sums of New, Learn and Due.\nLimits: 20 new and 3 reviews a day');
	});
});

describe('fluency check --watch', () => {
	/**
	`fluency check --watch <path>` in a pipe, with a deck d.md that checks clean: waitFor reads what
	it printed, both streams as they arrived, or stdout alone (two pipes keep no order between them).
	*/
	const watching = (path: (deck: string) => string) => {
		mkdirSync(join(home, 'decks'));
		const deck = join(home, 'decks', 'd.md');
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n');
		const child = spawn(process.execPath, [BIN, 'check', '--watch', path(deck)], {cwd: home, env});
		const printed = {both: '', stdout: ''};
		child.stdout.on('data', (chunk: Buffer) => {
			printed.both += chunk.toString();
			printed.stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => (printed.both += chunk.toString()));
		const waitFor = async (pattern: RegExp, stream: keyof typeof printed = 'both') => {
			for (let waited = 0; waited < 10_000 && !pattern.test(printed[stream]); waited += 50) await new Promise((done) => setTimeout(done, 50));
			expect(printed[stream]).toMatch(pattern);
		};
		const stop = async () => {
			child.kill('SIGINT');
			expect(await new Promise((done) => child.on('exit', done))).toBe(0);
		};
		return {deck, waitFor, stop};
	};

	it('checks again when a deck file is saved', async () => {
		const {deck, waitFor, stop} = watching(dirname);
		await waitFor(/checked 1 deck, 1 card: no problems/);
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\n');
		await waitFor(/d\.md:4: card has a question but no answer\nchecked 1 deck, 0 cards: 1 error/);
		await stop();
	});

	it('keeps seeing a file that an editor saves by renaming a new file over it', async () => {
		const {deck, waitFor, stop} = watching((file) => file);
		await waitFor(/checked 1 deck, 1 card: no problems\nwatching .*d\.md for saves; Ctrl-C stops/);
		for (const [text, expected] of [
			['Q: What is CI?\n', /d\.md:4: card has a question but no answer\nchecked 1 deck, 0 cards: 1 error/],
			['Q: What is CD?\nA: Continuous delivery.\n', /-{3}.*\nchecked 1 deck, 1 card: no problems\nwatching[^\n]*\n$/],
		] as const) {
			writeFileSync(`${deck}.tmp`, `---\nsources: [x]\n---\n${text}`);
			renameSync(`${deck}.tmp`, deck);
			await waitFor(expected);
		}
		await stop();
	});

	it('says so when the file it watches is gone, and goes on watching until it is back', async () => {
		const {deck, waitFor, stop} = watching((file) => file);
		await waitFor(/checked 1 deck, 1 card: no problems\nwatching/);
		rmSync(deck);
		await waitFor(/fluency: .*d\.md: no such file or directory\n/);
		// The check that failed is followed by the watching line, with no report between them.
		await waitFor(/-{3}[^\n]*\nwatching .*d\.md for saves; Ctrl-C stops\n/, 'stdout');
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\n');
		await waitFor(/d\.md:4: card has a question but no answer\nchecked 1 deck, 0 cards: 1 error/);
		await stop();
	});
});

describe('fluency check --watch in a terminal', () => {
	it('redraws the report in place after each sed -i save, with no timestamps piling up, and stops on Ctrl-C', async () => {
		mkdirSync(join(home, 'decks'));
		const deck = join(home, 'decks', 'd.md');
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n');
		const terminal = inTerminal(['check', '--watch', deck], env);
		await terminal.waitFor(/checked 1 deck, 1 card: no problems\r?\nwatching .*d\.md\s+for\s+saves;\s+Ctrl-C\s+stops/);
		// sed -i writes a new file and renames it over the deck: a new inode each time.
		for (const [script, wanted] of [
			['s/^A: .*$//', 'd.md:4: card has a question but no answer'],
			['s/^$/A: Continuous integration./', 'checked 1 deck, 1 card: no problems'],
		] as const) {
			const after = terminal.mark();
			spawnSync('sed', ['-i', script, deck]);
			await terminal.waitFor(wanted, {after});
		}
		const output = terminal.output();
		expect(output.split('\u001b[H\u001b[2J')).toHaveLength(4); // the first report and one per save, each on a clear screen
		expect(terminal.text()).not.toMatch(/--- \d/);
		terminal.type('\u0003');
		expect(await terminal.exited).toBe(0);
	});
});

describe('fluency import', () => {
	it('imports an Anki package and reports what it did, and a bad file in one line', async () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'deck.apkg'), await buildPackage('anki21', [{id: 1, guid: 'a', notetype: 'basic', deck: 'Spanish', fields: ['hola', 'hello']}]));
		const imported = run(['import', 'deck.apkg']);
		expect(imported.code).toBe(0);
		expect(imported.stdout).toMatch(/^imported 1 of 1 note into 1 deck file in \d+\.\d s; 1 card exists for them\nhistory: none in the package\n$/);
		expect(readFileSync(join(home, 'decks', 'spanish.md'), 'utf8')).toContain('Q: hola\n\nA: hello');
		writeFileSync(join(home, 'broken.apkg'), 'not a zip');
		expect(run(['import', 'broken.apkg'])).toMatchObject({code: 1, stderr: 'fluency: broken.apkg: not an Anki package (not a zip file); nothing was changed\n'});
		expect(run(['import', 'missing.apkg'])).toMatchObject({code: 2, stderr: 'fluency: missing.apkg: no such file\n'});
	});
});

describe('fluency import, run again', () => {
	it('says what each run did: reviews and media the first time, nothing new the second', async () => {
		mkdirSync(join(home, 'decks'));
		const reviewed = (COLLECTION_CREATED + 10 * 86_400) * 1000;
		const note = {id: 1, guid: 'a', notetype: 'basic' as const, deck: 'Spanish', fields: ['hola <img src="wave.png">', 'hello'], cards: [{ord: 0, id: 11, type: 2, queue: 2, due: 30, ivl: 10}]};
		const reviews = [{id: reviewed, cid: 11, ease: 3, type: 0}, {id: reviewed + 86_400_000, cid: 11, ease: 3, type: 1}];
		writeFileSync(join(home, 'deck.apkg'), await buildPackage('anki21', [note], reviews, {'wave.png': new Uint8Array([137, 80, 78, 71])}));
		const first = run(['import', 'deck.apkg']);
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(/^imported 1 of 1 note into 1 deck file in \d+\.\d s; 1 card exists for them\nhistory: 2 reviews added for 1 card \(FSRS state rebuilt from them, due dates carried over\)\nmedia: 1 file copied\n$/);
		const again = run(['import', 'deck.apkg']);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/^imported no new notes in \d+\.\d s: every note of the package is in its deck file already\nhistory: nothing new; the package's 2 reviews were imported before\nmedia: 1 file already there\nkept .*spanish\.md: nothing new for it \(--force rewrites it from the package\)\n$/);
	});
});

describe('fluency import of a CSV or TSV file', () => {
	it('gives back the same cards after `fluency export --format anki-tsv`', () => {
		mkdirSync(join(home, 'decks'));
		const original = [
			'---\ntitle: Sub\nsources: [x]\n---\n',
			'Q: What is CI?\n\nA: Merging to mainline\noften, in small steps.\n\nNote: Why it matters: fast feedback.\n\nTags: ci backend\n',
			'R: p99 latency\n\nA: The time under which 99% of requests finish.\n\nNote: Watch the tail, not the mean.\n',
			'C: A {{c1::canary}} release goes first.\n\nNote: Then a wider rollout.\n\nTags: mlops\n',
			'Q: Show a pure function\n\nA: Like this:\n\n```python\ndef f(x):\n    return x\n```\n',
		].join('\n');
		writeFileSync(join(home, 'decks', 'sub.md'), original);
		expect(run(['export', 'sub', '--format', 'anki-tsv', '--output', 'sub.tsv']).code).toBe(0);
		const imported = run(['import', 'sub.tsv', '--into', 'decks/d5']);
		expect(imported).toMatchObject({code: 0, stdout: `imported 4 notes into ${join(home, 'decks', 'd5', 'sub.md')}\n`});
		const cards = (text: string) => parseDeck({file: 'x.md', deck: 'x', text}).cards.map((card) => ({kind: card.kind, ordinal: card.ordinal, prompt: card.prompt, answer: card.answer, extra: card.extra, tags: card.tags}));
		const reimported = readFileSync(join(home, 'decks', 'd5', 'sub.md'), 'utf8');
		expect(cards(reimported)).toEqual(cards(original));
		expect(cards(reimported)).toHaveLength(5);
		expect(reimported).toContain('```python\ndef f(x):\n    return x\n```');
	});

	it('refuses a deck name that is taken, in one line, and writes nothing', () => {
		mkdirSync(join(home, 'built-in'));
		writeFileSync(join(home, 'built-in', 'mlops.md'), '---\nsources: [x]\n---\nQ: What is drift?\n\nA: A change in the data.\n');
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'mlops.csv'), 'front,back\nWhat is skew?,Training and serving differ\n');
		const dirs = ['--decks', 'built-in', '--decks', 'decks'];
		expect(run([...dirs, 'import', 'mlops.csv', '--into', 'decks'])).toMatchObject({
			code: 1,
			stdout: '',
			stderr: 'fluency: deck `mlops` already exists (built-in/mlops.md); choose another name with --deck NAME, or a sub-folder with --into DIR; nothing was written\n',
		});
		expect(readdirSync(join(home, 'decks'))).toEqual([]);
		expect(run([...dirs, 'show', 'mlops']).stdout).toContain('What is drift?');
	});

	it('fails in one line and writes nothing when the file gives no notes', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'ops.csv'), 'What is drift?;A change in the data\nWhat is skew?;Training and serving differ\n');
		expect(run(['import', 'ops.csv'])).toMatchObject({
			code: 1,
			stdout: '',
			stderr: "fluency: ops.csv: no notes found: every row has one column when split on `,`; is the separator `;`? use --separator ';'; nothing was written\n",
		});
		expect(readdirSync(join(home, 'decks'))).toEqual([]);
		expect(run(['import', 'ops.csv', '--separator', ';'])).toMatchObject({code: 0, stdout: `imported 2 notes into ${join(home, 'decks', 'ops.md')}\n`});
	});
});

describe('fluency export', () => {
	beforeEach(() => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\n\nA: Continuous integration.\n');
	});

	it('names the deck the user typed when there is none', () => {
		expect(run(['export', 'nosuch', '--format', 'csv'])).toMatchObject({code: 2, stdout: '', stderr: expect.stringMatching(/^(?:synced .*\n)?fluency: no deck named `nosuch` \(see `fluency decks`\)\n$/)});
	});

	it('reports an output path it cannot write in one line, exit 1', () => {
		const unwritable = join(home, 'no-such-folder', 'd.csv');
		const result = run(['export', 'd', '--format', 'csv', '--output', unwritable]);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toMatch(new RegExp(`(?:^|\\n)fluency: cannot write ${unwritable}: its folder does not exist; nothing was exported\\n$`));
		expect(existsSync(unwritable)).toBe(false);
	});
});

describe('fluency show', () => {
	it('draws the cards of a deck, or of the note at a line, as the review screen does', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is *CI*?\n\nA: Continuous integration.\n\nNote: Why: feedback.\n\nC: A {{c1::canary}} goes first.\n');
		const all = run(['show', 'd', '--width', '40']);
		expect(all.code).toBe(0);
		expect(all.stdout).toMatch(/^d:4 {2}basic {2}[0-9a-f]{16}\nWhat is CI\?\n\n─+\nContinuous integration\.\n\nWhy: feedback\.\n\nd:10 {2}cloze 1 {2}[0-9a-f]{16}\nA \[\.\.\.\] goes first\.\n\n─+\nA \[canary\] goes first\.\n$/);
		expect(run(['show', 'd:11']).stdout).toContain('A [...] goes first.');
		for (const width of ['abc', '-3', '12', '40.5']) expect(run(['show', 'd', '--width', width])).toMatchObject({code: 2, stdout: ''});
		// The deck's file, as an editor or `fluency check` names it, works as well as its name.
		expect(run(['show', 'decks/d.md', '--width', '40']).stdout).toBe(all.stdout);
		expect(run(['show', 'decks/d.md:5']).stdout).toMatch(/^d:4 {2}basic/);
		expect(run(['show', 'nothing-like-it'])).toMatchObject({code: 2, stderr: 'fluency: no deck, deck file, deck:line or card id matches `nothing-like-it`\n'});
	});
});

/**
A draft the CLI keeps on purpose (so a user's bad card is not lost) is the test's to remove once the
test is done. A draft the CLI should have removed is not removed here: the run's temp check reports it.
*/
function removeKeptDraft(stderr: string): void {
	const kept = /your draft is kept in (.*card\.md)\)/.exec(stderr)?.[1];
	if (kept) onTestFinished(() => rmSync(dirname(kept), {recursive: true, force: true}));
}

describe('fluency add --editor', () => {
	it('appends the cards written in $EDITOR to the deck, and keeps a bad draft', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\n\nA: Continuous integration.\n');
		const editor = join(home, 'write-card.sh');
		writeFileSync(editor, '#!/bin/sh\n# Called as: EDITOR +LINE FILE\nprintf "Q: What is a canary release?\\n\\nA: A small share of traffic first.\\n\\n| a | b |\\n| - | - |\\n| 1 | 2 |\\n" > "$2"\n', {mode: 0o755});
		const result = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(readFileSync(join(home, 'decks', 'd.md'), 'utf8')).toContain('A: Continuous integration.\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n\n| a | b |');
		expect(run(['check', 'decks/d.md']).stdout).toBe('checked 1 deck, 2 cards: no problems\n');
		writeFileSync(editor, '#!/bin/sh\nprintf "Q: a question with no answer\\n" > "$2"\n', {mode: 0o755});
		const bad = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(bad.status).toBe(1);
		removeKeptDraft(bad.stderr);
		expect(bad.stderr).toMatch(/^fluency: .*card\.md:1: card has a question but no answer; nothing was added \(your draft is kept in .*card\.md\)\n$/);
		// Written into the template, under its comment: the line named is the line in the draft.
		writeFileSync(editor, '#!/bin/sh\nsed -i "s/^Q: $/Q: a question with no answer/; /^A: $/d" "$2"\n', {mode: 0o755});
		const underComment = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(underComment.status).toBe(1);
		removeKeptDraft(underComment.stderr);
		const line = Number(/card\.md:(\d+):/.exec(underComment.stderr)?.[1]);
		const draft = readFileSync(/kept in (.*card\.md)\)/.exec(underComment.stderr)![1]!, 'utf8').split('\n');
		expect(draft[line - 1]).toBe('Q: a question with no answer');
		// A card the deck has already would not load: refused, the draft kept, the first copy named.
		writeFileSync(editor, '#!/bin/sh\nprintf "Q: What is a feature flag?\\nA: A switch.\\n\\nQ: What is *CI*\\nA: Again.\\n" > "$2"\n', {mode: 0o755});
		const duplicate = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(duplicate.status).toBe(1);
		removeKeptDraft(duplicate.stderr);
		expect(duplicate.stderr).toMatch(/^fluency: the card `Q: What is \*CI\*`: duplicate of the card at line 4 of decks\/d\.md; nothing was added \(your draft is kept in .*card\.md\)\n$/);
		expect(run(['check', 'decks/d.md']).stdout).toBe('checked 1 deck, 2 cards: no problems\n');
	});

	it('removes its draft folder from the temp folder, unless it keeps a refused draft for the user', () => {
		// The draft goes where os.tmpdir() says, which follows TMPDIR: a folder of this test's own, to see what is left in it.
		const temp = join(home, 'tmp');
		mkdirSync(temp);
		const editor = join(home, 'write-card.sh');
		writeFileSync(editor, '#!/bin/sh\nprintf "Q: What is a canary release?\\n\\nA: A small share of traffic first.\\n" > "$2"\n', {mode: 0o755});
		const add = (editorCommand: string) => spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, TMPDIR: temp, EDITOR: editorCommand}, encoding: 'utf8'});
		try {
			expect(add(editor).status).toBe(0);
			expect(readdirSync(temp)).toEqual([]);
			// An editor that cannot start leaves nothing behind either.
			const missing = add(join(home, 'no-such-editor'));
			expect(missing.status).toBe(1);
			expect(missing.stderr).toContain('cannot start the editor');
			expect(readdirSync(temp)).toEqual([]);
			// A refused draft is the user's writing: it stays, where the message says.
			writeFileSync(editor, '#!/bin/sh\nprintf "Q: a question with no answer\\n" > "$2"\n', {mode: 0o755});
			const refused = add(editor);
			expect(refused.status).toBe(1);
			const kept = /kept in (.*card\.md)\)/.exec(refused.stderr)![1]!;
			expect(readdirSync(temp)).toHaveLength(1);
			expect(readFileSync(kept, 'utf8')).toBe('Q: a question with no answer\n');
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});

	it('starts a new deck with front matter and the user\'s card only, no template examples', () => {
		const editor = join(home, 'write-card.sh');
		writeFileSync(editor, '#!/bin/sh\nprintf "Q: What is a canary release?\\n\\nA: A small share of traffic first.\\n" > "$2"\n', {mode: 0o755});
		const result = spawnSync(process.execPath, [BIN, 'add', 'newdeck', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(readFileSync(join(home, 'decks', 'newdeck.md'), 'utf8')).toBe('---\ntitle: Newdeck\ntags:\n  - newdeck\n---\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n');
		expect(run(['show', 'newdeck']).stdout).toMatch(/^newdeck:7 {2}basic {2}[0-9a-f]{16}\nWhat is a canary release\?\n\n─+\nA small share of traffic first\.\n$/);
	});
});
