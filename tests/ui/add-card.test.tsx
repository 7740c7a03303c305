import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {render} from 'ink-testing-library';
import {beforeEach, describe, expect, it} from 'vitest';
import {Fluency} from '../../src/app/service/fluency.js';
import type {NoteToWrite} from '../../src/core/decks/deck-writer.js';
import {AddCardForm} from '../../src/ui/add/AddCardForm.js';
import {fakeScreenTimers, pause as delay} from '../helpers/review-screen.js';
import {makeTempDir} from '../helpers/temp.js';

// Time passes on fake timers: the tests wait for redraws, never for the clock.
beforeEach(() => fakeScreenTimers());

/** Send keys one at a time, each once the screen has changed for the one before. */
async function type(app: ReturnType<typeof render>, keys: readonly string[]): Promise<void> {
	for (const key of keys) {
		const drawn = app.frames.length;
		app.stdin.write(key);
		for (let waited = 0; waited < 2000 && app.frames.length === drawn; waited += 10) await delay(10);
		await delay(10);
	}
}

describe('the add-card form', () => {
	it('takes a reversed card field by field and hands it over on Enter in the last field', async () => {
		const saved: NoteToWrite[] = [];
		const app = render(<AddCardForm deck="backend" onSave={(note) => void saved.push(note)} />);
		await delay();
		await type(app, ['\u001b[A', '\u001b[C', '\u001b[B', 'p99 latency', '\r', '99th percentile', '\r', '\r', 'api latency', '\r']);
		expect(saved).toEqual([{kind: 'reversed', question: 'p99 latency', answer: '99th percentile', extra: '', tags: ['api', 'latency']}]);
		app.unmount();
	});

	it('takes pasted text ending in a line break as a field typed and ended with Enter', async () => {
		const saved: NoteToWrite[] = [];
		const app = render(<AddCardForm deck="backend" onSave={(note) => void saved.push(note)} />);
		await delay();
		await type(app, ['What is a canary release?\r', 'A release to a small\nshare of traffic first.\r\n', '\r', 'ops\r']);
		expect(saved).toEqual([{kind: 'basic', question: 'What is a canary release?', answer: 'A release to a small share of traffic first.', extra: '', tags: ['ops']}]);
		expect(app.lastFrame()).not.toContain('\r');
		app.unmount();
	});

	it('shows why a card cannot be added and keeps the form open', async () => {
		const app = render(<AddCardForm deck="backend" onSave={() => 'card has an empty answer'} />);
		await delay();
		await type(app, ['What?', '\r', '\r', '\r', '\r']);
		expect(app.lastFrame()).toContain('card has an empty answer');
		expect(app.lastFrame()).toContain('Add cards to backend');
		app.unmount();
	});

	it('stays open for the next card, keeping its kind and tags, until Esc', async () => {
		const saved: NoteToWrite[] = [];
		const app = render(<AddCardForm deck="backend" onSave={(note) => void saved.push(note)} />);
		await delay();
		await type(app, ['What is CI?\r', 'Integrating daily.\r', '\r', 'ci\r', 'What is CD?\r', 'Always releasable.\r', '\r', '\r']);
		expect(saved.map((note) => [note.question, note.tags])).toEqual([
			['What is CI?', ['ci']],
			['What is CD?', ['ci']],
		]);
		expect(app.lastFrame()).toContain('2 added');
		await type(app, ['still open']);
		expect(app.lastFrame()).toContain('› Question still open');
		expect(app.lastFrame()).not.toContain('Not yet a card');
		await type(app, ['\u001b']);
		app.stdin.write('\u001b');
		await delay(100);
		app.stdin.write(' after esc');
		await delay(100);
		expect(app.lastFrame()).not.toContain('after esc');
		app.unmount();
	});

	it('puts what is typed right after Tab into the field Tab moved to', async () => {
		const saved: NoteToWrite[] = [];
		const app = render(<AddCardForm deck="backend" onSave={(note) => void saved.push(note)} />);
		await delay();
		// Tab and the next letters in one chunk each, with no time for a redraw between them.
		app.stdin.write('Q1');
		app.stdin.write('\t');
		app.stdin.write('A1');
		app.stdin.write('\t');
		app.stdin.write('\t');
		app.stdin.write('t\r');
		await delay(100);
		expect(saved).toEqual([{kind: 'basic', question: 'Q1', answer: 'A1', extra: '', tags: ['t']}]);
		app.unmount();
	});

	it('labels a cloze field as a cloze and previews the card as the review draws it', async () => {
		const app = render(<AddCardForm deck="backend" onSave={() => undefined} />);
		await delay();
		await type(app, ['\u001b[A', '\u001b[D', '\u001b[B', 'A {{c1::canary}} release']);
		const frame = app.lastFrame()!;
		expect(frame).toContain('› Cloze');
		expect(frame).not.toContain('Question');
		expect(frame).toContain('A [canary] release'); // the back, filled in, its deletion marked as the review marks it
		await type(app, [' and {{c1:x}}']);
		expect(app.lastFrame()).toContain('Not yet a card: cloze deletion has one colon');
		expect(app.lastFrame()).not.toMatch(/draft:\d/);
		app.unmount();
	});

	it('asks before Esc loses a card typed but not added; a second Esc leaves, another key goes back', async () => {
		const saved: NoteToWrite[] = [];
		const app = render(<AddCardForm deck="backend" onSave={(note) => void saved.push(note)} />);
		await delay();
		await type(app, ['What is CI?', '\u001b']);
		expect(app.lastFrame()).toContain('This card is not added yet. Esc again leaves without it');
		await type(app, ['!']);
		expect(app.lastFrame()).toContain('› Question What is CI?!');
		expect(app.lastFrame()).not.toContain('not added yet');
		await type(app, ['\u001b']);
		app.stdin.write('\u001b');
		await delay(100);
		app.stdin.write(' after esc');
		await delay(100);
		expect(app.lastFrame()).not.toContain('after esc');
		expect(saved).toEqual([]);
		app.unmount();
	});

	it('leaves at once on Esc when nothing typed would be lost', async () => {
		const app = render(<AddCardForm deck="backend" onSave={() => undefined} />);
		await delay();
		app.stdin.write('\u001b');
		await delay(100);
		app.stdin.write('typed after');
		await delay(100);
		expect(app.lastFrame()).not.toContain('typed after');
		expect(app.lastFrame()).not.toContain('not added yet');
		app.unmount();
	});
});

