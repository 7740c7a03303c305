import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {zipSync} from 'fflate';
import Database from 'better-sqlite3';
import {convertCsvToFsrsItems} from '@open-spaced-repetition/binding';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {appendNote} from '../../src/app/decks/add-card.js';
import {notesOfDeck, reviewsAsFsrsCsv} from '../../src/app/interchange/export-text.js';
import {importAnkiPackage} from '../../src/app/interchange/import-anki.js';
import {importTextFile} from '../../src/app/interchange/import-text.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {formatDeck} from '../../src/core/decks/deck-writer.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {DEFAULT_SCHEDULER_SETTINGS, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {importText, toAnkiText, toCsv} from '../../src/core/interchange/text-exchange.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {buildPackage, COLLECTION_CREATED, type FixtureNote, type FixtureReview, type Variant} from '../fixtures/anki-package.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowCount} from '../../src/store/inspect.js';

const DAY = 86_400_000;
const t1 = (COLLECTION_CREATED + 10 * 86_400) * 1000;
const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, fuzz: false});

const NOTES: FixtureNote[] = [
	{
		id: 1,
		guid: 'f!Qa#1',
		notetype: 'basic',
		deck: 'Backend::APIs',
		tags: ['api'],
		fields: ['What does <b>idempotent</b> mean?', 'Same effect<br>once or many times <img src="diagram.png">'],
		cards: [{ord: 0, id: 11, type: 2, queue: 2, due: 30, ivl: 10}],
	},
	{id: 2, guid: 'g2', notetype: 'reversed', deck: 'Backend::APIs', fields: ['p99 latency', 'Time under which 99% of requests finish'], cards: [{ord: 0, id: 21, type: 2, queue: 2, due: 25}, {ord: 1, id: 22}]},
	{
		id: 3,
		guid: 'h3',
		notetype: 'cloze',
		deck: 'Privacy',
		fields: ['Report a breach within {{c1::72 hours}} under {{c2::GDPR}}', 'Art 33<table><tr><th>To</th><th>Within</th></tr><tr><td>authority</td><td>72 hours</td></tr></table>'],
		cards: [{ord: 0, id: 31, type: 2, queue: -1, due: 40}, {ord: 1, id: 32}],
	},
	{id: 4, guid: 'i4', notetype: 'three-sided', deck: 'Privacy', fields: ['word', 'meaning', 'example']},
	{id: 5, guid: 'j5', notetype: 'reversed', deck: 'Privacy', fields: ['DPIA', 'Data protection impact assessment'], cards: [{ord: 0, id: 51}]},
];

const REVIEWS: FixtureReview[] = [
	{id: t1, cid: 11, ease: 3, type: 0},
	{id: t1 + DAY, cid: 11, ease: 3, type: 1},
	{id: t1 + 5 * DAY, cid: 11, ease: 3, type: 1},
	// Anki's review ids are their times in ms, unique across the collection.
	{id: t1 + 1000, cid: 21, ease: 1, type: 0},
	{id: t1 + 2 * DAY, cid: 21, ease: 0, factor: 0, type: 4},
	{id: t1 + 3 * DAY, cid: 21, ease: 4, type: 0},
	{id: t1 + DAY + 2000, cid: 31, ease: 3, type: 0},
	{id: t1 + 4 * DAY, cid: 31, ease: 2, type: 1},
];

let root: string;
let decks: string;
let store: Store;
beforeEach(() => {
	root = makeTempDir('fluency-import-');
	decks = join(root, 'decks');
	mkdirSync(decks);
	store = Store.open(join(root, 'fluency.db'));
});
afterEach(() => store.close());

async function importVariant(variant: Variant, force = false, deckDirs: readonly string[] = [decks]) {
	const file = join(root, `collection.${variant === 'anki21b' ? 'colpkg' : 'apkg'}`);
	writeFileSync(file, await buildPackage(variant, NOTES, REVIEWS, {'diagram.png': new Uint8Array([137, 80, 78, 71])}));
	return importAnkiPackage(store, scheduler, file, {into: decks, deckDirs, force, now: t1 + 30 * DAY, sync: () => loadDecks(store, findDeckFiles(deckDirs, root).files, t1 + 30 * DAY)});
}
const cardByPrompt = (prompt: string) => activeCards(store).find((card) => card.prompt === prompt)!;
const count = (table: 'cards' | 'reviews' | 'card_events') => rowCount(store, table);

