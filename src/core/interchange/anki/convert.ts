/*
Anki notes into fluency decks, without I/O: which note becomes which kind of card, fields from
HTML into Markdown, media renamed safely, and the map from Anki's cards to fluency's identities
that lets the review history follow.
*/
import {htmlText} from './html-text.js';
import {type SimpleHtmlOptions, simpleHtmlToMarkdown} from './simple-html.js';
import {tables} from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import {sha256} from '../../decks/card.js';
import type {DeckHeader, NoteToWrite} from '../../decks/deck-writer.js';
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

/*
Every escape turndown makes needs one of these characters, or text that starts with one of
`-+=#~>` or a digit (its rules anchor there), and so do the two added here (`<`, `&`): most text
has none, and running its thirteen replacements on every piece of text was a quarter of converting
a large collection.
*/
const MAY_NEED_ESCAPING = /[\\*`[\]_<&]|^[-+=#~>\d]/;

/** The converter of a field's HTML to Markdown: turndown, set up for what Anki fields hold. */
export function fieldTurndown(): TurndownService {
	// Hard line breaks as a trailing backslash: trailing spaces would be trimmed away.
	const service = new TurndownService({headingStyle: 'atx', codeBlockStyle: 'fenced', br: '\\', bulletListMarker: '-', emDelimiter: '*'});
	// Anki notes often hold tables; without this they became their cells' text run together.
	service.use(tables);
	// Text that was escaped in Anki's HTML (`&lt;script&gt;`, `#include &lt;thread&gt;`) is text:
	// in Markdown a bare `<` would start live HTML, so it keeps a backslash Markdown hides.
	const escapeText = service.escape.bind(service);
	service.escape = (text: string) => (MAY_NEED_ESCAPING.test(text) ? escapeText(text).replace(/</g, '\\<').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&') : text);
	// A heading inside a card would show its `##` (the deck writer must escape it): bold reads the same.
	service.addRule('heading', {filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'], replacement: (content) => (content.trim() ? `\n\n**${content.trim()}**\n\n` : '')});
	// An anchor with nothing to click (`<a name="x"></a>`, a link around a deleted word) is nothing.
	service.addRule('empty-link', {filter: (node) => domNode(node).nodeName === 'A' && (domNode(node).textContent ?? '').trim() === '' && !containsImage(domNode(node)), replacement: () => ''});
	// A line break in a table cell would end the table row.
	service.addRule('cell-break', {filter: (node) => domNode(node).nodeName === 'BR' && insideCell(domNode(node)), replacement: () => ' '});
	// Images as one short name, which the terminal shows as `[image: name]`, not the path or URL twice.
	service.addRule('image', {
		filter: 'img',
		replacement: (_content, node) => {
			const source = domNode(node).getAttribute('src') ?? '';
			if (!source) return '';
			// Its alt text when it has one (fluency's own exports keep the Markdown's), else the file name.
			const alt = (domNode(node).getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
			const name = alt || decodeURIComponentSafe(source.split(/[?#]/)[0]!.split('/').pop() ?? '') || 'image';
			return `![${name.replace(/[[\]\\]/g, '')}](${source.replace(/[()\s]/g, (character: string) => encodeURIComponent(character))})`;
		},
	});
	return service;
}

/** What the one-pass conversion of common fields takes from the service, so both give the same Markdown. */
export function simpleHtmlOptions(service: TurndownService): SimpleHtmlOptions {
	const {br = '  ', strongDelimiter = '**', emDelimiter = '_'} = service.options;
	return {br, strongDelimiter, emDelimiter, escape: (text) => service.escape(text)};
}

/** The little of the DOM the rules need (the project builds without the DOM's types). */
type DomNode = {readonly nodeName: string; readonly textContent: string | null; readonly parentNode: DomNode | null; readonly childNodes: ArrayLike<DomNode>; getAttribute(name: string): string | null};
const domNode = (node: unknown) => node as DomNode;

function containsImage(node: DomNode): boolean {
	return Array.from(node.childNodes).some((child) => child.nodeName === 'IMG' || containsImage(child));
}

function insideCell(node: DomNode): boolean {
	for (let parent = node.parentNode; parent; parent = parent.parentNode) if (parent.nodeName === 'TD' || parent.nodeName === 'TH') return true;
	return false;
}

/** Lines left with only a hard break (`<div><br></div>`), or a hard break at a paragraph's end, read as blank lines. */
function withoutStrayBreaks(markdown: string): string {
	let fence = false;
	const lines = markdown.split('\n');
	const kept = lines.map((line, index) => {
		if (/^ {0,3}(```|~~~)/.test(line)) fence = !fence;
		if (fence) return line;
		if (/^\s*\\\s*$/.test(line)) return '';
		const next = lines[index + 1];
		return line.endsWith('\\') && (next === undefined || next.trim() === '' || /^\s*\\\s*$/.test(next)) ? line.slice(0, -1).trimEnd() : line;
	});
	return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const MATH = /\[\$\$\]([\s\S]*?)\[\/\$\$\]|\[\$\]([\s\S]*?)\[\/\$\]|\[latex\]([\s\S]*?)\[\/latex\]|\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

/** TeX as Anki stores it (entities, `<br>` inside), as plain TeX source. */
function texSource(html: string): string {
	return htmlText(html.replace(/<br\s*\/?>/gi, '\n'));
}

/**
LaTeX and MathJax cannot be drawn in a terminal; their source is what a reader can follow. Each
becomes code (inline `$...$`, or a fenced `latex` block when it spans lines or is a display), set
aside before the HTML conversion so that no backslash or underscore of it is escaped.
*/
function setMathAside(html: string): {html: string; math: string[]} {
	const math: string[] = [];
	const replaced = html.replace(MATH, (_match, display: string | undefined, inline: string | undefined, latex: string | undefined, mathjaxInline: string | undefined, mathjaxDisplay: string | undefined) => {
		const source = texSource(display ?? inline ?? latex ?? mathjaxInline ?? mathjaxDisplay ?? '');
		const block = display !== undefined || latex !== undefined || mathjaxDisplay !== undefined;
		const fenced = source.includes('\n') || (block && source.length > 40);
		const longestTicks = Math.max(0, ...[...source.matchAll(/`+/g)].map((ticks) => ticks[0].length));
		const ticks = '`'.repeat(longestTicks + 1);
		math.push(fenced ? `\n\n\`\`\`latex\n${source.replace(/^```/gm, '\\```')}\n\`\`\`\n\n` : `${ticks}${ticks.length > 1 ? ' ' : ''}${block ? '$$' : '$'}${source}${block ? '$$' : '$'}${ticks.length > 1 ? ' ' : ''}${ticks}`);
		return `FLUENCYMATH${math.length - 1}X`;
	});
	return {html: replaced, math};
}

/** A media file name that cannot leave the media folder or surprise a shell. */
function safeMediaName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	return base.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').trim();
}

/** `Spanish::Verbs` → `spanish/verbs`. */
function deckPathFor(ankiDeckName: string, worded = false): string {
	const parts = ankiDeckName.split('::').map((part) =>
		(worded ? part.replace(/[+#&@%*]/g, (symbol) => ` ${SYMBOL_WORDS[symbol]} `) : part)
			.normalize('NFKC')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '-')
			.replace(/^-+|-+$/g, ''),
	);
	return parts.map((part) => part || 'deck').join('/');
}

const SYMBOL_WORDS: Record<string, string> = {'+': 'plus', '#': 'sharp', '&': 'and', '@': 'at', '%': 'percent', '*': 'star'};

/**
A file for each Anki deck, even when two names slug alike (`C++` and `C#` are both `c`): those
spell their symbols out (`c-plus-plus`, `c-sharp`), and any still alike get a short hash of the
name. A deck whose slug is its own keeps it, so a later import finds the same file.
*/
function deckPaths(names: readonly string[]): Map<string, string> {
	const unique = [...new Set(names)];
	const plain = new Map(unique.map((name) => [name, deckPathFor(name)]));
	const users = new Map<string, number>();
	for (const path of plain.values()) users.set(path, (users.get(path) ?? 0) + 1);
	const paths = new Map<string, string>();
	for (const name of unique) {
		const path = plain.get(name)!;
		paths.set(name, users.get(path) === 1 ? path : deckPathFor(name, true));
	}
	const taken = new Map<string, number>();
	for (const path of paths.values()) taken.set(path, (taken.get(path) ?? 0) + 1);
	for (const [name, path] of paths) if (taken.get(path)! > 1) paths.set(name, `${path}-${sha256(name).slice(0, 6)}`);
	return paths;
}

/**
The fields a template shows, by name (`{{Front}}`, `{{text:Front}}`, `{{cloze:Text}}`,
`{{furigana:Reading}}`; not conditionals or FrontSide). On a question, `{{type:Back}}` is an
input box for the answer, not something shown: it is left out there, so a type-in card never
shows its own answer.
*/
function fieldsIn(format: string, fieldNames: readonly string[], side: 'question' | 'answer' = 'answer'): string[] {
	const names: string[] = [];
	for (const match of format.matchAll(FIELD_REFERENCE)) {
		const reference = match[1]!.trim();
		if (/^[#^/!]/.test(reference) || reference === 'FrontSide') continue;
		if (side === 'question' && /^type:/i.test(reference)) continue;
		const name = reference.split(':').pop()!.trim();
		if (fieldNames.includes(name) && !names.includes(name)) names.push(name);
	}
	return names;
}

export function convertCollection(collection: AnkiCollection): Conversion {
	const html = fieldTurndown();
	const simple = simpleHtmlOptions(html);
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
		const {html: withoutMath, math} = setMathAside(withMedia);
		const markdown = withoutStrayBreaks(simpleHtmlToMarkdown(withoutMath, simple) ?? html.turndown(withoutMath));
		return math.length === 0 ? markdown : markdown.replace(/FLUENCYMATH(\d+)X/g, (_match, index: string) => math[Number(index)] ?? '').replace(/\n{3,}/g, '\n\n').trim();
	};

	const pathOfDeck = deckPaths([...collection.decks.values(), 'Imported']);
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
		let converted: Converted;
		try {
			converted = convertNote(note, notetype, noteCards, toMarkdown);
		} catch (thrown) {
			// HTML nested thousands deep (a broken or hostile package) overflows the stack of any walk
			// of its tree, turndown's too: that note is left out, not the whole import.
			if (!(thrown instanceof RangeError)) throw thrown;
			converted = {reason: 'its HTML is nested too deeply to convert'};
		}
		if ('reason' in converted) {
			skipped.push({noteId: note.id, reason: converted.reason});
			continue;
		}
		const home = noteCards[0]!;
		const deckName = collection.decks.get(home.originalDeckId || home.deckId) ?? 'Imported';
		const path = `${pathOfDeck.get(deckName) ?? deckPathFor(deckName)}.md`;
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
	if (notetype.imageOcclusion) return {reason: `note type "${notetype.name}" is Anki's image occlusion: its masks are drawn over an image, which a terminal cannot show`};
	if (isImageOcclusionEnhanced(notetype)) return {reason: `note type "${notetype.name}" is from the Image Occlusion Enhanced add-on: its masks are drawn over an image, which a terminal cannot show`};
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
	const questionFields = fieldsIn(first.questionFormat, notetype.fields, 'question');
	const front = questionFields.length > 0 ? questionFields : notetype.fields.slice(0, 1);
	const backFields = fieldsIn(first.answerFormat, notetype.fields).filter((name) => !front.includes(name));
	const back = backFields.length > 0 ? backFields : notetype.fields.filter((name) => !front.includes(name)).slice(0, 1);
	const question = front.map((name) => toMarkdown(field(name))).filter(Boolean).join('\n\n');
	const answer = back.map((name) => toMarkdown(field(name))).filter(Boolean).join('\n\n');
	if (question === '') return {reason: 'its front is empty'};
	if (answer === '') return {reason: 'its back is empty'};
	if (answer === question) return {reason: 'its back is the same as its front'};
	// A second card that exists means the note is studied in both directions.
	const reversed = notetype.templates.length === 2 && noteCards.some((card) => card.ordinal === 1);
	return {note: {kind: reversed ? 'reversed' : 'basic', question, answer, tags, id}};
}

/** The add-on's notetype: its masks are SVG images in "Question Mask" and "Answer Mask" fields. */
function isImageOcclusionEnhanced(notetype: AnkiNotetype): boolean {
	return notetype.fields.includes('Question Mask') && notetype.fields.includes('Answer Mask');
}

function decodeURIComponentSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}
