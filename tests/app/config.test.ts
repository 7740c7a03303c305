import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadSettings} from '../../src/app/config.js';
import {BUILT_IN_DECKS} from '../../src/app/paths.js';

/** Settings as fluency would load them from a config file with this text. */
function settingsWith(config: string | undefined, decksFlag?: string[]) {
	const home = mkdtempSync(join(tmpdir(), 'fluency-config-'));
	const configFile = join(home, 'config.yaml');
	if (config !== undefined) writeFileSync(configFile, config);
	return {home, settings: loadSettings({dataDir: join(home, 'data'), configFile}, decksFlag ? {decks: decksFlag} : {}, {})};
}

describe('where decks and the review log live', () => {
	it('by default: the built-in decks and the data directory, with the log beside the own decks', () => {
		const {home, settings} = settingsWith(undefined);
		expect(settings.deckDirs).toEqual([BUILT_IN_DECKS, join(home, 'data', 'decks')]);
		expect(settings.userDecksDir).toBe(join(home, 'data', 'decks'));
		expect(settings.syncDir).toBe(join(home, 'data', 'decks', '.fluency'));
	});

	it('with decks: configured, writes new decks and the review log into the first own one', () => {
		const {settings} = settingsWith(`decks: [${BUILT_IN_DECKS}, /notes/decks, /more]\n`);
		expect(settings.deckDirs).toEqual([BUILT_IN_DECKS, '/notes/decks', '/more']);
		expect(settings.userDecksDir).toBe('/notes/decks');
		expect(settings.syncDir).toBe('/notes/decks/.fluency');
	});

	it('with --decks, writes new decks there, but keeps the review log where the config puts it', () => {
		const {settings} = settingsWith('decks: [/notes/decks]\n', ['/tmp/try']);
		expect(settings.deckDirs).toEqual(['/tmp/try']);
		expect(settings.userDecksDir).toBe('/tmp/try');
		expect(settings.syncDir).toBe('/notes/decks/.fluency');
	});

	it('lets userDecks and syncDir say otherwise', () => {
		const {settings} = settingsWith('decks: [/notes/decks]\nuserDecks: /notes/mine\nsyncDir: /sync\n');
		expect(settings.userDecksDir).toBe('/notes/mine');
		expect(settings.syncDir).toBe('/sync');
	});
});
