import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'csv-parse/sync';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {exportedNotes} from '../../src/app/interchange/export-text.js';
import {ankiMediaNamer} from '../../src/app/interchange/export-anki.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {notesOfParsedCards, writeDeck} from '../../src/core/decks/deck-writer.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {importText, toAnkiText, toCsv} from '../../src/core/interchange/text-exchange.js';
import {Store} from '../../src/store/database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
The text exports read back: CSV keeps cards that share a question (their ID: lines, or an id made
for a question two sub-decks both ask), and Anki's text format keeps sub-decks and names images
as Anki's flat media folder does.
*/

let root: string;
let decks: string;
let store: Store;
beforeEach(() => {
	root = makeTempDir('fluency-export-text-');
	decks = join(root, 'decks');
	mkdirSync(join(decks, 'backend', 'img'), {recursive: true});
	mkdirSync(join(decks, 'backend', 'apis'), {recursive: true});
	// The same question twice in one deck, told apart by ID:, and an image two decks reach by different paths.
	writeFileSync(
		join(decks, 'backend.md'),
		'---\ntitle: Backend\n---\n\nQ: What does this print?\n\nA:\n```python\nprint(1)\n```\n\nID: print-one\n\nQ: What does this print?\n\nA:\n```python\nprint(2)\n```\n\nID: print-two\n\nQ: Default port of PostgreSQL?\n\nA: 5432\n\n![schema](backend/img/schema.png)\n',
	);
	writeFileSync(join(decks, 'backend', 'apis.md'), '---\ntitle: APIs\n---\n\nQ: Which port does PgBouncer listen on?\n\nA: 6432\n\n![schema](img/schema.png)\n\nQ: Default port of PostgreSQL?\n\nA: 5432, unless the service says otherwise\n');
	writeFileSync(join(decks, 'backend', 'img', 'schema.png'), 'png');
	store = Store.open(join(root, 'fluency.db'));
	loadDecks(store, findDeckFiles([decks], root).files, Date.UTC(2026, 0, 1));
});
afterEach(() => {
	store.close();
	rmSync(root, {recursive: true, force: true});
});

const readBack = (text: string) => notesOfParsedCards(parseDeck({file: 'r.md', deck: 'r', text}).cards);

describe('fluency export --format csv', () => {
	it('keeps every card of a deck and its sub-decks through a re-import, those that share a question too', () => {
		const notes = exportedNotes(store, 'backend');
		expect(notes).toHaveLength(5);
		const imported = importText(toCsv(notes.map((entry) => entry.note)), {defaultSeparator: ','});
		const written = writeDeck({title: 'Backend'}, imported.notes);
		expect(written.refused).toEqual([]);
		const cards = readBack(written.text);
		expect(cards.map((note) => note.answer)).toEqual(['```python\nprint(1)\n```', '```python\nprint(2)\n```', '5432\n\n![schema](backend/img/schema.png)', '6432\n\n![schema](img/schema.png)', '5432, unless the service says otherwise']);
		// The sub-deck asks the parent's question again: in one file it needs an id, made from its deck and line.
		expect(cards.map((note) => note.id)).toEqual(['print-one', 'print-two', undefined, undefined, 'backend/apis:11']);
	});
});

describe('fluency export --format anki-tsv', () => {
	it('names each row\'s deck with its sub-deck, and images by their names in Anki\'s media folder', () => {
		const notes = exportedNotes(store, 'backend');
		const media = ankiMediaNamer();
		const tsv = toAnkiText(
			notes.map((entry) => entry.note),
			'backend',
			notes.map((entry) => ({deck: entry.deck, mediaName: media.nameFor(entry.file)})),
		);
		const lines = tsv.split('\n');
		expect(lines.slice(0, 5)).toEqual(['#separator:tab', '#html:true', '#notetype column:1', '#deck column:5', '#tags column:4']);
		const rows = parse(lines.slice(5).join('\n'), {delimiter: '\t', relax_column_count: true}) as string[][];
		expect(rows.map((row) => row.at(-1))).toEqual(['backend', 'backend', 'backend', 'backend::apis', 'backend::apis']);
		// Both decks point at the same file by different paths: one name, the one Anki's flat media folder has.
		expect(rows[2]![2]).toContain('<img src="schema.png" alt="schema">');
		expect(rows[3]![2]).toContain('<img src="schema.png" alt="schema">');
		expect([...media.files.keys()]).toEqual(['schema.png']);
		// fluency reads it back, the sub-deck's card included.
		expect(importText(tsv, {defaultSeparator: '\t'}).notes).toHaveLength(5);
	});
});
