import {cardIdFor, type CardKind, type DeckCard} from './card.js';
import {similarity} from '../text.js';

/** A card the database already knows, as identity matching needs to see it. */
export type KnownCard = {
	readonly id: string;
	readonly deck: string;
	readonly kind: CardKind;
	readonly ordinal: number;
	readonly identityKey: string;
	readonly contentHash: string;
	readonly retired: boolean;
};

/** What the similarity pass compares of a card: its question and answer as identity normalises them. */
export type CardTexts = {readonly questionText: string; readonly answerText: string};

/**
The texts of the given known cards, by id. Asked only for the cards the similarity pass compares,
which are few: reading every known card's text made a re-sync of a changed 100,000-card file read
and hold 40 MB of text it compared with nothing.
*/
export type TextsOf<Known extends KnownCard> = (cards: readonly Known[]) => ReadonlyMap<string, CardTexts>;

type CardChange = 'added' | 'unchanged' | 'changed' | 'moved' | 'restored';

type MatchedCard<Known extends KnownCard> = {
	readonly card: DeckCard;
	readonly id: string;
	readonly previous?: Known;
	/** What happened to the card since the last sync; a moved card may also have changed. */
	readonly change: CardChange;
	readonly contentChanged: boolean;
};

/** `Known` is the candidates' type: what the caller knows of a card comes back with its match. */
export type IdentityResult<Known extends KnownCard = KnownCard> = {
	readonly matched: ReadonlyArray<MatchedCard<Known>>;
	/** Known, active cards that no longer appear in any deck. */
	readonly retired: readonly Known[];
};

// A touched-up question (a typo, a word swapped) stays above this, but so does a different
// question that differs in one word ("capital of France" / "of Spain" score 0.80, a typo 0.77):
// the answer decides. It must still resemble the old one, or the card is new, because a new
// question that inherited another's history would not be shown again for months.
const SAME_QUESTION = 0.75;
const RELATED_ANSWER = 0.5;
// A question reworded more freely is still the same card when its answer did not change.
const REWORDED_QUESTION = 0.5;
const SAME_ANSWER = 0.9;
// Pairing is quadratic; past this many pairs, unmatched cards are simply new and retired.
const MAX_FUZZY_PAIRS = 4_000_000;

/**
Decide which known card each incoming card is, like git's rename detection: exact identity keys
first (an explicit id, or the normalised question), then by similarity among the cards that
disappeared and appeared in the same sync.

`candidates` are the known cards that may be matched: the active cards of the deck files that
changed or vanished, and retired cards whose key appears again. `idInUse` tells whether an id
is already held by a card outside the candidates; `textsOf` reads the texts of those compared.
*/
export function matchCards<Known extends KnownCard>(
	incoming: readonly DeckCard[],
	candidates: readonly Known[],
	idInUse: (id: string) => boolean,
	textsOf: TextsOf<Known>,
): IdentityResult<Known> {
	const pairs = new Map<DeckCard, Known>();
	const taken = new Set<Known>();

	const byKey = new Map<string, Known[]>();
	for (const candidate of candidates) {
		const list = byKey.get(candidate.identityKey) ?? [];
		list.push(candidate);
		byKey.set(candidate.identityKey, list);
	}
	// Exact keys: an active card in the same deck is the best match, a retired one elsewhere the worst.
	const preference = (card: DeckCard, known: KnownCard) => (known.retired ? 2 : 0) + (known.deck === card.deck ? 0 : 1);
	for (const card of incoming) {
		const options = (byKey.get(card.identityKey) ?? []).filter((known) => !taken.has(known));
		const best = options.sort((a, b) => preference(card, a) - preference(card, b))[0];
		if (best) {
			pairs.set(card, best);
			taken.add(best);
		}
	}

	const unmatched = incoming.filter((card) => !pairs.has(card) && card.explicitId === undefined);
	const vanished = candidates.filter((known) => !taken.has(known) && !known.retired && !known.identityKey.startsWith('id:'));
	if (unmatched.length > 0 && vanished.length > 0 && unmatched.length * vanished.length <= MAX_FUZZY_PAIRS) {
		for (const [card, known] of similarPairs(unmatched, vanished, textsOf(vanished))) {
			pairs.set(card, known);
			taken.add(known);
		}
	}

	const assigned = new Set<string>();
	const knownIds = new Set(candidates.map((known) => known.id));
	const freshId = (card: DeckCard): string => {
		// Each id is worked out only when the one before it is taken: a hash each, 100,000 of them in a first sync.
		for (let attempt = 0; ; attempt++) {
			const id = attempt === 0 ? cardIdFor(card.identityKey) : attempt === 1 ? cardIdFor(card.identityKey, card.deck) : cardIdFor(card.identityKey, `${card.deck}#${attempt}`);
			if (!assigned.has(id) && !knownIds.has(id) && !idInUse(id)) return id;
		}
	};
	const matched: Array<MatchedCard<Known>> = incoming.map((card) => {
		const previous = pairs.get(card);
		if (!previous) {
			const id = freshId(card);
			assigned.add(id);
			return {card, id, change: 'added', contentChanged: true};
		}
		assigned.add(previous.id);
		const contentChanged = previous.contentHash !== card.contentHash;
		const change: CardChange = previous.retired ? 'restored' : previous.deck !== card.deck ? 'moved' : contentChanged ? 'changed' : 'unchanged';
		return {card, id: previous.id, previous, change, contentChanged};
	});
	const retired = candidates.filter((known) => !taken.has(known) && !known.retired);
	return {matched, retired};
}

