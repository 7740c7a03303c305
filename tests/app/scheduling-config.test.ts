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

function settingsWith(config: string) {
	const home = makeTempDir('fluency-config-');
	homes.push(home);
	const configFile = join(home, 'config.yaml');
	writeFileSync(configFile, config);
	return loadSettings({dataDir: join(home, 'data'), configFile}, {}, {});
}

describe('timeZone', () => {
	it('sets local time for study days, daylight saving included', () => {
		const settings = settingsWith('timeZone: Europe/Paris\ndayStartsAt: 4\n');
		expect(settings.utcOffset(Date.parse('2026-01-15T12:00:00Z'))).toBe(60);
		expect(settings.utcOffset(Date.parse('2026-07-15T12:00:00Z'))).toBe(120);
		expect(settings.scheduler.studyDays?.dayStartHour).toBe(4);
		expect(settings.scheduler.studyDays?.utcOffset).toBe(settings.utcOffset);
	});

	it('asks for a reschedule when it changes', () => {
		const fingerprint = (config: string) => new Schedulers(settingsWith(config).scheduler, {presets: new Map()}).fingerprint();
		expect(fingerprint('timeZone: Europe/Paris\n')).not.toBe(fingerprint('timeZone: America/New_York\n'));
		expect(fingerprint('timeZone: Europe/Paris\n')).toBe(fingerprint('timeZone: Europe/Paris\n'));
	});

	it('refuses a zone it does not know, naming the key', () => {
		expect(() => settingsWith('timeZone: Mars/Olympus\n')).toThrow(/`timeZone` must be a time zone name such as Europe\/Paris/);
	});
});

describe('deckRetention', () => {
	it('gives a deck and its sub-decks their own desired retention, the most specific entry winning', () => {
		const settings = settingsWith('desiredRetention: 0.9\ndeckRetention:\n  mlops: 0.85\n  mlops/serving: 0.95\n');
		const schedulers = new Schedulers(settings.scheduler, {presets: new Map()});
		expect(schedulers.forDeck('mlops').settings.desiredRetention).toBe(0.85);
		expect(schedulers.forDeck('mlops/drift').settings.desiredRetention).toBe(0.85);
		expect(schedulers.forDeck('mlops/serving/batch').settings.desiredRetention).toBe(0.95);
		expect(schedulers.forDeck('backend').settings.desiredRetention).toBe(0.9);
	});

	it('asks for a reschedule when it changes', () => {
		const before = new Schedulers(settingsWith('desiredRetention: 0.9\n').scheduler, {presets: new Map()}).fingerprint();
		const after = new Schedulers(settingsWith('desiredRetention: 0.9\ndeckRetention: {mlops: 0.85}\n').scheduler, {presets: new Map()}).fingerprint();
		expect(after).not.toBe(before);
	});

	it('refuses a retention out of range, naming the key', () => {
		expect(() => settingsWith('deckRetention: {mlops: 0.5}\n')).toThrow(/`deckRetention` must be deck names with a retention from 0.7 to 0.99/);
		expect(() => settingsWith('deckRetention: [mlops]\n')).toThrow(/`deckRetention`/);
	});
});

describe('loadBalancing and easyDays', () => {
	it('balance by default, with no easy days', () => {
		expect(settingsWith('newPerDay: 10\n').loadBalancing).toEqual({easyDays: {}});
	});

	it('take weekdays in words or as a share of a normal load', () => {
		expect(settingsWith('easyDays: {Saturday: reduced, sunday: off, friday: 0.8}\n').loadBalancing).toEqual({easyDays: {saturday: 0.5, sunday: 0, friday: 0.8}});
	});

	it('switch off with loadBalancing: false', () => {
		expect(settingsWith('loadBalancing: false\neasyDays: {sunday: off}\n').loadBalancing).toBeUndefined();
	});

	it('refuse what they cannot read, naming the key', () => {
		expect(() => settingsWith('easyDays: {caturday: off}\n')).toThrow(/`easyDays` must be weekdays with normal, reduced or off/);
		expect(() => settingsWith('easyDays: {sunday: 2}\n')).toThrow(/`easyDays`/);
		expect(() => settingsWith('loadBalancing: sometimes\n')).toThrow(/`loadBalancing` must be true or false/);
	});
});
