import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {LoadReport} from '../../src/app/decks/load-decks.js';
import type {StoredDeck} from '../../src/store/decks.js';
import {NOTE_PARTS, syncTextsInTurn} from '../helpers/deck-sync.js';

/*
A large deck file edited in the middle is synced by parsing only the stretch around the edit,
between two of its checkpoints. The database must then hold what it holds when the edited file is
parsed whole (as a database with no checkpoints does): the same cards, active and retired, with the
same ids, lines and content, the same deck row, and the same report. The checkpoints here are a few
characters apart, so files of a few notes have many of them, and the blocks a card's line is kept
in (line-blocks.ts) may be a few lines long, so that edits split, merge and move many of them.
*/

// Questions numbered from a wide range: now and then two ask the same, and one is a duplicate.
const question = fc.tuple(fc.constantFrom('Q: What is release', 'R: Idempotent step', 'C: A {{c1::flag}} hides'), fc.nat(200)).map(([start, number]) => `${start} ${number}?`);
const noteLine = fc.oneof({arbitrary: question, weight: 6}, {arbitrary: fc.constantFrom(...NOTE_PARTS, 'é ünïcode text'), weight: 12});
// Rarely, a line that opens or closes a block: an edit may leave one open across the rest of the file.
const blockLine = fc.constantFrom('```', '~~~', '<!--', '-->', '--> Q: after a comment?', 'Q: inline <!-- hidden --> comment?', 'x <!-- y', 'z --> w');
const line = fc.oneof({arbitrary: noteLine, weight: 60}, {arbitrary: blockLine, weight: 1});
const lines = (minLength: number, maxLength: number) => fc.array(line, {minLength, maxLength});
const head = fc.constantFrom('', '---\ntags: [ops]\n---', '---\ntitle: Edit\n---');
const ending = fc.constantFrom('', '\n', '\n', '\r\n');
// Lines taken out at a place (a fraction of the file, unbiased: fast-check otherwise favours the
// ends of a range, and most edits would be at the top) and others put in.
const edit = fc.record({at: fc.noBias(fc.integer({min: 0, max: 9999})).map((at) => at / 10_000), remove: fc.nat(4), insert: lines(0, 6), crlf: fc.boolean()});

type Edit = {at: number; remove: number; insert: string[]; crlf: boolean};

function applied(text: string, {at, remove, insert, crlf}: Edit): string {
	const parts = text.split('\n');
	const place = Math.min(parts.length, Math.floor(at * parts.length));
	parts.splice(place, remove, ...insert.map((inserted) => (crlf ? `${inserted}\r` : inserted)));
	return parts.join('\n');
}

type Synced = {reports: LoadReport[]; cards: unknown[]; order: string[]; deck: Omit<StoredDeck, 'id' | 'fileMtimeMs' | 'path' | 'checkpoints' | 'fileHash'>};

/** What the database holds after each text is synced in turn; `whole`: forget the resume points and checkpoints before each sync. */
function syncTexts(texts: readonly string[], checkpointEvery: number, blockLines: number, whole = false): Synced {
	const {reports, cards, order, deck: row} = syncTextsInTurn('edit', texts, {whole, checkpointEvery, blockLines});
	// The checkpoints (and the file's hash, made of theirs) are kept where they were by a partial
	// parse, and placed afresh by a whole one: whether they are right, the next edit's sync tells.
	const {id: _, fileMtimeMs: __, path: ___, checkpoints: ____, fileHash: _____, ...deck} = row;
	return {reports, cards, order, deck};
}

describe('a large deck file edited in the middle', () => {
	it('is synced from the stretch around the edit, to what a sync of the whole file gives', () => {
		let spliced = 0;
		fc.assert(
			fc.property(head, lines(20, 120), ending, fc.array(edit, {minLength: 1, maxLength: 3}), fc.constantFrom(1, 40), fc.constantFrom(3, 16, 1024), (front, body, end, edits, every, blockLines) => {
				const texts = [[front, ...body].join('\n') + end];
				for (const change of edits) {
					// An edit that changes nothing is no sync to compare: the file is not read again.
					const next = applied(texts.at(-1)!, change);
					if (next !== texts.at(-1)) texts.push(next);
				}
				const incremental = syncTexts(texts, every, blockLines);
				const whole = syncTexts(texts, every, blockLines, true);
				expect(incremental.cards).toEqual(whole.cards);
				// Both read back in the order of the cards' lines, whatever blocks of lines each sync made.
				const active = (whole.cards as Array<{id: string; line: number; ordinal: number; retired_at: number | null}>).filter((card) => card.retired_at === null);
				expect(incremental.order).toEqual(active.sort((a, b) => a.line - b.line || a.ordinal - b.ordinal).map((card) => card.id));
				expect(whole.order).toEqual(incremental.order);
				expect(incremental.deck).toEqual(whole.deck);
				incremental.reports.forEach((report, index) => {
					expect({...report, resumedFiles: 0}).toEqual({...whole.reports[index]!, resumedFiles: 0});
				});
				spliced += incremental.reports.slice(1).filter((report) => report.resumedFiles === 1).length;
			}),
			{numRuns: 200},
		);
		// About half the edits are parsed in part (190 to 230 of 365 to 395 in five runs); those near the top,
		// or beside a duplicate or an open block, are parsed whole.
		expect(spliced).toBeGreaterThan(100);
	});
});

describe('a large deck file', () => {
	const notes = Array.from({length: 40}, (_, index) => `Q: What is release ${index}?\nA: Release ${index}.\n`).join('\n');

	it('is not parsed again when only touched, and is parsed whole when its front matter changed', () => {
		const corrected = notes.replace('Release 20.', 'Release twenty.');
		// Written the second time as it was, with a new modification time: its stretches say nothing changed.
		const texts = [`---\ntitle: Releases\n---\n${notes}`, `---\ntitle: Releases\n---\n${notes}`, `---\ntitle: Releases\n---\n${corrected}`, `---\ntitle: All releases\n---\n${corrected}`];
		const {reports, deck} = syncTextsInTurn('edit', texts, {checkpointEvery: 64});
		expect(reports[0]).toMatchObject({parsedFiles: 1, added: 40});
		expect(reports[1]).toMatchObject({parsedFiles: 0});
		expect(reports[2]).toMatchObject({parsedFiles: 1, resumedFiles: 1, changed: 1});
		expect(reports[3]).toMatchObject({parsedFiles: 1, resumedFiles: 0, changed: 0});
		expect(deck.title).toBe('All releases');
		expect(deck.checkpoints.length).toBeGreaterThan(10);
	});

	it('has no checkpoints when it is not valid UTF-8, and is still found unchanged when only touched', () => {
		// A byte no UTF-8 text holds, in an answer: the text read is not the file's bytes, which checkpoints would hash.
		const [before, after] = notes.split('Release 20.');
		const bytes = Buffer.concat([Buffer.from(`${before}Release 20 `), Buffer.from([0xff]), Buffer.from(`.${after}`)]);
		const {reports, deck} = syncTextsInTurn('edit', [bytes, bytes], {checkpointEvery: 64});
		expect(reports[0]).toMatchObject({parsedFiles: 1, added: 40});
		expect(deck.checkpoints).toEqual([]);
		expect(reports[1]).toMatchObject({parsedFiles: 0});
	});
});
