/*
A throwaway fluency home for a test: a temp directory with a decks folder written from a map of
files, and where the database, data directory and config go. Each call gets its own directory,
removed when the test that made it finishes (tests/helpers/temp.ts).
*/
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {makeTempDir} from './temp.js';

export type TempDecks = {
	/** The temp directory everything lives under (also HOME for the CLI). */
	readonly root: string;
	/** The decks directory, for `--decks`. */
	readonly decks: string;
	/** A database path, for `--db` or Store.open. */
	readonly db: string;
	/** Write (or overwrite) a deck file, relative to the decks directory. */
	readonly write: (file: string, text: string) => string;
};

/** `makeTempDecks({'backend.md': '...', 'ml/serving.md': '...'})`. */
export function makeTempDecks(files: Readonly<Record<string, string>> = {}, prefix = 'fluency-'): TempDecks {
	const root = makeTempDir(prefix);
	const decks = join(root, 'decks');
	mkdirSync(decks);
	const write = (file: string, text: string) => {
		const path = join(decks, file);
		mkdirSync(dirname(path), {recursive: true});
		writeFileSync(path, text);
		return path;
	};
	for (const [file, text] of Object.entries(files)) write(file, text);
	return {root, decks, db: join(root, 'fluency.db'), write};
}
