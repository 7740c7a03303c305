import type {Problem} from '../core/problem.js';
import type {Store} from './database.js';
import {storedJson} from './database.js';

export type StoredDeck = {
	readonly id: number;
	readonly name: string;
	readonly path: string;
	readonly title: string;
	readonly description: string;
	readonly tags: readonly string[];
	readonly sources: readonly string[];
	readonly frontMatter: Readonly<Record<string, unknown>>;
	readonly problems: readonly Problem[];
	readonly fileSize: number;
	readonly fileMtimeMs: number;
	/** The SHA-256 of the file's text; for a file with checkpoints, of its checkpoints (see hashOfCheckpoints). */
	readonly fileHash: string;
	/** Where a parse of the file grown at its end may start: a line, and the byte it starts at. */
	readonly resumeAt: DeckResumePoint | null;
	/** Resume points through a large file, each with the hash of its stretch; empty for a small file. */
	readonly checkpoints: readonly DeckCheckpoint[];
	readonly retiredAt: number | null;
};

export type DeckResumePoint = {readonly line: number; readonly offset: number};

/** A resume point (its line, and the byte the line starts at) and the hash of the file's bytes from it to the next one, or to the end. */
export type DeckCheckpoint = DeckResumePoint & {readonly hash: string};

type DeckRow = {
	id: number;
	name: string;
	path: string;
	title: string;
	description: string;
	tags: string;
	sources: string;
	front_matter: string;
	problems: string;
	file_size: number;
	file_mtime_ms: number;
	file_hash: string;
	resume_line: number | null;
	resume_offset: number | null;
	checkpoints: string | null;
	retired_at: number | null;
};

const toDeck = (row: DeckRow): StoredDeck => ({
	id: row.id,
	name: row.name,
	path: row.path,
	title: row.title,
	description: row.description,
	tags: storedJson<string[]>(row.tags, 'the tags of a deck'),
	sources: storedJson<string[]>(row.sources, 'the sources of a deck'),
	frontMatter: storedJson<Record<string, unknown>>(row.front_matter, 'the front matter of a deck'),
	problems: storedJson<Problem[]>(row.problems, 'the problems of a deck'),
	fileSize: row.file_size,
	fileMtimeMs: row.file_mtime_ms,
	fileHash: row.file_hash,
	resumeAt: resumePointOf(row.resume_line, row.resume_offset),
	checkpoints: checkpointsOf(row.checkpoints),
	retiredAt: row.retired_at,
});

const resumePointOf = (line: number | null, offset: number | null): DeckResumePoint | null => (line === null || offset === null ? null : {line, offset});

/** Stored as `[[line, offset, hash], ...]`: a 22 MB file has about 350. */
function checkpointsOf(stored: string | null): DeckCheckpoint[] {
	if (stored === null) return [];
	return storedJson<Array<[number, number, string]>>(stored, 'the checkpoints of a deck').map(([line, offset, hash]) => ({line, offset, hash}));
}

const checkpointsText = (checkpoints: readonly DeckCheckpoint[]): string | null => (checkpoints.length === 0 ? null : JSON.stringify(checkpoints.map(({line, offset, hash}) => [line, offset, hash])));

/** Every deck's name by its id, retired decks included: for counts SQL keeps by deck id. */
export function deckNamesById(store: Store): Map<number, string> {
	return new Map(store.statement('SELECT id, name FROM decks', 'arrays').all() as Array<[number, string]>);
}

/** The active decks by name, with what a listing of them shows: no front matter parsed for a thousand decks. */
export function activeDeckListing(store: Store): Array<Pick<StoredDeck, 'name' | 'title' | 'problems'>> {
	const rows = store.statement('SELECT name, title, problems FROM decks WHERE retired_at IS NULL ORDER BY name', 'arrays').all() as Array<[string, string, string]>;
	return rows.map(([name, title, problems]) => ({name, title, problems: storedJson<Problem[]>(problems, 'the problems of a deck')}));
}

