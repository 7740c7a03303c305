/*
fluency's notes, cards and review log as the rows of an Anki collection (schema 18), for an .apkg
or .colpkg that current Anki imports. Pure: the caller supplies the day numbering (Anki counts
review due dates in days since the collection's creation, at the day's rollover hour) and the
media names; the store writes the rows.

Mapping, following rslib (storage/card/data.rs, scheduler/answering, revlog):
- note types Basic (Q:), Basic (and reversed card) (R:) and Cloze (C:); fluency's `Note:` goes in
  Cloze's Back Extra field, and at the end of Basic's Back in a `fluency-note` element, as the
  text export does;
- card type/queue: new 0/0 (due = position), learning 1/1 (due = epoch seconds) or 1/3 (due =
  day) when the step is a day or longer, review 2/2 (due = day), relearning 3/1 or 3/3; suspended
  queue -1, buried -3;
- cards.data: FSRS memory `s` (4 dp), `d` (3 dp), `dr` (2 dp), `decay` (3 dp), `lrt` (last
  review, epoch seconds), with `pos` for new cards;
- revlog: id = answer time in ms, ease = rating, type 0 learning (new or learning before the
  answer), 1 review, 2 relearning; ivl = days after a review answer, negative seconds for a
  (re)learning step; lastIvl = the previous row's ivl; factor = difficulty shifted to 100-1100
  (Anki's difficulty_shifted × 1000); time = answer time in ms, capped at 60 s as Anki does.
*/
import {htmlText} from './html-text.js';
import {marked} from 'marked';
import {answerTimeMs} from '../../review/answer-time.js';
import {sha256} from '../../decks/card.js';
import type {CardKind} from '../../decks/card.js';
import {type ClozeSegment, parseCloze} from '../../decks/cloze.js';
import type {NoteToWrite} from '../../decks/deck-writer.js';
import type {CardState, Memory, Rating} from '../../scheduling/scheduler.js';

type PackageCard = {
	/** fluency's card id, to find its reviews. */
	readonly id: string;
	readonly ordinal: number;
	readonly memory: Memory;
	readonly suspended: boolean;
	readonly buried: boolean;
};

export type PackageNote = {
	/** fluency's deck name (`backend/apis`); levels become Anki's `::`. */
	readonly deck: string;
	/** The deck's description, shown under its name in Anki. */
	readonly deckDescription: string;
	/** Stable across exports of the same note, so Anki updates the note on a second import. */
	readonly noteKey: string;
	readonly note: NoteToWrite;
	readonly cards: readonly PackageCard[];
	/** The Anki media name for an image path as written in this note, or undefined when there is no such file. */
	readonly mediaName: (reference: string) => string | undefined;
};

export type PackageReview = {
	readonly cardId: string;
	readonly at: number;
	readonly rating: Rating;
	readonly durationMs: number;
	readonly stateBefore: CardState;
	readonly stateAfter: CardState;
	readonly scheduledDays: number;
	readonly dueAfter: number;
	readonly difficultyAfter: number;
};

/** A card made new again ("forget"): Anki logs it as a manual entry with no ease, and FSRS starts over after it. */
export type PackageReset = {readonly cardId: string; readonly at: number};

export type PackageSettings = {
	/** The collection's creation time, epoch seconds, at a day rollover. */
	readonly created: number;
	/** Minutes west of UTC at creation (JavaScript's getTimezoneOffset), Anki's `creationOffset`. */
	readonly creationOffsetMinutes: number;
	/** The hour at which a study day starts, Anki's `rollover`. */
	readonly rolloverHour: number;
	/** Anki's day number of an instant (0 on the creation day). */
	readonly dayOf: (ms: number) => number;
	readonly now: number;
	readonly desiredRetention: number;
	readonly maximumInterval: number;
	readonly learningStepsMinutes: readonly number[];
	readonly relearningStepsMinutes: readonly number[];
	readonly weights: readonly number[];
};