describe.each<Variant>(['anki2', 'anki21', 'anki21b'])('importing an Anki package (%s)', (variant) => {
	it('turns notes into Markdown decks by Anki deck, with media next to them', async () => {
		const report = await importVariant(variant);
		expect(readdirSync(decks).sort()).toEqual(['backend', 'privacy.md']);
		expect(report.decksWritten.map((path) => path.slice(decks.length + 1)).sort()).toEqual(['backend/apis.md', 'privacy.md']);
		expect(readFileSync(join(decks, 'backend', 'media', 'diagram.png'))).toEqual(Buffer.from([137, 80, 78, 71]));
		const apis = parseDeck({file: 'apis.md', deck: 'backend/apis', text: readFileSync(join(decks, 'backend', 'apis.md'), 'utf8')});
		expect(apis.problems).toEqual([]);
		expect(apis.title).toBe('APIs');
		expect(apis.cards.map((card) => [card.kind, card.ordinal, card.prompt, card.answer])).toEqual([
			['basic', 0, 'What does **idempotent** mean?', 'Same effect\\\nonce or many times ![diagram.png](media/diagram.png)'],
			['reversed', 0, 'p99 latency', 'Time under which 99% of requests finish'],
			['reversed', 1, 'Time under which 99% of requests finish', 'p99 latency'],
		]);
		expect(apis.cards[0]!.tags).toEqual(['api']);
		const privacy = parseDeck({file: 'privacy.md', deck: 'privacy', text: readFileSync(join(decks, 'privacy.md'), 'utf8')});
		expect(privacy.cards.map((card) => [card.kind, card.ordinal, card.prompt])).toEqual([
			['cloze', 1, 'Report a breach within \\[...\\] under GDPR'],
			['cloze', 2, 'Report a breach within 72 hours under \\[...\\]'],
			['basic', 0, 'DPIA'],
		]);
		// An HTML table becomes a Markdown table, not its cells' text run together.
		expect(privacy.cards[0]!.extra).toBe('Art 33\n\n| To  | Within |\n| --- | --- |\n| authority | 72 hours |');
	});

	it('reports what it could not convert, with a reason', async () => {
		const report = await importVariant(variant);
		expect(report.skipped).toEqual([{noteId: 4, reason: 'note type "Vocabulary" has 3 card templates; fluency converts basic, reversed and cloze notes'}]);
		expect(report.notes).toBe(5);
	});

	it('imports the review history, rebuilds FSRS state from it, and carries due dates and suspension over', async () => {
		const report = await importVariant(variant);
		// Card 21's answer before its reset is left out, as Anki's FSRS leaves it out.
		expect(report).toMatchObject({reviewsImported: 6, reviewsBeforeLastStart: 1});
		const idempotent = cardByPrompt('What does **idempotent** mean?');
		expect(idempotent.memory).toMatchObject({state: 'review', reps: 3, lastReview: t1 + 5 * DAY});
		expect(idempotent.memory.stability).toBeGreaterThan(2);
		expect(idempotent.memory.due).toBe((COLLECTION_CREATED + 30 * 86_400) * 1000);
		// Anki's reset ("Forget") starts the card over: only the answer after it counts.
		expect(cardByPrompt('p99 latency').memory).toMatchObject({reps: 1, lastReview: t1 + 3 * DAY});
		expect(cardByPrompt('Report a breach within \\[...\\] under GDPR')).toMatchObject({suspended: true, memory: expect.objectContaining({reps: 2})});
		expect(cardByPrompt('Report a breach within 72 hours under \\[...\\]').memory.state).toBe('new');
	});

	it('can run twice without duplicating anything, with or without --force', async () => {
		const first = await importVariant(variant);
		expect(first).toMatchObject({reviewsInPackage: 6, reviewsImported: 6, cardsUpdated: 3, mediaCopied: 1, mediaAlreadyPresent: 0});
		const before = {cards: count('cards'), reviews: count('reviews'), events: count('card_events')};
		const again = await importVariant(variant);
		expect(again.decksWritten).toEqual([]);
		expect(again.decksKept).toHaveLength(2);
		// The report says what this run did: nothing new, no file copied.
		expect(again).toMatchObject({reviewsInPackage: 6, reviewsImported: 0, cardsUpdated: 0, mediaCopied: 0, mediaAlreadyPresent: 1});
		const forced = await importVariant(variant, true);
		// --force says what it replaced: here the files are as the package wrote them, nothing of the user's.
		expect(forced.decksReplaced.map((deck) => [deck.path.slice(decks.length + 1), deck.changed, deck.removed]).sort()).toEqual([['backend/apis.md', 0, 0], ['privacy.md', 0, 0]]);
		expect({cards: count('cards'), reviews: count('reviews'), events: count('card_events')}).toEqual(before);
	});
});

