import {join} from 'node:path';
import {encodeEvent, type LogEvent, parseEventLine, type SyncEvent} from '../../core/sync/event-log.js';
import {error, type Problem} from '../../core/problem.js';
import type {SchedulerSettings} from '../../core/scheduling/scheduler.js';
import {getCard} from '../../store/cards.js';
import type {Store} from '../../store/database.js';
import {addPendingEvent, cardCount, cardIdsAndKeys, cardsWithAnyHistory, holdsEvents, insertImportedEvent, pendingTotals, readyPendingEvents, removeStoredEvent, resolveEventCard, saveSyncFileState, syncFileStates, type StoredEvent, storedEvents} from '../../store/sync/events.js';
import {replayAndSave} from '../../store/scheduling/card-replay.js';
import {cardsWithHistory, importCardHistoriesOf} from '../../store/interchange/history-import.js';
import {withHistoryIndexesBuiltAfter} from '../../store/bulk-indexes.js';
import {rememberedProblems, rememberProblems, setOverflowMark} from '../../store/sync/remembered.js';
import {insertParametersEvent} from '../../store/scheduling/parameters.js';
import {displayPath} from '../decks/deck-files.js';
import {UnsafeFileError} from '../safe-files.js';
import {changedPresets, loadParameters, markScheduledWith, scheduledWith, Schedulers} from '../scheduling/parameters.js';
import {DEVICE_LOG_NAME, logFileName, logsToRead} from './log-files.js';
import {LinesAsRead, readLog} from './log-reader.js';
import {LogsReadAhead} from './logs-read-ahead.js';
import {EventsOfLogs, type Incoming, sourceOf} from './read-events.js';
import {PENDING_LIMIT, pendingRoom, rereadAfterOverflow} from './pending-events.js';
import {type Chosen, chooseVersions, incomingKey, incomingOf, sameAsStored, versionKey} from './event-versions.js';
import {exportEvents} from './own-log-export.js';
import type {Progress} from '../progress.js';

/*
Review history travels between machines as files: each device appends its events to its own
`<device id>.jsonl` in the sync folder and reads everyone's. No file ever has two writers, so
git, Syncthing or Dropbox never see a conflict. Importing is idempotent (by event id) and every
touched card is replayed from its whole history, so the order in which logs arrive never
changes the result.
*/

export type EventSyncReport = {
	readonly exported: number;
	/** Of the exported events, those this device's log had held once and lost (a git checkout or reset, a bad merge). */
	readonly restored: number;
	/** Lines dropped from this device's log while repairing it: cut off, mangled or repeated. */
	readonly dropped: number;
	/** This device's log file. */
	readonly ownLog: string;
	readonly imported: number;
	/** Events read whose card this machine does not have yet. */
	readonly pending: number;
	readonly replayedCards: number;
	/** The presets ('' for the global ones) whose fitted parameters changed with what was read. */
	readonly parametersChanged: readonly string[];
	/** Of the replayed cards, those recomputed because their deck's parameters changed. */
	readonly rescheduledCards: number;
	readonly problems: readonly Problem[];
};

// Event ids looked up in the database per query: one JSON array each, not one query per event.
const ID_BATCH = 500;
// From this many events read at once, every card's id and key are read once instead of queried per event.
const MANY_EVENTS = 1000;
// From this many events read at once, they are written with SQLite's small page cache: 13-25 MB
// less at the peak of a second device's first sync of 242,000 events, in the same time.
const MANY_EVENTS_FOR_SMALL_CACHE = 10_000;

// Worth a progress line: a log with this much new to read (a second each 60 MB or so), answers
// this many to replay and store (about a second each 50,000); and how often each says so.
const PROGRESS_BYTES = 4 * 1024 * 1024;
const PROGRESS_ANSWERS = 20_000;
const CARDS_PER_REPORT = 1000;

/**
Start reading the other devices' logs on a worker, when they hold much that is new, for the
syncEventLogs that follows (at the same `now`) to take: it runs while the decks load. The caller
closes it once that sync is done, or failed.
*/
export function readLogsAhead(store: Store, dir: string, now: number): LogsReadAhead | undefined {
	return LogsReadAhead.start(dir, logsToRead(dir).names, logFileName(store.deviceId), syncFileStates(store), now);
}

