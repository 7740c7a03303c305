import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect} from 'vitest';
import {findDeckFiles} from '../../src/app/decks/deck-files.js';
import {type LoadReport, loadDecks} from '../../src/app/decks/load-decks.js';
import {activeCards} from '../../src/store/cards.js';
import {Store} from '../../src/store/database.js';
import {listDecks, type StoredDeck} from '../../src/store/decks.js';
import {foreignKeyProblems} from '../../src/store/safety/integrity.js';
import {everyCardRow, forgetResumePoints, misplacedCards} from './raw-database.js';
import {makeTempDir} from './temp.js';

/** Lines of a note besides its marker, and the prose around notes: what random deck files are made of. */
export const NOTE_PARTS = ['A: A release to a few users first.', 'A: Two environments, one live.', 'A:', 'Note: see the runbook', 'Tags: ops', 'ID: canary-1', '<!-- a comment -->', '# Heading', 'text', '', ''] as const;

/** `order`: the active cards' ids in deck order, as the queue and listings read them (block by block, see line-blocks.ts). */
export type SyncedInTurn = {readonly reports: LoadReport[]; readonly cards: unknown[]; readonly order: string[]; readonly deck: StoredDeck};

/**
Write each text in turn as the deck file `<deck>.md` of a new database and sync it, a minute apart;
what the database holds after the last. `whole`: forget the resume points and checkpoints before
each sync, so every changed file is parsed whole, as a database synced before version 19 does.
*/
export function syncTextsInTurn(deck: string, texts: ReadonlyArray<string | Uint8Array>, options: {whole?: boolean; checkpointEvery?: number; blockLines?: number} = {}): SyncedInTurn {
	const root = makeTempDir(`fluency-${deck}-`);
	const decks = join(root, 'decks');
	mkdirSync(decks);
	const store = Store.open(join(root, 'fluency.db'));
	try {
		const reports = texts.map((text, index) => {
			writeFileSync(join(decks, `${deck}.md`), text);
			if (options.whole) forgetResumePoints(store.db);
			const {checkpointEvery, blockLines} = options;
			return loadDecks(store, findDeckFiles([decks], root).files, 1_700_000_000_000 + index * 60_000, {...(checkpointEvery && {checkpointEvery}), ...(blockLines && {blockLines})});
		});
		expect(foreignKeyProblems(store)).toEqual([]);
		expect(misplacedCards(store.db)).toEqual([]);
		return {reports, cards: everyCardRow(store.db), order: activeCards(store).map((card) => card.id), deck: listDecks(store).find((row) => row.name === deck)!};
	} finally {
		store.close();
	}
}
