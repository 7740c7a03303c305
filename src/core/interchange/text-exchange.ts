/*
Anki's plain-text format (what File > Export > Notes in Plain Text writes and Import reads), as
pure functions: header lines such as `#separator:tab`, `#html:true`, `#columns:Front	Back	Tags`,
`#notetype column:1`, `#tags column:4`, then one note per row.
*/
import {parse} from 'csv-parse/sync';
import {stringify} from 'csv-stringify/sync';
import {marked} from 'marked';
import {tables} from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import type {CardKind} from '../decks/card.js';
import type {NoteToWrite} from '../decks/deck-writer.js';

export type TextImport = {
	readonly notes: readonly NoteToWrite[];
	readonly skipped: ReadonlyArray<{readonly row: number; readonly reason: string}>;
	/** Data rows read (after the header lines) and the most columns any of them had. */
	readonly rows: number;
	readonly widestRow: number;
	/** The file row (1-based, header lines included) each note came from. */
	readonly noteRows: readonly number[];
	/** The separator the rows were split on. */
	readonly separator: string;
	/** When every row came out as one column: another separator that the rows do contain. */
	readonly likelySeparator?: string;
};

type Column = 'front' | 'back' | 'tags' | 'type' | 'extra' | 'id' | 'ignore';
const COLUMN_NAMES: Readonly<Record<string, Column>> = {front: 'front', question: 'front', text: 'front', back: 'back', answer: 'back', tags: 'tags', type: 'type', kind: 'type', notetype: 'type', extra: 'extra', note: 'extra', id: 'id'};
const SEPARATORS: Readonly<Record<string, string>> = {tab: '\t', comma: ',', semicolon: ';', pipe: '|', space: ' ', colon: ':'};
// Anki's `#… column:N` headers say which columns hold a note's metadata rather than its fields.
const METADATA_COLUMNS: Readonly<Record<string, Column>> = {'notetype column': 'type', 'tags column': 'tags', 'deck column': 'ignore', 'guid column': 'ignore'};
// The remaining columns are the note's fields in order: Front, Back (Cloze: Text, Back Extra), then one more.
const FIELD_ORDER: readonly Column[] = ['front', 'back', 'extra'];
// Anki's Basic note type has no field for fluency's `Note:`, so the export puts it at the end of the Back field in this element.
const NOTE_CLASS = 'fluency-note';
const NOTE_IN_BACK = new RegExp(`<div class="${NOTE_CLASS}">([\\s\\S]*)</div>\\s*$`);

/** `front,back,tags` as given on the command line or in a `#columns:` header; unknown names are ignored columns. */
export function parseColumns(spec: string, separator = ','): Column[] {
	return spec.split(separator).map((name) => COLUMN_NAMES[name.trim().toLowerCase()] ?? 'ignore');
}

/** A separator as Anki's `#separator:` header or `--separator` names it (`tab`, `semicolon`, …) or the character itself; undefined when it is neither. */
export function separatorNamed(name: string): string | undefined {
	const named = SEPARATORS[name.trim().toLowerCase()];
	if (named) return named;
	return [...name].length === 1 && name !== '"' && name !== '\n' && name !== '\r' ? name : undefined;
}

/** How a message shows a separator: `tab` and `space` by name, any other by itself. */
function separatorName(separator: string): string {
	return separator === '\t' ? 'tab' : separator === ' ' ? 'space' : separator;
}

