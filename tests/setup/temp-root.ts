/*
The check that a test run leaves nothing behind (vitest globalSetup, so it runs inside `npm test`
and in CI). The run gets a temp folder of its own: TMPDIR, TMP and TEMP point into it for the test
workers and, through them, for every process a test starts (tests/helpers/cli.ts passes them on).
Other programs on the machine keep using the system temp folder, so they can neither hide a leak
nor be mistaken for one. At the end, anything still in the run's folder fails the run, by name.
*/
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const TEMP_VARIABLES = ['TMPDIR', 'TMP', 'TEMP'] as const;

export default function setup(): () => void {
	const saved = TEMP_VARIABLES.map((name) => [name, process.env[name]] as const);
	const root = mkdtempSync(join(tmpdir(), 'fluency-test-run-'));
	// Set before vitest starts its workers, which inherit this environment.
	for (const name of TEMP_VARIABLES) process.env[name] = root;
	return () => {
		for (const [name, value] of saved) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		const leftovers = readdirSync(root).sort();
		rmSync(root, {recursive: true, force: true});
		if (leftovers.length > 0) {
			// vitest only logs an error thrown here and still exits 0, so the run is failed by hand.
			process.exitCode = 1;
			console.error(
				`\nFAIL the tests left ${leftovers.length} item(s) in the temp folder (now removed; each test must remove what it makes, see tests/helpers/temp.ts):\n${leftovers.map((name) => `  ${name}`).join('\n')}\n`,
			);
		}
	};
}
