/*
The fuzz of an interval is the first number Alea (Johannes Baagøe's generator, which ts-fsrs and
Anki's FSRS use) draws from the answer's seed. ts-fsrs builds a whole generator per fuzzed answer:
its hash runs over the seed three times, keeping its state in a closure variable that V8 stores
as a new heap number on every step, about 4 µs an answer and a third of replaying an imported
history. The first draw depends on one of those passes only, and this computes it with the same
arithmetic in local variables, so it gives the same number to the last bit.
*/

const MASH_START = 4022871197;
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** Alea's hash state after adding `text` to state `n`. */
function mashed(n: number, text: string): number {
	let state = n;
	for (let index = 0; index < text.length; index++) {
		state += text.charCodeAt(index);
		let h = 0.02519603282416938 * state;
		state = h >>> 0;
		h -= state;
		h *= state;
		state = h >>> 0;
		h -= state;
		state += h * 4294967296;
	}
	return state;
}

const fraction = (state: number) => (state >>> 0) * TWO_TO_MINUS_32;

// Alea seeds its first state from a hash of one space, then hashes two more before the seed.
const AFTER_ONE_SPACE = mashed(MASH_START, ' ');
const FIRST_STATE = fraction(AFTER_ONE_SPACE);
const BEFORE_SEED = mashed(mashed(AFTER_ONE_SPACE, ' '), ' ');

/** The first number in [0, 1) that Alea seeded with `seed` draws. */
export function firstAleaDraw(seed: string): number {
	let s0 = FIRST_STATE - fraction(mashed(BEFORE_SEED, seed));
	if (s0 < 0) s0 += 1;
	const t = 2091639 * s0 + TWO_TO_MINUS_32;
	return t - (t | 0);
}
