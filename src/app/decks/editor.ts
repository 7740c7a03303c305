import {spawnSync} from 'node:child_process';
import {basename} from 'node:path';
import {UserError} from '../errors.js';

/**
Open a file at a line in the user's editor and wait for it to close. `$EDITOR` may carry its own
arguments ("code --wait"); most terminal editors take `+LINE FILE`, VS Code and its kin take
`--goto FILE:LINE`.
*/
export function openInEditor(file: string, line: number, env: NodeJS.ProcessEnv = process.env): void {
	const command = (env['VISUAL'] || env['EDITOR'] || 'vi').trim().split(/\s+/);
	const [program, ...given] = command as [string, ...string[]];
	const vscodeLike = /^(code|codium|cursor|code-insiders)$/.test(basename(program));
	const args = vscodeLike ? [...given, ...(given.includes('--wait') || given.includes('-w') ? [] : ['--wait']), '--goto', `${file}:${line}`] : [...given, `+${line}`, file];
	const result = spawnSync(program, args, {stdio: 'inherit'});
	if (result.error) throw new UserError(`cannot start the editor \`${program}\`: ${result.error.message} (set $EDITOR)`);
}
