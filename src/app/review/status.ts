import {existsSync} from 'node:fs';
import {loadSettings} from '../settings/config.js';
import {defaultLocations} from '../settings/paths.js';
import {UserError} from '../errors.js';
import {DatabaseLifecycle} from '../service/database.js';
import type {GlobalOptions} from '../service/fluency.js';
import {Store} from '../../store/database.js';
import {selectionFor, todaysQueue} from './study.js';

/** What `fluency status` counts: today's queue as `fluency review` would start it. */
export type StatusCounts = {
	/** Cards to answer now: due reviews, and learning cards whose step is due within the learn-ahead time. */
	readonly due: number;
	/** New cards within today's limit. */
	readonly new: number;
	/** Learning and relearning cards today, later steps included (as the review counts them). */
	readonly learning: number;
	/** Review cards due today, within today's limit. */
	readonly review: number;
	/** Everything left for today: new, learning and review. */
	readonly total: number;
};

const NOTHING: StatusCounts = {due: 0, new: 0, learning: 0, review: 0, total: 0};

/**
Today's counts for a shell prompt, read from the database as the last command left it. Unlike
every other command it does not open the service: the deck files are not read and no review events
are exchanged (a prompt must not wait on 100,000 cards being parsed), no backup is made, nothing is
written, and a database that does not exist yet is not created: nothing is due. The queue is the
one the review builds, by the same `buildQueue` from the cards that can enter it, so the counts
agree with what `fluency review` would show once the decks are loaded.
*/
export async function statusCounts(options: GlobalOptions, selectors: readonly string[], now: number, env: NodeJS.ProcessEnv = process.env): Promise<StatusCounts> {
	const settings = await loadSettings(defaultLocations(env), options, env);
	// As every command that loads decks says it: a mistyped --decks is wrong usage, not an empty collection.
	const missing = options.decks?.length ? settings.deckDirs.find((dir) => !existsSync(dir)) : undefined;
	if (missing !== undefined) throw new UserError(`decks directory ${missing} does not exist`, 2);
	if (!existsSync(settings.dbPath)) return NOTHING;
	let store: Store | undefined;
	try {
		store = Store.openReadOnly(settings.dbPath);
		const {queue} = todaysQueue(store, settings, now, selectionFor(store, selectors));
		const learning = [...queue.learning, ...queue.learningLater];
		const aheadUntil = now + settings.learnAheadMinutes * 60_000;
		const learningNow = learning.filter((card) => card.due !== null && card.due <= aheadUntil).length;
		return {
			due: queue.reviews.length + learningNow,
			new: queue.newCards.length,
			learning: learning.length,
			review: queue.reviews.length,
			total: queue.newCards.length + learning.length + queue.reviews.length,
		};
	} catch (thrown) {
		throw new DatabaseLifecycle(settings.dbPath).explain(thrown);
	} finally {
		store?.close();
	}
}
