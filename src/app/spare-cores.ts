import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';

/**
How many cores a worker built at `worker` could have besides this thread's: none when the file is
not there (run from the sources, as the tests are, there is no built worker) or the machine has one core.
*/
export function spareCores(worker: URL): number {
	return existsSync(fileURLToPath(worker)) ? Math.max(0, availableParallelism() - 1) : 0;
}
