import {appendFileSync} from 'node:fs';

/*
Appending many short lines to a file: a log export writes hundreds of thousands.
*/

const CHUNK_BYTES = 1024 * 1024;
// UTF-8 takes at most three bytes for each UTF-16 unit of a JavaScript string.
const MAX_BYTES_PER_UNIT = 3;

/**
Lines appended to an open file a chunk at a time, so a crash leaves whole lines but for the last
one. Each line is encoded into one buffer as it comes: a string built up to a chunk instead lives
long enough to be copied out of V8's young generation, line by line, which made a 220,000-line
export spend a third of its time collecting garbage.
*/
export class LineAppender {
	readonly #fd: number;
	readonly #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
	#used = 0;

	constructor(fd: number) {
		this.#fd = fd;
	}

	/** Add a line, ending in its newline. */
	append(line: string): void {
		const most = line.length * MAX_BYTES_PER_UNIT;
		if (this.#used + most > CHUNK_BYTES) this.flush();
		if (most > CHUNK_BYTES) appendFileSync(this.#fd, line);
		else this.#used += this.#buffer.write(line, this.#used);
	}

	/** Write what is buffered. */
	flush(): void {
		if (this.#used === 0) return;
		appendFileSync(this.#fd, this.#buffer.subarray(0, this.#used));
		this.#used = 0;
	}
}
