/*
Card Markdown for the terminal: marked's lexer reads it, this module draws the tokens as
lines that fit the width, with hanging indents for lists and quotes, tables that fall back to
"header: value" lines when they do not fit, and highlighted code. Deck text is sanitised first,
so it can never carry an escape sequence to the terminal.
*/
import {createRequire} from 'node:module';
import chalk from 'chalk';
import {type Token, type Tokens, marked} from 'marked';
import stringWidth from '../string-width.js';
import wrapAnsi from 'wrap-ansi';
import {sanitizeText} from '../../core/text.js';

// highlight.js registers every language it knows when loaded: about 200 ms, paid only once a card
// actually has a code block.
let highlighter: ((code: string, options: {language: string; ignoreIllegals: boolean}) => string) | undefined;
function highlight(code: string, options: {language: string; ignoreIllegals: boolean}): string {
	highlighter ??= (createRequire(import.meta.url)('cli-highlight') as {highlight: NonNullable<typeof highlighter>}).highlight;
	return highlighter(code, options);
}

export type RenderOptions = {
	readonly width: number;
	/** Strong text stands out more: on a cloze card's back it is the answer. */
	readonly emphasiseStrong?: boolean;
	/** With emphasiseStrong and no colour (NO_COLOR, where bold goes too), mark strong text with brackets. */
	readonly bracketsWithoutColour?: boolean;
};

export function renderMarkdown(markdown: string, options: RenderOptions): string[] {
	const width = Math.max(10, options.width);
	const tokens = marked.lexer(sanitizeText(markdown), {gfm: true});
	return blocks(tokens, width, options).flat();
}

function wrap(text: string, width: number, firstPrefix = '', restPrefix = firstPrefix, keepSpaces = false): string[] {
	const inner = Math.max(4, width - stringWidth(restPrefix));
	// Prose loses the space a wrap leaves at a line start; code keeps its indentation.
	return wrapAnsi(text, inner, {hard: true, trim: !keepSpaces})
		.split('\n')
		.map((line, index) => (index === 0 ? firstPrefix : restPrefix) + line);
}

/** Blocks one after another, a blank line apart unless `tight` (the parts of an item in a tight list). */
function blocks(tokens: readonly Token[], width: number, options: RenderOptions, tight = false): string[][] {
	const out: string[][] = [];
	for (const token of tokens) {
		const rendered = block(token, width, options);
		if (rendered.length === 0) continue;
		if (out.length > 0 && !tight) out.push(['']);
		out.push(rendered);
	}
	return out;
}

function block(token: Token, width: number, options: RenderOptions): string[] {
	switch (token.type) {
		case 'space':
			return [];
		case 'heading':
			return wrap(chalk.bold(inline((token as Tokens.Heading).tokens, options)), width);
		case 'paragraph':
			return wrap(inline((token as Tokens.Paragraph).tokens, options), width);
		case 'text': {
			const text = token as Tokens.Text;
			return wrap(text.tokens ? inline(text.tokens, options) : text.text, width);
		}
		case 'code': {
			const code = token as Tokens.Code;
			const language = code.lang?.split(/\s/)[0];
			let body = code.text;
			try {
				body = highlight(code.text, {language: language || 'plaintext', ignoreIllegals: true});
			} catch {
				// An unknown language is shown plain.
			}
			return body.split('\n').flatMap((line) => wrap(line, width, chalk.dim('│ '), chalk.dim('│ '), true));
		}
		case 'blockquote':
			return blocks((token as Tokens.Blockquote).tokens, width - 2, options)
				.flat()
				.map((line) => `${chalk.dim('▌ ')}${line}`);
		case 'list': {
			const list = token as Tokens.List;
			const start = typeof list.start === 'number' ? list.start : 1;
			const last = start + list.items.length - 1;
			return list.items.flatMap((item, index) => {
				const number = list.ordered ? `${start + index}.`.padStart(String(last).length + 1) : '';
				const marker = item.task ? `${number}${number ? ' ' : ''}${item.checked ? '☑' : '☐'} ` : list.ordered ? `${number} ` : '• ';
				const indent = ' '.repeat(stringWidth(marker));
				// marked gives a task item its checkbox as a token of its own; the marker shows it.
				const content = item.tokens.filter((part) => part.type !== 'checkbox');
				const lines = blocks(content, width - indent.length, options, !list.loose).flat();
				const body = lines.map((line, position) => (line === '' ? '' : (position === 0 ? marker : indent) + line));
				return list.loose && index > 0 ? ['', ...body] : body;
			});
		}
		case 'table':
			return table(token as Tokens.Table, width, options);
		case 'hr':
			return [chalk.dim('─'.repeat(Math.min(width, 40)))];
		case 'html':
			return wrap((token as Tokens.HTML).text.trim(), width);
		default:
			return 'raw' in token ? wrap(String(token.raw).trim(), width) : [];
	}
}

function inline(tokens: readonly Token[] | undefined, options: RenderOptions): string {
	if (!tokens) return '';
	return tokens
		.map((token) => {
			switch (token.type) {
				case 'strong': {
					const text = inline((token as Tokens.Strong).tokens, options);
					if (!options.emphasiseStrong) return chalk.bold(text);
					return chalk.level === 0 && options.bracketsWithoutColour ? `[${text}]` : chalk.bold.yellow(text);
				}
				case 'em':
					return chalk.italic(inline((token as Tokens.Em).tokens, options));
				case 'del':
					return chalk.strikethrough(inline((token as Tokens.Del).tokens, options));
				case 'codespan': {
					// Without colour (NO_COLOR, a pipe) the backticks are what still tells code from prose.
					const code = (token as Tokens.Codespan).text;
					return chalk.level === 0 ? `\`${code}\`` : chalk.cyan(code);
				}
				case 'link': {
					const link = token as Tokens.Link;
					const text = inline(link.tokens, options);
					return text === link.href ? chalk.underline(text) : `${chalk.underline(text)} ${chalk.dim(`(${link.href})`)}`;
				}
				case 'image': {
					const image = token as Tokens.Image;
					return chalk.dim(`[image: ${image.text || image.href}]`);
				}
				case 'br':
					return '\n';
				case 'escape':
				case 'text': {
					const text = token as Tokens.Text;
					return text.tokens ? inline(text.tokens, options) : unescapeHtml(text.text);
				}
				default:
					return 'raw' in token ? String(token.raw) : '';
			}
		})
		.join('');
}

function unescapeHtml(text: string): string {
	return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function table(token: Tokens.Table, width: number, options: RenderOptions): string[] {
	const header = token.header.map((cell) => inline(cell.tokens, options));
	const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens, options)));
	const widths = header.map((cell, column) => Math.max(stringWidth(cell), ...rows.map((row) => stringWidth(row[column] ?? ''))));
	const total = widths.reduce((sum, cellWidth) => sum + cellWidth, 0) + 3 * (widths.length - 1);
	if (total > width) {
		// Too wide for the terminal: one "header: value" line per cell, rows apart.
		return rows.flatMap((row, index) => [...(index > 0 ? [''] : []), ...row.flatMap((cell, column) => wrap(`${chalk.bold(header[column] ?? '')}: ${cell}`, width, '', '  '))]);
	}
	const line = (cells: readonly string[]) => cells.map((cell, column) => cell + ' '.repeat(Math.max(0, widths[column]! - stringWidth(cell)))).join(chalk.dim(' │ '));
	return [chalk.bold(line(header)), chalk.dim(widths.map((cellWidth) => '─'.repeat(cellWidth)).join('─┼─')), ...rows.map(line)];
}