/**
The identity keys that can bring a retired card back: those more incoming cards carry than active
candidates do. An exact key takes an active card before a retired one, and the similarity pass
never takes a retired card, so a key with enough active cards never reaches a retired one; a sync
of a changed 100,000-card file then looks up the keys of its new cards, not all 100,000.
*/
export function keysThatCanRestore(incoming: readonly DeckCard[], candidates: readonly KnownCard[]): string[] {
	const spare = new Map<string, number>();
	for (const card of incoming) spare.set(card.identityKey, (spare.get(card.identityKey) ?? 0) + 1);
	for (const known of candidates) {
		const count = spare.get(known.identityKey);
		if (count !== undefined && !known.retired) spare.set(known.identityKey, count - 1);
	}
	return [...spare].filter(([, count]) => count > 0).map(([key]) => key);
}

function similarPairs<Known extends KnownCard>(unmatched: readonly DeckCard[], vanished: readonly Known[], texts: ReadonlyMap<string, CardTexts>): Array<[DeckCard, Known]> {
	const scored: Array<{card: DeckCard; known: Known; score: number}> = [];
	for (const card of unmatched) {
		for (const known of vanished) {
			if (known.ordinal !== card.ordinal || (known.kind === 'cloze') !== (card.kind === 'cloze')) continue;
			const knownTexts = texts.get(known.id);
			if (!knownTexts) throw new Error(`card identity: no texts were read for known card ${known.id}`);
			const question = similarity(card.questionText, knownTexts.questionText);
			if (question < REWORDED_QUESTION) continue;
			const answer = similarity(card.answerText, knownTexts.answerText);
			const sameCard = (question >= SAME_QUESTION && answer >= RELATED_ANSWER) || answer >= SAME_ANSWER;
			if (!sameCard) continue;
			// Prefer the closest question, then the closer answer, then the same deck.
			scored.push({card, known, score: question + answer / 10 + (known.deck === card.deck ? 0.01 : 0)});
		}
	}
	scored.sort((a, b) => b.score - a.score);
	const usedCards = new Set<DeckCard>();
	const usedKnown = new Set<Known>();
	const pairs: Array<[DeckCard, Known]> = [];
	for (const {card, known} of scored) {
		if (usedCards.has(card) || usedKnown.has(known)) continue;
		usedCards.add(card);
		usedKnown.add(known);
		pairs.push([card, known]);
	}
	return pairs;
}
