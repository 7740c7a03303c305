/*
Every SQLite connection fluency opens. better-sqlite3's JavaScript is bundled with fluency's own
(loading it as a dozen CommonJS files cost 13 ms of every command that opens the database, a
tenth of `fluency status`), but its compiled addon stays in its package. better-sqlite3 finds the
addon through the `bindings` package, starting from the file that calls it: from the bundle that
would be fluency's folder. So the addon's path is found here, the same way, from better-sqlite3's
own folder, once, and handed to each connection.
*/
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import Database from 'better-sqlite3';

let addonPath: string | undefined;

// The first places `bindings` looks, in its order; an install from source builds into the third.
// Looked at here, they spare loading `bindings` and its search of a dozen more: 1.5 ms of every
// command that opens the database, `fluency status` before each shell prompt among them.
const FIRST_PLACES = [['build'], ['build', 'Debug'], ['build', 'Release']];

/** The compiled addon better-sqlite3 would load, found once. */
export function sqliteAddonPath(): string {
	if (addonPath === undefined) {
		const packageFile = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
		const moduleRoot = dirname(packageFile);
		addonPath = addonInFirstPlaces(moduleRoot);
		if (addonPath === undefined) {
			const findBindings = createRequire(packageFile)('bindings') as (options: {bindings: string; module_root: string; path: true}) => string;
			addonPath = findBindings({bindings: 'better_sqlite3.node', module_root: moduleRoot, path: true});
		}
	}
	return addonPath;
}

/** The addon in the first of `bindings`' first places under better-sqlite3's folder that has one. */
export function addonInFirstPlaces(moduleRoot: string): string | undefined {
	return FIRST_PLACES.map((folders) => join(moduleRoot, ...folders, 'better_sqlite3.node')).find((path) => existsSync(path));
}

/** A connection to the SQLite file at `path`, as `new Database(path, options)` opens it. */
export function openSqlite(path: string, options: Database.Options = {}): Database.Database {
	return new Database(path, {...options, nativeBinding: sqliteAddonPath()});
}