export function importText(text: string, options: {defaultSeparator: string; separator?: string; columns?: readonly Column[]}): TextImport {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	let separator = options.defaultSeparator;
	let html = false;
	let namedColumns = options.columns;
	let columnsHeader: string | undefined;
	let fixedNotetype = '';
	let tagsForAll: string[] = [];
	const metadata = new Map<number, Column>();
	let firstData = 0;
	for (const line of lines) {
		const header = /^#([a-z ]+):(.*)$/i.exec(line);
		if (!header) break;
		firstData++;
		const [key, value] = [header[1]!.trim().toLowerCase(), header[2]!];
		const columnNumber = Number(value.trim());
		if (key === 'separator') separator = separatorNamed(value) ?? value;
		else if (key === 'html') html = value.trim().toLowerCase() === 'true';
		else if (key === 'columns') columnsHeader = value;
		else if (key === 'notetype') fixedNotetype = value.trim();
		else if (key === 'tags') tagsForAll = value.split(/\s+/).filter(Boolean);
		else if (key in METADATA_COLUMNS && Number.isInteger(columnNumber) && columnNumber >= 1) metadata.set(columnNumber - 1, METADATA_COLUMNS[key]!);
	}
	if (options.separator !== undefined) separator = options.separator;
	// Read after the separator is settled: the column names are split on it.
	if (columnsHeader !== undefined && !namedColumns) namedColumns = parseColumns(columnsHeader, separator);
	const dataText = lines.slice(firstData).join('\n');
	const rows = parse(dataText, {delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: true}) as string[][];
	const widestRow = Math.max(0, ...rows.map((row) => row.length));
	let columns: readonly Column[];
	if (namedColumns) {
		// Names from --columns are the user's word; a `#columns:` header gives way to the metadata headers, as in Anki.
		columns = options.columns ? namedColumns : namedColumns.map((column, index) => metadata.get(index) ?? column);
	} else if (metadata.size > 0) {
		const fields = [...FIELD_ORDER];
		columns = Array.from({length: widestRow}, (_, index) => metadata.get(index) ?? fields.shift() ?? 'ignore');
	} else {
		const header = rows[0]?.map((cell) => COLUMN_NAMES[cell.trim().toLowerCase()]);
		if (header?.includes('front')) {
			columns = header.map((column) => column ?? 'ignore');
			rows.shift();
		} else {
			columns = ['front', 'back', 'tags'];
		}
	}
	const toMarkdown = html ? markdownFromHtml() : (value: string) => value;
	const notes: NoteToWrite[] = [];
	const noteRows: number[] = [];
	const skipped: Array<{row: number; reason: string}> = [];
	rows.forEach((row, index) => {
		const cell = (column: Column) => {
			const at = columns.indexOf(column);
			return at >= 0 ? (row[at] ?? '').trim() : '';
		};
		const front = toMarkdown(cell('front'));
		const [backHtml, noteHtml] = html ? splitNoteFromBack(cell('back')) : [cell('back'), ''];
		const back = toMarkdown(backHtml);
		const notetype = cell('type') || fixedNotetype;
		let extra = toMarkdown(cell('extra')) || toMarkdown(noteHtml);
		let kind = kindOfNotetype(notetype, front);
		if (/^basic \(optional reversed card\)$/i.test(notetype)) {
			// Its third field ("Add Reverse") is a switch, not text: filled in, the note is studied both ways.
			kind = extra === '' ? 'basic' : 'reversed';
			extra = toMarkdown(noteHtml);
		}
		const tags = [...tagsForAll, ...cell('tags').split(/\s+/).filter(Boolean)];
		const rowNumber = firstData + index + 1;
		const id = cell('id');
		const identity = id === '' ? {} : {id};
		if (front === '') skipped.push({row: rowNumber, reason: 'the front is empty'});
		else if (kind === 'cloze') notes.push({kind, question: front, answer: '', extra: extra || back, tags, ...identity});
		else if (back === '') skipped.push({row: rowNumber, reason: 'the back is empty'});
		else notes.push({kind, question: front, answer: back, extra, tags, ...identity});
		if (notes.length > noteRows.length) noteRows.push(rowNumber);
	});
	const likely = widestRow === 1 ? likelySeparator(dataText, separator) : undefined;
	return {notes, noteRows, skipped, rows: rows.length, widestRow, separator, ...(likely === undefined ? {} : {likelySeparator: likely})};
}