type NotetypeRow = {
	readonly id: number;
	readonly name: string;
	readonly kind: CardKind;
	readonly fields: readonly string[];
	readonly templates: ReadonlyArray<{readonly name: string; readonly questionFormat: string; readonly answerFormat: string}>;
	readonly css: string;
	/** Anki's StockNotetype.OriginalStockKind: 1 Basic, 2 Basic (and reversed card), 5 Cloze. */
	readonly originalStockKind: number;
};
type DeckRow = {readonly id: number; readonly name: string; readonly description: string};
type NoteRow = {readonly id: number; readonly guid: string; readonly notetypeId: number; readonly tags: string; readonly fields: string; readonly sortField: string; readonly checksum: number};
type CardRow = {
	readonly id: number;
	readonly noteId: number;
	readonly deckId: number;
	readonly ordinal: number;
	readonly type: number;
	readonly queue: number;
	readonly due: number;
	readonly interval: number;
	readonly factor: number;
	readonly reps: number;
	readonly lapses: number;
	/** (Re)learning steps still to go, Anki's `left`. */
	readonly left: number;
	readonly data: string;
};
export type RevlogRow = {readonly id: number; readonly cardId: number; readonly ease: number; readonly interval: number; readonly lastInterval: number; readonly factor: number; readonly time: number; readonly type: number};

export type PackageCollection = {
	readonly created: number;
	readonly modified: number;
	readonly notetypes: readonly NotetypeRow[];
	readonly decks: readonly DeckRow[];
	readonly notes: readonly NoteRow[];
	readonly cards: readonly CardRow[];
	readonly revlog: readonly RevlogRow[];
	readonly tags: readonly string[];
	/** Every media name a field refers to. */
	readonly media: ReadonlySet<string>;
	/** Tags the notes carry but the tag list leaves out: see registrableTags. */
	readonly unregisteredTags: number;
	/** Deck names whose order under Anki's collation the file cannot have (see sameOrderAsAnki); Anki's Check Database fixes it. */
	readonly decksOutOfOrder: boolean;
	readonly settings: PackageSettings;
};

export const DEFAULT_DECK_ID = 1;
export const DEFAULT_DECK_CONFIG_ID = 1;
const FIELD_SEPARATOR = '\u001f';
const DECK_SEPARATOR = '\u001f';
const DAY_MS = 86_400_000;
const NOTE_CLASS = 'fluency-note';

// Anki's stock CSS and templates (rslib/src/notetype/stock.rs), so the cards look as Anki's own do.
const CSS = '.card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n';
const CLOZE_CSS = `${CSS}\n.cloze {\n    font-weight: bold;\n    color: blue;\n}\n.nightMode .cloze {\n    color: lightblue;\n}\n`;
const BACK = '{{FrontSide}}\n\n<hr id=answer>\n\n';
const NOTETYPES: Readonly<Record<CardKind, Omit<NotetypeRow, 'id'>>> = {
	basic: {name: 'Basic', kind: 'basic', fields: ['Front', 'Back'], templates: [{name: 'Card 1', questionFormat: '{{Front}}', answerFormat: `${BACK}{{Back}}`}], css: CSS, originalStockKind: 1},
	reversed: {
		name: 'Basic (and reversed card)',
		kind: 'reversed',
		fields: ['Front', 'Back'],
		templates: [
			{name: 'Card 1', questionFormat: '{{Front}}', answerFormat: `${BACK}{{Back}}`},
			{name: 'Card 2', questionFormat: '{{Back}}', answerFormat: `${BACK}{{Front}}`},
		],
		css: CSS,
		originalStockKind: 2,
	},
	cloze: {name: 'Cloze', kind: 'cloze', fields: ['Text', 'Back Extra'], templates: [{name: 'Cloze', questionFormat: '{{cloze:Text}}', answerFormat: '{{cloze:Text}}<br>\n{{Back Extra}}'}], css: CLOZE_CSS, originalStockKind: 5},
};

/** Markdown as the HTML of one Anki field. */
function fieldHtml(markdown: string, mediaName: (reference: string) => string | undefined): string {
	if (markdown.trim() === '') return '';
	const html = (marked.parse(markdown, {async: false, gfm: true, breaks: true}) as string).trim();
	// Anki's media folder is flat: an image is its file name there.
	const withMedia = html.replace(/(<img\b[^>]*?\bsrc=")([^"]*)(")/gi, (whole, before: string, source: string, after: string) => {
		const name = mediaName(decodeSafe(source.replace(/&amp;/g, '&'))) ?? mediaName(source);
		return name === undefined ? whole : `${before}${escapeAttribute(name)}${after}`;
	});
	// A lone paragraph needs no <p>: Anki's editor writes plain text, and centres it.
	const single = /^<p>([\s\S]*)<\/p>$/.exec(withMedia);
	return single && !single[1]!.includes('<p>') ? single[1]! : withMedia;
}

