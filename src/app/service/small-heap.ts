/*
V8 lets a short run's garbage pile up in a large young generation and old space before it
collects. Told to optimise for size, it collects small and often, at some cost in time. An import
of 220,000 Anki reviews peaks at 182-194 MB with it and 299-312 MB without, for the same time
within the runs' spread; so the import switches it on. Everyday commands are better off without
it: it slows the review's cold start by about 30 ms.

A first sync of 100,000 cards in 1,000 files switched it on too, while it peaked at 181 MB without
it. It no longer does: that sync now peaks at 142-143 MB without it and 119-144 MB with it, and
takes 2.19-2.34 s against 2.32-2.53 s (six alternating runs each).
*/
import {setFlagsFromString} from 'node:v8';

let small = false;

/** From here on, keep the heap small at some cost in speed. Takes effect for later allocations. */
export function preferSmallHeap(): void {
	if (small) return;
	small = true;
	setFlagsFromString('--optimize-for-size');
}