/** The kind of card a row makes: fluency's own names, Anki's stock note types, else a cloze only when the text has deletions. */
function kindOfNotetype(notetype: string, front: string): CardKind {
	const name = notetype.trim().toLowerCase();
	if (name === 'basic' || name === 'reversed' || name === 'cloze') return name;
	if (name === 'basic (and reversed card)') return 'reversed';
	if (/\bcloze\b/.test(name)) return 'cloze';
	return /\{\{c\d+::/.test(front) ? 'cloze' : 'basic';
}

/** The Back field without the `Note:` text fluency's export appended to it, and that text. */
function splitNoteFromBack(back: string): [string, string] {
	const note = NOTE_IN_BACK.exec(back);
	return note ? [back.slice(0, note.index), note[1]!] : [back, ''];
}

/** The separator, other than the one used, that appears in the most data lines. */
function likelySeparator(dataText: string, used: string): string | undefined {
	const lines = dataText.split('\n').filter((line) => line.trim() !== '');
	let best: {separator: string; lines: number} | undefined;
	for (const candidate of [';', '\t', ',', '|']) {
		if (candidate === used) continue;
		const count = lines.filter((line) => line.includes(candidate)).length;
		if (count > 0 && (!best || count > best.lines)) best = {separator: candidate, lines: count};
	}
	return best?.separator;
}

/** Why a file gave no notes, for a one-line error. */
export function whyNoNotes(imported: TextImport): string {
	if (imported.rows === 0) return 'the file has no rows';
	if (imported.widestRow === 1) {
		const split = `every row has one column when split on \`${separatorName(imported.separator)}\``;
		const guess = imported.likelySeparator;
		return guess === undefined ? `${split}; name the file's separator with --separator` : `${split}; is the separator \`${separatorName(guess)}\`? use --separator '${separatorName(guess)}'`;
	}
	const first = imported.skipped[0];
	return `every row was skipped${first ? ` (row ${first.row}: ${first.reason})` : ''}`;
}

function markdownFromHtml(): (html: string) => string {
	// A <br> becomes a plain line break, which fluency shows as one and which the export turns back into <br>.
	const service = new TurndownService({headingStyle: 'atx', codeBlockStyle: 'fenced', br: '', bulletListMarker: '-', emDelimiter: '*'});
	service.use(tables);
	return (html) => service.turndown(html).trim();
}

const NOTETYPE: Readonly<Record<CardKind, string>> = {basic: 'Basic', reversed: 'Basic (and reversed card)', cloze: 'Cloze'};

/**
A field's HTML on one line where line breaks mean nothing: between tags they go, inside a paragraph
they become <br> (fluency shows a line break there too), and inside <pre> they stay: they are the
code's lines, and the writer quotes the field.
*/
function htmlOf(markdown: string, mediaName?: MediaName): string {
	const html = (marked.parse(markdown, {async: false, gfm: true, breaks: true}) as string).trim();
	const lines = html
		.split(/(<pre\b[\s\S]*?<\/pre>)/)
		.map((part, index) => (index % 2 === 1 ? part : part.replace(/>\n+/g, '>').replace(/\n+</g, '<').replace(/\n/g, '<br>')))
		.join('');
	return mediaName ? withAnkiMedia(lines, mediaName) : lines;
}

/** An image path as written in a card, and the name of that file in Anki's flat media folder (undefined: no such file). */
type MediaName = (reference: string) => string | undefined;

/** Image sources rewritten to Anki's media names, which is all Anki resolves. */
function withAnkiMedia(html: string, mediaName: MediaName): string {
	return html.replace(/(<img\b[^>]*?\bsrc=")([^"]*)(")/gi, (whole, before: string, source: string, after: string) => {
		const raw = source.replace(/&amp;/g, '&');
		let decoded = raw;
		try {
			decoded = decodeURIComponent(raw);
		} catch {
			// Not percent-encoded.
		}
		const name = mediaName(decoded) ?? mediaName(raw);
		return name === undefined ? whole : `${before}${name.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}${after}`;
	});
}

/** The Back field: the answer, then the `Note:` text in an element of its own (Anki's Basic has no field for it). */
function backOf(note: NoteToWrite, mediaName?: MediaName): string {
	if (note.kind === 'cloze') return htmlOf(note.extra ?? '', mediaName);
	const extra = note.extra?.trim() ? `<div class="${NOTE_CLASS}">${htmlOf(note.extra, mediaName)}</div>` : '';
	return `${htmlOf(note.answer, mediaName)}${extra}`;
}

/** Where a note sits: its deck (a sub-deck of the one exported, or that deck) and how its images are named in Anki. */
export type NotePlacement = {readonly deck: string; readonly mediaName?: MediaName};

/**
A deck in Anki's text format with HTML fields, importable by File > Import in Anki and by `fluency
import`. With placements, each row names its own deck (`Parent::Child`, so sub-decks stay
sub-decks) and images name their files as Anki's media folder has them.
*/
export function toAnkiText(notes: readonly NoteToWrite[], deckName: string, placements?: readonly NotePlacement[]): string {
	const ankiDeck = (name: string) => name.split('/').join('::');
	const header = ['#separator:tab', '#html:true', '#notetype column:1', ...(placements ? ['#deck column:5'] : [`#deck:${ankiDeck(deckName)}`]), '#tags column:4'].join('\n');
	const rows = notes.map((note, index) => {
		const placement = placements?.[index];
		const row = [NOTETYPE[note.kind], htmlOf(note.question, placement?.mediaName), backOf(note, placement?.mediaName), (note.tags ?? []).join(' ')];
		return placements ? [...row, ankiDeck(placement?.deck ?? deckName)] : row;
	});
	return `${header}\n${stringify(rows, {delimiter: '\t'})}`;
}

/** A deck as CSV with Markdown fields, which `fluency import` reads back as the same cards (their `ID:` lines too). */
export function toCsv(notes: readonly NoteToWrite[]): string {
	const header = ['#separator:comma', '#html:false', '#columns:Front,Back,Tags,Type,Extra,ID'].join('\n');
	const rows = notes.map((note) => [note.question, note.answer, (note.tags ?? []).join(' '), note.kind, note.extra ?? '', note.id ?? '']);
	return `${header}\n${stringify(rows)}`;
}