describe('malformed packages', () => {
	const attempt = async (bytes: Uint8Array | string) => {
		const file = join(root, 'bad.apkg');
		writeFileSync(file, bytes);
		const before = readdirSync(decks);
		const error = await (async () => {
			try {
				importAnkiPackage(store, scheduler, file, {into: decks, deckDirs: [decks], force: false, now: t1, sync: () => undefined});
			} catch (thrown) {
				return thrown as Error;
			}
			return undefined;
		})();
		expect(readdirSync(decks)).toEqual(before);
		expect(count('cards')).toBe(0);
		return error?.message;
	};

	it('refuses a file that is not a zip', async () => {
		expect(await attempt('just some text')).toMatch(/bad\.apkg: not an Anki package \(not a zip file\); nothing was changed$/);
	});

	it('refuses a zip without a collection', async () => {
		expect(await attempt(zipSync({'readme.txt': new TextEncoder().encode('hi')}))).toMatch(/not an Anki package \(no collection\.anki2 inside\); nothing was changed$/);
	});

	it('refuses a collection with the wrong schema', async () => {
		const db = new Database(':memory:');
		db.exec('CREATE TABLE col (id); CREATE TABLE notes (id)');
		expect(await attempt(zipSync({'collection.anki2': new Uint8Array(db.serialize())}))).toMatch(/not an Anki collection \(no `cards` table\); nothing was changed$/);
	});

	it('refuses a collection that is not SQLite', async () => {
		expect(await attempt(zipSync({'collection.anki2': new TextEncoder().encode('not sqlite at all')}))).toMatch(/the collection inside is not a SQLite database; nothing was changed$/);
	});
});

describe('text import and export', () => {
	it('reads Anki\'s plain-text export with its header lines and HTML', () => {
		const text = '#separator:tab\n#html:true\n#tags column:3\nWhat is <i>CI</i>?\tMerging to mainline<br>daily\tbackend ci\n{{c1::Canary}} releases go first\t\tmlops\n\tno front\t\n';
		const imported = importText(text, {defaultSeparator: '\t'});
		expect(imported.notes).toEqual([
			{kind: 'basic', question: 'What is *CI*?', answer: 'Merging to mainline\ndaily', extra: '', tags: ['backend', 'ci']},
			{kind: 'cloze', question: '{{c1::Canary}} releases go first', answer: '', extra: '', tags: ['mlops']},
		]);
		expect(imported.skipped).toEqual([{row: 6, reason: 'the front is empty'}]);
		const table = importText('#html:true\nRetention terms\t<table><tr><td>young</td><td>&lt; 21 days</td></tr></table>\n', {defaultSeparator: '\t'});
		expect(table.notes[0]!.answer).toBe('|     |     |\n| --- | --- |\n| young | < 21 days |');
	});

	it('takes the column order from --columns or a header row', () => {
		expect(importText('back,front\nanswer,question\n', {defaultSeparator: ','}).notes[0]).toMatchObject({question: 'question', answer: 'answer'});
		expect(importText('x;y\n', {defaultSeparator: ';', columns: ['back', 'front']}).notes[0]).toMatchObject({question: 'y', answer: 'x'});
	});

	it('round-trips a deck through CSV export and import', () => {
		const notes = [
			{kind: 'basic' as const, question: 'What is `CI`?', answer: 'Integrating, with "quotes", commas\nand lines', extra: 'Why: fast feedback', tags: ['ci']},
			{kind: 'reversed' as const, question: 'p99', answer: '99th percentile', extra: '', tags: []},
			{kind: 'cloze' as const, question: 'A {{c1::canary}} goes first', answer: '', extra: 'extra', tags: ['mlops']},
		];
		expect(importText(toCsv(notes), {defaultSeparator: ','}).notes).toEqual(notes);
	});

	it('writes Anki\'s text format with a notetype column and HTML fields', () => {
		const tsv = toAnkiText([{kind: 'reversed', question: 'p99 *latency*', answer: 'the 99th percentile', tags: ['api']}], 'backend/apis');
		expect(tsv.split('\n').slice(0, 6)).toEqual(['#separator:tab', '#html:true', '#notetype column:1', '#deck:backend::apis', '#tags column:4', 'Basic (and reversed card)\t<p>p99 <em>latency</em></p>\t<p>the 99th percentile</p>\tapi']);
	});

	it('exports a deck\'s notes from the database as written in its file', () => {
		writeFileSync(join(decks, 'backend.md'), formatDeck({title: 'Backend'}, [{kind: 'reversed', question: 'p99', answer: '99th percentile'}, {kind: 'cloze', question: 'A {{c1::canary}} goes first', answer: '', extra: 'x'}]));
		loadDecks(store, findDeckFiles([decks], root).files, t1);
		expect(notesOfDeck(store, 'backend')).toEqual([
			{kind: 'reversed', question: 'p99', answer: '99th percentile', extra: '', tags: []},
			{kind: 'cloze', question: 'A {{c1::canary}} goes first', answer: '', extra: 'x', tags: []},
		]);
	});

	it('exports the review log in columns the FSRS tools read', async () => {
		await importVariant('anki21');
		const csv = reviewsAsFsrsCsv(store);
		expect(csv.split('\n')[0]).toBe('card_id,review_time,review_rating,review_state,review_duration');
		expect(csv.trim().split('\n')).toHaveLength(1 + 6);
		// The binding's own CSV reader (the one the FSRS tools use) accepts it.
		const items = convertCsvToFsrsItems(new TextEncoder().encode(csv), 4, 'UTC', () => 0);
		expect(items.length).toBeGreaterThan(0);
		expect(existsSync(join(decks, 'privacy.md'))).toBe(true);
	});
});