/** What a sync compares a deck file with: where it was, what it held, and the problems found in it. */
export type DeckFileState = Pick<StoredDeck, 'id' | 'name' | 'path' | 'problems' | 'fileSize' | 'fileMtimeMs' | 'fileHash' | 'resumeAt' | 'checkpoints' | 'retiredAt'>;

/** Every deck, active and retired, as a sync compares it: no front matter parsed for a thousand unchanged files. */
export function deckFileStates(store: Store): DeckFileState[] {
	type Row = [number, string, string, string, number, number, string, number | null, number | null, string | null, number | null];
	const rows = store
		.statement('SELECT id, name, path, problems, file_size, file_mtime_ms, file_hash, resume_line, resume_offset, checkpoints, retired_at FROM decks ORDER BY name', 'arrays')
		.all() as Row[];
	return rows.map(([id, name, path, problems, fileSize, fileMtimeMs, fileHash, resumeLine, resumeOffset, checkpoints, retiredAt]) => ({
		id,
		name,
		path,
		problems: storedJson<Problem[]>(problems, 'the problems of a deck'),
		fileSize,
		fileMtimeMs,
		fileHash,
		resumeAt: resumePointOf(resumeLine, resumeOffset),
		checkpoints: checkpointsOf(checkpoints),
		retiredAt,
	}));
}

/** One deck by its id. */
export function storedDeck(store: Store, deckId: number): StoredDeck {
	return toDeck(store.statement('SELECT * FROM decks WHERE id = ?').get(deckId) as DeckRow);
}

/** Every deck, active and retired, by name. */
export function listDecks(store: Store): StoredDeck[] {
	return (store.statement('SELECT * FROM decks ORDER BY name').all() as DeckRow[]).map(toDeck);
}

export type DeckContent = Omit<StoredDeck, 'id' | 'retiredAt'>;

/** Insert or update a deck by name and mark it active; returns its id. */
export function saveDeck(store: Store, deck: DeckContent, now: number): number {
	const row = store
		.statement(
			`INSERT INTO decks (name, path, title, description, tags, sources, front_matter, problems, file_size, file_mtime_ms, file_hash, resume_line, resume_offset, checkpoints, synced_at, retired_at)
			 VALUES (@name, @path, @title, @description, @tags, @sources, @frontMatter, @problems, @fileSize, @fileMtimeMs, @fileHash, @resumeLine, @resumeOffset, @checkpoints, @now, NULL)
			 ON CONFLICT (name) DO UPDATE SET path = excluded.path, title = excluded.title, description = excluded.description,
				tags = excluded.tags, sources = excluded.sources, front_matter = excluded.front_matter, problems = excluded.problems,
				file_size = excluded.file_size, file_mtime_ms = excluded.file_mtime_ms, file_hash = excluded.file_hash,
				resume_line = excluded.resume_line, resume_offset = excluded.resume_offset, checkpoints = excluded.checkpoints, synced_at = excluded.synced_at, retired_at = NULL
			 RETURNING id`,
		)
		.get({
			...withoutResumePoint(deck),
			resumeLine: deck.resumeAt?.line ?? null,
			resumeOffset: deck.resumeAt?.offset ?? null,
			checkpoints: checkpointsText(deck.checkpoints),
			tags: JSON.stringify(deck.tags),
			sources: JSON.stringify(deck.sources),
			frontMatter: JSON.stringify(deck.frontMatter),
			problems: JSON.stringify(deck.problems),
			now,
		}) as {id: number};
	return row.id;
}

function withoutResumePoint({resumeAt: _, checkpoints: __, ...deck}: DeckContent): Omit<DeckContent, 'resumeAt' | 'checkpoints'> {
	return deck;
}

/** Record a new modification time for a file whose content did not change. */
export function touchDeckFile(store: Store, deckId: number, fileSize: number, fileMtimeMs: number): void {
	store.statement('UPDATE decks SET file_size = ?, file_mtime_ms = ? WHERE id = ?').run(fileSize, fileMtimeMs, deckId);
}

export function retireDeck(store: Store, deckId: number, now: number): void {
	store.statement('UPDATE decks SET retired_at = ? WHERE id = ? AND retired_at IS NULL').run(now, deckId);
}
