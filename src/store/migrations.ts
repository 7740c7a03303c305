import type {Database} from 'better-sqlite3';
import {v7 as uuidv7} from 'uuid';

/**
One step of the schema. Steps are append-only: a released step is never edited, a change is a
new step. Each runs in its own transaction together with the `user_version` it sets, so a
process killed mid-migration leaves the database at the step before.
*/
export type Migration = {
	readonly version: number;
	readonly name: string;
	readonly up: (db: Database) => void;
};

const STEPS: Migration[] = [
	{
		version: 1,
		name: 'decks, cards, review log and card events',
		up(db) {
			db.exec(`
				CREATE TABLE meta (
					key TEXT PRIMARY KEY,
					value TEXT NOT NULL
				) STRICT;

				CREATE TABLE decks (
					id INTEGER PRIMARY KEY,
					name TEXT NOT NULL UNIQUE,
					path TEXT NOT NULL,
					title TEXT NOT NULL,
					description TEXT NOT NULL DEFAULT '',
					tags TEXT NOT NULL DEFAULT '[]',
					sources TEXT NOT NULL DEFAULT '[]',
					front_matter TEXT NOT NULL DEFAULT '{}',
					problems TEXT NOT NULL DEFAULT '[]',
					file_size INTEGER NOT NULL DEFAULT -1,
					file_mtime_ms REAL NOT NULL DEFAULT -1,
					file_hash TEXT NOT NULL DEFAULT '',
					synced_at INTEGER NOT NULL,
					retired_at INTEGER
				) STRICT;

				CREATE TABLE cards (
					id TEXT PRIMARY KEY,
					deck_id INTEGER NOT NULL REFERENCES decks(id),
					identity_key TEXT NOT NULL,
					note_key TEXT NOT NULL,
					explicit_id TEXT,
					kind TEXT NOT NULL CHECK (kind IN ('basic', 'reversed', 'cloze')),
					ordinal INTEGER NOT NULL,
					line INTEGER NOT NULL,
					source TEXT NOT NULL,
					prompt TEXT NOT NULL,
					answer TEXT NOT NULL,
					extra TEXT NOT NULL DEFAULT '',
					tags TEXT NOT NULL DEFAULT '[]',
					question_text TEXT NOT NULL,
					answer_text TEXT NOT NULL,
					content_hash TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					updated_at INTEGER NOT NULL,
					retired_at INTEGER,
					state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'learning', 'review', 'relearning')),
					due INTEGER,
					stability REAL NOT NULL DEFAULT 0,
					difficulty REAL NOT NULL DEFAULT 0,
					reps INTEGER NOT NULL DEFAULT 0,
					lapses INTEGER NOT NULL DEFAULT 0,
					learning_steps INTEGER NOT NULL DEFAULT 0,
					scheduled_days INTEGER NOT NULL DEFAULT 0,
					last_review INTEGER,
					suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
					buried_until INTEGER
				) STRICT;
				-- Active cards in deck file order: queues read them deck by deck without sorting.
				CREATE INDEX cards_by_deck ON cards (deck_id, line, ordinal) WHERE retired_at IS NULL;
				CREATE INDEX cards_by_identity ON cards (identity_key);
				CREATE INDEX cards_by_due ON cards (due) WHERE retired_at IS NULL;

				-- One row per answer, never deleted. An undo sets undone_at and appends an 'undo'
				-- event, so the full history (and what was undone) stays. card_before holds the
				-- card's exact state before the answer, which an undo restores.
				-- scheduled_days_before is Anki's "last interval": young/mature splits use it.
				-- retrievability is FSRS's predicted recall at the answer, for calibration.
				CREATE TABLE reviews (
					id TEXT PRIMARY KEY,
					card_id TEXT NOT NULL REFERENCES cards(id),
					device_id TEXT NOT NULL,
					reviewed_at INTEGER NOT NULL,
					rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
					duration_ms INTEGER NOT NULL,
					state_before TEXT NOT NULL,
					stability_before REAL NOT NULL,
					difficulty_before REAL NOT NULL,
					scheduled_days_before INTEGER NOT NULL,
					elapsed_days REAL NOT NULL,
					retrievability REAL,
					state_after TEXT NOT NULL,
					stability_after REAL NOT NULL,
					difficulty_after REAL NOT NULL,
					scheduled_days INTEGER NOT NULL,
					due_after INTEGER NOT NULL,
					card_before TEXT NOT NULL,
					undone_at INTEGER
				) STRICT;
				CREATE INDEX reviews_by_card ON reviews (card_id, reviewed_at);
				CREATE INDEX reviews_by_time ON reviews (reviewed_at);

				-- Every state change that is not an answer. Append-only.
				CREATE TABLE card_events (
					id TEXT PRIMARY KEY,
					card_id TEXT NOT NULL REFERENCES cards(id),
					device_id TEXT NOT NULL,
					at INTEGER NOT NULL,
					kind TEXT NOT NULL CHECK (kind IN ('undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset')),
					target_id TEXT
				) STRICT;
				CREATE INDEX card_events_by_card ON card_events (card_id, at);
			`);
		},
	},
	{
		version: 2,
		name: 'event log sync between devices',
		up(db) {
			db.exec(`
				-- A bury says until when; the event log carries it to other devices.
				ALTER TABLE card_events ADD COLUMN until INTEGER;

				-- Events read from another device's log whose card this machine does not know
				-- yet (its deck file has not arrived); retried at every sync.
				CREATE TABLE pending_events (
					id TEXT PRIMARY KEY,
					card TEXT NOT NULL,
					identity_key TEXT NOT NULL,
					deck TEXT NOT NULL,
					line TEXT NOT NULL,
					source TEXT NOT NULL,
					received_at INTEGER NOT NULL
				) STRICT;

				-- How far each device's log file has been read. tail holds the bytes just before
				-- offset, so a file rewritten behind our back (a bad merge) is read again whole.
				CREATE TABLE sync_files (
					name TEXT PRIMARY KEY,
					offset INTEGER NOT NULL,
					line INTEGER NOT NULL,
					size INTEGER NOT NULL,
					mtime_ms REAL NOT NULL,
					tail TEXT NOT NULL,
					device_id TEXT,
					device_name TEXT,
					last_event_at INTEGER,
					events INTEGER NOT NULL DEFAULT 0
				) STRICT;
			`);
		},
	},
	{
		version: 3,
		name: 'an index that covers the statistics queries',
		up(db) {
			// Statistics scan every answer; this holds just the columns they read, so the scans
			// skip the wide rows (each carries its card's state before the answer, for undo).
			db.exec(`
				CREATE INDEX reviews_for_stats ON reviews (reviewed_at, state_before, rating, scheduled_days_before, retrievability, duration_ms, card_id)
				WHERE undone_at IS NULL;
			`);
		},
	},
	{
		version: 4,
		name: 'statistics counted over index ranges',
		up(db) {
			// One pass over a million answers that evaluates several expressions per row takes seconds;
			// counting an index range in the order the figure needs takes a tenth of that. Each index
			// serves one figure of src/store/stats-queries.ts, whose queries repeat these expressions
			// exactly (SQLite only reads an indexed expression when the query spells it the same way),
			// and each holds every column its queries read, undone_at included, so no row is visited.
			db.exec(`
				DROP INDEX reviews_for_stats;

				-- Answers and time per study day.
				CREATE INDEX reviews_stats_by_time ON reviews (reviewed_at, duration_ms, card_id, undone_at)
				WHERE undone_at IS NULL;

				-- Answers by quarter of the UTC day and outcome (src/core/stats/figures.ts OUTCOMES), for
				-- true retention by period and by hour of the day.
				CREATE INDEX reviews_stats_by_hour ON reviews (
					(reviewed_at / 900000) % 96,
					CASE WHEN state_before != 'review' THEN 0 WHEN scheduled_days_before < 21 THEN 1 + (rating > 1) ELSE 3 + (rating > 1) END,
					reviewed_at, card_id, undone_at
				) WHERE undone_at IS NULL;

				-- Predicted recall against the outcome, for calibration.
				CREATE INDEX reviews_stats_by_recall ON reviews (rating > 1, retrievability, reviewed_at, card_id, state_before, undone_at)
				WHERE undone_at IS NULL AND state_before = 'review' AND retrievability IS NOT NULL;

				-- Review answers per card, for true retention per deck.
				CREATE INDEX reviews_stats_by_card ON reviews (card_id, reviewed_at, scheduled_days_before >= 21, rating > 1, state_before, undone_at)
				WHERE undone_at IS NULL AND state_before = 'review';
			`);
		},
	},
	{
		version: 5,
		name: 'due dates carried over from another program are events',
		up(db) {
			// A due event keeps the due date an import carried over (Anki's own) in the history, so
			// every device replays it and a reschedule keeps it. SQLite cannot change a CHECK
			// constraint in place: the table is rebuilt, every row copied as it is, the index remade.
			db.exec(`
				CREATE TABLE card_events_v5 (
					id TEXT PRIMARY KEY,
					card_id TEXT NOT NULL REFERENCES cards(id),
					device_id TEXT NOT NULL,
					at INTEGER NOT NULL,
					kind TEXT NOT NULL CHECK (kind IN ('undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset', 'due')),
					target_id TEXT,
					-- Until when a bury lasts; when a due event makes the card due.
					until INTEGER
				) STRICT;
				INSERT INTO card_events_v5 (id, card_id, device_id, at, kind, target_id, until)
				SELECT id, card_id, device_id, at, kind, target_id, until FROM card_events;
				DROP TABLE card_events;
				ALTER TABLE card_events_v5 RENAME TO card_events;
				CREATE INDEX card_events_by_card ON card_events (card_id, at);
			`);
		},
	},
	{
		version: 6,
		name: 'fitted parameters travel between devices as events',
		up(db) {
			// Each change of fitted parameters (saved, or forgotten: null weights) is an event, read
			// from every device's log like a review; per preset ('' for the global ones) the latest
			// by (at, id) is in effect. Append-only, so every device ends with the same parameters
			// whatever order the logs arrive in.
			db.exec(`
				CREATE TABLE parameter_events (
					id TEXT PRIMARY KEY,
					device_id TEXT NOT NULL,
					at INTEGER NOT NULL,
					preset TEXT NOT NULL,
					weights TEXT
				) STRICT;
				CREATE INDEX parameter_events_by_preset ON parameter_events (preset, at, id);
			`);
			// Parameters fitted before this step become this device's events here, in the step's
			// transaction, so from now on the events are the only place parameters are read from.
			// Their time is not known: dated at 0, any change made since, on any device, wins.
			const legacy = db.prepare("SELECT key, value FROM meta WHERE key = 'fsrs.weights' OR substr(key, 1, 12) = 'fsrs.preset:' ORDER BY key").all() as Array<{key: string; value: string}>;
			if (legacy.length === 0) return;
			let device = (db.prepare("SELECT value FROM meta WHERE key = 'device_id'").get() as {value: string} | undefined)?.value;
			if (!device) {
				device = uuidv7();
				db.prepare("INSERT INTO meta (key, value) VALUES ('device_id', ?)").run(device);
			}
			const insert = db.prepare('INSERT INTO parameter_events (id, device_id, at, preset, weights) VALUES (?, ?, 0, ?, ?)');
			for (const {key, value} of legacy) insert.run(uuidv7(), device, key === 'fsrs.weights' ? '' : key.slice('fsrs.preset:'.length), value);
			db.prepare("DELETE FROM meta WHERE key = 'fsrs.weights' OR substr(key, 1, 12) = 'fsrs.preset:'").run();
		},
	},
	{
		version: 7,
		name: 'marks, flags and leeches in the database, and commands undone as a whole',
		up(db) {
			// A card's tags set in the database (`marked`, `leech`: the deck file is never rewritten
			// for them) and its flag 0–4 are state replayed from events like suspension: stored on
			// the card for queues and search to read, derived from card_events. The events gain a
			// value (the tag, or the flag) and a batch (the command they belong to, for `fluency
			// undo`). The CHECK on kind changes, so the table is rebuilt as in step 5, every row
			// copied as it is.
			db.exec(`
				ALTER TABLE cards ADD COLUMN db_tags TEXT NOT NULL DEFAULT '[]';
				ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 4);

				CREATE TABLE card_events_v7 (
					id TEXT PRIMARY KEY,
					card_id TEXT NOT NULL REFERENCES cards(id),
					device_id TEXT NOT NULL,
					at INTEGER NOT NULL,
					kind TEXT NOT NULL CHECK (kind IN ('undo', 'suspend', 'unsuspend', 'bury', 'unbury', 'reset', 'due', 'tag', 'untag', 'flag')),
					-- The event an undo takes back; the answer a due moves or a leech's tag follows.
					target_id TEXT,
					-- Until when a bury lasts; when a due event makes the card due.
					until INTEGER,
					-- The tag of a tag or untag, the flag of a flag.
					value TEXT,
					-- The command the event belongs to.
					batch TEXT
				) STRICT;
				INSERT INTO card_events_v7 (id, card_id, device_id, at, kind, target_id, until)
				SELECT id, card_id, device_id, at, kind, target_id, until FROM card_events;
				DROP TABLE card_events;
				ALTER TABLE card_events_v7 RENAME TO card_events;
				CREATE INDEX card_events_by_card ON card_events (card_id, at);
				-- The last command, for undo.
				CREATE INDEX card_events_by_batch ON card_events (batch, at) WHERE batch IS NOT NULL;
			`);
		},
	},
	{
		version: 8,
		name: "indexes for a heavy collection's queue and day loads",
		up(db) {
			// Today's new cards are read deck by deck in file order without passing over the
			// deck's studied cards (95,000 of 100,000 in a heavy user's collection). Load balancing
			// counts a day's due cards from the index alone, without reading their rows, and `decks`
			// counts each deck's cards from an index a tenth the size of the table (126 -> 15 ms).
			db.exec(`
				CREATE INDEX cards_new_by_deck ON cards (deck_id, line, ordinal) WHERE retired_at IS NULL AND state = 'new';
				CREATE INDEX cards_counts_by_deck ON cards (deck_id, suspended, state) WHERE retired_at IS NULL;
				DROP INDEX cards_by_due;
				CREATE INDEX cards_by_due ON cards (due, state, suspended, id) WHERE retired_at IS NULL;
			`);
		},
	},
	{
		version: 9,
		name: "today's due cards read from one index",
		up(db) {
			// Every start of a review, `status` and `decks` read the cards due today (3,000 in a
			// heavy collection) with their note and tags. From the table that is a page per card,
			// about 55 ms in a new process; from an index holding every column the queue reads,
			// they sit side by side (about 18 ms). retired_at is there so SQLite sees the index
			// covers the query's `retired_at IS NULL`.
			db.exec(`
				DROP INDEX cards_by_due;
				CREATE INDEX cards_by_due ON cards (due, state, suspended, id, note_key, deck_id, buried_until, flag, tags, db_tags, retired_at) WHERE retired_at IS NULL;
			`);
		},
	},
	{
		version: 10,
		name: 'answers counted per quarter hour',
		up(db) {
			// `fluency stats` over a heavy user's million answers cuts time into about sixty stretches
			// (weeks, windows, daylight-saving changes) and counted each stretch by quarter of the day
			// and outcome: 480 index seeks a stretch, 300 ms in all. Every boundary it cuts at is a
			// quarter hour (study days start on the hour, UTC offsets are whole quarters), so the same
			// counts kept per quarter hour (a few thousand rows however many answers) answer every
			// stretch with one short range. The store keeps them as it writes answers
			// (src/store/stats/answer-slots.ts); triggers would cost every insert a statement journal,
			// 40 µs, which a second device reading a million answers would pay.
			// The outcome is src/store/stats/stats-queries.ts's OUTCOME, written out here because a
			// released step never changes with the code.
			db.exec(`
				-- Answers not undone, per quarter hour since the epoch (reviewed_at / 900000) and outcome.
				CREATE TABLE answer_slots (
					slot INTEGER NOT NULL,
					outcome INTEGER NOT NULL,
					answers INTEGER NOT NULL,
					ms INTEGER NOT NULL,
					PRIMARY KEY (slot, outcome)
				) STRICT, WITHOUT ROWID;
				INSERT INTO answer_slots (slot, outcome, answers, ms)
				SELECT reviewed_at / 900000, CASE WHEN state_before != 'review' THEN 0 WHEN scheduled_days_before < 21 THEN 1 + (rating > 1) ELSE 3 + (rating > 1) END,
					count(*), sum(duration_ms)
				FROM reviews WHERE undone_at IS NULL GROUP BY 1, 2;
			`);
		},
	},
	{
		version: 11,
		name: "the cards' memory and deck in indexes the statistics read",
		up(db) {
			// `fluency stats` spreads every studied card's stability, difficulty and recall now, and
			// sums each deck's answers of the last year card by card. Read from the table, 100,000
			// cards are 100,000 wide rows (their text, five ways): 370 ms for the memory, and the
			// answers sought in the table's order rather than their index's. cards_memory holds just
			// what the figures read (new cards, most additions, are not in it; state and retired_at
			// are there so SQLite sees it covers the query's conditions on them); cards_deck_by_id
			// walks the cards in the order of the answers' index (deck retention 370 -> 210 ms).
			db.exec(`
				CREATE INDEX cards_memory ON cards (deck_id, last_review, stability, difficulty, state, retired_at) WHERE retired_at IS NULL AND state != 'new';
				CREATE INDEX cards_deck_by_id ON cards (id, deck_id);
			`);
		},
	},
	{
		version: 12,
		name: 'the cards a search reads by due date in one index',
		up(db) {
			// `fluency find prop:due<=9` reads the 12,000 cards due in ten days of a heavy collection
			// through cards_by_due: from the table that is a page a card, 150 of its 200 ms in a new
			// process. The index now holds every column a search reads of a card but its text, and
			// today's queue still reads it alone.
			db.exec(`
				DROP INDEX cards_by_due;
				CREATE INDEX cards_by_due ON cards (
					due, state, suspended, id, note_key, deck_id, buried_until, flag, tags, db_tags, retired_at,
					kind, ordinal, line, created_at, stability, difficulty, reps, lapses, learning_steps, scheduled_days, last_review
				) WHERE retired_at IS NULL;
			`);
		},
	},
	{
		version: 13,
		name: 'answers to review cards counted per quarter hour by predicted recall',
		up(db) {
			// Calibration (predicted recall against what happened) read 600,000 index entries of a
			// heavy collection in sixteen ranges: 80 ms of `fluency stats`. Kept like answer_slots
			// (migration 10), per quarter hour, bin of predicted recall and whether the answer passed,
			// it is a few thousand rows. The bins are twentieths, so each of the statistics' edges is
			// one of theirs: bin = how many of 0, 0.05, ..., 0.95, 1, 2 are at or below the prediction,
			// less one (-1 below 0, 21 from 2: neither is a probability).
			const bin = (column: string) => `${[0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1, 2].map((edge) => `(${column} >= ${edge})`).join(' + ')} - 1`;
			db.exec(`
				CREATE TABLE recall_slots (
					slot INTEGER NOT NULL,
					bin INTEGER NOT NULL,
					passed INTEGER NOT NULL,
					answers INTEGER NOT NULL,
					predicted REAL NOT NULL,
					PRIMARY KEY (slot, bin, passed)
				) STRICT, WITHOUT ROWID;
				INSERT INTO recall_slots (slot, bin, passed, answers, predicted)
				SELECT reviewed_at / 900000, ${bin('retrievability')}, rating > 1, count(*), sum(retrievability)
				FROM reviews WHERE undone_at IS NULL AND state_before = 'review' AND retrievability IS NOT NULL GROUP BY 1, 2, 3;
			`);
		},
	},
	{
		version: 14,
		name: 'answers to review cards counted per day and deck',
		up(db) {
			// Retention by deck read every answer to a review card of the last year, card by card:
			// 700,000 index entries, 200 ms of `fluency stats` on a heavy collection. Counted per UTC
			// day and the deck the card is in (a card moved to another deck takes its counts along),
			// a year is at most a row per deck and day; the statistics count the part of a day before
			// their window starts from the answers themselves.
			db.exec(`
				CREATE TABLE deck_review_days (
					day INTEGER NOT NULL,
					deck_id INTEGER NOT NULL,
					answers INTEGER NOT NULL,
					mature INTEGER NOT NULL,
					passed INTEGER NOT NULL,
					mature_passed INTEGER NOT NULL,
					PRIMARY KEY (day, deck_id)
				) STRICT, WITHOUT ROWID;
				INSERT INTO deck_review_days (day, deck_id, answers, mature, passed, mature_passed)
				SELECT reviews.reviewed_at / 86400000, cards.deck_id, count(*), sum(reviews.scheduled_days_before >= 21), sum(reviews.rating > 1),
					sum(reviews.scheduled_days_before >= 21 AND reviews.rating > 1)
				FROM reviews JOIN cards ON cards.id = reviews.card_id
				WHERE reviews.undone_at IS NULL AND reviews.state_before = 'review' GROUP BY 1, 2;
			`);
		},
	},
	{
		version: 15,
		name: 'the few retired cards and the few tagged in the database, each found by an index',
		up(db) {
			// The statistics count retired cards and leeches. Found among 100,000 cards, each took a scan
			// of a wide index: 47 and 31 ms of a \`fluency stats\` started cold. Both sets are small, and
			// a partial index holds only them.
			db.exec(`
				CREATE INDEX cards_retired ON cards (retired_at) WHERE retired_at IS NOT NULL;
				CREATE INDEX cards_db_tagged ON cards (id) WHERE retired_at IS NULL AND db_tags != '[]';
			`);
		},
	},
	{
		version: 16,
		name: 'the studied cards that will be shown, by due date alone',
		up(db) {
			// Load balancing counts the cards due on each day an answer's fuzz can land on, about ten
			// days each time an answer is shown. Read from cards_by_due, which holds twenty columns a
			// card, a heavy collection's thousand cards a day were 35 pages of it, and the page cache
			// held a few days at most: 5 to 8 ms of every answer shown. This index is a due date a card.
			db.exec(`CREATE INDEX cards_due_load ON cards (due) WHERE retired_at IS NULL AND suspended = 0 AND state != 'new';`);
		},
	},
	{
		version: 17,
		name: "a card's note found from its id in an index",
		up(db) {
			// Today's queue passes over the notes answered today, so every review start, `fluency decks`
			// and `fluency status` read the note of each answer of the day: a card row apiece, at random
			// in the table (48 ms for 1,400 answers of a heavy collection, and a heavy user gives 3,000
			// a day). From this index, which the statistics already read by card id, it is 21 ms.
			db.exec(`
				DROP INDEX cards_deck_by_id;
				CREATE INDEX cards_deck_by_id ON cards (id, deck_id, note_key);
			`);
		},
	},
	{
		version: 18,
		name: "the answers by time carry what the retention by deck counts of them",
		up(db) {
			// Retention by deck reads the hours of its first day from the answers themselves: those to
			// review cards, with their interval and rating. Found by time, each answer's row was then read
			// from the table, reviews of new cards too: 76,000 of them in a heavy collection whose year of
			// history began with its first answers, 250 ms of \`fluency stats\`. Covered here, 16 ms.
			db.exec(`
				DROP INDEX reviews_stats_by_time;
				CREATE INDEX reviews_stats_by_time ON reviews (reviewed_at, duration_ms, card_id, undone_at, state_before, scheduled_days_before, rating)
				WHERE undone_at IS NULL;
			`);
		},
	},
	{
		version: 19,
		name: "a deck file's resume point: where the parse of the file grown at its end may start",
		up(db) {
			// A sync of a 100,000-card file that gained a card at its end parsed all 22 MB again: a second.
			// The line of its last note's marker, and the byte that line starts at, let it read from there.
			// Decks synced before this version have none, and are parsed whole once more.
			db.exec(`
				ALTER TABLE decks ADD COLUMN resume_line INTEGER;
				ALTER TABLE decks ADD COLUMN resume_offset INTEGER;
			`);
		},
	},
	{
		version: 20,
		name: "a large deck file's checkpoints: where a parse of the file edited in the middle may start and stop",
		up(db) {
			// A note inserted in the middle of a 100,000-card file had its 22 MB parsed and matched again
			// (1.5 to 1.9 s). Resume points every 64 KB or so, each with the hash of the bytes up to the
			// next, tell which stretch changed; only that stretch is parsed. JSON, NULL for small files.
			db.exec(`ALTER TABLE decks ADD COLUMN checkpoints TEXT;`);
		},
	},
	{
		version: 21,
		name: "a card's line kept as a line in a block of its deck's lines, each block placed in the file",
		up(db) {
			// A note inserted in the middle of a 100,000-card file moved the 50,000 cards below it a few
			// lines down: 50,000 rows of about 900 bytes and three indexes rewritten, 380-490 ms. Each card
			// now keeps its line within a block of lines, and the block where it starts in the file; the
			// edit moves the few hundred blocks below it. A block starts every 1,024 lines or so (the
			// blocks made here, one for each stretch of 1,024 lines that holds an active card, and the
			// deck's first at line 0, which holds its retired cards); src/store/line-blocks.ts keeps them.
			db.exec(`
				-- AUTOINCREMENT: a block's id is never given again once the block is merged away, so a
				-- card's place read before a sync changes the blocks never matches one given after.
				CREATE TABLE line_blocks (
					id INTEGER PRIMARY KEY AUTOINCREMENT,
					deck_id INTEGER NOT NULL REFERENCES decks(id),
					first_line INTEGER NOT NULL
				) STRICT;
				CREATE INDEX line_blocks_by_deck ON line_blocks (deck_id, first_line);
				INSERT INTO line_blocks (deck_id, first_line)
				SELECT DISTINCT deck_id, 0 FROM cards UNION SELECT DISTINCT deck_id, line - line % 1024 FROM cards WHERE retired_at IS NULL ORDER BY 1, 2;
				DROP INDEX cards_by_deck;
				DROP INDEX cards_new_by_deck;
				DROP INDEX cards_by_due;
				ALTER TABLE cards RENAME COLUMN line TO line_in_block;
				ALTER TABLE cards ADD COLUMN line_block INTEGER NOT NULL DEFAULT 0 REFERENCES line_blocks(id);
				UPDATE cards SET
					line_block = (SELECT id FROM line_blocks WHERE line_blocks.deck_id = cards.deck_id
						AND line_blocks.first_line = CASE WHEN cards.retired_at IS NULL THEN cards.line_in_block - cards.line_in_block % 1024 ELSE 0 END),
					line_in_block = CASE WHEN retired_at IS NULL THEN line_in_block % 1024 ELSE line_in_block END;
				CREATE INDEX cards_by_block ON cards (line_block, line_in_block, ordinal);
				CREATE INDEX cards_new_by_block ON cards (line_block, line_in_block, ordinal) WHERE retired_at IS NULL AND state = 'new';
				CREATE INDEX cards_by_due ON cards (
					due, state, suspended, id, note_key, deck_id, buried_until, flag, tags, db_tags, retired_at,
					kind, ordinal, line_block, line_in_block, created_at, stability, difficulty, reps, lapses, learning_steps, scheduled_days, last_review
				) WHERE retired_at IS NULL;
			`);
		},
	},
	{
		version: 22,
		name: "an answer's row without the card's state before it: an undo replays the card's history instead",
		up(db) {
			// card_before held, as JSON, what the card's history up to the answer already gives: 165 bytes
			// of every answer, 36 MB of a 220,000-answer import (a fifth of its database), written and
			// read again by every scan of the answers. An undo now replays the card, as every other
			// device does when the undo reaches it. SQLite rewrites each row in place; pages keep their
			// freed space (new answers are appended after them) until a VACUUM.
			db.exec(`ALTER TABLE reviews DROP COLUMN card_before;`);
		},
	},
	{
		version: 23,
		name: "a card's row without its normalised question and answer: both follow from its content (core/decks/card-texts.ts)",
		up(db) {
			// 230 of a card's 800 bytes, written for every card a sync adds and read only for the few
			// cards the similarity pass of card identity compares, which work them out instead: a first
			// sync of 100,000 cards leaves 85 MB instead of 111 MB and takes 8-15% less time. SQLite
			// rewrites each row: 2.4 s for 100,000 cards and a million answers, the copy made first included.
			db.exec(`
				ALTER TABLE cards DROP COLUMN question_text;
				ALTER TABLE cards DROP COLUMN answer_text;
			`);
		},
	},
	{
		version: 24,
		name: 'CHECK constraints as comparisons, not IN lists: SQLite builds a lookup table for each list at every row written',
		up(db) {
			// A CHECK that tests a column against an IN list makes SQLite build a temporary table of the
			// list each time an INSERT or UPDATE runs, once per row: 1.4 us per list. A first sync of
			// 100,000 cards spent 300 ms of its 2.7 s on the three of the cards table. The comparisons
			// accept and refuse exactly the same values (the columns are NOT NULL, their types strict).
			// SQLite changes a CHECK only by rebuilding the table: each is copied row for row, column by
			// column in the order the earlier steps left them, and its indexes are made again from
			// their own stored definitions.
			rebuildTable(
				db,
				'cards',
				`CREATE TABLE cards_v24 (
					id TEXT PRIMARY KEY,
					deck_id INTEGER NOT NULL REFERENCES decks(id),
					identity_key TEXT NOT NULL,
					note_key TEXT NOT NULL,
					explicit_id TEXT,
					kind TEXT NOT NULL CHECK (kind = 'basic' OR kind = 'reversed' OR kind = 'cloze'),
					ordinal INTEGER NOT NULL,
					line_in_block INTEGER NOT NULL,
					source TEXT NOT NULL,
					prompt TEXT NOT NULL,
					answer TEXT NOT NULL,
					extra TEXT NOT NULL DEFAULT '',
					tags TEXT NOT NULL DEFAULT '[]',
					content_hash TEXT NOT NULL,
					created_at INTEGER NOT NULL,
					updated_at INTEGER NOT NULL,
					retired_at INTEGER,
					state TEXT NOT NULL DEFAULT 'new' CHECK (state = 'new' OR state = 'learning' OR state = 'review' OR state = 'relearning'),
					due INTEGER,
					stability REAL NOT NULL DEFAULT 0,
					difficulty REAL NOT NULL DEFAULT 0,
					reps INTEGER NOT NULL DEFAULT 0,
					lapses INTEGER NOT NULL DEFAULT 0,
					learning_steps INTEGER NOT NULL DEFAULT 0,
					scheduled_days INTEGER NOT NULL DEFAULT 0,
					last_review INTEGER,
					suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended = 0 OR suspended = 1),
					buried_until INTEGER,
					db_tags TEXT NOT NULL DEFAULT '[]',
					flag INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 4),
					line_block INTEGER NOT NULL DEFAULT 0 REFERENCES line_blocks(id)
				) STRICT`,
				[
					'id, deck_id, identity_key, note_key, explicit_id, kind, ordinal, line_in_block, source, prompt, answer, extra, tags, content_hash',
					'created_at, updated_at, retired_at, state, due, stability, difficulty, reps, lapses, learning_steps, scheduled_days, last_review',
					'suspended, buried_until, db_tags, flag, line_block',
				].join(', '),
			);
			rebuildTable(
				db,
				'card_events',
				`CREATE TABLE card_events_v24 (
					id TEXT PRIMARY KEY,
					card_id TEXT NOT NULL REFERENCES cards(id),
					device_id TEXT NOT NULL,
					at INTEGER NOT NULL,
					kind TEXT NOT NULL CHECK (
						kind = 'undo' OR kind = 'suspend' OR kind = 'unsuspend' OR kind = 'bury' OR kind = 'unbury'
						OR kind = 'reset' OR kind = 'due' OR kind = 'tag' OR kind = 'untag' OR kind = 'flag'
					),
					-- The event an undo takes back; the answer a due moves or a leech's tag follows.
					target_id TEXT,
					-- Until when a bury lasts; when a due event makes the card due.
					until INTEGER,
					-- The tag of a tag or untag, the flag of a flag.
					value TEXT,
					-- The command the event belongs to.
					batch TEXT
				) STRICT`,
				'id, card_id, device_id, at, kind, target_id, until, value, batch',
			);
		},
	},
];

/**
Rebuild `table` as `create` defines it (a table named `<table>_v<version>`), every row copied in the
given columns, then its indexes made again as they were. Foreign keys are off while steps run, so
the tables that reference it keep their rows and find the new table under the old name.
*/
function rebuildTable(db: Database, table: string, create: string, columns: string): void {
	const newName = /^CREATE TABLE (\w+)/.exec(create)![1]!;
	const indexes = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid").pluck().all(table) as string[];
	db.exec(create);
	db.exec(`INSERT INTO ${newName} (${columns}) SELECT ${columns} FROM ${table}`);
	db.exec(`DROP TABLE ${table}`);
	db.exec(`ALTER TABLE ${newName} RENAME TO ${table}`);
	for (const sql of indexes) db.exec(sql);
}

/** The steps in the order they run. */
export const MIGRATIONS: readonly Migration[] = STEPS.sort((a, b) => a.version - b.version);

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
