/*
Anki notes into fluency decks, without I/O: which note becomes which kind of card, fields from
HTML into Markdown, media renamed safely, and the map from Anki's cards to fluency's identities
that lets the review history follow.
*/
import {tables} from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import {sha256} from '../card.js';
import type {DeckHeader, NoteToWrite} from '../deck-writer.js';
import type {AnkiCard, AnkiCollection, AnkiNote, AnkiNotetype} from './collection.js';

export type ConvertedDeck = {
	/** Path of the deck file inside the import folder, e.g. `spanish/verbs.md`. */
	readonly path: string;
	readonly header: DeckHeader;
	readonly notes: readonly NoteToWrite[];
	/** Media file names (as stored in the package) that this deck's notes show. */
	readonly media: readonly string[];
};

/** Where an Anki card's history goes: the fluency card with this identity key, in this deck. */
export type CardMapping = {readonly ankiCardId: number; readonly deckPath: string; readonly identityKey: string};

export type Skipped = {readonly noteId: number; readonly reason: string};

export type Conversion = {
	readonly decks: readonly ConvertedDeck[];
	readonly cards: readonly CardMapping[];
	/** Every media file name the notes refer to (as stored in the package), and the safe name used for it. */
	readonly media: ReadonlyMap<string, string>;
	readonly skipped: readonly Skipped[];
};

const SOUND = /\[sound:([^\]]+)\]/g;
const IMAGE_SOURCE = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2/gi;
const FIELD_REFERENCE = /\{\{([^{}]+)\}\}/g;

function turndown(): TurndownService {
	// Hard line breaks as a trailing backslash: trailing spaces would be trimmed away.
	const service = new TurndownService({headingStyle: 'atx', codeBlockStyle: 'fenced', br: '\\', bulletListMarker: '-', emDelimiter: '*'});
	// Anki notes often hold tables; without this they became their cells' text run together.
	service.use(tables);
	return service;
}

/** A media file name that cannot leave the media folder or surprise a shell. */
export function safeMediaName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	return base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim();
}

/** `Spanish::Verbs` → `spanish/verbs`. */
export function deckPathFor(ankiDeckName: string): string {
	const parts = ankiDeckName.split('::').map((part) =>
		part
			.normalize('NFKC')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '-')
			.replace(/^-+|-+$/g, ''),
	);
	return parts.map((part) => part || 'deck').join('/');
}