/** A cloze note's text with every deletion in Anki's numbered form, as HTML. */
function clozeHtml(text: string, mediaName: (reference: string) => string | undefined): string {
	const parsed = parseCloze(text);
	if (!parsed.ok) return fieldHtml(text, mediaName);
	const numbered = parsed.segments.map((segment: ClozeSegment) => (typeof segment === 'string' ? segment : `{{c${segment.number}::${segment.answer}${segment.hint ? `::${segment.hint}` : ''}}}`)).join('');
	return fieldHtml(numbered, mediaName);
}

/** Anki's guid: 64 bits in its base-91 alphabet (rslib's `guid`), here from a hash so a note keeps its guid across exports. */
function guidFor(noteKey: string): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~';
	let value = BigInt(`0x${sha256(`anki-guid\u0000${noteKey}`).slice(0, 16)}`);
	let guid = '';
	do {
		guid = alphabet[Number(value % 91n)]! + guid;
		value /= 91n;
	} while (value > 0n);
	return guid;
}

/** Anki's note checksum: the first 8 hex digits of the SHA-1 of the first field without HTML, as a number. */
function fieldChecksum(firstFieldText: string, sha1Hex: (text: string) => string): number {
	return Number.parseInt(sha1Hex(firstFieldText).slice(0, 8), 16);
}


/** The Anki card row for a fluency card in its current state. */
function cardState(card: PackageCard, position: number, settings: PackageSettings): Pick<CardRow, 'type' | 'queue' | 'due' | 'interval' | 'factor' | 'reps' | 'lapses' | 'left' | 'data'> {
	const {memory} = card;
	const hidden = card.suspended ? -1 : card.buried ? -3 : undefined;
	if (memory.state === 'new') return {type: 0, queue: hidden ?? 0, due: position, interval: 0, factor: 0, reps: 0, lapses: 0, left: 0, data: JSON.stringify({pos: position})};
	const due = memory.due ?? settings.now;
	const data: Record<string, number> = {
		s: round(memory.stability, 4),
		d: round(memory.difficulty, 3),
		dr: round(settings.desiredRetention, 2),
	};
	if (settings.weights.length >= 21) data['decay'] = round(settings.weights[20]!, 3);
	if (memory.lastReview !== null) data['lrt'] = Math.floor(memory.lastReview / 1000);
	const common = {factor: 2500, reps: memory.reps, lapses: memory.lapses, left: 0, data: JSON.stringify(data)};
	if (memory.state === 'review') return {...common, type: 2, queue: hidden ?? 2, due: settings.dayOf(due), interval: Math.max(1, memory.scheduledDays)};
	// (Re)learning: a step of a day or more waits in the day-learning queue, counted in days; a shorter one in seconds.
	const interday = settings.dayOf(due) > settings.dayOf(memory.lastReview ?? due);
	const type = memory.state === 'learning' ? 1 : 3;
	const interval = memory.state === 'relearning' ? Math.max(1, memory.scheduledDays) : 0;
	// fluency counts the step it is on; Anki the steps still to go.
	const steps = memory.state === 'learning' ? settings.learningStepsMinutes.length : settings.relearningStepsMinutes.length;
	const left = Math.max(1, steps - memory.learningSteps);
	return {...common, type, queue: hidden ?? (interday ? 3 : 1), due: interday ? settings.dayOf(due) : Math.floor(due / 1000), interval, left};
}

/** Revlog rows of one card's answers and resets, in time order; ids are made unique across the whole log by `takeId`. */
export function revlogRows(cardId: number, reviews: readonly PackageReview[], takeId: (at: number) => number, resets: readonly number[] = []): RevlogRow[] {
	let lastInterval = 0;
	const events = [...reviews.map((review) => ({at: review.at, review})), ...resets.map((at) => ({at, review: undefined}))].sort((a, b) => a.at - b.at);
	return events.map(({at, review}) => {
		if (!review) {
			// rslib's manual entry for a reset: type 4 (manual), ease 0, interval 0, factor 0.
			const row: RevlogRow = {id: takeId(at), cardId, ease: 0, interval: 0, lastInterval, factor: 0, time: 0, type: 4};
			lastInterval = 0;
			return row;
		}
		const interval = review.stateAfter === 'review' ? Math.max(1, review.scheduledDays) : -Math.max(0, Math.round((review.dueAfter - review.at) / 1000));
		const row: RevlogRow = {
			id: takeId(review.at),
			cardId,
			ease: review.rating,
			interval,
			lastInterval,
			factor: Math.trunc(((review.difficultyAfter - 1) / 9 + 0.1) * 1000),
			time: answerTimeMs(review.durationMs),
			type: review.stateBefore === 'review' ? 1 : review.stateBefore === 'relearning' ? 2 : 0,
		};
		lastInterval = interval;
		return row;
	});
}

