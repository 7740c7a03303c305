// `fluency find` at 10,000 cards, with a query that matches all of them and touches every kind of
// test: text (so the card text is read), history (rated:), recall now (prop:r) and state. Each card
// has answers, made the way the review makes them.
import {spawnSync} from 'node:child_process';
import {join, resolve} from 'node:path';
import {searchCards, selectCards} from '../../dist/app/search/select-cards.js';
import {Fluency} from '../../dist/app/service/fluency.js';
import {Scheduler} from '../../dist/core/scheduling/scheduler.js';
import {recordAnswer} from '../../dist/store/review/reviews.js';
import {makeDecks, notesFor} from './collection.mjs';
import {benchTempDir} from './temp.mjs';

const DAY = 86_400_000;
const QUERY = 'rated:30 -is:suspended (prop:r<=1 OR is:new) -"no such phrase" deck:topic*';
const root = benchTempDir('search');
const decks = makeDecks(100, notesFor(10_000) / 100);
const env = {...process.env, FLUENCY_DATA_DIR: join(root, 'data'), FLUENCY_CONFIG: join(root, 'config.yaml'), FLUENCY_DB: join(root, 'fluency.db')};
const open = () => Fluency.open({decks: [decks]}, {env});

// Every card answered twice in the last month: learnt, then reviewed.
const setup = await open();
const cards = setup.activeCards();
const scheduler = new Scheduler();
const now = Date.now();
setup.store.transaction(() => {
	cards.forEach((card, index) => {
		for (const [at, rating] of [[now - (20 + (index % 7)) * DAY, 3], [now - (10 + (index % 5)) * DAY, index % 9 === 0 ? 1 : 3]]) {
			recordAnswer(setup.store, {cardId: card.id, rating, at, durationMs: 5000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, card.id));
		}
	});
});
const matched = selectCards(setup, QUERY).length;
setup.close();
if (matched !== cards.length) throw new Error(`the query matched ${matched} of ${cards.length} cards`);
process.stderr.write(`${cards.length} cards, each with 2 answers; \`${QUERY}\` matches all of them\n`);

/**
One search in a command already open (decks loaded, as every command's first read does): its
wall time, or (`cpu`) the processor time it took, which a machine busy with other work inflates less.
*/
const timed = (search, cpu = false) => async () => {
	const fluency = await open();
	fluency.activeCards();
	const start = performance.now();
	const startCpu = process.cpuUsage();
	search(fluency);
	const used = process.cpuUsage(startCpu);
	const elapsed = cpu ? (used.user + used.system) / 1000 : performance.now() - start;
	fluency.close();
	return elapsed;
};

/** The whole command, as a user runs it: Node starting, the decks checked, the search, the JSON printed. */
const command = () => {
	const start = performance.now();
	const result = spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/fluency'), 'find', QUERY, '--json', '--decks', decks], {env, encoding: 'utf8', maxBuffer: 1 << 28});
	const elapsed = performance.now() - start;
	if (result.status !== 0) throw new Error(result.stderr);
	return elapsed;
};

export const figures = [
	{name: 'find: the ids of 10,000 matching cards of 10,000', target: 300, runs: 5, measure: timed((fluency) => selectCards(fluency, QUERY))},
	{name: 'find: 10,000 matching cards with their figures', target: 300, runs: 5, measure: timed((fluency) => searchCards(fluency, QUERY, fluency.now(), 'find'))},
	{name: 'find: 10,000 matching cards with their figures, CPU time', target: 300, runs: 5, measure: timed((fluency) => searchCards(fluency, QUERY, fluency.now(), 'find'), true)},
	{name: 'fluency find --json, 10,000 of 10,000, whole command', target: 2000, runs: 3, measure: command},
];
