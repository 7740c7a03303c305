import {execFile} from 'node:child_process';
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative, resolve} from 'node:path';
import {promisify} from 'node:util';
import ts from 'typescript';
import {describe, expect, it} from 'vitest';

/*
The layers (cli -> ui -> app -> store -> core, core usable by all) are drawn in
docs/architecture.md and enforced by dependency-cruiser with .dependency-cruiser.mjs. What an
import graph cannot see, reading the clock or the process, and SQL written outside the store,
is checked here on the syntax tree, so a comment or a word in a message cannot trip it and
`new Date()` cannot hide from it.
*/

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
		const path = join(dir, entry.name);
		return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
	});
}

// Each check walks every source file: parsed once for all of them.
const parsedFiles = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
	let source = parsedFiles.get(file);
	if (!source) parsedFiles.set(file, (source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)));
	return source;
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
	visit(node);
	node.forEachChild((child) => walk(child, visit));
}

type Finding = {readonly file: string; readonly line: number; readonly text: string};

function findings(files: readonly string[], matches: (node: ts.Node) => boolean): Finding[] {
	return files.flatMap((file) => {
		const source = parse(file);
		const found: Finding[] = [];
		walk(source, (node) => {
			if (!matches(node)) return;
			const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
			found.push({file: relative(ROOT, file), line, text: node.getText(source).slice(0, 80)});
		});
		return found;
	});
}

/** Reading the time or the process: `Date.now()`, `new Date()` without an argument, `performance.now()`, `process`, `Math.random()`. */
function readsTheWorld(node: ts.Node): boolean {
	if (ts.isNewExpression(node)) return node.expression.getText() === 'Date' && (node.arguments?.length ?? 0) === 0;
	if (ts.isCallExpression(node)) return ['Date.now', 'performance.now', 'Math.random'].includes(node.expression.getText());
	if (ts.isIdentifier(node) && node.text === 'process') return !ts.isPropertyAccessExpression(node.parent) || node.parent.expression === node;
	return false;
}

// Statements, not words: "select a deck from the list" is a message, "select id, due from cards" is
// SQL. And whatever is handed to better-sqlite3's prepare/exec/pragma is SQL by definition.
const COLUMN = String.raw`[\w.*]+(?:\([\w.*]*\))?(?:\s+as\s+\w+)?`;
const SQL = new RegExp(String.raw`\b(?:select\s+(?:distinct\s+)?${COLUMN}(?:\s*,\s*${COLUMN})*\s+from\s|insert\s+(?:or\s+\w+\s+)?into\s|update\s+\w+\s+set\s|delete\s+from\s|create\s+(?:unique\s+)?(?:table|index|trigger|view)\s|drop\s+(?:table|index)\s|alter\s+table\s|pragma\s+\w+)`, 'i');
const SQLITE_CALLS = new Set(['prepare', 'exec', 'pragma']);

function isSql(node: ts.Node): boolean {
	if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SQLITE_CALLS.has(node.expression.name.text)) {
		const [first] = node.arguments;
		return first !== undefined && (ts.isStringLiteral(first) || ts.isTemplateLiteral(first));
	}
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return SQL.test(node.text);
	if (ts.isTemplateExpression(node)) return SQL.test([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' '));
	return false;
}

/**
A value import of better-sqlite3. The bundle carries better-sqlite3's JavaScript, which would look
for its addon in fluency's folder: every connection is opened through openSqlite, which hands it
the addon (src/store/sqlite.ts).
*/
function importsSqliteItself(node: ts.Node): boolean {
	return ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'better-sqlite3' && node.importClause?.isTypeOnly !== true;
}

/** Run dependency-cruiser with the project's rules on the tree at `root`; one line per violation. */
async function dependencyViolations(root: string): Promise<{cruised: number; violations: string[]}> {
	const depcruise = join(ROOT, 'node_modules', '.bin', 'depcruise');
	// It exits non-zero when it finds violations; the JSON on stdout says which.
	const run = await promisify(execFile)(depcruise, ['src', '--config', '.dependency-cruiser.mjs', '--output-type', 'json'], {cwd: root, maxBuffer: 64 * 1024 * 1024}).catch((failed: {stdout?: string; stderr?: string}) => failed);
	if (!run.stdout) throw new Error(`dependency-cruiser printed nothing: ${run.stderr ?? ''}`);
	const {summary} = JSON.parse(run.stdout) as {summary: {totalCruised: number; violations: Array<{rule: {name: string}; from: string; to: string; cycle?: Array<{name: string}>}>}};
	const violations = summary.violations.map(({rule, from, to, cycle}) => `${rule.name}: ${from} -> ${cycle ? cycle.map((step) => step.name).join(' -> ') : to}`);
	return {cruised: summary.totalCruised, violations};
}

