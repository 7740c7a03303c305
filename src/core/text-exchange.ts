/*
Anki's plain-text format (what File > Export > Notes in Plain Text writes and Import reads), as
pure functions: header lines such as `#separator:tab`, `#html:true`, `#columns:Front	Back	Tags`,
`#tags column:3`, then one note per row.
*/
import {parse} from 'csv-parse/sync';
import {stringify} from 'csv-stringify/sync';
import {marked} from 'marked';
import TurndownService from 'turndown';
import type {CardKind} from './card.js';
import type {NoteToWrite} from './deck-writer.js';

export type TextImport = {readonly notes: readonly NoteToWrite[]; readonly skipped: ReadonlyArray<{readonly row: number; readonly reason: string}>};

type Column = 'front' | 'back' | 'tags' | 'type' | 'extra' | 'ignore';
const COLUMN_NAMES: Readonly<Record<string, Column>> = {front: 'front', question: 'front', text: 'front', back: 'back', answer: 'back', tags: 'tags', type: 'type', kind: 'type', extra: 'extra', note: 'extra'};
const SEPARATORS: Readonly<Record<string, string>> = {tab: '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ', colon: ':'};

/** `front,back,tags` as given on the command line or in a `#columns:` header; unknown names are ignored columns. */
export function parseColumns(spec: string, separator = ','): Column[] {
	return spec.split(separator).map((name) => COLUMN_NAMES[name.trim().toLowerCase()] ?? 'ignore');
}

export function importText(text: string, options: {defaultSeparator: string; columns?: readonly Column[]}): TextImport {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	let separator = options.defaultSeparator;
	let html = false;
	let columns = options.columns;
	let tagsColumn: number | undefined;
	let firstData = 0;
	for (const line of lines) {
		const header = /^#([a-z ]+):(.*)$/i.exec(line);
		if (!header) break;
		firstData++;
		const [key, value] = [header[1]!.trim().toLowerCase(), header[2]!];
		if (key === 'separator') separator = SEPARATORS[value.trim().toLowerCase()] ?? value;
		else if (key === 'html') html = value.trim().toLowerCase() === 'true';
		else if (key === 'tags column') tagsColumn = Number(value) - 1;
		else if (key === 'columns') columns ??= parseColumns(value, separator);
	}
	const rows = parse(lines.slice(firstData).join('\n'), {delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true}) as string[][];
	if (!columns) {
		const header = rows[0]?.map((cell) => COLUMN_NAMES[cell.trim().toLowerCase()]);
		if (header?.includes('front')) {
			columns = header.map((column) => column ?? 'ignore');
			rows.shift();
		} else {
			columns = ['front', 'back', 'tags'];
		}
	}
	if (tagsColumn !== undefined) columns = columns.map((column, index) => (index === tagsColumn ? 'tags' : column));
	const toMarkdown = html ? markdownFromHtml() : (value: string) => value;
	const notes: NoteToWrite[] = [];
	const skipped: Array<{row: number; reason: string}> = [];
	rows.forEach((row, index) => {
		const cell = (column: Column) => {
			const at = columns!.indexOf(column);
			return at >= 0 ? (row[at] ?? '').trim() : '';
		};
		const front = toMarkdown(cell('front'));
		const back = toMarkdown(cell('back'));
		const declared = cell('type').toLowerCase();
		const kind: CardKind = declared === 'reversed' || declared === 'cloze' || declared === 'basic' ? declared : /\{\{c\d+::/.test(front) ? 'cloze' : 'basic';
		const tags = cell('tags').split(/\s+/).filter(Boolean);
		const extra = toMarkdown(cell('extra'));
		const rowNumber = firstData + index + 1;
		if (front === '') skipped.push({row: rowNumber, reason: 'the front is empty'});
		else if (kind === 'cloze') notes.push({kind, question: front, answer: '', extra: extra || back, tags});
		else if (back === '') skipped.push({row: rowNumber, reason: 'the back is empty'});
		else notes.push({kind, question: front, answer: back, extra, tags});
	});
	return {notes, skipped};
}

function markdownFromHtml(): (html: string) => string {
	const service = new TurndownService({headingStyle: 'atx', codeBlockStyle: 'fenced', br: '\\', bulletListMarker: '-', emDelimiter: '*'});
	return (html) => service.turndown(html).trim();
}

const NOTETYPE: Readonly<Record<CardKind, string>> = {basic: 'Basic', reversed: 'Basic (and reversed card)', cloze: 'Cloze'};

function htmlOf(markdown: string): string {
	return (marked.parse(markdown, {async: false}) as string).trim().replace(/\n/g, '');
}

/** A deck in Anki's text format with HTML fields, importable by File > Import in Anki. */
export function toAnkiText(notes: readonly NoteToWrite[], deckName: string): string {
	const header = ['#separator:tab', '#html:true', '#notetype column:1', `#deck:${deckName.split('/').join('::')}`, '#tags column:4'].join('\n');
	const rows = notes.map((note) => [NOTETYPE[note.kind], htmlOf(note.question), htmlOf(note.kind === 'cloze' ? (note.extra ?? '') : note.answer), (note.tags ?? []).join(' ')]);
	return `${header}\n${stringify(rows, {delimiter: '\t'})}`;
}

/** A deck as CSV with Markdown fields, which `fluency import` reads back as the same cards. */
export function toCsv(notes: readonly NoteToWrite[]): string {
	const header = ['#separator:comma', '#html:false', '#columns:Front,Back,Tags,Type,Extra'].join('\n');
	const rows = notes.map((note) => [note.question, note.answer, (note.tags ?? []).join(' '), note.kind, note.extra ?? '']);
	return `${header}\n${stringify(rows)}`;
}
