import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {syncEventLogs} from '../../src/app/sync/sync-event-logs.js';
import {loadDecks} from '../../src/app/decks/load-decks.js';
import {parseEventLine} from '../../src/core/sync/event-log.js';
import {Store} from '../../src/store/database.js';
import {formatProblem} from '../../src/core/problem.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {tempFolderEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp.js';
import {rowsOf} from '../../src/store/inspect.js';

/*
Random and malformed input, thrown at everything that reads it. Whatever comes in, fluency
answers with problems at real places or a one-line error, never a crash or a hang, and changes
nothing it had stored.
*/

// Lines that mean something to the deck parser, so random decks hit its states, not just prose.
const deckLine = fc.oneof(
	fc.constantFrom('---', '```', '````', '~~~', '```python', '<!--', '-->', '<!-- c -->', '# Heading', '***', 'Q:', 'A:', 'R:', 'C:', 'Note:', 'Tags: a b', 'ID: x', 'ID: bad id', '', '   '),
	fc.constantFrom('Q: ', 'A: ', 'R: ', 'C: ', 'Note: ', '> ', '- ', '| a | b |', 'title: ', 'tags: [', '{{c1::', '{{', '}}', '::', '![i](../x.png)').chain((prefix) => fc.string({maxLength: 30}).map((rest) => prefix + rest)),
	fc.string({maxLength: 40}),
	fc.string({unit: 'binary', maxLength: 20}),
);
const deckText = fc.array(deckLine, {maxLength: 60}).chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((newline) => lines.join(newline)));

describe('the deck parser on random input', () => {
	it('never throws, and reports every problem at a real line of the file, in one safe line', () => {
		fc.assert(
			fc.property(deckText, (text) => {
				const deck = parseDeck({file: 'decks/random.md', deck: 'random', text});
				const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).length;
				for (const problem of deck.problems) {
					expect(problem.file).toBe('decks/random.md');
					expect(problem.line).toBeGreaterThanOrEqual(1);
					expect(problem.line).toBeLessThanOrEqual(lineCount);
					expect(formatProblem(problem)).not.toMatch(/[\n\r\u0000-\u0008\u000b-\u001f\u007f]/);
				}
				for (const card of deck.cards) {
					expect(card.prompt.trim()).not.toBe('');
					expect(card.answer.trim()).not.toBe('');
					expect(card.line).toBeGreaterThanOrEqual(1);
					expect(card.line).toBeLessThanOrEqual(lineCount);
				}
				expect(new Set(deck.cards.map((card) => card.identityKey)).size).toBe(deck.cards.length);
			}),
			{numRuns: 3000},
		);
	});

	it('never throws on arbitrary YAML in the front matter', () => {
		const yamlish = fc.array(fc.oneof(fc.string({maxLength: 30}), fc.constantFrom('a: &x [1,2]', 'b: *x', '<<: *x', '- item', '? key', ': value', '!!js/function f', '!!binary x', 'c: "unterminated', "d: 'x'", '  nested: 1', '\t')), {maxLength: 15});
		fc.assert(
			fc.property(yamlish, fc.array(deckLine, {maxLength: 5}), (front, body) => {
				const deck = parseDeck({file: 'f.md', deck: 'f', text: ['---', ...front, '---', ...body].join('\n')});
				expect(typeof deck.title).toBe('string');
				expect(Array.isArray(deck.tags)).toBe(true);
				for (const problem of deck.problems) expect(problem.line).toBeGreaterThanOrEqual(1);
			}),
			{numRuns: 1500},
		);
	});
});

describe('the event log reader on random input', () => {
	it('never throws, whatever a line holds', () => {
		const fragments = fc.oneof(fc.string({maxLength: 200}), fc.json({maxDepth: 3}), fc.constantFrom('{"type":"review","id":"0190a000-0000-7000-8000-000000000001","device":"0190a000-0000-7000-8000-000000000002","at":"2026-11-24T09:00:00Z","card":"c","key":"k","rating":3'));
		fc.assert(
			fc.property(fragments, (line) => {
				const parsed = parseEventLine(line);
				expect(['event', 'parameters', 'header', 'bad']).toContain(parsed.kind);
			}),
			{numRuns: 3000},
		);
	});
});

