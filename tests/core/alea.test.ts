import fc from 'fast-check';
import {FSRS, generatorParameters, get_fuzz_range} from 'ts-fsrs';
import {describe, expect, it} from 'vitest';
import {firstAleaDraw} from '../../src/core/scheduling/alea.js';

/** Alea as published (Baagøe, 2010) and as ts-fsrs carries it: the whole generator, for comparison. */
function alea(seed: string): () => number {
	let n = 4022871197;
	const mash = (data: string) => {
		for (let i = 0; i < data.length; i++) {
			n += data.charCodeAt(i);
			let h = 0.02519603282416938 * n;
			n = h >>> 0;
			h -= n;
			h *= n;
			n = h >>> 0;
			h -= n;
			n += h * 0x100000000;
		}
		return (n >>> 0) * 2.3283064365386963e-10;
	};
	let c = 1;
	let s0 = mash(' ');
	let s1 = mash(' ');
	let s2 = mash(' ');
	s0 -= mash(seed);
	if (s0 < 0) s0 += 1;
	s1 -= mash(seed);
	if (s1 < 0) s1 += 1;
	s2 -= mash(seed);
	if (s2 < 0) s2 += 1;
	return () => {
		const t = 2091639 * s0 + c * 2.3283064365386963e-10;
		s0 = s1;
		s1 = s2;
		c = t | 0;
		s2 = t - c;
		return s2;
	};
}

describe('the first Alea draw', () => {
	it('is the whole generator’s first number, to the last bit, for any seed', () => {
		fc.assert(fc.property(fc.oneof(fc.string(), fc.string({unit: 'binary'}), fc.stringMatching(/^[0-9a-f]{16}:\d{1,4}$/)), (seed) => Object.is(firstAleaDraw(seed), alea(seed)())), {numRuns: 5000});
	});

	it('gives the interval ts-fsrs’s own fuzz gives', () => {
		const plain = new FSRS(generatorParameters({enable_fuzz: true, maximum_interval: 36_500}));
		fc.assert(
			fc.property(fc.stringMatching(/^[0-9a-f]{16}:\d{1,3}$/), fc.integer({min: 3, max: 36_500}), fc.integer({min: 0, max: 400}), (seed, interval, elapsed) => {
				plain.seed = seed;
				const {min_ivl: min, max_ivl: max} = get_fuzz_range(interval, elapsed, 36_500);
				expect(plain.apply_fuzz(interval, elapsed)).toBe(Math.floor(firstAleaDraw(seed) * (max - min + 1) + min));
			}),
			{numRuns: 2000},
		);
	});
});
