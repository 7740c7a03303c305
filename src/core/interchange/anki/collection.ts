/** An Anki collection as plain data: what fluency reads from a package. */
import type {AnkiReviewLog} from './review-log.js';

export type AnkiNotetype = {
	readonly id: number;
	readonly name: string;
	readonly cloze: boolean;
	/** Anki 2.1.62+ records which stock notetype it came from; 6 is image occlusion. */
	readonly imageOcclusion: boolean;
	readonly fields: readonly string[];
	readonly templates: ReadonlyArray<{readonly name: string; readonly questionFormat: string; readonly answerFormat: string}>;
};

export type AnkiNote = {readonly id: number; readonly guid: string; readonly notetypeId: number; readonly tags: readonly string[]; readonly fields: readonly string[]};

export type AnkiCard = {
	readonly id: number;
	readonly noteId: number;
	readonly deckId: number;
	readonly ordinal: number;
	/** 0 new, 1 learning, 2 review, 3 relearning. */
	readonly type: number;
	/** -1 suspended, -2 and -3 buried, 0 new, 1 and 3 learning, 2 review. */
	readonly queue: number;
	readonly due: number;
	readonly interval: number;
	readonly originalDue: number;
	readonly originalDeckId: number;
};

export type AnkiCollection = {
	/** The collection's creation time in epoch seconds: review due dates count days from it. */
	readonly created: number;
	/** `col.ver`: 11 for JSON settings, 15-18 for tables with protobuf settings. */
	readonly schemaVersion: number;
	/** The hour (local time) at which Anki's study day starts. */
	readonly rolloverHour: number;
	/** 1 for the old scheduler, whose learning answers had three buttons; 2 for v2 and v3. */
	readonly schedulerVersion: number;
	readonly notetypes: ReadonlyMap<number, AnkiNotetype>;
	/** Deck names with `::` between levels. */
	readonly decks: ReadonlyMap<number, string>;
	readonly notes: readonly AnkiNote[];
	readonly cards: readonly AnkiCard[];
	/** Reviews of existing cards, in card order; v1 learning answers already mapped to four buttons. */
	readonly reviews: AnkiReviewLog;
	/** Review log rows of cards deleted in Anki: Anki keeps them, fluency has no card to give them to. */
	readonly orphanedReviews: number;
	/** v1 learning answers given one more button (2→3, 3→4), as Anki's own v2 upgrade does. */
	readonly remappedV1Answers: number;
};
