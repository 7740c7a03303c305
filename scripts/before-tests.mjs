// What `npm test` checks before vitest starts: the types, unused code and exports, and a fresh
// build for the tests that run the CLI. They share nothing, so they run side by side (on a 2-core
// machine 16.7 s one after another, 14.2 s together); each one's output is printed whole, in
// this order, once all have ended, and any failure fails the run with the first failing code.
import {spawn} from 'node:child_process';

const STEPS = ['typecheck', 'lint:unused', 'build'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const results = await Promise.all(
	STEPS.map(
		(script) =>
			new Promise((done) => {
				const child = spawn(npm, ['run', '--silent', script], {stdio: ['ignore', 'pipe', 'pipe']});
				let output = '';
				child.stdout.on('data', (chunk) => (output += chunk));
				child.stderr.on('data', (chunk) => (output += chunk));
				child.on('error', (error) => done({script, code: 1, output: `${error.message}\n`}));
				child.on('close', (code, signal) => done({script, code: code ?? (signal ? 1 : 0), output}));
			}),
	),
);

for (const {script, code, output} of results) {
	process.stdout.write(`> ${script}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n`);
	if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}
const failed = results.find(({code}) => code !== 0);
process.exitCode = failed ? failed.code : 0;
