import {availableParallelism} from 'node:os';
import {mkdirSync, truncateSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {Store} from '../../src/store/database.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';

/*
A first sync of many new deck files has workers read and parse them ahead of its writes
(src/app/decks/reading-workers.ts). The built CLI does it so; from the sources there is no built
worker, and every file is read on the test's own thread. Both must store the same.
*/

/** Every row of the tables a sync of deck files writes, without the times it wrote them at. */
function syncedRows(path: string): Record<string, unknown[]> {
	const store = Store.open(path);
	try {
		const rows: Record<string, unknown[]> = {};
		for (const table of ['decks', 'cards', 'line_blocks']) {
			const columns = (store.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).filter((column) => !/_at$/.test(column));
			rows[table] = store.db.prepare(`SELECT ${columns.map((column) => `"${column}"`).join(', ')} FROM ${table} ORDER BY 1`).all();
		}
		return rows;
	} finally {
		store.close();
	}
}

// Long answers: the files' size decides whether workers start, and fewer cards make it sooner.
const LONG_ANSWER = 'An answer at the length of one that explains itself: what it is, why it matters to a product team, and where it stops being true. '.repeat(4).trim();

/** Deck files as a large collection has them, with every kind of trouble a file can bring. */
function writeManyDecks(decks: string): void {
	for (let index = 0; index < 90; index++) {
		const folder = join(decks, `topic-${index % 3}`);
		mkdirSync(folder, {recursive: true});
		const notes = Array.from({length: 30}, (_, note) =>
			note % 3 === 0 ? `R: Term ${index}-${note}\n\nA: Meaning ${note}.` : note % 3 === 1 ? `C: {{c1::One}} and {{c2::two}} in ${index}-${note}.` : `Q: Question ${index}-${note}?\n\nA: Answer.\nTags: t${note % 4}`,
		);
		// Enough text (over 8 MB in all) for workers to start.
		for (let filler = 0; filler < 190; filler++) notes.push(`Q: What is fact ${filler} of deck ${index}?\n\nA: ${LONG_ANSWER}`);
		// The same note in many decks (one id each), a note twice in one deck, a note without an answer.
		if (index % 10 === 0) notes.push('Q: What is CI?\n\nA: Merging often.');
		if (index === 7) notes.push('Q: Question 7-2?\n\nA: Again.', 'Q: no answer');
		writeFileSync(join(folder, `deck-${index}.md`), `---\ntitle: Deck ${index}\n${index % 5 ? 'sources: [x]\n' : ''}tags: [t${index % 2}]\n---\n\n${notes.join('\n\n')}\n`);
	}
	// Last in the files' order, so that a worker reads them. Large enough for checkpoints (the parse
	// marks them, the worker hashes their stretches):
	const large = Array.from({length: 5000}, (_, note) => `Q: Large question ${note}?\n\nA: An answer long enough to fill the file ${note}.`).join('\n\n');
	mkdirSync(join(decks, 'zz'));
	writeFileSync(join(decks, 'zz', 'large.md'), `---\nsources: [x]\n---\n\n${large}\n`);
	// Not valid UTF-8: stored without checkpoints, whoever reads it.
	writeFileSync(join(decks, 'zz', 'latin1.md'), Buffer.concat([Buffer.from('Q: Caf'), Buffer.from([0xe9]), Buffer.from('?\n\nA: Coffee.\n')]));
	// Larger than a deck may be (sparse, so nothing is written): refused with a problem, whoever reads it.
	writeFileSync(join(decks, 'huge.md'), '');
	truncateSync(join(decks, 'huge.md'), 33 * 1024 * 1024);
}

describe('a first sync of many deck files', () => {
	it('stores the same whether workers read the files ahead of the writes or the writes read them', () => {
		const root = makeTempDir('fluency-first-sync-workers-');
		const decks = join(root, 'decks');
		writeManyDecks(decks);

		const here = Store.open(join(root, 'here.db'));
		const report = loadDecks(here, findDeckFiles([decks], root).files, Date.now());
		here.close();
		// Every file is read, the huge one refused.
		expect(report).toMatchObject({decks: 93, added: 26_610});
		expect(report.problems.map((problem) => `${problem.file.split('/').at(-1)}: ${problem.message}`)).toEqual([
			'huge.md: file is larger than 32 MiB; split it into several decks',
			'deck-7.md: duplicate of the card at line 13',
			'deck-7.md: card has a question but no answer',
		]);

		// Counts the workers started and the parses received from them.
		const counter = `import threads from 'node:worker_threads'; import {syncBuiltinESMExports} from 'node:module';
if (threads.isMainThread) {
	let started = 0; let received = 0; const Real = threads.Worker; const receive = threads.receiveMessageOnPort;
	threads.Worker = class extends Real { constructor(...args) { super(...args); started++; } };
	threads.receiveMessageOnPort = (port) => { const message = receive(port); if (message) received++; return message; };
	syncBuiltinESMExports();
	process.on('exit', () => process.stderr.write('workers started: ' + started + ', parses received: ' + received + '\\n'));
}`;
		const cli = runCli(['sync', '--decks', decks], cliEnv(root, {FLUENCY_DATA_DIR: join(root, 'cli'), NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(counter)}`}));
		// A deck with an error makes the sync exit 1, with everything else stored.
		expect(cli.code).toBe(1);
		expect(cli.stderr).toContain('synced 93 decks: 26610 added, 0 changed, 0 moved, 0 retired, 3 problems\n');
		expect(cli.stderr).toContain(`workers started: ${Math.min(3, availableParallelism() - 1)},`);
		// Enough files that a worker is running before the writes have reached the last one.
		if (availableParallelism() > 1) expect(Number(/parses received: (\d+)/.exec(cli.stderr)?.[1])).toBeGreaterThan(0);

		const stored = syncedRows(join(root, 'here.db'));
		// The large file has checkpoints to compare.
		expect(stored['decks']!.filter((deck) => ![null, '[]'].includes((deck as {checkpoints: string | null}).checkpoints)).map((deck) => (deck as {name: string}).name)).toEqual(['zz/large']);
		// Table by table, and the first row that differs, if any: a diff of 30,000 rows at once takes seconds.
		const written = syncedRows(join(root, 'cli', 'fluency.db'));
		for (const [table, rows] of Object.entries(stored)) {
			const differing = rows.findIndex((row, index) => JSON.stringify(row) !== JSON.stringify(written[table]![index]));
			expect({table, rows: written[table]!.length, differing: differing === -1 ? undefined : written[table]![differing]}).toEqual({table, rows: rows.length, differing: rows[differing]});
		}
	});
});
