import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadSettings} from '../../src/app/settings/config.js';
import {BUILT_IN_DECKS} from '../../src/app/settings/paths.js';
import {makeTempDir} from '../helpers/temp.js';

const temporary: string[] = [];
afterEach(() => {
	for (const dir of temporary.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** Settings as fluency would load them from a config file with this text. */
async function settingsWith(config: string | undefined, decksFlag?: string[]) {
	const home = makeTempDir('fluency-config-');
	temporary.push(home);
	const configFile = join(home, 'config.yaml');
	if (config !== undefined) writeFileSync(configFile, config);
	return {home, settings: await loadSettings({dataDir: join(home, 'data'), configFile}, decksFlag ? {decks: decksFlag} : {}, {})};
}

describe('where decks and the review log live', () => {
	it('by default: the built-in decks and the data directory, with the log beside the own decks', async () => {
		const {home, settings} = await settingsWith(undefined);
		expect(settings.deckDirs).toEqual([BUILT_IN_DECKS, join(home, 'data', 'decks')]);
		expect(settings.userDecksDir).toBe(join(home, 'data', 'decks'));
		expect(settings.syncDir).toBe(join(home, 'data', 'decks', '.fluency'));
	});

	it('with decks: configured, writes new decks and the review log into the first own one', async () => {
		const {settings} = await settingsWith(`decks: [${BUILT_IN_DECKS}, /notes/decks, /more]\n`);
		expect(settings.deckDirs).toEqual([BUILT_IN_DECKS, '/notes/decks', '/more']);
		expect(settings.userDecksDir).toBe('/notes/decks');
		expect(settings.syncDir).toBe('/notes/decks/.fluency');
	});

	it('with --decks, writes new decks there, but keeps the review log where the config puts it', async () => {
		const {settings} = await settingsWith('decks: [/notes/decks]\n', ['/tmp/try']);
		expect(settings.deckDirs).toEqual(['/tmp/try']);
		expect(settings.userDecksDir).toBe('/tmp/try');
		expect(settings.syncDir).toBe('/notes/decks/.fluency');
	});

	it('lets userDecks and syncDir say otherwise', async () => {
		const {settings} = await settingsWith('decks: [/notes/decks]\nuserDecks: /notes/mine\nsyncDir: /sync\n');
		expect(settings.userDecksDir).toBe('/notes/mine');
		expect(settings.syncDir).toBe('/sync');
	});
});

describe('bounds on every config value (issue 15)', () => {
	const fileIn = () => {
		const dir = makeTempDir('fluency-config-file-');
		temporary.push(dir);
		const file = join(dir, 'notes.txt');
		writeFileSync(file, 'not a folder\n');
		return file;
	};

	it.each([
		['learningSteps: [999999999d]', /`learningSteps` has the step `999999999d`; each step must be at most 7d/],
		['learningSteps: [0m]', /`learningSteps` has the step `0m`; each step must be longer than nothing/],
		['relearningSteps: [1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m, 1m]', /`relearningSteps` has 11 steps; at most 10/],
		['learningSteps: [10x]', /`learningSteps` must be a list of steps such as \[1m, 10m, 1d\] \(`10x` is not one\)/],
		['desiredRetention: .nan', /`desiredRetention` must be a number from 0.7 to 0.99/],
		['maximumInterval: 1e300', /`maximumInterval` must be a number from 1 to 36500/],
		['newPerDay: "20"', /`newPerDay` must be a number from 0 to 9999/],
		['keepBackups: -1', /`keepBackups` must be a number from 0 to 1000/],
		['fuzz: yes please', /`fuzz` must be true or false/],
		['decks: /x', /`decks` must be a list of directories/],
	])('%s is refused with a line naming the key', async (config, message) => {
		await expect(settingsWith(`${config}\n`)).rejects.toThrow(message);
	});

	it('refuses syncDir, userDecks and decks naming a file, which would otherwise fail every command or retire every card', async () => {
		const file = fileIn();
		await expect(settingsWith(`syncDir: ${file}\n`)).rejects.toThrow(new RegExp(`\`syncDir\` names ${file}, which is not a folder`));
		await expect(settingsWith(`userDecks: ${file}\n`)).rejects.toThrow(/`userDecks` names .*, which is not a folder/);
		await expect(settingsWith(`decks: [${file}]\n`)).rejects.toThrow(/`decks` names .*, which is not a folder/);
	});

	it('refuses a file that is not YAML at its line, and one that is not a set of keys', async () => {
		await expect(settingsWith('newPerDay: 10\ndecks: [a, b\n')).rejects.toThrow(/config\.yaml:3: not valid YAML$/);
		await expect(settingsWith('- newPerDay\n')).rejects.toThrow(/config\.yaml: must be a set of `key: value` lines$/);
		await expect(settingsWith('newPerDay: 10\nnewperday: 5\n')).rejects.toThrow(/config\.yaml: unknown setting `newperday`/);
	});

	it('accepts sane values', async () => {
		const {settings} = await settingsWith('learningSteps: [1m, 10m, 1d]\nrelearningSteps: []\ndesiredRetention: 0.85\n');
		expect(settings.scheduler.learningSteps).toEqual(['1m', '10m', '1d']);
		expect(settings.scheduler.relearningSteps).toEqual([]);
	});
});
