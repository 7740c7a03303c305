import type {Command} from 'commander';
import {Fluency, type GlobalOptions, type Notice} from '../app/service/fluency.js';
import {printError, style} from './output.js';
import {progressLine} from './progress-line.js';

/** What a command's action does with the application; its return value is the exit code. */
export type CommandWork = (fluency: Fluency) => Promise<number | void> | number | void;

/** The service's own notices go to stderr, as the command's output goes to stdout. */
function printNotice(notice: Notice): void {
	printError((notice.minor ? style.dim(notice.text) : notice.text) + (notice.hint ? style.dim(notice.hint) : ''));
}

/**
Run a command's work with the application opened from the global options, close it, and set the
exit code. `decksOnly`: the work reads settings and deck files, never the database (see Fluency).
*/
export async function runCommand(command: Command, work: CommandWork, {decksOnly = false}: {decksOnly?: boolean} = {}): Promise<void> {
	const fluency = await Fluency.open(command.optsWithGlobals<GlobalOptions>(), {onNotice: printNotice, decksOnly, onProgress: progressLine});
	let code: number | void;
	try {
		code = await work(fluency);
	} catch (thrown) {
		try {
			fluency.close();
		} catch {
			// The first failure is the one to report; closing a damaged database fails the same way again.
		}
		throw fluency.explain(thrown);
	}
	try {
		fluency.close();
	} catch (thrown) {
		throw fluency.explain(thrown);
	}
	if (typeof code === 'number') process.exitCode = code;
}
