/*
The built CLI in a real pseudo-terminal, as a user's shell runs it. util-linux's script(1)
gives it one (no native module needed); `stty` inside sets the terminal's size. What the
program draws arrives raw: escape sequences included.
*/
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {BIN} from './cli.js';

export type Terminal = {
	/** The script(1) process; killing it is not killing fluency (see `killFluency`). */
	readonly child: ChildProcess;
	/** Everything written to the terminal so far, escape sequences included. */
	readonly output: () => string;
	/** The output with escape sequences removed, for text checks. */
	readonly text: () => string;
	/** Send keys, as if typed. */
	readonly type: (keys: string) => void;
	/** How much text has been shown so far, for `waitFor(..., {after})`. */
	readonly mark: () => number;
	/** Wait until the text shown (after `after` characters of it, if given) contains `wanted`. */
	readonly waitFor: (wanted: string | RegExp, options?: {after?: number; timeoutMs?: number}) => Promise<void>;
	/** Resolves with the exit code of fluency (script passes it on with -e). */
	readonly exited: Promise<number | null>;
	/** Signal the fluency process itself (SIGKILL unless given), as a crash or `kill` would. */
	readonly killFluency: (signal?: NodeJS.Signals) => void;
};

const ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78]/g;

export function stripEscapes(text: string): string {
	return text.replace(ESCAPES, '');
}

function quote(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export type TerminalOptions = {
	readonly columns?: number;
	readonly rows?: number;
	/** Shell redirections after the command, such as `> out.txt`. */
	readonly redirect?: string;
};

/** Start `fluency ARGS` in a terminal of `columns` x `rows` (80 x 24 unless given). */
export function inTerminal(args: readonly string[], env: Readonly<Record<string, string>>, {columns = 80, rows = 24, redirect = ''}: TerminalOptions = {}): Terminal {
	const command = `stty cols ${columns} rows ${rows}; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')} ${redirect}`;
	const child = spawn('script', ['-qfec', command, '/dev/null'], {env, cwd: env['HOME'], stdio: ['pipe', 'pipe', 'pipe']});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
	const text = () => stripEscapes(output);
	return {
		child,
		output: () => output,
		text,
		type: (keys) => {
			child.stdin!.write(keys);
		},
		mark: () => text().length,
		waitFor: async (wanted, {after = 0, timeoutMs = 15_000} = {}) => {
			const seen = () => {
				const shown = text().slice(after);
				return typeof wanted === 'string' ? shown.includes(wanted) : wanted.test(shown);
			};
			for (let waited = 0; waited < timeoutMs && !seen(); waited += 25) await new Promise((done) => setTimeout(done, 25));
			if (!seen()) throw new Error(`the terminal never showed ${String(wanted)}; it shows:\n${text().slice(-1500)}`);
		},
		exited,
		killFluency: (signal = 'SIGKILL') => {
			// script's child is the shell that exec'd node: the fluency process.
			const pids = execFileSync('pgrep', ['-P', String(child.pid)], {encoding: 'utf8'}).trim().split('\n').filter(Boolean);
			for (const pid of pids) process.kill(Number(pid), signal);
		},
	};
}