describe('the command line on random arguments', () => {
	const BIN = resolve(import.meta.dirname, '../../bin/fluency');
	const home = makeTempDir('fluency-fuzz-');
	mkdirSync(join(home, 'decks'));
	writeFileSync(join(home, 'decks', 'd.md'), '---\nsources: [x]\n---\nQ: What is CI?\nA: Continuous integration.\n\nQ: What is CD?\nA: Continuous delivery.\n');
	// Files for import to choke on: a package that is not a zip, and a CSV with stray quotes.
	writeFileSync(join(home, 'broken.apkg'), 'PK\u0003\u0004 not really a zip');
	writeFileSync(join(home, 'notes.csv'), 'front,back\n"What is\u001b[31m,x\n,,,\nQ,"A""\n');
	const env = {PATH: process.env['PATH'] ?? '', HOME: home, FLUENCY_DATA_DIR: join(home, 'data'), FLUENCY_CONFIG: join(home, 'none.yaml'), FLUENCY_DB: join(home, 'data', 'fluency.db'), ...tempFolderEnv()};
	const run = (args: readonly string[]) => spawnSync(process.execPath, [BIN, ...args], {cwd: home, env, encoding: 'utf8', timeout: 20_000});
	run(['sync', '--decks', join(home, 'decks')]);
	/**
	The cards' memory and the reviews stored so far. A run may add cards (`new`, `import`) and may
	retire the cards of decks outside the folders it syncs (they come back, history and all, when
	seen again); it never changes a card's memory or the review log.
	*/
	const stored = () => {
		const store = Store.open(env.FLUENCY_DB);
		const cards = rowsOf(store, 'cards').map(({id, state, due, stability, difficulty, reps, lapses, suspended}) => ({id, state, due, stability, difficulty, reps, lapses, suspended}));
		const reviews = rowsOf(store, 'reviews');
		store.close();
		return {cards: new Map(cards.map((card) => [card.id, createHash('sha256').update(JSON.stringify(card)).digest('hex')])), reviews: JSON.stringify(reviews)};
	};

	it('answers every combination with exit 0, 1 or 2 and at most a one-line error, never a crash, and keeps what was stored', () => {
		const before = stored();
		const token = fc.oneof(
			fc.constantFrom('decks', 'check', 'sync', 'doctor', 'backup', 'restore', 'help', 'stats', 'review', 'frobnicate', '--json', '--status', '--list', '--errors-only', '--db', '--decks', '--help', '-h', '--version', '--', '-', '--unknown=1'),
			fc.constantFrom('show', 'new', 'add', 'import', 'export', 'export-reviews', 'optimize', 'evaluate', 'simulate', 'reschedule', '--width', '--format', '--output', '--preset', '--reset', '--retention', '--separator', '--into', '--deck', '--days', '--since', '--force'),
			fc.constantFrom('decks', join(home, 'decks'), join(home, 'decks', 'd.md'), 'd', 'd:5', 'csv', 'anki-tsv', '0.9,0.8', 'broken.apkg', 'notes.csv', '/nonexistent', '/etc/passwd', '', ' ', '\u001b[2J', '%s', '-1'),
			fc.string({maxLength: 12}).filter((value) => !value.includes('\u0000')),
		);
		fc.assert(
			fc.property(fc.array(token, {maxLength: 5}), (args) => {
				// The database the run may use is ours: aim --db elsewhere, never at the one under test.
				// Files it may write go into the test's folder, whatever the random value was.
				const safeArgs = args.map((arg, index) => (args[index - 1] === '--db' ? join(home, 'scratch.db') : args[index - 1] === '--output' ? join(home, 'out.txt') : arg));
				const result = run(safeArgs);
				expect([0, 1, 2]).toContain(result.status);
				expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
				if (result.status !== 0) expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('fluency:')).length).toBeLessThanOrEqual(1);
			}),
			// Each run is a process of about half a second: 40 keep the whole suite inside two minutes
			// on a 2-core machine, and every run draws a new seed, so the runs explore new lines over time.
			{numRuns: 40},
		);
		const after = stored();
		expect(after.reviews).toBe(before.reviews);
		for (const [id, hash] of before.cards) expect(after.cards.get(id)).toBe(hash);
		// 40 processes of about half a second each: on a busy machine that is more than the default 30 s.
	}, 120_000);
});