describe('anki-tsv export and import', () => {
	const NOTES_TO_EXPORT = [
		{kind: 'basic' as const, question: 'What is `CI`?', answer: 'Integrating *often*\nand in small steps', extra: 'Why: fast feedback', tags: ['ci', 'backend']},
		{kind: 'basic' as const, question: 'Show a pure function', answer: 'Like this:\n\n```python\ndef f(x):\n    return x\n```', extra: '', tags: []},
		{kind: 'reversed' as const, question: 'p99 latency', answer: 'The time under which 99% of requests finish', extra: 'Watch the tail, not the mean', tags: ['api']},
		{kind: 'cloze' as const, question: 'A {{c1::canary}} release goes first', answer: '', extra: 'Then a wider rollout', tags: ['mlops']},
	];

	it('round-trips a deck: questions, answers, Note: text, code, tags and card kinds', () => {
		expect(importText(toAnkiText(NOTES_TO_EXPORT, 'backend/apis'), {defaultSeparator: '\t'}).notes).toEqual(NOTES_TO_EXPORT);
	});

	it('keeps line breaks as <br>, code lines as they are, and the Note: text at the end of the Back field', () => {
		const tsv = toAnkiText(NOTES_TO_EXPORT, 'backend/apis');
		// Fields are quoted (quotes doubled) where they hold a quote or a newline, as Anki's importer reads them.
		expect(tsv).toContain('\t"<p>Integrating <em>often</em><br>and in small steps</p><div class=""fluency-note""><p>Why: fast feedback</p></div>"\tci backend\n');
		expect(tsv).toContain('<pre><code class=""language-python"">def f(x):\n    return x\n</code></pre>"');
	});

	it('reads the metadata columns Anki writes (guid, notetype, deck, tags) instead of taking them for fields', () => {
		const text = [
			'#separator:tab',
			'#html:true',
			'#guid column:1',
			'#notetype column:2',
			'#deck column:3',
			'#tags column:6',
			'a1B2c3\tBasic\tBackend::APIs\tWhat is <b>REST</b>?\tAn API style<br>over HTTP\tapi',
			'd4\tCloze\tBackend\t{{c1::Canary}} first\tsee the runbook\tmlops release',
			'e5\tBasic (and reversed card)\tBackend\tp99\t99th percentile\t',
			'',
		].join('\n');
		expect(importText(text, {defaultSeparator: ','}).notes).toEqual([
			{kind: 'basic', question: 'What is **REST**?', answer: 'An API style\nover HTTP', extra: '', tags: ['api']},
			{kind: 'cloze', question: '{{c1::Canary}} first', answer: '', extra: 'see the runbook', tags: ['mlops', 'release']},
			{kind: 'reversed', question: 'p99', answer: '99th percentile', extra: '', tags: []},
		]);
	});

	it('reads Anki\'s optional reversed note type: its third field says whether the note goes both ways', () => {
		const text = '#separator:tab\n#notetype column:1\n#tags column:5\nBasic (optional reversed card)\tSLO\tService level objective\ty\tops\nBasic (optional reversed card)\tSLI\tService level indicator\t\tops\n';
		expect(importText(text, {defaultSeparator: '\t'}).notes).toEqual([
			{kind: 'reversed', question: 'SLO', answer: 'Service level objective', extra: '', tags: ['ops']},
			{kind: 'basic', question: 'SLI', answer: 'Service level indicator', extra: '', tags: ['ops']},
		]);
	});
});

