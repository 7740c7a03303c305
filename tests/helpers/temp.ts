/*
Temp directories that are gone when the test that made them is. Made inside a test (or its
beforeEach), a directory is removed when that test finishes, after its afterEach hooks (which may
still close a database in it); made in beforeAll or at a file's top level, when the file's tests
are done (tests/setup/remove-temp-dirs.ts). The run's check (tests/setup/temp-root.ts) fails
`npm test` if anything is left.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {onTestFinished, TestRunner} from 'vitest';

const madeOutsideTests: string[] = [];

/** A fresh empty directory under the system temp folder, removed for you: `makeTempDir('fluency-sync-')`. */
export function makeTempDir(prefix = 'fluency-'): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	if (TestRunner.getCurrentTest()) onTestFinished(() => removeTempDir(dir));
	else madeOutsideTests.push(dir);
	return dir;
}

/** Removes the directories made outside any test; run after a file's last test. */
export function removeFileTempDirs(): void {
	for (const dir of madeOutsideTests.splice(0)) removeTempDir(dir);
}

function removeTempDir(dir: string): void {
	// A test may have made a folder read-only to test refusals; rmSync still removes it as root,
	// and `force` lets a test remove its own directory early.
	rmSync(dir, {recursive: true, force: true, maxRetries: 3});
}
