/*
Writing decks: the inverse of the parser, for imports, `fluency new` and `fluency add`. Text
from elsewhere is escaped so that it reads back as the same card: a line in an answer that
looks like a marker, heading or thematic break gets a backslash that Markdown hides, and an
HTML comment opener is written as an entity.
*/
import yaml from 'js-yaml';
import type {CardKind} from './card.js';

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
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Make Markdown from elsewhere safe to place inside a card. */
export function escapeCardText(text: string): string {
	let fence: string | undefined;
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const closes = (marker: string, line: string) => {
		const closing = FENCE.exec(line);
		return closing !== null && closing[1]![0] === marker[0] && closing[1]!.length >= marker.length && line.trim() === closing[1];
	};
	const escaped = lines.map((line, index) => {
		const opening = FENCE.exec(line);
		if (fence) {
			if (closes(fence, line)) fence = undefined;
			return line;
		}
		// A fence that closes later is code, left as it is; one that never closes is text like any other.
		if (opening && lines.slice(index + 1).some((later) => closes(opening[1]!, later))) {
			fence = opening[1]!;
			return line;
		}
		let safe = line.replace(/<!--/g, '&lt;!--');
		if (MARKER_LIKE.test(safe)) safe = safe.replace(':', '\\:');
		else if (HEADING_LIKE.test(safe) || BREAK_LIKE.test(safe)) safe = `\\${safe}`;
		return safe;
	});
	return escaped.join('\n').trim();
}

function tagList(tags: readonly string[] | undefined): string[] {
	return [...new Set((tags ?? []).map((tag) => tag.trim().replace(/[\s,]+/g, '-')).filter(Boolean))];
}

/** One note in the deck format, with a blank line between question and answer as GitHub shows best. */
export function formatNote(note: NoteToWrite): string {
	const parts: string[] = [];
	if (note.kind === 'cloze') {
		parts.push(`C: ${escapeCardText(note.question)}`);
	} else {
		parts.push(`${note.kind === 'reversed' ? 'R' : 'Q'}: ${escapeCardText(note.question)}`, '', `A: ${escapeCardText(note.answer)}`);
	}
	const extra = note.extra ? escapeCardText(note.extra) : '';
	if (extra !== '') parts.push('', `Note: ${extra}`);
	const tags = tagList(note.tags);
	const fields: string[] = [];
	if (tags.length > 0) fields.push(`Tags: ${tags.join(' ')}`);
	if (note.id) fields.push(`ID: ${note.id}`);
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

/** A whole deck file. */
export function formatDeck(header: DeckHeader, notes: readonly NoteToWrite[], preface = ''): string {
	const body = notes.map(formatNote).join('\n\n');
	return `${formatFrontMatter(header)}${preface ? `\n${preface.trim()}\n` : ''}\n${body}\n`;
}
