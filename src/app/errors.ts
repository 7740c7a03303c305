/**
An expected failure the user can act on: a missing file, a bad flag, a database from a newer
fluency. The CLI prints its one-line message and exits with its code; nothing else catches it.
Anything that is not a UserError (or a StoreError) is a bug.
*/
export class UserError extends Error {
	override readonly name = 'UserError';
	readonly exitCode: number;

	constructor(message: string, exitCode = 1) {
		super(message);
		this.exitCode = exitCode;
	}
}

/** Wrong use of the command line: exit code 2, as shells expect. */
export class UsageError extends UserError {
	constructor(message: string) {
		super(message, 2);
	}
}