describe('the add-card form on a real deck', () => {
	it('refuses a card the deck already has, saying "this card", and adds the next one', async () => {
		const root = makeTempDir('fluency-add-form-');
		const file = join(root, 'decks', 'ops.md');
		const deck = '---\ntitle: Ops\nsources: [x]\n---\n\nQ: What is a canary release?\n\nA: A small share of traffic first.\n';
		const env = {FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'config.yaml'), FLUENCY_DB: join(root, 'fluency.db')};
		makeDeck(file, deck);
		const fluency = await Fluency.open({decks: [join(root, 'decks')]}, {env});
		let app: ReturnType<typeof render> | undefined;
		const added = await fluency.addNotes(file, 'ops', async (save) => {
			app = render(<AddCardForm deck="ops" onSave={save} />);
			await delay();
			// Formatted differently, still the same question: the deck would report it as a duplicate.
			await type(app, ['What is a *canary* release\r', 'Something else.\r', '\r', '\r']);
			expect(app.lastFrame()).toMatch(/this card: duplicate of the card at line 6 of\s+\S*ops\.md; nothing was added/);
			expect(app.lastFrame()).not.toMatch(/ops\.md:\d/);
			// The refused card stays in the form to be fixed: back to its question, reworded.
			await type(app, ['\u001b[A', '\u001b[A', '\u001b[A', ...Array.from('What is a *canary* release', () => '\u007f'), 'What is a rollback?\r', '\r', '\r', '\r']);
			expect(app.lastFrame()).toContain('1 added');
			app.stdin.write('\u001b');
			await delay(100);
			app.unmount();
		});
		fluency.close();
		expect(added).toBe(1);
		expect(readFileSync(file, 'utf8')).toBe(`${deck}\nQ: What is a rollback?\n\nA: Something else.\n`);
	});
});

function makeDeck(file: string, text: string): void {
	mkdirSync(dirname(file), {recursive: true});
	writeFileSync(file, text);
}
