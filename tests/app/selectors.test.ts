import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {selectionFor} from '../../src/app/review/study.js';
import {Store} from '../../src/store/database.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

let store: Store | undefined;
afterEach(() => store?.close());

it('reads deck and tag selectors against the active cards, deck names first', () => {
	const temp = makeTempDecks({
		'backend.md': '---\ntitle: Backend\ntags: [api]\n---\n\nQ: What is CI?\n\nA: Continuous integration.\n',
		'ml/serving.md': '---\ntitle: Serving\n---\n\nQ: What is a canary?\n\nA: A release to a few first.\n\nTags: rollout\n',
		'gone.md': '---\ntitle: Gone\ntags: [legacy]\n---\n\nQ: What is SOAP?\n\nA: An old protocol.\n',
	});
	store = Store.open(join(temp.root, 'fluency.db'));
	const sync = () => loadDecks(store!, findDeckFiles([temp.decks], temp.root).files, Date.parse('2026-12-01T09:00:00Z'));
	sync();
	// The deck's only card retired: neither its deck nor its tag can be named any more.
	writeFileSync(join(temp.decks, 'gone.md'), '---\ntitle: Gone\ntags: [legacy]\n---\n');
	sync();
	expect(selectionFor(store, ['ml', 'backend/'])).toEqual({decks: ['ml', 'backend'], tags: []});
	expect(selectionFor(store, ['api', 'tag:rollout', '#api', 'deck:ml/serving'])).toEqual({decks: ['ml/serving'], tags: ['api', 'rollout', 'api']});
	for (const unknown of ['nope', 'gone', 'legacy', 'deck:api', 'tag:ml']) {
		expect(() => selectionFor(store!, [unknown]), unknown).toThrow(`no deck or tag named \`${unknown}\` (see \`fluency decks\`)`);
	}
});
