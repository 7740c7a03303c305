import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import module from 'node:module';
import {resolve} from 'node:path';
import type {Command} from 'commander';
import {beforeEach, describe, expect, it} from 'vitest';
import {buildProgram} from '../../src/cli/program.js';
import {BIN, cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';

/*
Commands load only when they run, so a lazily built program must still tell the whole story: the
root help lists every command as it did when all were loaded, and each command's own help is the
same however it is asked for.
*/

let env: Record<string, string>;

beforeEach(() => {
	env = cliEnv(makeTempDir('fluency-help-'));
});

/** What `outputHelp` writes, text added after the options included, at the 80 columns a pipe gets. */
function helpOf(command: Command): string {
	let text = '';
	command.configureHelp({helpWidth: 80});
	command.configureOutput({writeOut: (written) => (text += written)});
	command.outputHelp();
	return text;
}

let loaded: Promise<Command> | undefined;
/** The program with every command loaded, built once for the file: loading them all takes a while. */
const everyCommand = () => (loaded ??= buildProgram());

const version = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {version: string}).version;

describe('help and version', () => {
	it('prints the version with -V and --version, also after a command', () => {
		for (const args of [['--version'], ['-V'], ['decks', '--version'], ['--db', 'x.db', '-V']]) {
			expect(runCli(args, env)).toEqual({code: 0, stdout: `${version}\n`, stderr: ''});
		}
	});

	it("uses Node's compile cache where Node has one, and starts without it where it has none (Node 20)", () => {
		const hasCache = typeof (module as {enableCompileCache?: unknown}).enableCompileCache === 'function';
		expect(runCli(['--version'], env)).toEqual({code: 0, stdout: `${version}\n`, stderr: ''});
		// Node 22's function, as a stand-in on any Node: bin/fluency calls it before loading the CLI.
		const standIn = `data:text/javascript,import m from 'node:module'; m.enableCompileCache = () => process.stderr.write('compile cache on\\n');`;
		const result = spawnSync(process.execPath, ['--import', standIn, BIN, '--version'], {env, encoding: 'utf8'});
		expect({code: result.status, stdout: result.stdout, stderr: result.stderr}).toEqual({code: 0, stdout: `${version}\n`, stderr: 'compile cache on\n'});
		expect(hasCache).toBe(Number(process.versions.node.split('.')[0]) >= 23 || /^22\.([1-9]|\d\d)\./.test(process.versions.node));
	});

	it('lists every command in the root help, as the program with every command loaded does', async () => {
		const program = await everyCommand();
		const expected = helpOf(program);
		for (const args of [['--help'], [], ['--decks', 'd', 'help']]) {
			expect(runCli(args, env)).toEqual({code: 0, stdout: expected, stderr: ''});
		}
		const names = program.commands.map((command) => command.name());
		expect(names).toContain('status');
		expect(names.at(-1)).toBe('help');
		for (const name of names) expect(expected).toMatch(new RegExp(`^  ${name} `, 'm'));
	});

	// Each command loads through the same table line as for the root help above; a few, each loaded alone, stand for all.
	it("prints a command's help, loading that command alone, the same for `help X` and `X --help`", async () => {
		const program = await everyCommand();
		for (const [name, asked] of [
			['status', ['help', 'status']],
			['review', ['--db', 'x.db', 'review', '--help']],
			['export-reviews', ['help', 'export-reviews']],
			['check', ['check', '-h']],
		] as const) {
			const command = program.commands.find((candidate) => candidate.name() === name)!;
			expect(runCli(asked, env)).toEqual({code: 0, stdout: helpOf(command), stderr: ''});
		}
	});

	it('answers a mistyped command with a suggestion, and `help` of an unknown one with one line, exit code 2', () => {
		expect(runCli(['revieww'], env)).toEqual({code: 2, stdout: '', stderr: "fluency: unknown command 'revieww' (Did you mean review?)\n"});
		expect(runCli(['--db', 'x.db', 'statuss'], env)).toEqual({code: 2, stdout: '', stderr: "fluency: unknown command 'statuss' (Did you mean status?)\n"});
		expect(runCli(['help', 'bogus'], env)).toEqual({code: 2, stdout: '', stderr: "fluency: unknown command 'bogus'\n"});
	});
});
