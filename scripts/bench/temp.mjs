// Temporary folders for the benchmarks, each removed when the bench process ends. Left behind,
// two full runs held 1.4 GB of databases and decks in /tmp, on disk, and the next run's first
// syncs (whose checkpoints sync to disk) took 6 to 7 s where 4 s was measured alone.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const made = [];
process.on('exit', () => {
	for (const dir of made) rmSync(dir, {recursive: true, force: true});
});

/** A new folder under the system's temporary folder, named `fluency-bench-<name>-…`, removed at exit. */
export function benchTempDir(name) {
	const dir = mkdtempSync(join(tmpdir(), `fluency-bench-${name}-`));
	made.push(dir);
	return dir;
}
