import {mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {formatLoadSummary, loadDecks} from '../../src/app/decks/load-decks.js';
import {cardIdFor} from '../../src/core/decks/card.js';
import {matchCards} from '../../src/core/decks/identity.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {activeCards, getCard} from '../../src/store/cards.js';
import {activeDeckListing} from '../../src/store/decks.js';
import {Store} from '../../src/store/database.js';
import {recordAnswer, reviewsOfCard} from '../../src/store/review/reviews.js';
import {rowsOf} from '../../src/store/inspect.js';
import {makeTempDir} from '../helpers/temp.js';

let root: string;
let decksDir: string;
let store: Store;
let clock: number;
const scheduler = new Scheduler({desiredRetention: 0.9, maximumInterval: 36_500, fuzz: false, learningSteps: ['1m', '10m'], relearningSteps: ['10m']});

beforeEach(() => {
	root = makeTempDir('fluency-sync-');
	decksDir = join(root, 'decks');
	mkdirSync(decksDir);
	store = Store.open(join(root, 'fluency.db'));
	clock = Date.parse('2026-11-24T09:00:00Z');
});
afterEach(() => store.close());

let writes = 0;
/** Write a deck file with a fresh modification time, as an editor would. */
function write(relativePath: string, text: string): void {
	const path = join(decksDir, relativePath);
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, text);
	writes++;
	utimesSync(path, new Date(1_700_000_000_000 + writes * 1000), new Date(1_700_000_000_000 + writes * 1000));
}
const sync = () => {
	clock += 60_000;
	return loadDecks(store, findDeckFiles([decksDir], root).files, clock);
};
const cardWith = (prompt: string) => activeCards(store).find((card) => card.prompt === prompt);
/** Answer a card Good so it has history worth keeping. */
function study(prompt: string): string {
	const card = cardWith(prompt)!;
	recordAnswer(store, {cardId: card.id, rating: 3, at: clock, durationMs: 4000}, (memory, at) => scheduler.answer(memory, 3, at, card.id));
	return card.id;
}

