import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {LoadReport} from '../../src/app/decks/load-decks.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import type {StoredDeck} from '../../src/store/decks.js';
import {NOTE_PARTS, syncTextsInTurn} from '../helpers/deck-sync.js';

/*
A deck file that only grew at its end (a card added by hand or by `fluency add`) is synced from
its last note on. The database must then hold what it holds when the grown file is parsed whole
(as a database with no resume point does): the same cards, active and retired, with the same ids,
lines and content, the same deck row, and the same report.
*/

const noteLine = fc.constantFrom('Q: What is a canary release?', 'Q: What is blue-green deployment?', 'R: Idempotent', 'C: A {{c1::feature flag}} hides {{c2::code}}.', ...NOTE_PARTS);
// Rarely, a line that opens or closes a block: left open, the file has no resume point.
const blockLine = fc.constantFrom('```', '<!--', '-->');
const line = fc.oneof({arbitrary: noteLine, weight: 15}, {arbitrary: blockLine, weight: 1});
const body = fc.array(line, {maxLength: 30}).map((lines) => lines.join('\n'));
const head = fc.constantFrom('', '---\ntags: [ops]\n---\n', '---\ntitle: Grow\n---\n');
// Most files end their last line; some stop in the middle of it.
const ending = fc.constantFrom('', '\n', '\n', '\n\n');

type Synced = {report: LoadReport; cards: unknown[]; deck: Omit<StoredDeck, 'id' | 'fileMtimeMs' | 'path'>};

/** The resume point a whole parse of `text` gives, in bytes. */
function parsedResumePoint(text: string) {
	const resumeAt = parseDeck({file: 'decks/grow.md', deck: 'grow', text}).resumeAt;
	return resumeAt ? {line: resumeAt.line, offset: Buffer.byteLength(text.slice(0, resumeAt.offset))} : null;
}

/** What the database holds after each text is synced in turn; `whole`: forget the resume points before each sync. */
function syncTexts(texts: readonly string[], whole = false): Synced {
	const {reports, cards, deck: row} = syncTextsInTurn('grow', texts, {whole});
	const {id: _, fileMtimeMs: __, path: ___, ...deck} = row;
	return {report: reports.at(-1)!, cards, deck};
}

describe('a deck file that grew at its end', () => {
	it('is synced from its last note on, to what a sync of the whole file gives', () => {
		let resumed = 0;
		fc.assert(
			fc.property(head, body, ending, body, (front, old, end, added) => {
				const before = front + old + end;
				const grown = before + added;
				if (grown === before) return;
				const incremental = syncTexts([before, grown]);
				const whole = syncTexts([before, grown], true);
				expect(incremental.cards).toEqual(whole.cards);
				expect(incremental.deck).toEqual(whole.deck);
				expect(incremental.deck.resumeAt).toEqual(parsedResumePoint(grown));
				expect({...incremental.report, resumedFiles: 0}).toEqual(whole.report);
				const canResume = parseDeck({file: 'decks/grow.md', deck: 'grow', text: before}).resumeAt !== undefined;
				expect(incremental.report.resumedFiles).toBe(canResume ? 1 : 0);
				if (canResume) resumed++;
			}),
			{numRuns: 150},
		);
		// About two in five random files can be resumed (55 to 70 of 150 in six runs): the property is not vacuous.
		expect(resumed).toBeGreaterThan(25);
	});

	it('is parsed whole when it changed anywhere but its end, or beside another changed file', () => {
		const start = 'Q: one?\nA: 1\n\nQ: two?\nA: 2\n';
		const edited = syncTexts([start, 'Q: one, edited?\nA: 1\n\nQ: two?\nA: 2\nQ: three?\nA: 3\n']);
		expect(edited.report).toMatchObject({parsedFiles: 1, resumedFiles: 0});
		expect(edited.cards).toEqual(syncTexts([start, 'Q: one, edited?\nA: 1\n\nQ: two?\nA: 2\nQ: three?\nA: 3\n'], true).cards);
		const appended = syncTexts([start, `${start}Q: three?\nA: 3\n`]);
		expect(appended.report).toMatchObject({parsedFiles: 1, resumedFiles: 1, added: 1});
	});
});
