/*
Long reports go through a pager when they are taller than the terminal, the way git does it:
$PAGER (less when unset) with LESS=FRX unless the user set LESS, so less quits at once when the
text fits, keeps colour, and leaves the text on screen after q. A pipe, a short report, or a pager
that cannot start gets the lines printed as they are.
*/
import {spawn} from 'node:child_process';
import {printLines} from '../output.js';

export async function printPaged(lines: readonly string[]): Promise<void> {
	const rows = process.stdout.rows;
	const pager = process.env['PAGER'] ?? 'less';
	if (!process.stdout.isTTY || !rows || lines.length < rows || pager.trim() === '' || pager.trim() === 'cat') {
		printLines(lines);
		return;
	}
	const paged = await new Promise<boolean>((done) => {
		const child = spawn('/bin/sh', ['-c', pager], {stdio: ['pipe', 'inherit', 'inherit'], env: {...process.env, LESS: process.env['LESS'] ?? 'FRX', LV: process.env['LV'] ?? '-c'}});
		// Ctrl-C belongs to the pager while it runs (less uses it to stop a search), as in git.
		const ignore = () => undefined;
		process.on('SIGINT', ignore);
		let started = false;
		child.on('spawn', () => (started = true));
		child.on('error', () => {
			process.off('SIGINT', ignore);
			done(started);
		});
		child.on('close', () => {
			process.off('SIGINT', ignore);
			done(true);
		});
		// Quitting the pager before the end closes its input: not an error.
		child.stdin.on('error', ignore);
		child.stdin.end(`${lines.join('\n')}\n`);
	});
	if (!paged) printLines(lines);
}
