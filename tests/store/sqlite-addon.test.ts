import {mkdirSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {addonInFirstPlaces, sqliteAddonPath} from '../../src/store/sqlite.js';
import {makeTempDir} from '../helpers/temp.js';

const placeAddon = (root: string, ...folders: string[]) => {
	mkdirSync(join(root, ...folders), {recursive: true});
	writeFileSync(join(root, ...folders, 'better_sqlite3.node'), '');
	return join(root, ...folders, 'better_sqlite3.node');
};

describe('the SQLite addon', () => {
	it('is the file the bindings package finds for better-sqlite3', () => {
		const packageFile = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
		const findBindings = createRequire(packageFile)('bindings') as (options: {bindings: string; module_root: string; path: true}) => string;
		const found = findBindings({bindings: 'better_sqlite3.node', module_root: dirname(packageFile), path: true});
		expect(sqliteAddonPath()).toBe(found);
		expect(addonInFirstPlaces(dirname(packageFile))).toBe(found);
	});

	it('is looked for where bindings looks first, in its order, and is left to bindings elsewhere', () => {
		const root = makeTempDir('fluency-addon-');
		expect(addonInFirstPlaces(root)).toBeUndefined();
		placeAddon(root, 'out', 'Release');
		expect(addonInFirstPlaces(root)).toBeUndefined();
		const release = placeAddon(root, 'build', 'Release');
		expect(addonInFirstPlaces(root)).toBe(release);
		const debug = placeAddon(root, 'build', 'Debug');
		expect(addonInFirstPlaces(root)).toBe(debug);
		const top = placeAddon(root, 'build');
		expect(addonInFirstPlaces(root)).toBe(top);
	});
});
