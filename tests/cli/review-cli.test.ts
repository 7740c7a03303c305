import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDecks, type TempDecks} from '../helpers/temp-decks.js';
import {inTerminal, stripEscapes, type TerminalOptions} from '../helpers/terminal.js';
import {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';
import {fileIntegrityProblems} from '../../src/store/safety/integrity.js';
import {ratingsInFileAlone, setCardMemoryInFile} from '../helpers/raw-database.js';

const DECK = `---
title: Backend
---

Q: What does CI stand for?

A: Continuous integration.

Q: What is a canary release?

A: A small share of traffic first.

Q: What is a saga?

A: Local transactions with compensations.

Q: Which command lists open ports?

A: \`ss -tlnp\`

\`\`\`sh
ss -tlnp | grep ':8080'
\`\`\`

C: The {{c1::outbox}} pattern writes events with the data.
`;

const ENTER_ALTERNATE = '\u001b[?1049h';
const LEAVE_ALTERNATE = '\u001b[?1049l';

let temp: TempDecks;
let env: Record<string, string>;

beforeEach(() => {
	temp = makeTempDecks({'backend.md': DECK}, 'fluency-review-cli-');
	env = cliEnv(temp.root);
});

const review = (extra: readonly string[] = [], size?: TerminalOptions, environment = env) => inTerminal(['review', '--db', temp.db, '--decks', temp.decks, ...extra], environment, size);
const savedRatings = () => {
	const saved = Store.open(temp.db);
	try {
		const promptOf = new Map(rowsOf(saved, 'cards').map((card) => [card['id'], card['prompt']]));
		return rowsOf(saved, 'reviews')
			.filter((review) => review['undone_at'] === null)
			.sort((a, b) => Number(a['reviewed_at']) - Number(b['reviewed_at']))
			.map((review) => `${String(promptOf.get(review['card_id']))} ${String(review['rating'])}`);
	} finally {
		saved.close();
	}
};
/** A session with its first card shown, revealed and answered Easy, the next card on screen. */
async function reviewOneCardEasy() {
	const terminal = review();
	await terminal.waitFor(/What (does CI|is a canary)/);
	terminal.type(' ');
	await terminal.waitFor('4 Easy');
	const mark = terminal.mark();
	terminal.type('4');
	await terminal.waitFor('0 learn', {after: mark});
	return terminal;
}
/** What the session drew on the alternate screen, one line per line, escapes removed. */
const frameLines = (output: string) => stripEscapes(output.slice(output.indexOf(ENTER_ALTERNATE), output.lastIndexOf(LEAVE_ALTERNATE))).split(/\r?\n/);

describe('fluency review from a shell', () => {
	it('refuses to start without a terminal, in one line with exit code 2', () => {
		const result = runCli(['review', '--db', temp.db, '--decks', temp.decks], env);
		expect(result).toEqual({code: 2, stdout: '', stderr: 'fluency: review needs an interactive terminal (stdin is not a TTY)\n'});
	});

	it('refuses to draw into a file or a pipe too', async () => {
		const terminal = inTerminal(['review', '--db', temp.db, '--decks', temp.decks], env, {redirect: `> ${join(temp.root, 'out.txt')}`});
		expect(await terminal.exited).toBe(2);
		expect(terminal.text()).toContain('fluency: review needs an interactive terminal (stdout is not a TTY)');
	});

	it('says when nothing is due, and exits 0', async () => {
		writeFileSync(join(temp.root, 'config.yaml'), 'newPerDay: 0\n');
		const terminal = review();
		expect(await terminal.exited).toBe(0);
		expect(terminal.text()).toContain('No card is waiting · no card is scheduled yet.');
		// The shell's lines wrap between words at the terminal's width.
		expect(terminal.text().replace(/[ \t\r]*\n[ \t]*/g, ' ')).toContain('New cards are limited to 0 a day (newPerDay in the config; `--new N` adds N today).');
		expect(terminal.output()).not.toContain(ENTER_ALTERNATE);
	});

	it('names the deck of the next card without letting its file name reach the terminal raw', async () => {
		writeFileSync(join(temp.decks, 'backend.md'), '');
		writeFileSync(join(temp.decks, 'ev\u001b]0;PWN\u0007il.md'), 'Q: What is a canary release?\n\nA: A small share of traffic first.\n');
		expect(runCli(['decks', '--db', temp.db, '--decks', temp.decks], env).code).toBe(0);
		setCardMemoryInFile(temp.db, {state: 'review', stability: 5, difficulty: 5, last_review: Date.now(), due: Date.now() + 3 * 86_400_000});
		const terminal = review();
		expect(await terminal.exited).toBe(0);
		expect(terminal.output()).toContain('(ev\\x1b]0;PWN\\x07il).');
		expect(terminal.output()).not.toContain('\u001b]0;PWN');
	});

	it('runs a whole session: reveal, grade, the summary, the shell screen given back', async () => {
		const terminal = review();
		await terminal.waitFor('What does CI stand for?');
		expect(terminal.text()).toContain('0/5 5 new · 0 learn · 0 review');
		for (const prompt of ['What is a canary release?', 'What is a saga?', 'Which command lists open ports?', 'The [...] pattern']) {
			terminal.type(' ');
			await terminal.waitFor('4 Easy');
			const mark = terminal.mark();
			terminal.type('4');
			await terminal.waitFor(prompt, {after: mark});
		}
		terminal.type(' ');
		await terminal.waitFor('The outbox pattern writes events with the data.');
		terminal.type('4');
		await terminal.waitFor('Done for today.');
		terminal.type('x');
		expect(await terminal.exited).toBe(0);
		const output = terminal.output();
		// Back on the shell's screen, with the cursor shown, and the summary printed there.
		expect(output.lastIndexOf(LEAVE_ALTERNATE)).toBeGreaterThan(output.lastIndexOf(ENTER_ALTERNATE));
		expect(output.slice(output.lastIndexOf(LEAVE_ALTERNATE))).toMatch(/Done for today\..*5 cards · 5 answers · Again 0% · \d+s\. Due tomorrow: 0\./);
		// The end screen and the line left in the shell say the same, figure for figure, however long the end screen stayed.
		const summaries = terminal.text().match(/\d+ cards? · \d+ answers? · Again \d+% · [\dhms ]+/g) ?? [];
		expect(summaries.length).toBeGreaterThanOrEqual(2);
		expect(new Set(summaries.map((summary) => summary.trim())).size).toBe(1);
		expect(output.lastIndexOf('\u001b[?25h')).toBeGreaterThan(output.lastIndexOf('\u001b[?25l'));
		expect(savedRatings()).toHaveLength(5);

		// The next run has nothing to do, and says when there will be.
		const again = review();
		expect(await again.exited).toBe(0);
		expect(again.text()).toMatch(/No card is waiting · next card due (tomorrow|in \d+ days) \([\w ]+\) \(backend\)\./);
	});

	it('loses at most the card on screen when killed with SIGKILL', async () => {
		const terminal = review();
		await terminal.waitFor('What does CI stand for?');
		terminal.type(' ');
		await terminal.waitFor('Continuous integration.');
		terminal.type('3');
		await terminal.waitFor('What is a canary release?');
		terminal.type(' 1');
		await terminal.waitFor('What is a saga?');
		terminal.type(' ');
		await terminal.waitFor('Local transactions with compensations.');
		terminal.type('4');
		await terminal.waitFor('Which command lists open ports?');
		// Revealed, not yet graded: this is the card a kill may lose.
		terminal.type(' ');
		await terminal.waitFor("ss -tlnp | grep ':8080'");
		terminal.killFluency();
		await terminal.exited;
		expect(savedRatings()).toEqual(['What does CI stand for? 3', 'What is a canary release? 1', 'What is a saga? 4']);
		expect(fileIntegrityProblems(temp.db)).toEqual([]);
	});

	it('gives the shell its screen back when terminated by a signal', async () => {
		const terminal = review();
		await terminal.waitFor('What does CI stand for?');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		terminal.killFluency('SIGTERM');
		await terminal.exited;
		const output = terminal.output();
		expect(output.lastIndexOf(LEAVE_ALTERNATE)).toBeGreaterThan(output.lastIndexOf(ENTER_ALTERNATE));
		expect(output.lastIndexOf('\u001b[?25h')).toBeGreaterThan(output.lastIndexOf('\u001b[?25l'));
	});

	it('ends at once on q or Ctrl-C with the answers kept and what is left said', async () => {
		for (const key of ['q', '\u0003']) {
			const terminal = await reviewOneCardEasy();
			terminal.type(key);
			expect(await terminal.exited).toBe(0);
			// Wrapped at 80 columns: the line is a few characters wider.
			expect(terminal.text().replace(/\r?\n/g, ' ')).toMatch(/1 card · 1 answer · Again 0% · \d+s; \d cards left for today\. Every answer is saved\./);
		}
		expect(savedRatings()).toEqual(['What does CI stand for? 4', 'What is a canary release? 4']);
	});

	it('copies its answers into the database file itself as it ends on q, while another process has the database open', async () => {
		// Another fluency process (a second terminal): closing no longer copies the write-ahead log into the file.
		const other = Store.open(temp.db);
		try {
			const terminal = await reviewOneCardEasy();
			terminal.type('q');
			expect(await terminal.exited).toBe(0);
			expect(ratingsInFileAlone(temp.db)).toEqual([4]);
		} finally {
			other.close();
		}
	});

	it("opens $EDITOR at the card's line, syncs the edit and shows the card as edited", async () => {
		const editor = join(temp.root, 'editor.sh');
		const calls = join(temp.root, 'editor-calls');
		// A stand-in for vi: records how it was called and rewrites the answer.
		writeFileSync(editor, `#!/bin/sh\necho "$@" >> ${calls}\nsed -i 's/Continuous integration\\./Continuous integration: merging to main many times a day./' "$2"\n`);
		chmodSync(editor, 0o755);
		const terminal = review([], undefined, {...env, EDITOR: editor});
		await terminal.waitFor('What does CI stand for?');
		terminal.type(' ');
		await terminal.waitFor('Continuous integration.');
		terminal.type('e');
		await terminal.waitFor('Continuous integration: merging to main many times a day.');
		expect(readFileSync(calls, 'utf8')).toBe(`+5 ${join(temp.decks, 'backend.md')}\n`);
		// Still revealed, the grades offered again; the session carries on.
		await terminal.waitFor('4 Easy');
		const mark = terminal.mark();
		terminal.type('3');
		await terminal.waitFor('What is a canary release?', {after: mark});
		terminal.type('q');
		expect(await terminal.exited).toBe(0);
		expect(terminal.text()).toContain('synced 1 deck: 0 added, 1 changed');
		expect(savedRatings()).toEqual(['What does CI stand for? 3']);
	});

	it('wraps the line it leaves in the shell at word boundaries, at the terminal width', async () => {
		const terminal = review([], {columns: 40, rows: 24});
		await terminal.waitFor('What does CI stand for?');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		terminal.type('4');
		await terminal.waitFor('What is a canary release?');
		terminal.type('q');
		expect(await terminal.exited).toBe(0);
		const output = terminal.output();
		const after = stripEscapes(output.slice(output.lastIndexOf(LEAVE_ALTERNATE))).split(/\r?\n/).filter((line) => line.trim() !== '');
		expect(after.length).toBeGreaterThan(1);
		for (const line of after) expect(line.length).toBeLessThanOrEqual(40);
		// Every line ends on a whole word: joined with spaces, they are the sentence.
		expect(after.join(' ')).toMatch(/^1 card · 1 answer · Again 0% · \d+s; 4 cards left for today\. Every answer is saved\.$/);
	});

	it('copies a built-in deck into the user\'s decks before editing it, every card keeping its identity and history', async () => {
		const builtIn = join(import.meta.dirname, '../../decks/mlops.md');
		const original = readFileSync(builtIn, 'utf8');
		const editor = join(temp.root, 'editor.sh');
		// A stand-in for vi: rewrites the line it was opened at (the card's first line) in the file it was given.
		writeFileSync(editor, `#!/bin/sh\nline=\${1#+}\nsed -i "\${line}s/\\$/ (edited)/" "$2"\n`);
		chmodSync(editor, 0o755);
		const home = cliEnv(temp.root, {EDITOR: editor});
		const terminal = inTerminal(['review', 'mlops'], home);
		await terminal.waitFor('What is training-serving skew?');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		let mark = terminal.mark();
		terminal.type('4');
		await terminal.waitFor('new card', {after: mark});
		mark = terminal.mark();
		terminal.type('e');
		await terminal.waitFor('Copied the built-in deck to', {after: mark});
		await terminal.waitFor('(edited)', {after: mark});
		terminal.type('q');
		expect(await terminal.exited).toBe(0);
		// The package's file is as installed; the user's copy holds the edit, and is the one read.
		expect(readFileSync(builtIn, 'utf8')).toBe(original);
		const copy = join(temp.root, 'data', 'decks', 'mlops.md');
		expect(readFileSync(copy, 'utf8')).toContain('(edited)');
		const store = Store.open(join(temp.root, 'data', 'fluency.db'));
		try {
			const cards = rowsOf(store, 'cards').filter((card) => card['retired_at'] === null);
			const reviews = rowsOf(store, 'reviews');
			// The answer given before the copy still belongs to a live card, and nothing was retired or added twice.
			expect(reviews).toHaveLength(1);
			expect(cards.some((card) => card['id'] === reviews[0]!['card_id'])).toBe(true);
			expect(rowsOf(store, 'cards').filter((card) => card['retired_at'] !== null)).toEqual([]);
			expect(cards.filter((card) => String(card['prompt']).includes('(edited)'))).toHaveLength(1);
		} finally {
			store.close();
		}
		// The copy shadows the built-in deck without a word at the next run.
		const listed = runCli(['decks'], home);
		expect(listed.code, listed.stderr).toBe(0);
		expect(listed.stderr).not.toContain('already defined');
		expect(listed.stdout.match(/^mlops\b/gm)).toHaveLength(1);
	});

	it('says where and why a card broken in the editor fails, and opens the editor again on e', async () => {
		const editor = join(temp.root, 'editor.sh');
		const calls = join(temp.root, 'editor-calls');
		// The first edit deletes the answer; the second puts it back, reworded.
		writeFileSync(
			editor,
			`#!/bin/sh\necho "$@" >> ${calls}\nif [ "$(wc -l < ${calls})" -eq 1 ]; then sed -i '/^A: Continuous integration\\./d' "$2"; else sed -i 's/^Q: What does CI stand for?/&\\n\\nA: Continuous integration, many times a day./' "$2"; fi\n`,
		);
		chmodSync(editor, 0o755);
		const terminal = review([], undefined, {...env, EDITOR: editor});
		await terminal.waitFor('What does CI stand for?');
		let mark = terminal.mark();
		terminal.type('e');
		await terminal.waitFor('e opens the editor on it again', {after: mark});
		expect(terminal.text().slice(mark)).toMatch(/decks\/backend\.md:5: card has a question but no answer/);
		expect(terminal.text().slice(mark)).not.toContain('no longer in its deck');
		mark = terminal.mark();
		terminal.type('e');
		await terminal.waitFor('What does CI stand for?', {after: mark});
		terminal.type(' ');
		await terminal.waitFor('Continuous integration, many times a day.', {after: mark});
		terminal.type('3q');
		expect(await terminal.exited).toBe(0);
		expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(2);
		expect(savedRatings()).toEqual(['What does CI stand for? 3']);
	});

	it('fits a 40-column terminal', async () => {
		const terminal = review([], {columns: 40, rows: 24});
		await terminal.waitFor('What does CI stand for?');
		terminal.type(' ');
		await terminal.waitFor('4 Easy');
		terminal.type('q');
		await terminal.exited;
		const lines = frameLines(terminal.output());
		expect(lines.some((line) => line.includes('1 Again 1m'))).toBe(true);
		expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(40);
	});

	it('draws 80 columns wide in a terminal that does not tell its size', async () => {
		const terminal = review([], {columns: 0, rows: 0});
		await terminal.waitFor('What does CI stand for?');
		terminal.type('q');
		await terminal.exited;
		expect(frameLines(terminal.output()).some((line) => /^All decks › Backend +0 min$/.test(line) && line.length === 78)).toBe(true);
	});

	it('highlights code in colour, and draws no colour at all with NO_COLOR', async () => {
		const answerCode = async (environment: Record<string, string>) => {
			const terminal = review([], undefined, environment);
			await terminal.waitFor('What does CI stand for?');
			for (let card = 0; card < 3; card++) terminal.type(' 4');
			await terminal.waitFor('Which command lists open ports?');
			terminal.type(' ');
			await terminal.waitFor("ss -tlnp | grep ':8080'");
			terminal.type('4 ');
			await terminal.waitFor(/The \[?outbox\]? pattern writes/);
			terminal.type('q');
			await terminal.exited;
			return terminal.output().slice(terminal.output().indexOf(ENTER_ALTERNATE));
		};
		// highlight.js colours the quoted string.
		expect(await answerCode(env)).toContain("grep \u001b[31m':8080'\u001b[39m");
		temp = makeTempDecks({'backend.md': DECK}, 'fluency-review-cli-');
		const colourless = await answerCode({...cliEnv(temp.root), NO_COLOR: '1'});
		expect(colourless).not.toMatch(/\u001b\[[0-9;]*m/);
		// Without colour the cloze answer is marked with brackets instead.
		expect(stripEscapes(colourless)).toContain('The [outbox] pattern writes events with the data.');
	});
});
