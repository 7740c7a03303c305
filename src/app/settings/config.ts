import {readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {type EasyDays, WEEKDAYS} from '../../core/scheduling/load-balance.js';
import {DEFAULT_LEECH, type LeechSettings} from '../../core/review/leech.js';
import {DEFAULT_QUEUE_LIMITS, type QueueLimits} from '../../core/review/queue.js';
import {offsetsByTheHour, systemUtcOffset, utcOffsetIn, type UtcOffset} from '../../core/scheduling/day.js';
import {DEFAULT_SCHEDULER_SETTINGS, type SchedulerSettings} from '../../core/scheduling/settings.js';
import {checkConfigValues, RETENTION_RULE} from './config-rules.js';
import {UserError} from '../errors.js';
import {BUILT_IN_DECKS, type Locations} from './paths.js';

/** Everything a command needs to know about where things are and how to schedule. */
export type Settings = {
	readonly dbPath: string;
	readonly dataDir: string;
	/** Every decks directory, read in this order. */
	readonly deckDirs: readonly string[];
	/** Where `fluency new` and imports write decks. */
	readonly userDecksDir: string;
	/** Where each device's event log lives, for review on several machines. */
	readonly syncDir: string;
	readonly scheduler: SchedulerSettings;
	readonly limits: QueueLimits;
	/** Hour (0-23, local time) at which a study day begins. */
	readonly dayStartHour: number;
	/** Local time: the machine's, or the config's `timeZone`. */
	readonly utcOffset: UtcOffset;
	/** Load balancing and easy days (on unless `loadBalancing: false`; it needs the fuzz). */
	readonly loadBalancing: {readonly easyDays: EasyDays} | undefined;
	/** Learning cards due within this many minutes are shown early when nothing else is left. */
	readonly learnAheadMinutes: number;
	/** How many automatic and manual backups to keep; 0 turns automatic backups off. */
	readonly keepBackups: number;
	/** When a card that keeps lapsing becomes a leech, and what happens to it then. */
	readonly leech: LeechSettings;
	readonly configFile: string;
};

export type Overrides = {
	readonly db?: string;
	readonly decks?: readonly string[];
};

const CONFIG_KEYS = [
	'db',
	'decks',
	'userDecks',
	'syncDir',
	'desiredRetention',
	'deckRetention',
	'maximumInterval',
	'fuzz',
	'loadBalancing',
	'easyDays',
	'learningSteps',
	'relearningSteps',
	'newPerDay',
	'reviewsPerDay',
	'dayStartsAt',
	'timeZone',
	'learnAheadMinutes',
	'keepBackups',
	'leechThreshold',
	'leechAction',
] as const;

/**
Settings from, in order of precedence: flags, environment variables (FLUENCY_DB,
FLUENCY_DATA_DIR, FLUENCY_CONFIG), the YAML config file, defaults. A bad config file is a
one-line error naming the key.
*/
export async function loadSettings(locations: Locations, overrides: Overrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
	return settingsFrom(await readConfigFile(locations.configFile), locations, overrides, env);
}

/** The settings made from a config file's keys and values (`file`, as its YAML reads), with the same precedence. */
export function settingsFrom(file: Readonly<Record<string, unknown>>, locations: Locations, overrides: Overrides = {}, env: NodeJS.ProcessEnv = process.env): Settings {
	checkConfigValues(file, locations.configFile, env);
	const here = dirname(locations.configFile);
	const bad = (key: string, expected: string): never => {
		throw new UserError(`${locations.configFile}: \`${key}\` must be ${expected}`);
	};
	// The keys of CONFIG_RULES were checked above, so these only read them or fall back.
	const number = (key: string, fallback: number): number => (file[key] as number | undefined) ?? fallback;
	const steps = (key: string, fallback: readonly string[]): readonly string[] => (file[key] as string[] | undefined) ?? fallback;
	const path = (key: string): string | undefined => {
		const value = file[key] as string | undefined;
		return value === undefined ? undefined : resolve(here, expandHome(value, env));
	};
	// Study days: the day-start hour in this time zone (the machine's unless named), so devices that name the same zone count the same days.
	const timeZone = (): UtcOffset => {
		const value = file['timeZone'];
		const zone = value === undefined ? systemUtcOffset : typeof value === 'string' ? utcOffsetIn(value) : undefined;
		return zone === undefined ? bad('timeZone', 'a time zone name such as Europe/Paris') : offsetsByTheHour(zone);
	};
	const deckRetention = (): Record<string, number> | undefined => {
		const value = file['deckRetention'];
		if (value === undefined) return undefined;
		const {min, max} = RETENTION_RULE;
		const valid = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((retention) => typeof retention === 'number' && retention >= min && retention <= max);
		return valid ? (value as Record<string, number>) : bad('deckRetention', `deck names with a retention from ${min} to ${max}, e.g. {mlops: 0.85}`);
	};
	const retentionByDeck = deckRetention();
	const easyDays = (): EasyDays => {
		const value = file['easyDays'];
		if (value === undefined) return {};
		const shares: Record<string, number> = {};
		const valid =
			typeof value === 'object' &&
			value !== null &&
			!Array.isArray(value) &&
			Object.entries(value).every(([day, load]) => {
				const share = typeof load === 'number' ? load : EASY_DAY_WORDS[String(load)];
				if (!(WEEKDAYS as readonly string[]).includes(day.toLowerCase()) || share === undefined || share < 0 || share > 1) return false;
				shares[day.toLowerCase()] = share;
				return true;
			});
		return valid ? shares : bad('easyDays', 'weekdays with normal, reduced or off (or a share from 0 to 1), e.g. {saturday: reduced, sunday: off}');
	};
	const balancing = file['loadBalancing'] as boolean | undefined;
	const dayStartHour = Math.round(number('dayStartsAt', 4));
	const utcOffset = timeZone();
	const fuzz = file['fuzz'] as boolean | undefined;
	const configuredDecks = (file['decks'] as string[] | undefined)?.map((dir) => resolve(here, expandHome(dir, env)));

	const dataDir = locations.dataDir;
	// Decks a user writes (fluency new, add, import) go where fluency will read them: the first
	// decks directory named, unless one is configured. The review log follows the configured
	// decks (that folder is the one kept in git), but not a one-off --decks.
	const ownDecks = (dirs: readonly string[] | undefined) => dirs?.find((dir) => dir !== BUILT_IN_DECKS);
	const flagDecks = overrides.decks?.length ? overrides.decks.map((dir) => resolve(dir)) : undefined;
	const configuredUserDecks = path('userDecks') ?? ownDecks(configuredDecks) ?? join(dataDir, 'decks');
	const userDecksDir = ownDecks(flagDecks) ?? configuredUserDecks;
	const deckDirs = flagDecks ?? configuredDecks ?? [BUILT_IN_DECKS, configuredUserDecks];
	const dbPath = overrides.db ? resolveDb(overrides.db) : env['FLUENCY_DB'] ? resolveDb(env['FLUENCY_DB']) : (path('db') ?? join(dataDir, 'fluency.db'));

	return {
		dbPath,
		dataDir,
		deckDirs,
		userDecksDir,
		syncDir: path('syncDir') ?? join(configuredUserDecks, '.fluency'),
		scheduler: {
			desiredRetention: number('desiredRetention', DEFAULT_SCHEDULER_SETTINGS.desiredRetention),
			maximumInterval: Math.round(number('maximumInterval', DEFAULT_SCHEDULER_SETTINGS.maximumInterval)),
			fuzz: fuzz ?? DEFAULT_SCHEDULER_SETTINGS.fuzz,
			learningSteps: steps('learningSteps', DEFAULT_SCHEDULER_SETTINGS.learningSteps),
			relearningSteps: steps('relearningSteps', DEFAULT_SCHEDULER_SETTINGS.relearningSteps),
			studyDays: {dayStartHour, utcOffset},
			...(retentionByDeck ? {deckRetention: retentionByDeck} : {}),
		},
		limits: {
			newPerDay: Math.round(number('newPerDay', DEFAULT_QUEUE_LIMITS.newPerDay)),
			reviewsPerDay: Math.round(number('reviewsPerDay', DEFAULT_QUEUE_LIMITS.reviewsPerDay)),
		},
		dayStartHour,
		utcOffset,
		loadBalancing: balancing === false ? undefined : {easyDays: easyDays()},
		learnAheadMinutes: number('learnAheadMinutes', 20),
		keepBackups: Math.round(number('keepBackups', 10)),
		leech: {threshold: Math.round(number('leechThreshold', DEFAULT_LEECH.threshold)), action: (file['leechAction'] as LeechSettings['action'] | undefined) ?? DEFAULT_LEECH.action},
		configFile: locations.configFile,
	};
}

/** An easy day's load in words, as Anki's easy-days settings name them. */
const EASY_DAY_WORDS: Readonly<Record<string, number>> = {normal: 1, reduced: 0.5, off: 0, minimum: 0};

function resolveDb(path: string): string {
	return path === ':memory:' ? path : resolve(path);
}

function expandHome(path: string, env: NodeJS.ProcessEnv): string {
	return path === '~' || path.startsWith('~/') ? join(env['HOME'] ?? '', path.slice(1)) : path;
}

/**
The YAML parser is loaded only when there is a file to parse: about 10 ms of every command's start
(`fluency status` included) for the many who never write a config file.
*/
async function readConfigFile(configFile: string): Promise<Record<string, unknown>> {
	let text: string;
	try {
		text = readFileSync(configFile, 'utf8');
	} catch (thrown) {
		if ((thrown as NodeJS.ErrnoException).code === 'ENOENT') return {};
		throw new UserError(`cannot read ${configFile}: ${(thrown as Error).message}`);
	}
	const {default: yaml} = await import('js-yaml');
	let data: unknown;
	try {
		data = yaml.load(text, {schema: yaml.CORE_SCHEMA});
	} catch (thrown) {
		const line = thrown instanceof yaml.YAMLException ? `:${(thrown.mark?.line ?? 0) + 1}` : '';
		throw new UserError(`${configFile}${line}: not valid YAML`);
	}
	if (data === null || data === undefined) return {};
	if (typeof data !== 'object' || Array.isArray(data)) throw new UserError(`${configFile}: must be a set of \`key: value\` lines`);
	const unknown = Object.keys(data).filter((key) => !(CONFIG_KEYS as readonly string[]).includes(key));
	if (unknown.length > 0) throw new UserError(`${configFile}: unknown setting \`${unknown[0]}\` (known: ${CONFIG_KEYS.join(', ')})`);
	return data as Record<string, unknown>;
}