/**
Write this device's new events to its log, read every device's log, add the events not seen
before, and replay each card they touch. One transaction for everything read.

Cards are replayed with the parameters in effect once everything is read. When another device's
change of parameters alters the ones a deck uses, every card of that deck with history is replayed
too, as `fluency reschedule` would: card state stays a function of the logs alone, so devices
that have read the same logs agree card for card.

Two lines with one event id and different content (one forged or broken) are both reported, and
the version with the smaller content is kept wherever and in whatever order they are read. An
event dated after now waits, like one whose card has not arrived, until its time.
*/
export function syncEventLogs(store: Store, settings: SchedulerSettings, dir: string, now: number, progress?: Progress, readAhead?: LogsReadAhead): EventSyncReport {
	const exported = exportEvents(store, dir, now);
	const ownLog = join(dir, logFileName(store.deviceId));
	rereadAfterOverflow(store);
	const listed = logsToRead(dir);
	const states = syncFileStates(store);
	const problems: Problem[] = [...(exported.problem ? [exported.problem] : []), ...listed.problems];
	const onRead = progress && ((done: number, total: number) => total >= PROGRESS_BYTES && progress('reading history', done, total));
	const logs = listed.names.flatMap((name) => {
		try {
			const previous = states.get(name);
			const readBefore = readAhead?.take(name, previous, now, onRead);
			const read = readBefore !== undefined ? readBefore : readLog(join(dir, name), name, DEVICE_LOG_NAME.exec(name)![1]!, previous, now, undefined, onRead);
			return read ? [read] : [];
		} catch (thrown) {
			// Swapped for something else since it was listed, or unreadable: skipped, like any bad file.
			if (!(thrown instanceof UnsafeFileError) && typeof (thrown as NodeJS.ErrnoException).code !== 'string') throw thrown;
			problems.push(error(displayPath(join(dir, name)), 1, `skipped: ${thrown instanceof UnsafeFileError ? thrown.message : (thrown as Error).message}`));
			return [];
		}
	});
	problems.push(...logs.flatMap((log) => log.problems));
	const lasting = new Map(listed.names.map((name) => [name, rememberedProblems(store, name)]));
	for (const log of logs) lasting.set(log.name, [...(log.fromStart ? [] : (lasting.get(log.name) ?? [])), ...log.lasting]);
	const nameOfShown = new Map(listed.names.map((name) => [displayPath(join(dir, name)), name]));
	const lastingProblem = (source: string, message: string) => {
		const [file, line] = placeOf(source);
		const name = nameOfShown.get(file);
		if (name !== undefined) lasting.get(name)!.push(error(file, line, message));
	};

	let imported = 0;
	let parametersChanged: string[] = [];
	let rescheduledCards = 0;
	let replayedCards = 0;
	let notKept = 0;
	const touched = new Set<string>();
	const eventsRead = logs.reduce((count, log) => count + log.events.length + log.parameters.length, 0);
	const apply = () => store.transaction(() => {
		// The events read stay where they were read, in columns (read-events.ts); what holds on to
		// them until they are applied (the versions chosen, the events to apply, each card's history)
		// holds their numbers, and each becomes an object only while it is applied.
		const events = new EventsOfLogs(logs.map((log) => log.events));
		const chosen = chooseVersions(logs, events, lastingProblem);
		const ids = [...chosen.keys()];
		const stored = new Map<string, StoredEvent>();
		// A second device's first sync holds no event yet: nothing to look up, for any of its many ids.
		if (ids.length > 0 && holdsEvents(store)) for (let index = 0; index < ids.length; index += ID_BATCH) {
			for (const [id, event] of storedEvents(store, ids.slice(index, index + ID_BATCH))) stored.set(id, event);
		}
		const toApply: Chosen[] = [];
		for (const [id, chosenItem] of chosen) {
			const existing = stored.get(id);
			if (existing === undefined) {
				toApply.push(chosenItem);
				continue;
			}
			const item = incomingOf(events, chosenItem);
			if (sameAsStored(existing, item.event)) continue;
			if (versionKey(existing.content, existing.identityKey) <= incomingKey(item)) {
				lastingProblem(sourceOf(item), `skipped: event ${item.event.id} was read before with other content; of two versions of an event every device keeps the same one`);
				continue;
			}
			lastingProblem(sourceOf(item), `event ${item.event.id} was read before with other content; this version replaces it, as on every device`);
			if (existing.cardId !== null && existing.table !== 'pending_events') touched.add(existing.cardId);
			removeStoredEvent(store, existing);
			toApply.push(chosenItem);
		}
		// No longer needed: a first sync holds an entry here for each of its 242,000 events.
		chosen.clear();
		const incomingParameters = toApply.flatMap((item) => (typeof item === 'number' ? [] : [item.event]));
		const parametersBefore = incomingParameters.length > 0 ? loadParameters(store) : undefined;
		for (const event of incomingParameters) if (insertParametersEvent(store, event)) imported++;
		let room = pendingRoom(store);
		// Many events at once (a first sync, a stranger's huge log): one read of the cards spares two queries for each event with no card here.
		const cards = toApply.length > MANY_EVENTS ? cardIdsAndKeys(store) : undefined;
		const mayHaveCard = (event: SyncEvent) => cards === undefined || cards.ids.has(event.card) || cards.keys.has(event.key);
		// Stored card by card once the parameters are known, after the events that waited.
		const historiesByCard = new Map<string, number[]>();
		// A card's events name it alike, and no card comes or goes meanwhile: each name is resolved once.
		const resolved = new Map<string, string | undefined>();
		const localCard = (event: SyncEvent) => {
			const name = `${event.card}\u0000${event.key}\u0000${event.deck}`;
			if (!resolved.has(name)) resolved.set(name, resolveEventCard(store, event));
			return resolved.get(name);
		};
		const linesAsRead = new LinesAsRead();
		try {
			for (const number of toApply) {
				if (typeof number !== 'number') continue;
				const event = events.event(number);
				const cardId = event.at <= now && mayHaveCard(event) ? localCard(event) : undefined;
				if (cardId === undefined) {
					// Its card has not arrived, or its time has not come: it waits, within bounds, as its line
					// (or, should its file have changed since it was read, as its event written anew).
					const item = events.incoming(number);
					if (room.count < 1 || room.bytes < item.length) {
						notKept++;
						continue;
					}
					room = {count: room.count - 1, bytes: room.bytes - item.length};
					addPendingEvent(store, event, linesAsRead.line(item) ?? encodeEvent(event), sourceOf(item), now);
					continue;
				}
				const history = historiesByCard.get(cardId);
				if (history) history.push(number);
				else historiesByCard.set(cardId, [number]);
			}
		} finally {
			linesAsRead.close();
		}
		// Let go of what only placed the events (each card name resolved, every card's id and key), which
		// the replay would carry otherwise: a second device's first sync peaked 1-3 MB lower.
		toApply.length = 0;
		resolved.clear();
		cards?.ids.clear();
		cards?.keys.clear();
		if (notKept > 0) setOverflowMark(store, {cards: cardCount(store), notKept});
		// Events that waited for their card (its deck file may have arrived since) or for their time.
		for (const pending of readyPendingEvents(store, now)) {
			const parsed = parseEventLine(pending.line);
			const cardId = parsed.kind === 'event' ? resolveEventCard(store, parsed.event) : undefined;
			removeStoredEvent(store, {id: pending.id, table: 'pending_events', content: '', cardId: null, identityKey: null});
			if (parsed.kind !== 'event' || cardId === undefined) continue;
			insertImportedEvent(store, parsed.event, cardId);
			touched.add(cardId);
			imported++;
		}
		const parameters = loadParameters(store);
		const schedulers = new Schedulers(settings, parameters);
		// A card with no history yet (a second device's first sync: all of them) is replayed from the
		// events read and its answers written once, complete. Written bare and then rewritten by a
		// replay read back from the database, a first sync of 242,000 events took 12.7 s, now 6.5 s.
		const cardIds = [...historiesByCard.keys()];
		// Most syncs (every command runs one) read nothing new: nothing to ask the database.
		if (cardIds.length > 0) {
			const withHistory = cardsWithHistory(store, cardIds);
			let answers = 0;
			for (const [cardId, numbers] of historiesByCard) if (!withHistory.has(cardId)) for (const number of numbers) if (events.isAnswer(number)) answers++;
			// Said card by card, the indexes built again last: a second device's first sync spends seconds here.
			const applying = progress && answers >= PROGRESS_ANSWERS ? progress : undefined;
			const steps = cardIds.length + 1;
			const added = withHistoryIndexesBuiltAfter(store, {answers, cards: cardIds.length - withHistory.size}, withHistory.size > 0, () =>
				importCardHistoriesOf(
					store,
					cardIds,
					(index) => {
						if (applying && index % CARDS_PER_REPORT === 0) applying('replaying history', index, steps);
						return {cardId: cardIds[index]!, events: takeHistory(historiesByCard, cardIds[index]!, events)};
					},
					schedulers.forDeck(''),
					{withHistory, schedulerFor: (deck) => schedulers.forDeck(deck)},
				),
			);
			applying?.('replaying history', steps, steps);
			imported += added.reviews + added.events;
		}
		const toReplay = new Map<string, string | undefined>([...touched].map((cardId) => [cardId, undefined]));
		if (parametersBefore) {
			parametersChanged = changedPresets(parametersBefore, parameters);
			if (parametersChanged.length > 0) {
				const previous = new Schedulers(settings, parametersBefore);
				const key = (weights: readonly number[] | undefined) => JSON.stringify(weights ?? null);
				for (const card of cardsWithAnyHistory(store)) {
					if (key(previous.weightsFor(card.deck)) === key(schedulers.weightsFor(card.deck))) continue;
					toReplay.set(card.id, card.deck);
					rescheduledCards++;
				}
				// Due dates that were current stay current; ones already waiting for `fluency reschedule` (another retention, say) still are.
				if (scheduledWith(store) === previous.fingerprint()) markScheduledWith(store, schedulers.fingerprint());
			}
		}
		replayedCards = new Set([...cardIds, ...toReplay.keys()]).size;
		for (const [cardId, deck] of toReplay) {
			const card = getCard(store, cardId);
			// A card whose event was replaced by another version may have lost its last event; replaying an empty history resets it.
			if (!card) continue;
			replayAndSave(store, cardId, schedulers.forDeck(deck ?? card.deck));
		}
		for (const log of logs) {
			saveSyncFileState(store, log.state);
			rememberProblems(store, log.name, lasting.get(log.name) ?? []);
		}
	});
	// The pages a large write holds in memory, and what the index builds after it sort there, cost more memory than time.
	if (eventsRead >= MANY_EVENTS_FOR_SMALL_CACHE) store.withSmallPageCache(apply);
	else apply();
	for (const name of listed.names) problems.push(...(lasting.get(name) ?? []));
	if (notKept > 0) {
		problems.push(
			error(
				displayPath(dir),
				1,
				`${notKept} events for cards this machine does not have were not kept: at most ${PENDING_LIMIT.count} events (${PENDING_LIMIT.bytes / 1024 / 1024} MiB) wait for their card; every log is read again once new cards arrive (\`fluency sync --drop-pending\` forgets the waiting ones)`,
			),
		);
	}
	return {
		exported: exported.written,
		restored: exported.restored,
		dropped: exported.dropped,
		ownLog,
		imported,
		pending: pendingTotals(store).count,
		replayedCards,
		parametersChanged,
		rescheduledCards,
		problems,
	};
}

/** A card's history, its events made objects again, handed over once. */
function takeHistory(histories: Map<string, number[]>, cardId: string, events: EventsOfLogs): SyncEvent[] {
	const numbers = histories.get(cardId)!;
	histories.delete(cardId);
	return numbers.map((number) => events.event(number));
}

function placeOf(source: string): [string, number] {
	const at = source.lastIndexOf(':');
	return [source.slice(0, at), Number(source.slice(at + 1))];
}
