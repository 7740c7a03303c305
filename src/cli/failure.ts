import {UserError} from '../app/errors.js';
import {sanitizeLine} from '../core/text.js';

/**
Turn a command's failure into a message and an exit code. Expected failures (UserError, which the
service makes of every database failure) print one line; anything else is a bug, printed with a
request to report it.
*/
export function reportFailure(thrown: unknown): void {
	if (thrown instanceof UserError) {
		printError(`fluency: ${sanitizeLine(thrown.message)}`);
		process.exitCode = thrown.exitCode;
	} else if (isBrokenPipe(thrown)) {
		process.exitCode = 0;
	} else {
		const error = thrown instanceof Error ? thrown : new Error(String(thrown));
		printError(`fluency: internal error: ${sanitizeLine(error.message)} (this is a bug; set FLUENCY_DEBUG=1 to see where)`);
		if (process.env['FLUENCY_DEBUG']) printError(error.stack ?? '');
		process.exitCode = 70;
	}
}

/** As output.ts's printError, without loading chalk and string-width for one line. */
function printError(line: string): void {
	process.stderr.write(`${line}\n`);
}

function isBrokenPipe(thrown: unknown): boolean {
	return (thrown as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
