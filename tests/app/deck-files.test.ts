import {lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {checkFiles, checkFilesInParallel} from '../../src/app/decks/check-decks.js';
import {findDeckFiles, writeFileWhole} from '../../src/app/decks/deck-files.js';
import {DeckLinter} from '../../src/core/decks/lint.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {makeTempDir} from '../helpers/temp.js';

describe('writing a file whole', () => {
	it('replaces it whole, leaves no temporary file, keeps its permissions, and never writes through a link', () => {
		const dir = makeTempDir('fluency-write-');
		const real = join(dir, 'real.md');
		writeFileSync(real, 'Q: old?\nA: old.\n', {mode: 0o600});
		symlinkSync(real, join(dir, 'linked.md'));
		// A link in a shared decks folder can point anywhere (~/.bashrc): fluency made none, so it writes through none.
		expect(() => writeFileWhole(join(dir, 'linked.md'), 'Q: new?\nA: new.\n')).toThrow(/symbolic link/);
		expect(lstatSync(join(dir, 'linked.md')).isSymbolicLink()).toBe(true);
		expect(readFileSync(real, 'utf8')).toBe('Q: old?\nA: old.\n');
		// A dangling link creates nothing at its target.
		symlinkSync(join(dir, 'target.md'), join(dir, 'dangling.md'));
		expect(() => writeFileWhole(join(dir, 'dangling.md'), 'x')).toThrow(/symbolic link/);
		writeFileWhole(real, 'Q: new?\nA: new.\n');
		expect(statSync(real).mode & 0o777).toBe(0o600);
		writeFileWhole(join(dir, 'fresh.md'), 'Q: a?\nA: b.\n');
		expect(readdirSync(dir).sort()).toEqual(['dangling.md', 'fresh.md', 'linked.md', 'real.md']);
		rmSync(dir, {recursive: true, force: true});
	});

	it('leaves the old deck as it was when the write fails', () => {
		const dir = makeTempDir('fluency-write-');
		const path = join(dir, 'd.md');
		writeFileSync(path, 'Q: kept?\nA: yes.\n');
		// A directory where the temporary file would go makes the write fail.
		const blocked = join(dir, 'missing', 'd.md');
		expect(() => writeFileWhole(blocked, 'x')).toThrow();
		expect(readFileSync(path, 'utf8')).toBe('Q: kept?\nA: yes.\n');
		expect(readdirSync(dir)).toEqual(['d.md']);
	});
});

describe('finding deck files', () => {
	it('names each file and shows its place from the working directory, wherever that is', () => {
		const home = makeTempDir('fluency-find-');
		const decks = join(home, 'work', 'decks');
		for (const file of ['a.md', 'backend/apis.md', 'backend/deep/x.MD']) {
			mkdirSync(dirname(join(decks, file)), {recursive: true});
			writeFileSync(join(decks, file), 'Q: q?\nA: a.\n');
		}
		const found = (root: string, cwd: string) => findDeckFiles([root], cwd).files.map((file) => [file.deck, file.displayPath]);
		const names = ['a', 'backend/apis', 'backend/deep/x'];
		// Each place as a user would type it from there: relative inside the working directory, else as the root was given.
		expect(found(decks, home)).toEqual(names.map((deck, index) => [deck, `work/decks/${['a.md', 'backend/apis.md', 'backend/deep/x.MD'][index]}`]));
		expect(found(`${decks}/`, join(home, 'work'))).toEqual(names.map((deck, index) => [deck, `decks/${['a.md', 'backend/apis.md', 'backend/deep/x.MD'][index]}`]));
		expect(found(decks, decks)).toEqual([['a', 'a.md'], ['backend/apis', 'backend/apis.md'], ['backend/deep/x', 'backend/deep/x.MD']]);
		expect(found(decks, join(decks, 'backend'))).toEqual([['a', join(decks, 'a.md')], ['backend/apis', 'apis.md'], ['backend/deep/x', 'deep/x.MD']]);
		expect(found(decks, join(home, 'elsewhere'))).toEqual([['a', join(decks, 'a.md')], ['backend/apis', join(decks, 'backend/apis.md')], ['backend/deep/x', join(decks, 'backend/deep/x.MD')]]);
		expect(found(join(home, 'work', '..', 'work', 'decks'), home)).toEqual(found(decks, home));
		rmSync(home, {recursive: true, force: true});
	});
});

describe('checking deck files', () => {
	it('reports, file by file, what parsing each deck whole and linting it reports', () => {
		const home = makeTempDir('fluency-check-');
		const decks = join(home, 'decks');
		mkdirSync(decks);
		const texts: Record<string, string> = {
			'a.md': 'Q: What is CI?\nA: Merging often.\n\nQ: Is CI good?\nA: yes\n\nR: ICE score\nA: Ranks ideas by impact, confidence and ease.\n\nQ: no answer\n\nC: A {{c1::canary}} goes first, a canary of {{c2::users}} and {{c3::traffic}} and {{c4::regions}}.\n',
			'b.md': '---\nsources: [x]\n---\nQ: What is CI?\nA: Merging daily.\n\nQ: What does CD give?\nA: a, b, c and d\n\nC: {{c2::Only}} a second deletion.\n',
		};
		for (const [name, text] of Object.entries(texts)) writeFileSync(join(decks, name), text);
		const files = findDeckFiles([decks], home).files;
		const linter = new DeckLinter();
		const whole = files.map((file) => parseDeck({file: file.displayPath, deck: file.deck, text: texts[`${file.deck}.md`]!}));
		const expected = whole.flatMap((deck) => [...deck.problems, ...linter.lint(deck)]);
		expect(expected.map((problem) => problem.rule ?? problem.message)).toEqual([
			'card has a question but no answer',
			'sources',
			'yes-no',
			'spelled-out',
			'cloze-count',
			'cloze-cued',
			'duplicate-question',
			'enumeration',
		]);
		expect(checkFiles(files)).toEqual({decks: whole.map((deck) => ({name: deck.name, cards: deck.cards.length})), cards: 11, problems: expected});
		rmSync(home, {recursive: true, force: true});
	});

	it('reports the same, in the same order, when each file is checked alone and the questions are compared after', async () => {
		// Notes that repeat a question within a deck and across decks, on lines that warn otherwise too,
		// a broken note, a deck without sources, and a file that cannot be read.
		const notes = [
			'Q: What is CI?\nA: Merging often.\n',
			'Q: Is CI good?\nA: yes\n',
			'Q: Is CI good?\nA: It depends.\n',
			'R: ICE score\nA: Ranks ideas by impact, confidence and ease.\n',
			'Q: no answer\n',
			'C: A {{c1::canary}} goes first, a {{c2::canary}} of {{c3::users}} and {{c4::traffic}}.\n',
			'C: {{c1::Staging}} mirrors production.\n',
			'Q: What does CD give?\nA: a, b, c and d\n',
			'Q: What is CI?\nID: ci-explicit\nA: Merging daily.\n',
		];
		const deckText = fc.record({sources: fc.boolean(), notes: fc.array(fc.constantFrom(...notes), {maxLength: 6})});
		const home = makeTempDir('fluency-check-alone-');
		await fc.assert(
			fc.asyncProperty(fc.array(deckText, {minLength: 1, maxLength: 5}), fc.boolean(), async (texts, withUnreadable) => {
				const decks = join(home, 'decks');
				rmSync(decks, {recursive: true, force: true});
				mkdirSync(join(decks, 'sub'), {recursive: true});
				texts.forEach(({sources, notes: picked}, index) =>
					writeFileSync(join(decks, index % 2 ? `sub/d${index}.md` : `d${index}.md`), `${sources ? '---\nsources: [x]\n---\n' : ''}${picked.join('\n')}`),
				);
				if (withUnreadable) symlinkSync('/etc/hostname', join(decks, 'outside.md'));
				const files = findDeckFiles([decks], home).files;
				expect(await checkFilesInParallel(files, {workers: 0})).toEqual(checkFiles(files));
			}),
			{numRuns: 40},
		);
	});
});