describe('syncing deck files into the database', () => {
	it('adds every card of every deck, with sub-decks named by folder', () => {
		write('backend/apis.md', 'Q: What does idempotent mean?\nA: Same effect once or many times.\n\nR: p99\nA: The 99th percentile.\n');
		write('mlops.md', 'C: A {{c1::canary}} gets a slice of traffic.\n');
		const report = sync();
		expect(report).toMatchObject({decks: 2, parsedFiles: 2, added: 4, changed: 0, moved: 0, retired: 0});
		expect(activeCards(store).map((card) => [card.deck, card.kind, card.ordinal])).toEqual([
			['backend/apis', 'basic', 0],
			['backend/apis', 'reversed', 0],
			['backend/apis', 'reversed', 1],
			['mlops', 'cloze', 1],
		]);
		expect(formatLoadSummary(report)).toBe('synced 2 decks: 4 added, 0 changed, 0 moved, 0 retired, 0 problems');
	});

	it('reports a new deck file that cannot be read, in one line, and loads the others', () => {
		write('a.md', 'Q: What is a canary release?\nA: A release to a slice of traffic first.\n');
		write('b.md', 'Q: What is blue-green deployment?\nA: Two environments, switched by the router.\n');
		const found = findDeckFiles([decksDir], root).files;
		// Deleted between listing and reading, as an editor's save-by-rename can do.
		rmSync(join(decksDir, 'a.md'));
		const report = loadDecks(store, found, clock);
		expect(report).toMatchObject({decks: 2, parsedFiles: 1, added: 1});
		expect(report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message.split(':')[0]}`)).toEqual(['decks/a.md:1: cannot read this deck']);
		expect(activeCards(store).map((card) => card.deck)).toEqual(['b']);
	});

	it('keeps history when the answer is edited', () => {
		write('backend.md', 'Q: What does CI stand for?\nA: Continuous integration.\n');
		sync();
		const id = study('What does CI stand for?');
		write('backend.md', 'Q: What does CI stand for?\nA: Continuous integration: everyone merges to mainline daily.\n');
		expect(sync()).toMatchObject({added: 0, changed: 1, retired: 0});
		const card = getCard(store, id)!;
		expect(card.answer).toBe('Continuous integration: everyone merges to mainline daily.');
		expect(card.memory.reps).toBe(1);
		expect(reviewsOfCard(store, id)).toHaveLength(1);
	});

	it('keeps history when a typo in the question is fixed or it is reformatted', () => {
		write('backend.md', 'Q: What does CI stnad for?\nA: Continuous integration.\n');
		sync();
		const id = study('What does CI stnad for?');
		write('backend.md', 'Q: What does **CI** stand for?\nA: Continuous integration.\n');
		expect(sync()).toMatchObject({added: 0, changed: 1, retired: 0});
		expect(getCard(store, id)!.prompt).toBe('What does **CI** stand for?');
		expect(getCard(store, id)!.memory.reps).toBe(1);
	});

	it('keeps history when a card moves to another deck file, and reports the move', () => {
		write('backend.md', 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a monolith?\nA: One deployable unit.\n');
		write('mlops.md', 'Q: What is a feature store?\nA: Shared features for training and serving.\n');
		sync();
		const id = study('What does CI stand for?');
		write('backend.md', 'Q: What is a monolith?\nA: One deployable unit.\n');
		write('mlops.md', 'Q: What is a feature store?\nA: Shared features for training and serving.\n\nQ: What does CI stand for?\nA: Continuous integration.\n');
		const report = sync();
		expect(report).toMatchObject({added: 0, moved: 1, retired: 0});
		expect(report.moves).toEqual([{prompt: 'What does CI stand for?', from: 'backend', to: 'mlops'}]);
		expect(getCard(store, id)).toMatchObject({deck: 'mlops', retiredAt: null});
		expect(getCard(store, id)!.memory.reps).toBe(1);
	});

	it('keeps history when a deck file is renamed', () => {
		write('ops.md', 'Q: What is MLOps?\nA: DevOps practice for ML systems.\n');
		sync();
		const id = study('What is MLOps?');
		rmSync(join(decksDir, 'ops.md'));
		write('mlops.md', 'Q: What is MLOps?\nA: DevOps practice for ML systems.\n');
		expect(sync()).toMatchObject({added: 0, moved: 1, retired: 0});
		expect(getCard(store, id)).toMatchObject({deck: 'mlops', retiredAt: null});
	});

	it('makes a genuinely new question a new card', () => {
		write('backend.md', 'Q: What is CI?\nA: Continuous integration.\n');
		sync();
		write('backend.md', 'Q: What is CI?\nA: Continuous integration.\n\nQ: What is a pull request?\nA: A proposal to merge a branch.\n');
		expect(sync()).toMatchObject({added: 1, changed: 0, retired: 0});
		expect(activeCards(store)).toHaveLength(2);
	});

	it('reports two identical questions in one deck as a duplicate and loads the first', () => {
		write('backend.md', 'Q: What is CI?\nA: one\n\nQ: what is CI\nA: two\n');
		const report = sync();
		expect(report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toEqual(['decks/backend.md:4: duplicate of the card at line 1']);
		expect(activeCards(store).map((card) => card.answer)).toEqual(['one']);
	});

	it('retires a removed card without deleting its history, and restores it when it returns', () => {
		write('backend.md', 'Q: What is CI?\nA: Continuous integration.\n\nQ: What is CD?\nA: Continuous delivery.\n');
		sync();
		const id = study('What is CI?');
		write('backend.md', 'Q: What is CD?\nA: Continuous delivery.\n');
		expect(sync()).toMatchObject({retired: 1});
		expect(getCard(store, id)!.retiredAt).not.toBeNull();
		expect(reviewsOfCard(store, id)).toHaveLength(1);
		expect(activeCards(store).map((card) => card.prompt)).toEqual(['What is CD?']);

		write('backend.md', 'Q: What is CD?\nA: Continuous delivery.\n\nQ: What is CI?\nA: Continuous integration.\n');
		expect(sync()).toMatchObject({added: 0, restored: 1});
		expect(getCard(store, id)).toMatchObject({retiredAt: null});
		expect(getCard(store, id)!.memory.reps).toBe(1);
	});

	it('retires the cards of a deleted deck file', () => {
		write('backend.md', 'Q: What is CI?\nA: Continuous integration.\n');
		write('data.md', 'Q: What is OLAP?\nA: Analytical processing.\n');
		sync();
		rmSync(join(decksDir, 'data.md'));
		expect(sync()).toMatchObject({retired: 1});
		expect(activeCards(store).map((card) => card.deck)).toEqual(['backend']);
	});

	it('does not re-read files that did not change, and re-parses only the one that did', () => {
		write('a.md', 'Q: a?\nA: a\n');
		write('b.md', 'Q: b?\nA: b\n');
		expect(sync().parsedFiles).toBe(2);
		expect(sync()).toMatchObject({parsedFiles: 0, added: 0, changed: 0});
		write('b.md', 'Q: b?\nA: b, edited\n');
		expect(sync()).toMatchObject({parsedFiles: 1, changed: 1});
	});

	it('does not re-parse a file that was only touched', () => {
		write('a.md', 'Q: a?\nA: a\n');
		sync();
		write('a.md', 'Q: a?\nA: a\n');
		expect(sync()).toMatchObject({parsedFiles: 0});
	});

	it('still reports the problems of unchanged decks on later syncs', () => {
		write('a.md', 'Q: question without answer\n');
		expect(sync().problems).toHaveLength(1);
		expect(sync().problems.map((problem) => problem.message)).toEqual(['card has a question but no answer']);
	});

	it('loads the good cards of a deck that has a bad one', () => {
		write('a.md', 'Q: good?\nA: yes\n\nQ: bad\n\nQ: also good?\nA: yes\n');
		const report = sync();
		expect(report.added).toBe(2);
		expect(report.problems).toHaveLength(1);
	});

	it('writes a deck of more cards than it writes at once, as it reads it, with the ids matching gives', () => {
		// 12,000 notes in one file, and a second deck asking some of the same questions: their ids are
		// taken already, by cards written a chunk or a file earlier, and the deck's name salts them.
		const notes = (from: number, count: number) => Array.from({length: count}, (_, index) => `Q: Question ${from + index}?\nA: Answer ${from + index}.`).join('\n\n');
		write('big.md', `---\ntitle: Big\n---\n${notes(0, 12_000)}\n\nQ: Broken, no answer\n`);
		write('small.md', `${notes(4_000, 3)}\n\n${notes(11_998, 2)}\n\n${notes(20_000, 1)}\n`);
		const report = sync();
		expect(report).toMatchObject({decks: 2, parsedFiles: 2, added: 12_006, changed: 0, retired: 0});
		expect(report.problems.map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toEqual(['decks/big.md:36004: card has a question but no answer']);

		// What the core's matching gives the cards of both files, read whole, in order, into an empty collection.
		const parsed = findDeckFiles([decksDir], root).files.map((file) => parseDeck({file: file.displayPath, deck: file.deck, text: readFileSync(file.path, 'utf8')}));
		const expected = matchCards(parsed.flatMap((deck) => deck.cards), [], {idInUse: () => false, retiredWithKeys: () => [], textsOf: () => new Map()}).matched;
		const stored = new Map(activeCards(store).map((card) => [card.id, card]));
		expect(stored.size).toBe(12_006);
		expect(expected.filter(({id, card}) => stored.get(id)?.deck !== card.deck || stored.get(id)?.prompt !== card.prompt)).toEqual([]);
		expect(expected.filter(({card}) => card.deck === 'small').map(({id}) => id)).not.toContain(cardIdFor('q:question 4000#0'));
		// Each deck's row, written before its cards, holds what its whole file says once it is read.
		expect(activeDeckListing(store).map((deck) => [deck.name, deck.title, deck.problems.length])).toEqual([
			['big', 'Big', 1],
			['small', 'small', 0],
		]);
	});
});

describe('a note added or taken out above other cards', () => {
	const notes = Array.from({length: 24}, (_, index) =>
		index % 3 === 0 ? `Q: Question ${index}?\nA: Answer ${index}.` : index % 3 === 1 ? `R: Term ${index}\nA: Meaning ${index}.` : `C: A {{c1::cloze}} with {{c2::two}} deletions, ${index}.`,
	);
	const deckText = (list: readonly string[]) => `---\ntitle: Moves\n---\n\n${list.join('\n\n')}\n`;
	/** Each card's row, keyed by id, and the line the parser gives each card now. */
	const rows = () => new Map(rowsOf(store, 'cards').filter((row) => row['retired_at'] === null).map((row) => [row['id'] as string, row]));
	const parsedLines = (text: string) => new Map(parseDeck({file: 'decks/moves.md', deck: 'moves', text}).cards.map((card) => [card.identityKey, card.line]));

	it.each([
		{edit: 'a note inserted in the middle', after: [...notes.slice(0, 12), 'Q: A new question?\nA: A new answer.', ...notes.slice(12)], added: 1, retired: 0},
		{edit: 'the first note taken out', after: notes.slice(1), added: 0, retired: 1},
		{edit: 'blank lines and a comment added at the top', after: ['<!-- moved down -->\n\n\n', ...notes], added: 0, retired: 0},
	])('after $edit, writes each card that moved at its new line and changes nothing else of it', ({after, added, retired}) => {
		write('moves.md', deckText(notes));
		sync();
		const before = rows();
		const text = deckText(after);
		write('moves.md', text);
		expect(sync()).toMatchObject({added, changed: 0, retired, moved: 0});
		const lines = parsedLines(text);
		const now = rows();
		let moved = 0;
		for (const [id, row] of now) {
			expect(row['line']).toBe(lines.get(row['identity_key'] as string));
			const was = before.get(id);
			if (!was) continue;
			if (was['line'] !== row['line']) moved++;
			expect({...row, line: 0}).toEqual({...was, line: 0});
		}
		expect(moved).toBeGreaterThan(10);
	});
});
