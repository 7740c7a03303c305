/*
The built CLI (`npm run build` first) run as a user would: in a child process with its own
HOME, data directory and config, so nothing from the machine running the tests leaks in.
*/
import {spawnSync} from 'node:child_process';
import {join, resolve} from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/fluency');

/** An environment that points every fluency path into `root`; `extra` adds or overrides. */
export function cliEnv(root: string, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
	return {
		PATH: process.env['PATH'] ?? '',
		HOME: root,
		TERM: 'xterm-256color',
		FLUENCY_DATA_DIR: join(root, 'data'),
		FLUENCY_CONFIG: join(root, 'config.yaml'),
		// The run's own temp folder (tests/setup/temp-root.ts), so what the CLI leaves there is seen.
		...tempFolderEnv(),
		// On Node 22.1+ bin/fluency caches compiled code in the system temp folder, which the run
		// checks is left as found; the cache is Node's, not a leak of ours.
		NODE_DISABLE_COMPILE_CACHE: '1',
		...extra,
	};
}

/** TMPDIR, TMP and TEMP as the test process has them, for a child process's environment. */
export function tempFolderEnv(): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of ['TMPDIR', 'TMP', 'TEMP']) {
		const value = process.env[name];
		if (value !== undefined) env[name] = value;
	}
	return env;
}

export type CliResult = {readonly code: number | null; readonly stdout: string; readonly stderr: string};

/** `runCli(['decks', '--decks', dir], cliEnv(root))`, stdin empty (not a terminal) unless `input` is given. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>>, options: {input?: string; cwd?: string} = {}): CliResult {
	const result = spawnSync(process.execPath, [BIN, ...args], {env, cwd: options.cwd ?? env['HOME'], encoding: 'utf8', input: options.input ?? ''});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}