/** The fields a template shows, by name (`{{Front}}`, `{{text:Front}}`, `{{cloze:Text}}`; not conditionals or FrontSide). */
function fieldsIn(format: string, fieldNames: readonly string[]): string[] {
	const names: string[] = [];
	for (const match of format.matchAll(FIELD_REFERENCE)) {
		const reference = match[1]!.trim();
		if (/^[#^/!]/.test(reference) || reference === 'FrontSide') continue;
		const name = reference.split(':').pop()!.trim();
		if (fieldNames.includes(name) && !names.includes(name)) names.push(name);
	}
	return names;
}

export function convertCollection(collection: AnkiCollection): Conversion {
	const html = turndown();
	const media = new Map<string, string>();
	let noteMedia = new Set<string>();
	const toMarkdown = (fieldHtml: string): string => {
		const withMedia = fieldHtml
			.replace(SOUND, (_match, name: string) => {
				const safe = safeMediaName(name);
				if (!safe) return '';
				media.set(name, safe);
				noteMedia.add(name);
				return `<a href="media/${encodeURI(safe)}">sound: ${safe}</a>`;
			})
			.replace(IMAGE_SOURCE, (_match, before: string, quote: string, source: string) => {
				if (/^(?:https?:|data:)/i.test(source)) return `${before}${quote}${source}${quote}`;
				const name = decodeURIComponentSafe(source);
				const safe = safeMediaName(name);
				media.set(name, safe);
				noteMedia.add(name);
				return `${before}${quote}media/${encodeURI(safe)}${quote}`;
			});
		return html.turndown(withMedia).trim();
	};

	const cardsByNote = new Map<number, AnkiCard[]>();
	for (const card of collection.cards) cardsByNote.set(card.noteId, [...(cardsByNote.get(card.noteId) ?? []), card]);
	const deckNotes = new Map<string, {name: string; notes: NoteToWrite[]; media: Set<string>}>();
	const cards: CardMapping[] = [];
	const skipped: Skipped[] = [];

	for (const note of collection.notes) {
		const noteCards = (cardsByNote.get(note.id) ?? []).sort((a, b) => a.ordinal - b.ordinal);
		const notetype = collection.notetypes.get(note.notetypeId);
		if (!notetype) {
			skipped.push({noteId: note.id, reason: 'its note type is missing from the package'});
			continue;
		}
		if (noteCards.length === 0) {
			skipped.push({noteId: note.id, reason: 'it has no cards'});
			continue;
		}
		noteMedia = new Set();
		const converted = convertNote(note, notetype, noteCards, toMarkdown);
		if ('reason' in converted) {
			skipped.push({noteId: note.id, reason: converted.reason});
			continue;
		}
		const home = noteCards[0]!;
		const deckName = collection.decks.get(home.originalDeckId || home.deckId) ?? 'Imported';
		const path = `${deckPathFor(deckName)}.md`;
		const entry = deckNotes.get(path) ?? {name: deckName, notes: [], media: new Set<string>()};
		entry.notes.push(converted.note);
		for (const name of noteMedia) entry.media.add(name);
		deckNotes.set(path, entry);
		for (const card of noteCards) {
			const ordinal = converted.note.kind === 'cloze' ? card.ordinal + 1 : card.ordinal;
			cards.push({ankiCardId: card.id, deckPath: path, identityKey: `id:${converted.note.id}#${ordinal}`});
		}
	}

	const decks: ConvertedDeck[] = [...deckNotes.entries()].map(([path, entry]) => ({
		path,
		header: {title: entry.name.split('::').at(-1) ?? entry.name, description: `Imported from the Anki deck "${entry.name}".`, extra: {anki_deck: entry.name}},
		notes: entry.notes,
		media: [...entry.media],
	}));
	return {decks, cards, media, skipped};
}

type Converted = {note: NoteToWrite & {id: string}} | {reason: string};

function convertNote(note: AnkiNote, notetype: AnkiNotetype, noteCards: readonly AnkiCard[], toMarkdown: (html: string) => string): Converted {
	const field = (name: string) => note.fields[notetype.fields.indexOf(name)] ?? '';
	// The guid is Anki's identity for a note across collections; hashed, it fits fluency's id syntax.
	const id = `anki-${sha256(note.guid).slice(0, 16)}`;
	const tags = note.tags;
	if (notetype.imageOcclusion) return {reason: `"${notetype.name}" is an image occlusion note; fluency cannot draw masks over images`};
	if (notetype.cloze) {
		const textField = fieldsIn(notetype.templates[0]?.questionFormat ?? '', notetype.fields)[0] ?? notetype.fields[0]!;
		const text = toMarkdown(field(textField));
		if (!/\{\{c\d+::/.test(text)) return {reason: `its cloze field "${textField}" has no {{c1::...}} deletion`};
		const extra = notetype.fields.filter((name) => name !== textField).map((name) => toMarkdown(field(name))).filter(Boolean).join('\n\n');
		return {note: {kind: 'cloze', question: text, answer: '', extra, tags, id}};
	}
	if (notetype.templates.length > 2) return {reason: `note type "${notetype.name}" has ${notetype.templates.length} card templates; fluency converts basic, reversed and cloze notes`};
	const first = notetype.templates[0];
	if (!first) return {reason: `note type "${notetype.name}" has no card template`};
	const questionFields = fieldsIn(first.questionFormat, notetype.fields);
	const front = questionFields.length > 0 ? questionFields : notetype.fields.slice(0, 1);
	const backFields = fieldsIn(first.answerFormat, notetype.fields).filter((name) => !front.includes(name));
	const back = backFields.length > 0 ? backFields : notetype.fields.filter((name) => !front.includes(name)).slice(0, 1);
	const question = front.map((name) => toMarkdown(field(name))).filter(Boolean).join('\n\n');
	const answer = back.map((name) => toMarkdown(field(name))).filter(Boolean).join('\n\n');
	if (question === '') return {reason: 'its front is empty'};
	if (answer === '') return {reason: 'its back is empty'};
	// A second card that exists means the note is studied in both directions.
	const reversed = notetype.templates.length === 2 && noteCards.some((card) => card.ordinal === 1);
	return {note: {kind: reversed ? 'reversed' : 'basic', question, answer, tags, id}};
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
