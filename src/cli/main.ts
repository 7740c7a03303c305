/*
Where every command starts, and where its failures become messages and exit codes (failure.ts).

Nothing is imported before it is needed: the program (commander) and each command load on demand,
`fluency --version` loads neither, and neither does a `fluency status` whose arguments need no
help (status-line.ts), which a shell prompt runs so often that even the version's file read and
the failure report's module are left for the commands that use them.
*/
async function main(argv: readonly string[]): Promise<void> {
	try {
		if (argv[0] === 'status' && (await (await import('./commands/status-line.js')).statusWithoutCommander(argv.slice(1)))) return;
		guardOutputStreams();
		if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
			const {VERSION} = await import('./version.js');
			process.stdout.write(`${VERSION}\n`);
			return;
		}
		const {runProgram} = await import('./program.js');
		await runProgram(argv);
	} catch (thrown) {
		const {reportFailure} = await import('./failure.js');
		reportFailure(thrown);
	}
}

/*
`fluency decks | head` closes the pipe early; that is not an error. Installed only on the way to a
command that writes through the streams: reaching for process.stdout and process.stderr builds
them, 2.5 ms of the status line's 77 (which writes its one line itself, status-line.ts).
*/
function guardOutputStreams(): void {
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') process.exit(0);
			if (error.code === 'EIO') hangUp();
			throw error;
		});
	}
}

/**
A terminal closed under a running command (its window shut, its tmux session killed) fails every
write with EIO. There is no one left to tell and every answer is already saved, so die of SIGHUP
as a hung-up process does. Not process.exit(): on the way out Node restores the terminal's modes,
fails on the vanished terminal and aborts (nodejs/node#51519); the signal's default action skips that.
*/
function hangUp(): never {
	process.removeAllListeners('SIGHUP');
	process.kill(process.pid, 'SIGHUP');
	// Still here: SIGHUP is ignored (nohup), and exiting would abort as above.
	process.kill(process.pid, 'SIGKILL');
	throw new Error('unreachable: killed');
}

await main(process.argv.slice(2));
