import {cardIdFor, type CardKind, type DeckCard} from './card.js';
import {answerTextOf, type CardTexts} from './card-texts.js';
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

/**
The texts of the given known cards, by id. Asked only for the cards the similarity pass compares,
which are few: reading every known card's text made a re-sync of a changed 100,000-card file read
and hold 40 MB of text it compared with nothing.
*/
type TextsOf<Known extends KnownCard> = (cards: readonly Known[]) => ReadonlyMap<string, CardTexts>;

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

/** What matching asks of the database, each time about the few cards it needs. */
export type KnownCardLookups<Known extends KnownCard> = {
	/** Whether an id is already held by a card outside the candidates. */
	readonly idInUse: (id: string) => boolean;
	/** Retired cards with any of these identity keys: a card that returns gets its history back. */
	readonly retiredWithKeys: (keys: readonly string[]) => readonly Known[];
	readonly textsOf: TextsOf<Known>;
};

/**
Decide which known card each incoming card is, like git's rename detection: exact identity keys
first (an explicit id, or the normalised question), then by similarity among the cards that
disappeared and appeared in the same sync.

`candidates` are the active cards of the deck files that changed or vanished. A retired card
comes back only by its exact key, and only to a card no active candidate's key took, so just the
keys left over are looked up: a changed file of 100,000 cards looks up the keys of its new cards.
An active card in the same deck is the best match for a key, then one in another deck, then a
retired one in the same deck, then one elsewhere; cards take their match in the order they come.
Each pass makes at most one map lookup a card: at 100,000 cards each lookup is a cache miss, and
the matching before made seven.
*/
export function matchCards<Known extends KnownCard>(incoming: readonly DeckCard[], candidates: readonly Known[], lookups: KnownCardLookups<Known>): IdentityResult<Known> {
	const pairs: Array<Known | undefined> = new Array(incoming.length);
	const activeTaken = takeByExactKey(incoming, candidates, pairs);
	const leftKeys = [...new Set(incoming.flatMap((card, index) => (pairs[index] ? [] : [card.identityKey])))];
	const retiredCandidates = leftKeys.length > 0 ? lookups.retiredWithKeys(leftKeys) : [];
	if (retiredCandidates.length > 0) takeByExactKey(incoming, retiredCandidates, pairs);

	const vanished = candidates.filter((known, index) => !activeTaken[index] && !known.identityKey.startsWith('id:'));
	const unmatched = incoming.filter((card, index) => !pairs[index] && card.explicitId === undefined);
	const takenBySimilarity = new Set<Known>();
	if (unmatched.length > 0 && vanished.length > 0 && unmatched.length * vanished.length <= MAX_FUZZY_PAIRS) {
		const position = new Map(incoming.map((card, index) => [card, index]));
		for (const [card, known] of similarPairs(unmatched, vanished, lookups.textsOf(vanished))) {
			pairs[position.get(card)!] = known;
			takenBySimilarity.add(known);
		}
	}

	let knownIds: Set<string> | undefined;
	const assigned = new Set<string>();
	const freshId = (card: DeckCard): string => {
		// A paired card's id is a candidate's, so the known ids keep fresh ids off both.
		knownIds ??= new Set([...candidates, ...retiredCandidates].map((known) => known.id));
		// Each id is worked out only when the one before it is taken: a hash each, 100,000 of them in a first sync.
		for (let attempt = 0; ; attempt++) {
			const id = attempt === 0 ? cardIdFor(card.identityKey) : attempt === 1 ? cardIdFor(card.identityKey, card.deck) : cardIdFor(card.identityKey, `${card.deck}#${attempt}`);
			if (!assigned.has(id) && !knownIds.has(id) && !lookups.idInUse(id)) {
				assigned.add(id);
				return id;
			}
		}
	};
	const matched = incoming.map((card, index): MatchedCard<Known> => {
		const previous = pairs[index];
		if (!previous) return {card, id: freshId(card), change: 'added', contentChanged: true};
		const contentChanged = previous.contentHash !== card.contentHash;
		const change: CardChange = previous.retired ? 'restored' : previous.deck !== card.deck ? 'moved' : contentChanged ? 'changed' : 'unchanged';
		return {card, id: previous.id, previous, change, contentChanged};
	});
	return {matched, retired: candidates.filter((known, index) => !activeTaken[index] && !takenBySimilarity.has(known))};
}

/**
Pair each incoming card not yet paired with an untaken known card of its exact key, the one in
its own deck first. Returns which of `known` were taken.
*/
function takeByExactKey<Known extends KnownCard>(incoming: readonly DeckCard[], known: readonly Known[], pairs: Array<Known | undefined>): Uint8Array {
	const taken = new Uint8Array(known.length);
	const byKey = new Map<string, number[]>();
	known.forEach((card, index) => {
		const list = byKey.get(card.identityKey);
		if (list) list.push(index);
		else byKey.set(card.identityKey, [index]);
	});
	incoming.forEach((card, index) => {
		if (pairs[index]) return;
		const options = byKey.get(card.identityKey);
		if (!options) return;
		let best = -1;
		for (const option of options) {
			if (taken[option]) continue;
			if (best === -1 || (known[option]!.deck === card.deck && known[best]!.deck !== card.deck)) best = option;
		}
		if (best === -1) return;
		taken[best] = 1;
		pairs[index] = known[best];
	});
	return taken;
}

function similarPairs<Known extends KnownCard>(unmatched: readonly DeckCard[], vanished: readonly Known[], texts: ReadonlyMap<string, CardTexts>): Array<[DeckCard, Known]> {
	const scored: Array<{card: DeckCard; known: Known; score: number}> = [];
	for (const card of unmatched) {
		let answerText: string | undefined;
		for (const known of vanished) {
			if (known.ordinal !== card.ordinal || (known.kind === 'cloze') !== (card.kind === 'cloze')) continue;
			const knownTexts = texts.get(known.id);
			if (!knownTexts) throw new Error(`card identity: no texts were read for known card ${known.id}`);
			const question = similarity(card.questionText, knownTexts.questionText);
			if (question < REWORDED_QUESTION) continue;
			const answer = similarity((answerText ??= answerTextOf(card)), knownTexts.answerText);
			const sameCard = (question >= SAME_QUESTION && answer >= RELATED_ANSWER) || answer >= SAME_ANSWER;
			if (!sameCard) continue;
			// Prefer the closest question, then the closer answer, then the same deck.
			scored.push({card, known, score: question + answer / 10 + (known.deck === card.deck ? 0.01 : 0)});
		}
	}
	// Equal scores go to the known card with the lower id, not to whichever the database listed
	// first: a sync of part of a file lists its cards in another order than a sync of all of it.
	scored.sort((a, b) => b.score - a.score || (a.known.id < b.known.id ? -1 : a.known.id > b.known.id ? 1 : 0));
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
