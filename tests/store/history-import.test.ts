import {rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Store} from '../../src/store/database.js';
import {withReviewIndexesBuiltAfter} from '../../src/store/bulk-indexes.js';
import {makeTempDir} from '../helpers/temp.js';

let root: string;
let store: Store;

beforeEach(() => {
	root = makeTempDir('fluency-history-import-');
	store = Store.open(join(root, 'fluency.db'));
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

const reviewIndexes = () => store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'reviews' ORDER BY name").all();

describe('a large import with the review indexes built after it', () => {
	it('leaves every index of the reviews table as the migrations defined it', () => {
		const before = reviewIndexes();
		expect(before.length).toBeGreaterThan(2);
		const during = store.transaction(() => withReviewIndexesBuiltAfter(store, () => reviewIndexes()));
		// Only what the import reads stays while it runs: the primary key and the card's history.
		expect(during.map((index) => (index as {name: string}).name)).toEqual(['reviews_by_card', 'sqlite_autoindex_reviews_1']);
		expect(reviewIndexes()).toEqual(before);
		expect(store.db.pragma('integrity_check', {simple: true})).toBe('ok');
	});

	it('gives the indexes back when the import fails, as the rolled-back transaction had them', () => {
		const before = reviewIndexes();
		expect(() =>
			store.transaction(() =>
				withReviewIndexesBuiltAfter(store, () => {
					throw new Error('the package is damaged');
				}),
			),
		).toThrow('the package is damaged');
		expect(reviewIndexes()).toEqual(before);
	});

	it('refuses to run outside a transaction, where the indexes would be missing for other processes', () => {
		expect(() => withReviewIndexesBuiltAfter(store, () => undefined)).toThrow(/inside a transaction/);
		expect(reviewIndexes().length).toBeGreaterThan(2);
	});
});
