import {lstatSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeFileWhole} from '../../src/app/decks/deck-files.js';
import {makeTempDir} from '../helpers/temp.js';

describe('writing a file whole', () => {
	it('replaces it whole, leaves no temporary file, keeps its permissions, and never writes through a link', () => {
		const dir = makeTempDir('fluency-write-');
		const real = join(dir, 'real.md');
		writeFileSync(real, 'Q: old?\nA: old.\n', {mode: 0o600});
		symlinkSync(real, join(dir, 'linked.md'));
		// A link in a shared decks folder can point anywhere (~/.bashrc): fluency made none, so it writes through none.
		expect(() => writeFileWhole(join(dir, 'linked.md'), 'Q: new?\nA: new.\n')).toThrow(/symbolic link/);
		expect(lstatSync(join(dir, 'linked.md')).isSymbolicLink()).toBe(true);
		expect(readFileSync(real, 'utf8')).toBe('Q: old?\nA: old.\n');
		// A dangling link creates nothing at its target.
		symlinkSync(join(dir, 'target.md'), join(dir, 'dangling.md'));
		expect(() => writeFileWhole(join(dir, 'dangling.md'), 'x')).toThrow(/symbolic link/);
		writeFileWhole(real, 'Q: new?\nA: new.\n');
		expect(statSync(real).mode & 0o777).toBe(0o600);
		writeFileWhole(join(dir, 'fresh.md'), 'Q: a?\nA: b.\n');
		expect(readdirSync(dir).sort()).toEqual(['dangling.md', 'fresh.md', 'linked.md', 'real.md']);
		rmSync(dir, {recursive: true, force: true});
	});

	it('leaves the old deck as it was when the write fails', () => {
		const dir = makeTempDir('fluency-write-');
		const path = join(dir, 'd.md');
		writeFileSync(path, 'Q: kept?\nA: yes.\n');
		// A directory where the temporary file would go makes the write fail.
		const blocked = join(dir, 'missing', 'd.md');
		expect(() => writeFileWhole(blocked, 'x')).toThrow();
		expect(readFileSync(path, 'utf8')).toBe('Q: kept?\nA: yes.\n');
		expect(readdirSync(dir)).toEqual(['d.md']);
	});
});
