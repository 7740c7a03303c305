/*
A deck file's lines, read by index. A 100,000-card file has 360,000 lines: split into an array of
strings, they all stayed alive while the file was parsed and every young-generation collection
copied them. Here only where each line starts and ends is kept (two typed arrays, which the
collector never looks inside), and a line is made when it is read.
*/

/** Lines by index: an array of strings is one, and so is TextLines. */
export type Lines = {
	readonly length: number;
	at(index: number): string | undefined;
};

/** The lines of `text` exactly as `text.split(/\r\n|\n|\r/)` gives them. */
export class TextLines implements Lines {
	readonly length: number;
	readonly #text: string;
	readonly #starts: Uint32Array;
	readonly #ends: Uint32Array;

	constructor(text: string) {
		this.#text = text;
		let breaks = 0;
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) breaks++;
		}
		this.length = breaks + 1;
		this.#starts = new Uint32Array(this.length);
		this.#ends = new Uint32Array(this.length);
		let line = 0;
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			if (code !== 0x0a && code !== 0x0d) continue;
			this.#ends[line] = index;
			if (code === 0x0d && text.charCodeAt(index + 1) === 0x0a) index++;
			this.#starts[++line] = index + 1;
		}
		this.#ends[line] = text.length;
	}

	at(index: number): string | undefined {
		if (index < 0) index += this.length;
		if (index < 0 || index >= this.length) return undefined;
		return this.#text.slice(this.#starts[index], this.#ends[index]);
	}
}
