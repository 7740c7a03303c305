/*
How long work shows on a terminal: one line on stderr, drawn over as it advances and wiped when a
stage ends, so stdout (a report, JSON, the review screen) holds nothing of it. Nothing is drawn
when stderr is not a terminal (a pipe, a file, the tests).
*/

const BAR_WIDTH = 24;

/** The line drawn last, so that a report that changes nothing on screen writes nothing. */
let shown = '';

export function progressLine(stage: string, done: number, total: number): void {
	if (!process.stderr.isTTY || total <= 0) return;
	if (done >= total) {
		if (shown !== '') process.stderr.write('\r\u001b[K');
		shown = '';
		return;
	}
	const filled = Math.min(BAR_WIDTH, Math.round((done / total) * BAR_WIDTH));
	const line = `${stage.padEnd(18)} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.floor((done / total) * 100)}%`;
	if (line === shown) return;
	shown = line;
	process.stderr.write(`\r${line}\u001b[K`);
}
