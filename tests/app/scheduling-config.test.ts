/*
The scheduling keys of the config file (config.yaml as a user writes it): timeZone for study days,
deckRetention for a desired retention per deck.
*/
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadSettings} from '../../src/app/settings/config.js';
import {Schedulers} from '../../src/app/scheduling/parameters.js';
import {makeTempDir} from '../helpers/temp.js';

const homes: string[] = [];
afterEach(() => {
	for (const home of homes.splice(0)) rmSync(home, {recursive: true, force: true});
});

async function settingsWith(config: string) {
	const home = makeTempDir('fluency-config-');
	homes.push(home);
	const configFile = join(home, 'config.yaml');
	writeFileSync(configFile, config);
	return loadSettings({dataDir: join(home, 'data'), configFile}, {}, {});
}

describe('timeZone', () => {
	it('sets local time for study days, daylight saving included', async () => {
		const settings = await settingsWith('timeZone: Europe/Paris\ndayStartsAt: 4\n');
		expect(settings.utcOffset(Date.parse('2026-01-15T12:00:00Z'))).toBe(60);
		expect(settings.utcOffset(Date.parse('2026-07-15T12:00:00Z'))).toBe(120);
		expect(settings.scheduler.studyDays?.dayStartHour).toBe(4);
		expect(settings.scheduler.studyDays?.utcOffset).toBe(settings.utcOffset);
	});

	it('asks for a reschedule when it changes', async () => {
		const fingerprint = async (config: string) => new Schedulers((await settingsWith(config)).scheduler, {presets: new Map()}).fingerprint();
		expect(await fingerprint('timeZone: Europe/Paris\n')).not.toBe(await fingerprint('timeZone: America/New_York\n'));
		expect(await fingerprint('timeZone: Europe/Paris\n')).toBe(await fingerprint('timeZone: Europe/Paris\n'));
	});

	it('refuses a zone it does not know, naming the key', async () => {
		await expect(settingsWith('timeZone: Mars/Olympus\n')).rejects.toThrow(/`timeZone` must be a time zone name such as Europe\/Paris/);
	});
});

describe('deckRetention', () => {
	it('gives a deck and its sub-decks their own desired retention, the most specific entry winning', async () => {
		const settings = await settingsWith('desiredRetention: 0.9\ndeckRetention:\n  mlops: 0.85\n  mlops/serving: 0.95\n');
		const schedulers = new Schedulers(settings.scheduler, {presets: new Map()});
		expect(schedulers.forDeck('mlops').settings.desiredRetention).toBe(0.85);
		expect(schedulers.forDeck('mlops/drift').settings.desiredRetention).toBe(0.85);
		expect(schedulers.forDeck('mlops/serving/batch').settings.desiredRetention).toBe(0.95);
		expect(schedulers.forDeck('backend').settings.desiredRetention).toBe(0.9);
	});

	it('asks for a reschedule when it changes', async () => {
		const before = new Schedulers((await settingsWith('desiredRetention: 0.9\n')).scheduler, {presets: new Map()}).fingerprint();
		const after = new Schedulers((await settingsWith('desiredRetention: 0.9\ndeckRetention: {mlops: 0.85}\n')).scheduler, {presets: new Map()}).fingerprint();
		expect(after).not.toBe(before);
	});

	it('refuses a retention out of range, naming the key', async () => {
		await expect(settingsWith('deckRetention: {mlops: 0.5}\n')).rejects.toThrow(/`deckRetention` must be deck names with a retention from 0.7 to 0.99/);
		await expect(settingsWith('deckRetention: [mlops]\n')).rejects.toThrow(/`deckRetention`/);
	});
});

describe('loadBalancing and easyDays', () => {
	it('balance by default, with no easy days', async () => {
		expect((await settingsWith('newPerDay: 10\n')).loadBalancing).toEqual({easyDays: {}});
	});

	it('take weekdays in words or as a share of a normal load', async () => {
		expect((await settingsWith('easyDays: {Saturday: reduced, sunday: off, friday: 0.8}\n')).loadBalancing).toEqual({easyDays: {saturday: 0.5, sunday: 0, friday: 0.8}});
	});

	it('switch off with loadBalancing: false', async () => {
		expect((await settingsWith('loadBalancing: false\neasyDays: {sunday: off}\n')).loadBalancing).toBeUndefined();
	});

	it('refuse what they cannot read, naming the key', async () => {
		await expect(settingsWith('easyDays: {caturday: off}\n')).rejects.toThrow(/`easyDays` must be weekdays with normal, reduced or off/);
		await expect(settingsWith('easyDays: {sunday: 2}\n')).rejects.toThrow(/`easyDays`/);
		await expect(settingsWith('loadBalancing: sometimes\n')).rejects.toThrow(/`loadBalancing` must be true or false/);
	});
});
