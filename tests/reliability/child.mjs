// A fluency process for the reliability tests to run, disturb and kill. It uses the built code
// (dist/), as the real CLI does. Usage: node child.mjs MODE DB [ARGS...]
//   answer DB SECONDS   answer cards as fast as it can; prints `committed <review id>` after each commit
//   sync DB DECKS       sync a decks directory
//   open DB             open (and so migrate) the database
//   events DB DIR       read the event logs in DIR
import {findDeckFiles} from '../../dist/app/decks/deck-files.js';
import {syncEventLogs} from '../../dist/app/sync/sync-event-logs.js';
import {syncDecks} from '../../dist/app/decks/load-decks.js';
import {Scheduler} from '../../dist/core/scheduling/scheduler.js';
import {activeCards} from '../../dist/store/cards.js';
import {Store} from '../../dist/store/database.js';
import {recordAnswer} from '../../dist/store/review/reviews.js';

const [mode, dbPath, argument] = process.argv.slice(2);
const scheduler = new Scheduler();
const store = Store.open(dbPath);

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
	const report = syncDecks(store, findDeckFiles([argument]).files, Date.now());
	process.stdout.write(`synced ${report.added}\n`);
} else if (mode === 'events') {
	const report = syncEventLogs(store, () => scheduler, argument, Date.now());
	process.stdout.write(`imported ${report.imported}\n`);
} else if (mode !== 'open') {
	throw new Error(`unknown mode ${mode}`);
}
store.close();
