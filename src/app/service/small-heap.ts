/*
V8 lets a short run's garbage pile up in a large young generation and old space before it
collects. For a first sync of 100,000 cards that meant a peak of 181 MB; told to optimise for
size, V8 collects small and often and the same sync peaks at 115 MB, for about a tenth more time.
Everyday commands are better off without it: it slows the review's cold start by about 30 ms.
So it is switched on only before work that builds and drops that much: a large sync, an import.
*/
import {setFlagsFromString} from 'node:v8';

let small = false;

/** From here on, keep the heap small at some cost in speed. Takes effect for later allocations. */
export function preferSmallHeap(): void {
	if (small) return;
	small = true;
	setFlagsFromString('--optimize-for-size');
}