describe('architecture', () => {
	const src = sourceFiles(join(ROOT, 'src'));
	const inLayer = (layer: string) => src.filter((file) => relative(join(ROOT, 'src'), file).split('/')[0] === layer);

	it('keeps the layers and has no import cycle, as dependency-cruiser reads the imports', async () => {
		const report = await dependencyViolations(ROOT);
		expect(report.cruised).toBeGreaterThan(100);
		expect(report.violations).toEqual([]);
	}, 60_000);

	it('sees a forbidden import and a cycle in a small tree: the rules are not vacuous', async () => {
		const tree = mkdtempSync(join(tmpdir(), 'fluency-layers-'));
		try {
			const files: Record<string, string> = {
				'src/cli/main.ts': "import './a.js';\nimport '../store/database.js';\n",
				'src/cli/a.ts': "import {b} from './b.js';\nexport const a = () => b;\n",
				'src/cli/b.ts': "import {a} from './a.js';\nexport const b = () => a;\n",
				'src/core/pure.ts': "import {readFileSync} from 'fs';\nimport {open} from '../store/database.js';\nexport const pure = [readFileSync, open];\n",
				'src/store/database.ts': "import '../core/pure.js';\nexport const open = 1;\n",
				'tsconfig.json': JSON.stringify({compilerOptions: {module: 'NodeNext', moduleResolution: 'NodeNext', strict: true}}),
			};
			for (const [path, text] of Object.entries(files)) {
				mkdirSync(dirname(join(tree, path)), {recursive: true});
				writeFileSync(join(tree, path), text);
			}
			copyFileSync(join(ROOT, '.dependency-cruiser.mjs'), join(tree, '.dependency-cruiser.mjs'));
			const {violations} = await dependencyViolations(tree);
			expect(violations).toEqual(
				expect.arrayContaining([
					'cli-through-app: src/cli/main.ts -> src/store/database.ts',
					'core-is-pure: src/core/pure.ts -> fs',
					'core-is-pure: src/core/pure.ts -> src/store/database.ts',
					expect.stringMatching(/^no-cycles: src\/cli\/a\.ts -> /),
				]),
			);
		} finally {
			rmSync(tree, {recursive: true, force: true});
		}
	}, 60_000);

	it('keeps the core free of the clock, randomness and the process', () => {
		expect(findings(inLayer('core'), readsTheWorld)).toEqual([]);
	});

	it('finds what the clock check is meant to find', () => {
		const probe = join(ROOT, 'tests', 'architecture.test.ts');
		const texts = findings([probe], readsTheWorld).map((finding) => finding.text);
		// This file's own probe line below holds each form once.
		expect(texts).toEqual(expect.arrayContaining(['new Date()', 'Date.now()', 'performance.now()', 'Math.random()']));
	});

	it('opens SQLite connections only through openSqlite, and sees the one import that does', () => {
		const isOpener = (file: string) => relative(ROOT, file) === join('src', 'store', 'sqlite.ts');
		expect(findings(src.filter((file) => !isOpener(file)), importsSqliteItself)).toEqual([]);
		expect(findings(src.filter(isOpener), importsSqliteItself)).toHaveLength(1);
	});

	it('keeps SQL inside the store', () => {
		expect(findings(src.filter((file) => !inLayer('store').includes(file)), isSql)).toEqual([]);
	});

	it('keeps SQL on fluency\'s database inside the store\'s tests, and one helper that builds damage', () => {
		const tests = sourceFiles(join(ROOT, 'tests')).filter((file) => !file.endsWith('architecture.test.ts'));
		// Where SQL is the point: the store's own tests; the helper that builds what fluency never
		// writes (damage, old schemas); and Anki's file format, which fixtures and export tests write and read.
		const allowed = [/^tests\/store\//, /^tests\/helpers\/raw-database\.ts$/, /^tests\/fixtures\/anki-package\.ts$/, /^tests\/app\/(?:export-anki|anki-import|interchange)\.test\.ts$/];
		const files = [...new Set(findings(tests, isSql).map((finding) => finding.file))];
		expect(files.filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
	});

	it('finds what the SQL check is meant to find, and not a message that uses the word', () => {
		const sql = (text: string) => isSql(ts.factory.createStringLiteral(text));
		expect(['SELECT id FROM cards', 'select count(*) from reviews where x', 'insert or ignore into cards', 'update cards set due = 1', 'PRAGMA user_version', 'delete from reviews '].filter((text) => !sql(text))).toEqual([]);
		expect(['select a deck from the list', 'update your config', 'create a deck with `fluency new`', 'delete the file'].filter(sql)).toEqual([]);
	});
});

// The probe the clock check must find (never run): new Date(); Date.now(); performance.now(); Math.random();
export const probe = () => [new Date(), Date.now(), performance.now(), Math.random()];
