/*
Writing decks: the inverse of the parser, for imports, exports, `fluency new` and `fluency add`.
Text from elsewhere is escaped so that it reads back as the same card: a line in a field that
looks like a marker, heading or thematic break gets a backslash that Markdown hides, an HTML
comment opener is written as an entity, and a fence that never closes gets a backslash too. What
is code is decided by the parser's own first pass, so the writer and the parser cannot disagree
about where a code block starts or ends. `writeDeck` then parses what it wrote and refuses, with a
reason, any note that would not read back as written, so a written deck never holds fewer or other
cards than its writer reports.
*/
import yaml from 'js-yaml';
import {classifyLines} from './body-lines.js';
import type {CardKind, DeckCard} from './card.js';
import {parseDeck} from './parse-deck.js';

export type NoteToWrite = {
	readonly kind: CardKind;
	/** The question (the front, for reversed), or the whole text of a cloze. */
	readonly question: string;
	/** The answer; empty for a cloze. */
	readonly answer: string;
	readonly extra?: string;
	readonly tags?: readonly string[];
	readonly id?: string;
};

export type DeckHeader = {
	readonly title: string;
	readonly description?: string;
	readonly tags?: readonly string[];
	readonly sources?: readonly string[];
	/** Further front matter keys, kept as they are. */
	readonly extra?: Readonly<Record<string, unknown>>;
};