/** The whole collection: note types, decks (with every parent level), notes, cards, review log, tags. */
export function buildPackageCollection(
	notes: readonly PackageNote[],
	reviews: readonly PackageReview[],
	settings: PackageSettings,
	sha1Hex: (text: string) => string,
	resets: readonly PackageReset[] = [],
): PackageCollection {
	const baseId = settings.created * 1000;
	const notetypes = (['basic', 'reversed', 'cloze'] as const).filter((kind) => notes.some((note) => note.note.kind === kind)).map((kind, index) => ({id: baseId + 1 + index, ...NOTETYPES[kind]}));
	const notetypeOf = new Map(notetypes.map((notetype) => [notetype.kind, notetype.id]));

	const deckIds = new Map<string, number>();
	const deckRows: DeckRow[] = [{id: DEFAULT_DECK_ID, name: 'Default', description: ''}];
	const foldedDeckNames = new Set([foldCase('Default')]);
	const descriptions = new Map(notes.map((note) => [note.deck, note.deckDescription]));
	const uniqueNames = new Map<number, string>();
	const deckId = (fluencyName: string): number => {
		const levels = fluencyName.split('/');
		let id = DEFAULT_DECK_ID;
		let parent: string | undefined;
		levels.forEach((level, depth) => {
			const key = levels.slice(0, depth + 1).join(DECK_SEPARATOR);
			const known = deckIds.get(key);
			if (known !== undefined) {
				id = known;
				parent = uniqueNames.get(known)!;
				return;
			}
			id = baseId + 100 + deckIds.size;
			deckIds.set(key, id);
			// Anki's deck names are unique whatever their case; fluency's files need not be (`Backend.md`, `backend.md`).
			const name = parent === undefined ? level : `${parent}${DECK_SEPARATOR}${level}`;
			let unique = name;
			for (let copy = 2; foldedDeckNames.has(foldCase(unique)); copy++) unique = `${name} (${copy})`;
			foldedDeckNames.add(foldCase(unique));
			uniqueNames.set(id, unique);
			parent = unique;
			deckRows.push({id, name: unique, description: depth === levels.length - 1 ? (descriptions.get(fluencyName) ?? '') : ''});
		});
		return id;
	};

	const reviewsByCard = new Map<string, PackageReview[]>();
	for (const review of [...reviews].sort((a, b) => a.at - b.at)) {
		const list = reviewsByCard.get(review.cardId);
		if (list) list.push(review);
		else reviewsByCard.set(review.cardId, [review]);
	}
	const resetsByCard = new Map<string, number[]>();
	for (const reset of resets) resetsByCard.set(reset.cardId, [...(resetsByCard.get(reset.cardId) ?? []), reset.at]);
	// Revlog ids are answer times in ms and must be unique: a taken one moves to the next free millisecond.
	// The next free id after each requested time is remembered, so many answers at one instant stay linear.
	const usedRevlogIds = new Set<number>();
	const nextFree = new Map<number, number>();
	const takeId = (at: number) => {
		const wanted = Math.round(at);
		let id = nextFree.get(wanted) ?? wanted;
		while (usedRevlogIds.has(id)) id++;
		usedRevlogIds.add(id);
		nextFree.set(wanted, id + 1);
		return id;
	};

	const noteRows: NoteRow[] = [];
	const cardRows: CardRow[] = [];
	const revlog: RevlogRow[] = [];
	const tags = new Set<string>();
	const media = new Set<string>();
	notes.forEach((entry, index) => {
		const {note} = entry;
		const mediaName = (reference: string) => {
			const name = entry.mediaName(reference);
			if (name !== undefined) media.add(name);
			return name;
		};
		const fields =
			note.kind === 'cloze'
				? [clozeHtml(note.question, mediaName), fieldHtml(note.extra ?? '', mediaName)]
				: [fieldHtml(note.question, mediaName), `${fieldHtml(note.answer, mediaName)}${note.extra?.trim() ? `<div class="${NOTE_CLASS}">${fieldHtml(note.extra, mediaName)}</div>` : ''}`];
		const noteTags = (note.tags ?? []).map((tag) => tag.replace(/\s+/g, '_')).filter(Boolean);
		for (const tag of noteTags) tags.add(tag);
		const noteId = baseId + index;
		const sortField = htmlText(fields[0]!);
		noteRows.push({
			id: noteId,
			guid: guidFor(entry.noteKey),
			notetypeId: notetypeOf.get(note.kind)!,
			// Anki stores tags space-separated with a space at each end.
			tags: noteTags.length === 0 ? '' : ` ${noteTags.join(' ')} `,
			fields: fields.join(FIELD_SEPARATOR),
			sortField,
			checksum: fieldChecksum(sortField, sha1Hex),
		});
		const did = deckId(entry.deck);
		for (const card of entry.cards) {
			const id = baseId + cardRows.length;
			const ordinal = note.kind === 'cloze' ? card.ordinal - 1 : card.ordinal;
			cardRows.push({id, noteId, deckId: did, ordinal, ...cardState(card, index + 1, settings)});
			revlog.push(...revlogRows(id, reviewsByCard.get(card.id) ?? [], takeId, resetsByCard.get(card.id)));
		}
	});
	// One entry per tag whatever its case, as Anki's tag list has it.
	const byFold = new Map<string, string>();
	for (const tag of tags) if (!byFold.has(foldCase(tag))) byFold.set(foldCase(tag), tag);
	const registered = registrableTags([...byFold.values()]);
	return {
		created: settings.created,
		modified: settings.now,
		notetypes,
		decks: deckRows,
		notes: noteRows,
		cards: cardRows,
		revlog: revlog.sort((a, b) => a.id - b.id),
		tags: registered,
		media,
		unregisteredTags: tags.size - registered.length,
		decksOutOfOrder: !sameOrderAsAnki(deckRows.map((deck) => deck.name)),
		settings,
	};
}

