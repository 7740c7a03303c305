import {readdirSync, readFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

/*
Dependencies point inward: cli -> ui -> app -> core/store. The core is pure (no I/O, no clock,
no UI, no SQLite) so it can be tested with plain data; the store never reaches up into the app.
*/

const SRC = resolve(import.meta.dirname, '../src');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!);
}

/** The layer an import lands in: a folder under src/, or the package name. */
function target(file: string, specifier: string): string {
	if (!specifier.startsWith('.')) return specifier.replace(/^node:/, 'node:');
	return relative(SRC, resolve(file, '..', specifier)).split('/')[0]!;
}

const layerOf = (file: string) => relative(SRC, file).split('/')[0]!;

const FORBIDDEN: Record<string, readonly string[]> = {
	core: ['store', 'app', 'ui', 'cli', 'ink', 'react', 'better-sqlite3', 'node:fs', 'node:fs/promises', 'node:child_process', 'node:process', 'node:os'],
	store: ['app', 'ui', 'cli', 'ink', 'react'],
	app: ['ui', 'cli', 'ink', 'react'],
	ui: ['cli'],
};

describe('architecture', () => {
	const files = sourceFiles(SRC);

	it.each(Object.keys(FORBIDDEN))('%s imports nothing from the layers above it', (layer) => {
		const offending = files
			.filter((file) => layerOf(file) === layer)
			.flatMap((file) => importsOf(file).map((specifier) => ({file: relative(SRC, file), specifier, lands: target(file, specifier)})))
			.filter(({lands}) => FORBIDDEN[layer]!.includes(lands));
		expect(offending).toEqual([]);
	});

	it('keeps the core free of the clock and the process', () => {
		const offending = files.filter((file) => layerOf(file) === 'core' && /Date\.now\(\)|process\./.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
		expect(offending.map((file) => relative(SRC, file))).toEqual([]);
	});

	it('keeps SQL inside the store', () => {
		const sql = /\b(?:SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b/;
		const offending = files.filter((file) => layerOf(file) !== 'store' && sql.test(readFileSync(file, 'utf8')));
		expect(offending.map((file) => relative(SRC, file))).toEqual([]);
	});
});