describe('hostile event logs (issue 15)', () => {
	const DECK = 'Q: What does CI stand for?\nA: Continuous integration.\n\nQ: What is a canary release?\nA: A release to a small share of traffic first.\n';
	const settings = {desiredRetention: 0.9, maximumInterval: 36_500, fuzz: true, learningSteps: ['1m', '10m'], relearningSteps: ['10m']};
	const now = Date.parse('2026-11-24T09:00:00Z');
	const A = '0190aaaa-0000-7000-8000-00000000000a';
	const B = '0190bbbb-0000-7000-8000-00000000000b';
	const VICTIM = '0190cccc-0000-7000-8000-00000000000c';
	const ids = Array.from({length: 6}, (_, n) => `0190dddd-0000-7000-8000-00000000000${n}`);
	// Dates a stranger would try: JavaScript's extremes, before 2006, the edge of the clock skew, far ahead, not a date.
	const date = fc.constantFrom('+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2005-12-31T23:59:59.999Z', '2006-01-01T00:00:00.000Z',
		new Date(now - 3_600_000).toISOString(), new Date(now - 60_000).toISOString(), new Date(now + 3_600_000).toISOString(), new Date(now + 2 * 86_400_000).toISOString(), '2999-01-01T00:00:00.000Z', 'yesterday', '');
	type Card = {id: string; key: string};
	// A line in the shape fluency writes, with every field drawn from what an attacker might put there.
	const line = (owner: string, cards: readonly Card[]) =>
		fc.oneof(
			{weight: 8, arbitrary: fc.record({
				type: fc.constantFrom('review', 'review', 'undo', 'bury', 'suspend', 'unsuspend', 'due', 'reset', 'parameters'),
				id: fc.constantFrom(...ids),
				device: fc.constantFrom(owner, owner, owner, VICTIM, A === owner ? B : A),
				at: date,
				card: fc.oneof(fc.constantFrom(...cards), fc.constant({id: 'missing-card', key: 'q:missing#0'})),
				rating: fc.constantFrom(1, 2, 3, 4, 0, 9, '3'),
				ms: fc.constantFrom(1000, -5, 1e308, 0),
				until: date,
				target: fc.constantFrom(...ids),
				pad: fc.constantFrom(0, 0, 0, 20_000),
			}).map((event) => JSON.stringify({type: event.type, id: event.id, device: event.device, at: event.at, card: event.card.id, key: event.card.key + 'x'.repeat(event.pad), deck: 'backend', rating: event.rating, ms: event.ms, until: event.until, due: event.until, target: event.target, preset: '', weights: null}))},
			{weight: 1, arbitrary: fc.constantFrom(`{"type":"device","device":"${owner}","name":"x","created":"2026-11-24T09:00:00.000Z"}`, `{"type":"device","device":"${VICTIM}","name":"impostor","created":"2026-11-24T09:00:00.000Z"}`, '{"type":"review"', '<<<<<<< HEAD', '')},
			{weight: 1, arbitrary: fc.string({maxLength: 60})},
		);

	type Machine = {root: string; syncDir: string; store: Store};
	function machine(): Machine {
		const root = makeTempDir('fluency-hostile-');
		mkdirSync(join(root, 'decks', '.fluency'), {recursive: true});
		writeFileSync(join(root, 'decks', 'backend.md'), DECK);
		const store = Store.open(join(root, 'fluency.db'));
		loadDecks(store, findDeckFiles([join(root, 'decks')], root).files, now);
		return {root, syncDir: join(root, 'decks', '.fluency'), store};
	}
	// Card ids differ between machines; identity keys are what a card is everywhere.
	const state = (on: Machine) => {
		const cards = rowsOf(on.store, 'cards');
		const keyOf = new Map(cards.map((card) => [card['id'], card['identity_key']]));
		return {
			reviews: rowsOf(on.store, 'reviews').map(({id, device_id, reviewed_at, rating, duration_ms, undone_at, card_id}) => ({id, device_id, reviewed_at, rating, duration_ms, undone: undone_at === null ? 0 : 1, identity_key: keyOf.get(card_id)})),
			events: rowsOf(on.store, 'card_events').map(({id, kind, device_id, at, target_id, until, card_id}) => ({id, kind, device_id, at, target_id, until, identity_key: keyOf.get(card_id)})),
			cards: cards
				.map(({identity_key, state, reps, lapses, due, stability, suspended, buried_until}) => ({identity_key, state, reps, lapses, due, stability, suspended, buried_until}))
				.sort((a, b) => (String(a.identity_key) < String(b.identity_key) ? -1 : 1)),
			parameters: rowsOf(on.store, 'parameter_events').map(({id, device_id, at, preset, weights}) => ({id, device_id, at, preset, weights})),
			pending: rowsOf(on.store, 'pending_events').map(({id, line}) => ({id, line})),
		};
	};

	it('applies or skips every line with its place, breaks no sync, stores no impossible date, and ends in the same state whatever order the logs arrive in', () => {
		const cardsOf = (on: Machine) => rowsOf(on.store, 'cards').map((card) => ({id: card['id'], key: card['identity_key']}) as Card);
		const probe = machine();
		const cards = cardsOf(probe);
		probe.store.close();
		rmSync(probe.root, {recursive: true, force: true});
		fc.assert(
			fc.property(fc.array(line(A, cards), {maxLength: 25}), fc.array(line(B, cards), {maxLength: 25}), (linesA, linesB) => {
				const logs: Record<string, string[]> = {[A]: linesA, [B]: linesB};
				const results = [[A, B], [B, A]].map((order) => {
					const on = machine();
					try {
						order.forEach((device, step) => {
							writeFileSync(join(on.syncDir, `${device}.jsonl`), logs[device]!.map((text) => `${text}\n`).join(''));
							const report = syncEventLogs(on.store, settings, on.syncDir, now + step * 60_000);
							for (const problem of report.problems) {
								expect(formatProblem(problem)).not.toContain('\n');
								expect(problem.line).toBeGreaterThanOrEqual(1);
							}
						});
						// Later, once the near-future events' time has come.
						syncEventLogs(on.store, settings, on.syncDir, now + 3 * 3_600_000);
						const reviews = rowsOf(on.store, 'reviews');
						for (const review of reviews) {
							expect(review['reviewed_at']).toBeGreaterThanOrEqual(Date.UTC(2006, 0, 1));
							expect(review['reviewed_at']).toBeLessThanOrEqual(now + 3 * 3_600_000);
						}
						expect(reviews.filter((review) => review['device_id'] === VICTIM)).toEqual([]);
						return state(on);
					} finally {
						on.store.close();
						rmSync(on.root, {recursive: true, force: true});
					}
				});
				expect(results[1]).toEqual(results[0]);
			}),
			{numRuns: 60},
		);
	});
});