describe('importing a text file', () => {
	const file = (name: string, text: string) => {
		const path = join(root, name);
		writeFileSync(path, text);
		return path;
	};

	it('writes nothing, and says why, when the file gives no notes', () => {
		const semicolons = file('ops.csv', 'What is drift?;A change in the data\nWhat is skew?;Training and serving differ\n');
		expect(() => importTextFile(semicolons, {into: decks, deckDirs: [decks], force: false})).toThrow(
			`${semicolons}: no notes found: every row has one column when split on \`,\`; is the separator \`;\`? use --separator ';'; nothing was written`,
		);
		expect(() => importTextFile(file('empty.csv', '#separator:comma\n'), {into: decks, deckDirs: [decks], force: false})).toThrow(/empty\.csv: no notes found: the file has no rows; nothing was written$/);
		expect(readdirSync(decks)).toEqual([]);
		const imported = importTextFile(semicolons, {into: decks, deckDirs: [decks], force: false, separator: 'semicolon'});
		expect(imported).toMatchObject({path: join(decks, 'ops.md'), notes: 2});
	});

	it('refuses a deck name another deck file already has, even with --force, and writes nothing', () => {
		const builtIn = join(root, 'built-in');
		mkdirSync(builtIn);
		writeFileSync(join(builtIn, 'mlops.md'), '---\ntitle: MLOps\n---\n\nQ: What is drift?\n\nA: A change in the data.\n');
		const csv = file('mlops.csv', 'front,back\nWhat is skew?,Training and serving differ\n');
		for (const force of [false, true]) {
			expect(() => importTextFile(csv, {into: decks, deckDirs: [builtIn, decks], force})).toThrow(
				`deck \`mlops\` already exists (${join(builtIn, 'mlops.md')}); choose another name with --deck NAME, or a sub-folder with --into DIR; nothing was written`,
			);
		}
		expect(readdirSync(decks)).toEqual([]);
		expect(importTextFile(csv, {into: decks, deckDirs: [builtIn, decks], force: false, deck: 'my-mlops'}).path).toBe(join(decks, 'my-mlops.md'));
	});

	it('refuses an Anki package whose deck name is taken, before writing or storing anything', async () => {
		const other = join(root, 'other');
		mkdirSync(other);
		writeFileSync(join(other, 'privacy.md'), '---\ntitle: Privacy\n---\n\nQ: What is a DPIA?\n\nA: A data protection impact assessment.\n');
		loadDecks(store, findDeckFiles([other, decks], root).files, t1);
		await expect(importVariant('anki21', false, [other, decks])).rejects.toThrow(
			/collection\.apkg: deck `privacy` already exists \(.*other\/privacy\.md\); import into a sub-folder with --into DIR; nothing was changed$/,
		);
		expect(readdirSync(decks)).toEqual([]);
		expect(count('reviews')).toBe(0);
		loadDecks(store, findDeckFiles([other, decks], root).files, t1);
		expect(activeCards(store).map((card) => [card.deck, card.prompt])).toEqual([['privacy', 'What is a DPIA?']]);
	});
});

describe('adding a card to a deck that does not exist yet', () => {
	it('writes front matter and that card only, none of the `fluency new` examples', () => {
		const file = join(decks, 'ops', 'new.md');
		appendNote(file, 'ops/new', {kind: 'basic', question: 'What is a feature store?', answer: 'A shared store of model features.'});
		const text = readFileSync(file, 'utf8');
		expect(text).toBe('---\ntitle: New\ntags:\n  - ops\n---\n\nQ: What is a feature store?\n\nA: A shared store of model features.\n');
		expect(parseDeck({file, deck: 'ops/new', text}).cards.map((card) => card.prompt)).toEqual(['What is a feature store?']);
	});
});
