import {render} from 'ink-testing-library';
import {beforeEach, describe, expect, it} from 'vitest';
import type {NoteToWrite} from '../../src/core/decks/deck-writer.js';
import {AddCardForm} from '../../src/ui/add/AddCardForm.js';
import {fakeScreenTimers, pause as delay} from '../helpers/review-screen.js';

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

	it('labels a cloze field as text and previews the card as the review draws it', async () => {
		const app = render(<AddCardForm deck="backend" onSave={() => undefined} />);
		await delay();
		await type(app, ['\u001b[A', '\u001b[D', '\u001b[B', 'A {{c1::canary}} release']);
		const frame = app.lastFrame()!;
		expect(frame).toContain('› Text');
		expect(frame).toContain('A [canary] release'); // the back, filled in, its deletion marked as the review marks it
		await type(app, [' and {{c1:x}}']);
		expect(app.lastFrame()).toContain('Not yet a card: cloze deletion has one colon');
		expect(app.lastFrame()).not.toMatch(/draft:\d/);
		app.unmount();
	});
});
