// A fluency process for the reliability tests to run, disturb and kill. It uses the built code
// (dist/), as the real CLI does. Usage: node child.mjs MODE DB [ARGS...]
//   answer DB SECONDS   answer cards as fast as it can; prints `committed <review id>` after each commit
//   sync DB DECKS       sync a decks directory; prints `synced <cards added>` once it is committed
//   open DB             open (and so migrate) the database; prints `opened` once it is done
//   events DB DIR       read the event logs in DIR; prints `imported <events>` once it is committed
// Every mode first prints `started` (its code is loaded) and, but for `open`, `ready` once the
// database is open: the tests wait for these lines before they kill, and check the child got that far.
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {syncEventLogs} from '../../dist/app/sync/sync-event-logs.js';
import {loadDecks} from '../../dist/app/decks/load-decks.js';
import {Scheduler} from '../../dist/core/scheduling/scheduler.js';
import {activeCards} from '../../dist/store/cards.js';
import {Store} from '../../dist/store/database.js';
import {recordAnswer} from '../../dist/store/review/reviews.js';

const [mode, dbPath, argument] = process.argv.slice(2);
if (!['answer', 'sync', 'open', 'events'].includes(mode)) throw new Error(`unknown mode ${mode}`);
const scheduler = new Scheduler();
process.stdout.write('started\n');
const store = Store.open(dbPath);
process.stdout.write(mode === 'open' ? 'opened\n' : 'ready\n');

if (mode === 'answer') {
	const cards = activeCards(store);
	const until = Date.now() + Number(argument ?? 5) * 1000;
	let previous = 0;
	for (let index = 0; Date.now() < until; index++) {
		const card = cards[index % cards.length];
		const rating = 1 + (index % 4);
		// The real clock, as two terminals on one machine share it.
		const at = Math.max(Date.now(), previous + 1);
		previous = at;
		const {reviewId} = recordAnswer(store, {cardId: card.id, rating, at, durationMs: 1000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, card.id));
		process.stdout.write(`committed ${reviewId}\n`);
	}
} else if (mode === 'sync') {
	const report = loadDecks(store, findDeckFiles([argument]).files, Date.now());
	process.stdout.write(`synced ${report.added}\n`);
} else if (mode === 'events') {
	const report = syncEventLogs(store, () => scheduler, argument, Date.now());
	process.stdout.write(`imported ${report.imported}\n`);
}
store.close();
