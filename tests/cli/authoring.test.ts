import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {buildPackage} from '../fixtures/anki-package.js';

const BIN = resolve(import.meta.dirname, '../../bin/fluency');
let home: string;
let env: Record<string, string>;

beforeEach(() => {
	home = mkdtempSync(join(tmpdir(), 'fluency-authoring-'));
	env = {PATH: process.env['PATH'] ?? '', HOME: home, FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'config.yaml')};
	writeFileSync(env['FLUENCY_CONFIG']!, `decks: [${join(home, 'decks')}]\nuserDecks: ${join(home, 'decks')}\n`);
});

const run = (args: readonly string[]) => {
	const result = spawnSync(process.execPath, [BIN, ...args], {cwd: home, env, encoding: 'utf8'});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
};

describe('fluency new', () => {
	it('creates a deck from a template that checks clean, and never overwrites one', () => {
		const created = run(['new', 'backend/apis']);
		expect(created.code).toBe(0);
		expect(created.stdout).toContain(join(home, 'decks', 'backend', 'apis.md'));
		expect(readFileSync(join(home, 'decks', 'backend', 'apis.md'), 'utf8')).toMatch(/^---\ntitle: Apis\n/);
		expect(run(['check', join(home, 'decks')])).toMatchObject({code: 0, stdout: 'checked 1 deck, 4 cards: no problems\n'});
		const again = run(['new', 'backend/apis']);
		expect(again).toMatchObject({code: 1, stderr: `fluency: ${join(home, 'decks', 'backend', 'apis.md')} already exists; nothing was changed\n`});
	});

	it('refuses a deck name that climbs out of the decks directory', () => {
		expect(run(['new', '../../etc/x']).code).toBe(2);
	});
});

describe('fluency check --watch', () => {
	it('checks again when a deck file is saved', async () => {
		mkdirSync(join(home, 'decks'));
		const deck = join(home, 'decks', 'd.md');
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n');
		const child = spawn(process.execPath, [BIN, 'check', '--watch', join(home, 'decks')], {cwd: home, env});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		const waitFor = async (pattern: RegExp) => {
			for (let waited = 0; waited < 10_000 && !pattern.test(output); waited += 50) await new Promise((done) => setTimeout(done, 50));
			expect(output).toMatch(pattern);
		};
		await waitFor(/checked 1 deck, 1 card: no problems/);
		writeFileSync(deck, '---\nsources: [x]\n---\nQ: What is CI?\n');
		await waitFor(/d\.md:4: card has a question but no answer\nchecked 1 deck, 0 cards: 1 error/);
		child.kill('SIGINT');
		expect(await new Promise((done) => child.on('exit', done))).toBe(0);
	});
});

describe('fluency import', () => {
	it('imports an Anki package and reports what it did, and a bad file in one line', async () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'deck.apkg'), await buildPackage('anki21', [{id: 1, guid: 'a', notetype: 'basic', deck: 'Spanish', fields: ['hola', 'hello']}]));
		const imported = run(['import', 'deck.apkg']);
		expect(imported.code).toBe(0);
		expect(imported.stdout).toMatch(/^imported 1 of 1 notes into 1 deck files in \d+\.\d s\nhistory: 0 reviews added for 0 cards/);
		expect(readFileSync(join(home, 'decks', 'spanish.md'), 'utf8')).toContain('Q: hola\n\nA: hello');
		writeFileSync(join(home, 'broken.apkg'), 'not a zip');
		expect(run(['import', 'broken.apkg'])).toMatchObject({code: 1, stderr: 'fluency: broken.apkg: not an Anki package (not a zip file); nothing was changed\n'});
		expect(run(['import', 'missing.apkg'])).toMatchObject({code: 2, stderr: 'fluency: missing.apkg: no such file\n'});
	});
});

describe('fluency show', () => {
	it('draws the cards of a deck, or of the note at a line, as the review screen does', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is *CI*?\n\nA: Continuous integration.\n\nNote: Why: feedback.\n\nC: A {{c1::canary}} goes first.\n');
		const all = run(['show', 'd', '--width', '40']);
		expect(all.code).toBe(0);
		expect(all.stdout).toMatch(/^d:4 {2}basic {2}[0-9a-f]{16}\nWhat is CI\?\n─+\nContinuous integration\.\n\nWhy: feedback\.\n\nd:10 {2}cloze 1 {2}[0-9a-f]{16}\nA \[\.\.\.\] goes first\.\n─+\nA canary goes first\.\n$/);
		expect(run(['show', 'd:11']).stdout).toContain('A [...] goes first.');
		// The deck's file, as an editor or `fluency check` names it, works as well as its name.
		expect(run(['show', 'decks/d.md', '--width', '40']).stdout).toBe(all.stdout);
		expect(run(['show', 'decks/d.md:5']).stdout).toMatch(/^d:4 {2}basic/);
		expect(run(['show', 'nothing-like-it'])).toMatchObject({code: 2, stderr: 'fluency: no deck, deck file, deck:line or card id matches `nothing-like-it`\n'});
	});
});

describe('fluency add --editor', () => {
	it('appends the cards written in $EDITOR to the deck, and keeps a bad draft', () => {
		mkdirSync(join(home, 'decks'));
		writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\n\nA: Continuous integration.\n');
		const editor = join(home, 'write-card.sh');
		writeFileSync(editor, '#!/bin/sh\n# Called as: EDITOR +LINE FILE\nprintf "Q: What is a canary release?\\n\\nA: A small share of traffic first.\\n\\n| a | b |\\n| - | - |\\n| 1 | 2 |\\n" > "$2"\n', {mode: 0o755});
		const result = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(result.status).toBe(0);
		expect(readFileSync(join(home, 'decks', 'd.md'), 'utf8')).toContain('A: Continuous integration.\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n\n| a | b |');
		expect(run(['check', 'decks/d.md']).stdout).toBe('checked 1 deck, 2 cards: no problems\n');
		writeFileSync(editor, '#!/bin/sh\nprintf "Q: a question with no answer\\n" > "$2"\n', {mode: 0o755});
		const bad = spawnSync(process.execPath, [BIN, 'add', 'd', '--editor'], {cwd: home, env: {...env, EDITOR: editor}, encoding: 'utf8'});
		expect(bad.status).toBe(1);
		expect(bad.stderr).toMatch(/^fluency: .*card\.md:1: card has a question but no answer; nothing was added \(your draft is kept in .*card\.md\)\n$/);
	});
});
