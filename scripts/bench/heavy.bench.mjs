// A heavy user's scale (issue 20): 100,000 cards and 1,000,000 answers, each figure measured
// with the cards in 1,000 deck files and again in one file. The commands run as a user runs them
// (the built CLI, Node's start included) unless a figure says "in-process"; the review runs in a
// real terminal (script(1) gives it one). `npm run bench -- heavy` runs these alone.
import {spawn, spawnSync} from 'node:child_process';
import {appendFileSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {collectStats} from '../../dist/app/stats/stats.js';
import {Store} from '../../dist/store/database.js';
import {floors} from './floors.mjs';
import {bin, CARDS, freshHome, heavyCollection, heavyDecks, LAYOUTS} from './heavy-collection.mjs';

// Cards due within the next nine days, plus yesterday's: a tenth of the collection in both layouts.
const FIND_QUERY = 'prop:due<=9';
const ANSWERS_MEASURED = 60;

/** Milliseconds a CLI command takes from spawn to exit, and its peak resident memory in MB. */
function run(env, args) {
	const started = performance.now();
	const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, ...args], {env, encoding: 'utf8', maxBuffer: 1 << 28});
	const ms = performance.now() - started;
	if (result.status !== 0) throw new Error(`fluency ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
	return {ms, megabytes: Number(result.stderr.trim().split('\n').at(-1)) / 1024, stdout: result.stdout};
}

/** Milliseconds from spawning Node with `args` to its exit, without /usr/bin/time around it: for start-up ratios. */
function startMs(env, args) {
	const started = performance.now();
	const result = spawnSync(process.execPath, args, {env, encoding: 'utf8'});
	const ms = performance.now() - started;
	if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-500)}`);
	return ms;
}

/** Pairs a time and a memory figure that one command measures: each run is one command. */
function paired(measureOnce) {
	const results = [];
	let timeRuns = 0;
	let memoryRuns = 0;
	const result = (index) => {
		while (results.length <= index) results.push(measureOnce());
		return results[index];
	};
	return {ms: () => result(timeRuns++).ms, megabytes: () => result(memoryRuns++).megabytes};
}

const strip = (text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b[=>]/g, '');
const PROGRESS = /(\d+)\/\d+ \d+ new/g;

/** The last progress count ("12/200") on the screen so far, or -1. */
const progressOf = (screen) => {
	let last = -1;
	for (const match of strip(screen).matchAll(PROGRESS)) last = Number(match[1]);
	return last;
};

/**
Drives `fluency review` in a terminal: the first card, then `answers` cards shown (space) and
answered Good (3). Returns the start-up time and, for each answer, the milliseconds from writing
the grade key to the frame that counts the card done (the next card is in that same frame).
*/
export function driveReview(collection, answers, nodeFlags = '') {
	return new Promise((done, fail) => {
		const started = performance.now();
		const child = spawn('script', ['-qfec', `${process.execPath} ${nodeFlags} ${bin} review --decks ${collection.decks}`, '/dev/null'], {
			env: {...collection.env, COLUMNS: '100', LINES: '30'},
			stdio: ['pipe', 'pipe', 'ignore'],
		});
		let screen = '';
		let firstCard;
		const keyTimes = [];
		let phase = 'start';
		let pressedAt = 0;
		let answered = 0;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			fail(new Error(`review stalled in phase ${phase}: ${strip(screen).slice(-400)}`));
		}, 60_000);
		const press = (key, next) => {
			screen = '';
			phase = next;
			pressedAt = performance.now();
			child.stdin.write(key);
		};
		child.on('exit', () => {
			clearTimeout(timer);
			if (phase === 'quit') done({firstCard, keyTimes});
		});
		child.stdout.on('data', (chunk) => {
			const now = performance.now();
			screen += chunk.toString();
			if (phase === 'start' && progressOf(screen) === 0 && /space show answer/.test(strip(screen))) {
				firstCard = now - started;
				press(' ', 'answer');
			} else if (phase === 'answer' && /1 Again/.test(strip(screen))) {
				press('3', 'next');
			} else if (phase === 'next' && progressOf(screen) === answered + 1) {
				keyTimes.push(now - pressedAt);
				answered++;
				if (answered === answers) press('q', 'quit');
				// Let the frame settle, as a reader would, before the next key.
				else setTimeout(() => press(' ', 'answer'), 20);
			}
		});
	});
}

const percentile = (values, fraction) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * fraction))];

