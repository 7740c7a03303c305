import chalk, {type ColorSupportLevel} from 'chalk';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {renderMarkdown} from '../../src/ui/review/markdown.js';

const SGR = /\u001b\[[0-9;]*m/g;
const plain = (lines: readonly string[]) => lines.map((line) => line.replace(SGR, '').trimEnd());

const initialLevel = chalk.level;
afterEach(() => {
	chalk.level = initialLevel;
});
const withColour = (level: ColorSupportLevel) => {
	chalk.level = level;
};

describe('card Markdown in the terminal', () => {
	const markdown = [
		'Some *emphasis*, **bold**, ~~gone~~ and `inline code`.',
		'',
		'- one',
		'- two that is long enough to wrap around at forty columns for sure',
		'  - nested under two',
		'',
		'1. first',
		'2. second',
		'',
		'- [ ] a task',
		'- [x] a done task',
		'',
		'| Term | Meaning |',
		'| --- | --- |',
		'| p99 | 99th percentile |',
		'',
		'> quoted text that goes on long enough to wrap at forty columns',
		'',
		'```js',
		'const x = 1;',
		'```',
	].join('\n');

	it('wraps to 40 columns with hanging indents and keeps every part', () => {
		withColour(1);
		const lines = plain(renderMarkdown(markdown, {width: 40}));
		expect(Math.max(...lines.map((line) => stringWidth(line)))).toBeLessThanOrEqual(40);
		expect(lines[0]).toBe('Some emphasis, bold, gone and inline');
		expect(lines).toContain('• one');
		expect(lines).toContain('• two that is long enough to wrap around');
		expect(lines).toContain('  at forty columns for sure');
		expect(lines).toContain('  • nested under two');
		expect(lines).toEqual(expect.arrayContaining(['1. first', '2. second', '☐ a task', '☑ a done task']));
		expect(lines).toContain('Term │ Meaning');
		expect(lines).toContain('p99  │ 99th percentile');
		expect(lines).toContain('▌ quoted text that goes on long enough');
		expect(lines).toContain('▌ to wrap at forty columns');
		expect(lines).toContain('│ const x = 1;');
	});

	it('styles emphasis, inline code and code blocks when colour is on', () => {
		withColour(1);
		const text = renderMarkdown(markdown, {width: 80}).join('\n');
		expect(text).toContain(chalk.italic('emphasis'));
		expect(text).toContain(chalk.bold('bold'));
		expect(text).toContain(chalk.cyan('inline code'));
		// Syntax colours come from cli-highlight, which decides on colour by itself: the terminal
		// test of the built CLI checks them (tests/cli/review-cli.test.ts).
		expect(renderMarkdown('```js\nconst x = 1;\n```', {width: 80})[0]).toContain(chalk.dim('│ '));
	});

	it('draws nothing but the text without colour (NO_COLOR), and a cloze answer in brackets', () => {
		withColour(0);
		const lines = renderMarkdown(markdown, {width: 80});
		expect(lines.join('\n')).not.toMatch(/\u001b/);
		expect(renderMarkdown('The **outbox** pattern', {width: 80, emphasiseStrong: true, bracketsWithoutColour: true})).toEqual(['The [outbox] pattern']);
		expect(renderMarkdown('The **outbox** pattern', {width: 80, emphasiseStrong: true})).toEqual(['The outbox pattern']);
		expect(renderMarkdown('The **outbox** pattern', {width: 80})).toEqual(['The outbox pattern']);
		// Code keeps its backticks: without colour they are what sets it apart.
		expect(renderMarkdown('Run `ss -tlnp` to list ports', {width: 80})).toEqual(['Run `ss -tlnp` to list ports']);
	});

	it('highlights a cloze answer in bold colour when colour is on', () => {
		withColour(1);
		expect(renderMarkdown('The **outbox** pattern', {width: 80, emphasiseStrong: true})).toEqual([`The ${chalk.bold.yellow('outbox')} pattern`]);
	});

	it("shows a cloze front's escaped brackets as brackets", () => {
		expect(plain(renderMarkdown('The \\[...\\] pattern and the \\[hint\\]', {width: 80}))).toEqual(['The [...] pattern and the [hint]']);
	});

	it('turns a table too wide for the terminal into header: value lines', () => {
		const lines = plain(renderMarkdown('| Deployment strategy | What happens to traffic |\n| --- | --- |\n| canary release | a small share first, then everyone |', {width: 30}));
		expect(lines[0]).toBe('Deployment strategy: canary');
		expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('What happens to traffic: a small share first, then everyone');
	});

	it('shows control characters from a deck as visible escapes, in prose and in code', () => {
		withColour(1);
		const lines = renderMarkdown('Evil \u001b[2J text\n\n```sh\necho \u001b]0;title\u0007\n```', {width: 80});
		expect(lines.join('\n').replace(SGR, '')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
		expect(plain(lines)).toEqual(['Evil \\x1b[2J text', '', '│ echo \\x1b]0;title\\x07']);
	});
});
