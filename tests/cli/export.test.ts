import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {unzipSync} from 'fflate';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {notesOfParsedCards} from '../../src/core/decks/deck-writer.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';

/*
The export commands as a user runs them, with the built CLI: an Anki package written where asked,
and a CSV that `fluency import` turns back into the same cards, including an answer that starts
with a code fence and two cards that share a question.
*/

let home: string;
let env: Record<string, string>;
beforeEach(() => {
	home = makeTempDir('fluency-export-cli-');
	env = cliEnv(home);
	mkdirSync(join(home, 'decks', 'backend'), {recursive: true});
	writeFileSync(env['FLUENCY_CONFIG']!, `decks: [${join(home, 'decks')}]\nuserDecks: ${join(home, 'decks')}\n`);
	writeFileSync(
		join(home, 'decks', 'backend', 'apis.md'),
		'---\ntitle: APIs\n---\n\nQ: What does this print?\n\nA:\n```python\nprint(1)\n```\n\nID: print-one\n\nQ: What does this print?\n\nA:\n```python\nprint(2)\n```\n\nID: print-two\n\nC: A {{c1::canary}} goes {{first}}.\n\nR: p99\n\nA: 99th percentile\n',
	);
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

describe('fluency export', () => {
	it('--format apkg writes an Anki package of the deck, and says what it holds', () => {
		const result = runCli(['export', 'backend', '--format', 'apkg'], env);
		expect(result.code).toBe(0);
		expect(result.stderr).toMatch(/exported 4 notes \(6 cards, 0 reviews, 2 decks, 0 media files\) to backend\.apkg\n$/);
		const zip = unzipSync(readFileSync(join(home, 'backend.apkg')));
		expect(Object.keys(zip).sort()).toEqual(['collection.anki2', 'collection.anki21b', 'media', 'meta']);
		expect([...zip['meta']!]).toEqual([8, 3]);
	});

	it('--format colpkg takes no deck name, and a deck it does not know is a usage error', () => {
		expect(runCli(['export', 'backend', '--format', 'colpkg'], env)).toMatchObject({code: 2, stderr: expect.stringContaining('--format colpkg exports every deck')});
		expect(runCli(['export', 'nosuch', '--format', 'apkg'], env).code).toBe(2);
		expect(runCli(['export', '--format', 'colpkg', '--output', 'all.colpkg'], env).code).toBe(0);
		expect(unzipSync(readFileSync(join(home, 'all.colpkg')))['meta']).toEqual(new Uint8Array([8, 3]));
	});

	it('--format csv, then import: the same cards, fences and shared questions included', () => {
		expect(runCli(['export', 'backend', '--format', 'csv', '--output', 'backend.csv'], env).code).toBe(0);
		const imported = runCli(['import', 'backend.csv', '--into', join(home, 'decks', 'again'), '--deck', 'copy'], env);
		expect(imported).toMatchObject({code: 0, stdout: expect.stringContaining('imported 4 notes')});
		const read = (path: string) => notesOfParsedCards(parseDeck({file: path, deck: 'd', text: readFileSync(path, 'utf8')}).cards);
		expect(read(join(home, 'decks', 'again', 'copy.md'))).toEqual(read(join(home, 'decks', 'backend', 'apis.md')));
	});
});
