import {statSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {UserError} from '../errors.js';

/*
What each config key may hold, as one table: a bad value is one line naming the key and what it
must be, before any of it is used. A shared config file (synced with the decks, say) is input
like any other: `learningSteps: [999999999d]` must not reach the scheduler (it showed "NaNy" and
answering failed), and `decks:` naming a file must not read as an empty decks folder (which
retires every card). Keys another module adds without a rule here are checked there.
*/

type Rule =
	| {readonly kind: 'number'; readonly min: number; readonly max: number; readonly whole?: boolean}
	| {readonly kind: 'boolean'}
	| {readonly kind: 'choice'; readonly choices: readonly string[]}
	| {readonly kind: 'steps'}
	| {readonly kind: 'folder'}
	| {readonly kind: 'folders'}
	| {readonly kind: 'file'};

/** Most learning or relearning steps, and the longest one: steps are minutes to days, never months. */
const STEP_LIMITS = {count: 10, longestMs: 7 * 86_400_000} as const;

/** What a desired retention may be, for every deck or one (`deckRetention`). */
export const RETENTION_RULE = {kind: 'number', min: 0.7, max: 0.99} as const;

const CONFIG_RULES: Readonly<Record<string, Rule>> = {
	db: {kind: 'file'},
	decks: {kind: 'folders'},
	userDecks: {kind: 'folder'},
	syncDir: {kind: 'folder'},
	desiredRetention: RETENTION_RULE,
	maximumInterval: {kind: 'number', min: 1, max: 36_500},
	fuzz: {kind: 'boolean'},
	loadBalancing: {kind: 'boolean'},
	learningSteps: {kind: 'steps'},
	relearningSteps: {kind: 'steps'},
	newPerDay: {kind: 'number', min: 0, max: 9999},
	reviewsPerDay: {kind: 'number', min: 0, max: 99_999},
	dayStartsAt: {kind: 'number', min: 0, max: 23},
	learnAheadMinutes: {kind: 'number', min: 0, max: 1440},
	keepBackups: {kind: 'number', min: 0, max: 1000},
	leechThreshold: {kind: 'number', min: 1, max: 99, whole: true},
	leechAction: {kind: 'choice', choices: ['suspend', 'tag']},
};

const STEP = /^(\d+(?:\.\d+)?)([mhd])$/;
const UNIT_MS: Readonly<Record<string, number>> = {m: 60_000, h: 3_600_000, d: 86_400_000};

/** Check every key of a config file that has a rule; throws a UserError naming the first bad one. */
export function checkConfigValues(values: Readonly<Record<string, unknown>>, configFile: string, env: NodeJS.ProcessEnv): void {
	for (const [key, rule] of Object.entries(CONFIG_RULES)) {
		const value = values[key];
		if (value === undefined) continue;
		const problem = problemWith(value, rule, (path) => resolve(dirname(configFile), path === '~' || path.startsWith('~/') ? join(env['HOME'] ?? '', path.slice(1)) : path));
		if (problem !== undefined) throw new UserError(`${configFile}: \`${key}\` ${problem}`);
	}
}

function problemWith(value: unknown, rule: Rule, resolvePath: (path: string) => string): string | undefined {
	switch (rule.kind) {
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max) return `must be a number from ${rule.min} to ${rule.max}`;
			return undefined;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : 'must be true or false';
		case 'choice':
			return typeof value === 'string' && rule.choices.includes(value) ? undefined : `must be ${rule.choices.slice(0, -1).join(', ')} or ${rule.choices.at(-1)}`;
		case 'steps':
			return stepsProblem(value);
		case 'file': {
			if (typeof value !== 'string' || value === '') return 'must be a path';
			return isFolder(resolvePath(value)) ? `names ${value}, which is a folder: it must name the database file` : undefined;
		}
		case 'folder': {
			if (typeof value !== 'string' || value === '') return 'must be a path';
			return notAFolder(value, resolvePath(value));
		}
		case 'folders': {
			if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) return 'must be a list of directories';
			for (const item of value as string[]) {
				const problem = notAFolder(item, resolvePath(item));
				if (problem !== undefined) return problem;
			}
			return undefined;
		}
	}
}

function stepsProblem(value: unknown): string | undefined {
	const expected = 'must be a list of steps such as [1m, 10m, 1d]';
	if (!Array.isArray(value) || !value.every((step) => typeof step === 'string')) return expected;
	if (value.length > STEP_LIMITS.count) return `has ${value.length} steps; at most ${STEP_LIMITS.count}`;
	for (const step of value as string[]) {
		const match = STEP.exec(step);
		if (!match) return `${expected} (\`${step}\` is not one)`;
		const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
		if (!(ms > 0)) return `has the step \`${step}\`; each step must be longer than nothing`;
		if (ms > STEP_LIMITS.longestMs) return `has the step \`${step}\`; each step must be at most 7d (longer waits are the scheduler's job)`;
	}
	return undefined;
}

/** A path that exists but is not a folder (a file, a FIFO) is a mistake: read as a folder it holds nothing. */
function notAFolder(shown: string, path: string): string | undefined {
	const stats = statSync(path, {throwIfNoEntry: false});
	return stats && !stats.isDirectory() ? `names ${shown}, which is not a folder` : undefined;
}

function isFolder(path: string): boolean {
	return statSync(path, {throwIfNoEntry: false})?.isDirectory() ?? false;
}