/*
The store writes name columns under SQLite's NOCASE and only then declares Anki's own collation,
unicase (case folding over all of Unicode), since plain SQLite cannot run unicase. The two order
ASCII text alike; letters outside ASCII that differ in case can order differently, and a table or
index whose rows are out of the declared order fails Anki's integrity check.
*/
const foldCase = (text: string) => text.toUpperCase().toLowerCase();
const nocaseKey = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
const byCodePoints = (a: string, b: string) => {
	const left = [...a];
	const right = [...b];
	for (let index = 0; index < Math.min(left.length, right.length); index++) {
		const difference = left[index]!.codePointAt(0)! - right[index]!.codePointAt(0)!;
		if (difference !== 0) return difference;
	}
	return left.length - right.length;
};

/** True when NOCASE, as SQLite stores the rows, puts these names in the order (and distinctness) unicase gives them. */
export function sameOrderAsAnki(names: readonly string[]): boolean {
	const byNocase = [...names].sort((a, b) => byCodePoints(nocaseKey(a), nocaseKey(b)));
	for (let index = 1; index < byNocase.length; index++) {
		if (byCodePoints(foldCase(byNocase[index - 1]!), foldCase(byNocase[index]!)) >= 0) return false;
	}
	return true;
}

/**
The tags for Anki's tag list: all of them when their order is safe, else those in ASCII only. A
tag left out stays on its notes; Anki lists it again when it imports the notes or checks the
database.
*/
export function registrableTags(tags: readonly string[]): string[] {
	const sorted = [...tags].sort(byCodePoints);
	if (sameOrderAsAnki(sorted)) return sorted;
	return sorted.filter((tag) => /^[\x00-\x7f]*$/.test(tag));
}

/** Anki's day numbering from a rollover hour in local time: days between the local dates of `created` and `ms`, each shifted back by the rollover hour. */
export function localDayNumbering(created: number, rolloverHour: number, timezoneOffsetMinutes: (ms: number) => number): (ms: number) => number {
	const localDate = (ms: number) => {
		const shifted = new Date(ms - timezoneOffsetMinutes(ms) * 60_000 - rolloverHour * 3_600_000);
		return Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
	};
	const start = localDate(created * 1000);
	return (ms) => Math.round((localDate(ms) - start) / DAY_MS);
}

function round(value: number, places: number): number {
	const factor = 10 ** places;
	return Math.round(value * factor) / factor;
}

function decodeSafe(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function escapeAttribute(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