const MARKER_LIKE = /^([QRCA]|Note|Tags|ID):([ \t]|$)/;
const HEADING_LIKE = /^#{1,6}([ \t]|$)/;
const BREAK_LIKE = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE_LIKE = /^( {0,3})(`{3,}|~{3,})/;

/**
Make Markdown from elsewhere safe to place inside a card, in the form the parser gives back: line
breaks as `\n`, no trailing white space on a line, no blank lines at either end. Idempotent.
*/
export function escapeCardText(text: string): string {
	const lines = text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+$/, ''));
	while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
	while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
	if (lines.length === 0) return '';
	lines[0] = lines[0]!.trimStart();
	// Comment openers go first, outside code alone: with none left, the parser's first pass sees
	// exactly the code blocks the written field will have.
	const uncommented = lines.map((line) => line.replace(/<!--/g, '&lt;!--'));
	const classified = classifyLines(uncommented, 0).lines;
	let block: {character: string; length: number} | undefined;
	const escaped = classified.map((line, index) => {
		if (line.code) {
			// The opener is written without comments, as the parser reads it; inside a block the text stays as it was.
			if (block === undefined) {
				const fence = FENCE_LIKE.exec(uncommented[index]!)!;
				block = {character: fence[2]![0]!, length: fence[2]!.length};
				return uncommented[index]!;
			}
			const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[index]!);
			if (closing && closing[1]![0] === block.character && closing[1]!.length >= block.length) block = undefined;
			return lines[index]!;
		}
		block = undefined;
		const safe = uncommented[index]!;
		if (MARKER_LIKE.test(safe)) return safe.replace(':', '\\:');
		if (HEADING_LIKE.test(safe) || BREAK_LIKE.test(safe)) return `\\${safe}`;
		// A fence that never closes is text: escaped, it cannot open a block that swallows later cards.
		const fence = FENCE_LIKE.exec(safe);
		if (fence) return `${fence[1]}\\${safe.slice(fence[1]!.length)}`;
		return safe;
	});
	return escaped.join('\n');
}

/** Tags as the parser reads them back: no white space or commas inside, no leading `#`, each once. */
function tagList(tags: readonly string[] | undefined): string[] {
	return [
		...new Set(
			(tags ?? [])
				.map((tag) =>
					tag
						.trim()
						.replace(/[\s,]+/g, '-')
						.replace(/^#+/, '')
						.replace(/<!--/g, '&lt;!--'),
				)
				.filter(Boolean),
		),
	];
}

/** `A: text`, or the marker alone on its line when the field starts with a code block (after `A: ` a fence is no fence). */
function markerLine(marker: string, text: string): string {
	if (text === '') return `${marker}:`;
	const first = classifyLines(text.split('\n'), 0).lines[0];
	return first?.code ? `${marker}:\n${text}` : `${marker}: ${text}`;
}

/** The note as it will read back: fields escaped, tags normalised. */
export function noteAsWritten(note: NoteToWrite): NoteToWrite {
	const extra = note.extra ? escapeCardText(note.extra) : '';
	const tags = tagList(note.tags);
	return {
		kind: note.kind,
		question: escapeCardText(note.question),
		answer: note.kind === 'cloze' ? '' : escapeCardText(note.answer),
		...(extra === '' ? {} : {extra}),
		...(tags.length === 0 ? {} : {tags}),
		...(note.id ? {id: note.id.trim()} : {}),
	};
}

/** One note in the deck format, with a blank line between question and answer as GitHub shows best. */
export function formatNote(note: NoteToWrite): string {
	const written = noteAsWritten(note);
	const parts: string[] = [];
	if (written.kind === 'cloze') {
		parts.push(markerLine('C', written.question));
	} else {
		parts.push(markerLine(written.kind === 'reversed' ? 'R' : 'Q', written.question), '', markerLine('A', written.answer));
	}
	if (written.extra) parts.push('', markerLine('Note', written.extra));
	const fields: string[] = [];
	if (written.tags) fields.push(`Tags: ${written.tags.join(' ')}`);
	if (written.id) fields.push(`ID: ${written.id}`);
	if (fields.length > 0) parts.push('', ...fields);
	return parts.join('\n');
}

export function formatFrontMatter(header: DeckHeader): string {
	const data: Record<string, unknown> = {title: header.title};
	if (header.description) data['description'] = header.description;
	const tags = tagList(header.tags);
	if (tags.length > 0) data['tags'] = tags;
	if (header.sources && header.sources.length > 0) data['sources'] = [...header.sources];
	Object.assign(data, header.extra ?? {});
	return `---\n${yaml.dump(data, {schema: yaml.CORE_SCHEMA, lineWidth: -1, noRefs: true}).trimEnd()}\n---\n`;
}

/**
A whole deck file, every note as given. Notes that cannot be cards (an empty answer, a cloze
without deletions, a question a note before it has) are left for the parser to report; they
never change the cards around them. `writeDeck` leaves them out and says why.
*/
export function formatDeck(header: DeckHeader, notes: readonly NoteToWrite[], preface = ''): string {
	const body = notes.map(formatNote).join('\n\n');
	return `${formatFrontMatter(header)}${preface ? `\n${preface.trim()}\n` : ''}\n${body}\n`;
}

/** The notes a parsed deck holds, in the shape they were written in (one per note, not per card). */
export function notesOfParsedCards(cards: readonly DeckCard[], deckTags: readonly string[] = []): NoteToWrite[] {
	const notes: NoteToWrite[] = [];
	let line = -1;
	for (const card of cards) {
		if (card.line === line) continue;
		line = card.line;
		const tags = card.tags.filter((tag) => !deckTags.includes(tag));
		notes.push({
			kind: card.kind,
			question: card.source,
			answer: card.kind === 'cloze' ? '' : card.answer,
			...(card.extra === '' ? {} : {extra: card.extra}),
			...(tags.length === 0 ? {} : {tags}),
			...(card.explicitId === undefined ? {} : {id: card.explicitId}),
		});
	}
	return notes;
}

type RefusedNote = {readonly index: number; readonly note: NoteToWrite; readonly reason: string};
export type WrittenDeck = {readonly text: string; readonly written: readonly NoteToWrite[]; readonly refused: readonly RefusedNote[]};

function sameNote(a: NoteToWrite, b: NoteToWrite | undefined): boolean {
	if (b === undefined) return false;
	const sameTags = (a.tags ?? []).length === (b.tags ?? []).length && (a.tags ?? []).every((tag, index) => b.tags![index] === tag);
	return a.kind === b.kind && a.question === b.question && a.answer === b.answer && (a.extra ?? '') === (b.extra ?? '') && sameTags && a.id === b.id;
}

/**
A deck file holding exactly the notes it reports as written: each note is parsed back on its own
and refused (with the parser's reason) unless it reads back as itself, and one whose question an
earlier note already has is refused as the duplicate the parser would drop. The whole file is
parsed once more; a difference there is a bug in this writer, never a silent loss.
*/
export function writeDeck(header: DeckHeader, notes: readonly NoteToWrite[], preface = ''): WrittenDeck {
	const accepted: NoteToWrite[] = [];
	const refused: RefusedNote[] = [];
	const firstByKey = new Map<string, number>();
	notes.forEach((note, index) => {
		const written = noteAsWritten(note);
		const parsed = parseDeck({file: 'note', deck: 'note', text: formatNote(note)});
		const problem = parsed.problems.find((found) => found.severity === 'error');
		if (problem) {
			refused.push({index, note, reason: problem.message});
			return;
		}
		const readBack = notesOfParsedCards(parsed.cards);
		if (readBack.length !== 1 || !sameNote(written, readBack[0])) {
			refused.push({index, note, reason: 'it would not read back as written'});
			return;
		}
		const earlier = parsed.cards.map((card) => firstByKey.get(card.identityKey)).find((found) => found !== undefined);
		if (earlier !== undefined) {
			refused.push({index, note, reason: `same question as note ${earlier + 1}; give one of them an ID: line`});
			return;
		}
		for (const card of parsed.cards) firstByKey.set(card.identityKey, index);
		accepted.push(written);
	});
	const text = formatDeck(header, accepted, preface);
	const deckTags = tagList(header.tags);
	const check = parseDeck({file: 'deck', deck: 'deck', text});
	const readBack = notesOfParsedCards(check.cards, deckTags);
	// A tag the deck gives every card reads back as the deck's, not the note's.
	const expected = accepted.map((note) => {
		const own = (note.tags ?? []).filter((tag) => !deckTags.includes(tag));
		const {tags: _tags, ...rest} = note;
		return own.length === 0 ? rest : {...rest, tags: own};
	});
	const firstDifference = expected.findIndex((note, index) => !sameNote(note, readBack[index]));
	if (readBack.length !== expected.length || firstDifference !== -1) {
		throw new Error(`deck writer: note ${firstDifference + 1} of ${header.title} does not read back as written`);
	}
	return {text, written: accepted, refused};
}