const figuresOf = (layout) => {
	const {label} = LAYOUTS[layout];
	const collection = () => heavyCollection(layout);
	const firstSync = paired(() => {
		const {env} = freshHome();
		return run(env, ['sync', '--decks', heavyDecks(layout)]);
	});
	const nodeStart = () => floors().nodeStartMs;
	const sized = `100,000 cards in ${label}`;
	let warm;
	const warmStore = () => (warm ??= Store.open(collection().db));
	const resync = () => {
		// Built and opened before the clock starts: the figure is the sync alone.
		const store = warmStore();
		const {decks} = collection();
		const started = performance.now();
		loadDecks(store, findDeckFiles([decks]).files, Date.now());
		return performance.now() - started;
	};
	/** The first deck file, with the database in line with every file: the file a re-sync figure changes. */
	const firstDeckFile = () => {
		resync();
		const {decks} = collection();
		const folder = join(decks, readdirSync(decks)[0]);
		return join(folder, readdirSync(folder)[0]);
	};
	/** The first deck file's text changed by `edit`, and the re-sync that follows. */
	const resyncAfterEditing = (edit) => {
		const file = firstDeckFile();
		writeFileSync(file, edit(readFileSync(file, 'utf8')));
		return resync();
	};
	return [
		{name: `first sync, ${sized}`, target: 3000, runs: 3, measure: firstSync.ms, floor: () => nodeStart() + (CARDS / floors().insertRowsPerSecond) * 1000},
		{name: `peak memory, first sync, ${sized}`, target: 200, unit: 'MB', runs: 3, measure: firstSync.megabytes},
		{name: `re-sync, nothing changed, ${sized}, in-process`, target: 100, runs: 7, measure: resync},
		{
			name: `re-sync, one file changed, ${sized}, in-process`,
			target: 50,
			runs: 5,
			measure: () => {
				const file = firstDeckFile();
				appendFileSync(file, `\nQ: An added question ${Math.random()}?\n\nA: An added answer.\n`);
				return resync();
			},
		},
		{
			// The same target for a note inserted halfway down the file instead of at its end: in the
			// one-file layout, half of the collection's cards move down two lines.
			name: `re-sync, a note inserted in the middle of one file, ${sized}, in-process`,
			target: 50,
			runs: 5,
			measure: () =>
				resyncAfterEditing((text) => {
					const middle = text.indexOf('\nQ: ', text.length >> 1);
					return `${text.slice(0, middle)}\nQ: An inserted question ${Math.random()}?\nA: An inserted answer.\n${text.slice(middle)}`;
				}),
		},
		{
			// The commonest edit: an answer corrected in place, so no card moves to another line.
			name: `re-sync, an answer corrected in the middle of one file, ${sized}, in-process`,
			target: 50,
			runs: 5,
			measure: () =>
				resyncAfterEditing((text) => {
					const answer = text.indexOf('\nA: ', Math.floor(text.length * (0.3 + Math.random() * 0.4))) + 4;
					return `${text.slice(0, answer)}Corrected: ${text.slice(answer)}`;
				}),
		},
		{name: `\`fluency check\`, ${sized}`, target: 1000, runs: 3, measure: () => run(collection().env, ['check', '--decks', collection().decks]).ms, floor: nodeStart},
		{
			// As start.bench.mjs measures it at 10,000 cards: a bare Node start and the command back to back.
			name: `\`fluency status\`, ${sized}, as a ratio to \`node -e 0\``,
			target: 1.5,
			unit: 'ratio',
			// Fifteen pairs, as start.bench.mjs takes at 10,000 cards: one pair is two 50 ms starts, and
			// on a busy machine the seven pairs of one run ranged from 1.33x to 1.79x.
			runs: 15,
			measure: () => {
				const bare = startMs(process.env, ['-e', '0']);
				return startMs(collection().env, [bin, 'status', '--decks', collection().decks]) / bare;
			},
		},
		{name: `\`fluency decks\`, ${sized}`, target: 300, runs: 5, measure: () => run(collection().env, ['decks', '--decks', collection().decks]).ms, floor: nodeStart},
		{
			name: `\`fluency find ${FIND_QUERY}\` (about 11,000 cards), ${sized}`,
			target: 300,
			runs: 5,
			measure: () => {
				const result = run(collection().env, ['find', FIND_QUERY, '--ids', '--decks', collection().decks]);
				const found = result.stdout.trim().split('\n').length;
				if (found < CARDS / 20 || found > CARDS / 5) throw new Error(`find matched ${found} cards`);
				return result.ms;
			},
			floor: nodeStart,
		},
		{
			// One card named by its deck and a line about halfway down the deck's file, as `fluency info` is
			// told from an editor or a listing: 2.5 s at this size when it read every card to find it.
			name: `\`fluency info <deck>:<line>\`, ${sized}`,
			target: 300,
			runs: 5,
			measure: () => {
				const file = firstDeckFile();
				const {decks} = collection();
				// A basic note's line (a reversed or cloze note is several cards, and info asks for one of their ids).
				const lines = readFileSync(file, 'utf8').split('\n');
				const line = lines.findIndex((text, index) => index >= lines.length / 2 && text.startsWith('Q:')) + 1;
				const place = `${relative(decks, file).replace(/\.md$/, '')}:${line}`;
				const result = run(collection().env, ['info', place, '--decks', decks]);
				if (!result.stdout.includes(place.replace(/:\d+$/, ''))) throw new Error(`fluency info ${place} printed: ${result.stdout}`);
				return result.ms;
			},
			floor: nodeStart,
		},
		{name: `\`fluency stats\` over 1,000,000 answers, ${sized}`, target: 300, runs: 5, measure: () => run(collection().env, ['stats', '--decks', collection().decks]).ms, floor: nodeStart},
		{name: `stats over 1,000,000 answers, ${sized}, in-process`, target: 300, runs: 5, measure: () => {
			const now = Date.now();
			const started = performance.now();
			collectStats(warmStore(), {selection: {decks: [], tags: []}, now, dayStartHour: 4, utcOffset: (at) => -new Date(at).getTimezoneOffset(), desiredRetention: 0.9});
			return performance.now() - started;
		}},
		...reviewFigures(collection, sized, nodeStart),
	];
};

function reviewFigures(collection, sized, nodeStart) {
	const sessions = [];
	let startRuns = 0;
	let keyRuns = 0;
	const session = async (index) => {
		while (sessions.length <= index) sessions.push(await driveReview(collection(), ANSWERS_MEASURED));
		return sessions[index];
	};
	return [
		{name: `cold start of \`fluency review\` to the first card, ${sized}`, target: 300, runs: 3, measure: async () => (await session(startRuns++)).firstCard, floor: nodeStart},
		{
			name: `grade key to the next card drawn, p99 of ${ANSWERS_MEASURED}, ${sized}`,
			target: 16,
			runs: 3,
			measure: async () => percentile((await session(keyRuns++)).keyTimes, 0.99),
			floor: () => 1000 / floors().fsrsAnswersPerSecond,
		},
	];
}

export const figures = [...figuresOf('files'), ...figuresOf('file')];
