import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {cardIdFor, type DeckCard} from '../../src/core/decks/card.js';
import {type CardTexts, cardTexts} from '../../src/core/decks/card-texts.js';
import {type KnownCard, type KnownCardLookups, matchCards} from '../../src/core/decks/identity.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';

const cardsOf = (deck: string, text: string): readonly DeckCard[] => parseDeck({file: `${deck}.md`, deck, text}).cards;

type KnownWithTexts = KnownCard & CardTexts;

/** The texts the database holds of known cards: here, carried by each. */
const textsIn = (cards: readonly KnownWithTexts[]) => new Map(cards.map((card) => [card.id, card]));

/** Lookups over what a database would hold: these retired cards, found by their keys, and each known card's texts. */
const lookupsOver = (retired: readonly KnownWithTexts[] = []): KnownCardLookups<KnownWithTexts> => ({
	idInUse: () => false,
	retiredWithKeys: (keys) => retired.filter((card) => keys.includes(card.identityKey)),
	textsOf: textsIn,
});

/** What the database would know after a sync of these cards. */
function known(cards: readonly DeckCard[], retired = false): KnownWithTexts[] {
	return matchCards(cards, [], lookupsOver()).matched.map(({card, id}) => ({
		id,
		deck: card.deck,
		kind: card.kind,
		ordinal: card.ordinal,
		identityKey: card.identityKey,
		...cardTexts(card),
		contentHash: card.contentHash,
		retired,
	}));
}

function rematch(before: readonly KnownWithTexts[], after: readonly DeckCard[]) {
	const result = matchCards(
		after,
		before.filter((card) => !card.retired),
		lookupsOver(before.filter((card) => card.retired)),
	);
	const idBefore = new Map(before.map((entry) => [entry.identityKey.replace(/^.*?:/, ''), entry.id]));
	return {...result, idBefore, changes: result.matched.map((match) => match.change)};
}

describe('card identity across edits', () => {
	const original = known(cardsOf('backend', 'Q: What does CI stand for?\nA: Continuous integration.'));

	it('keeps a card whose answer was edited', () => {
		const result = rematch(original, cardsOf('backend', 'Q: What does CI stand for?\nA: Continuous integration: merging to mainline daily.'));
		expect(result.matched[0]!.id).toBe(original[0]!.id);
		expect(result.changes).toEqual(['changed']);
	});

	it('keeps a card whose question was reformatted', () => {
		const result = rematch(original, cardsOf('backend', 'Q:   What does **CI** stand for\nA: Continuous integration.'));
		expect(result.matched[0]!.id).toBe(original[0]!.id);
	});

	it('keeps a card whose question had a typo fixed', () => {
		const typo = known(cardsOf('backend', 'Q: What does CI stnad for?\nA: Continuous integration.'));
		const result = rematch(typo, cardsOf('backend', 'Q: What does CI stand for?\nA: Continuous integration.'));
		expect(result.matched[0]!.id).toBe(typo[0]!.id);
		expect(result.changes).toEqual(['changed']);
	});

	it('keeps a card whose question was reworded while its answer stayed', () => {
		const before = known(cardsOf('backend', 'Q: What does the abbreviation CI mean in software delivery?\nA: Continuous integration: merging small changes to mainline at least daily.'));
		const result = rematch(before, cardsOf('backend', 'Q: In software delivery, what does CI mean?\nA: Continuous integration: merging small changes to mainline at least daily.'));
		expect(result.matched[0]!.id).toBe(before[0]!.id);
	});

	it('keeps a card moved to another deck and says it moved', () => {
		const result = rematch(original, cardsOf('mlops', 'Q: What does CI stand for?\nA: Continuous integration.'));
		expect(result.matched[0]!.id).toBe(original[0]!.id);
		expect(result.changes).toEqual(['moved']);
	});

	it('keeps a card that was moved and touched up in the same edit', () => {
		const result = rematch(original, cardsOf('mlops', 'Q: What does "CI" stand for, in short?\nA: Continuous integration.'));
		expect(result.matched[0]!.id).toBe(original[0]!.id);
	});

	it('makes a genuinely new question a new card, and retires the one that went away', () => {
		const result = rematch(original, cardsOf('backend', 'Q: What is a feature flag?\nA: A switch that turns code paths on without a deploy.'));
		expect(result.changes).toEqual(['added']);
		expect(result.matched[0]!.id).not.toBe(original[0]!.id);
		expect(result.retired.map((card) => card.id)).toEqual([original[0]!.id]);
	});

	it('does not confuse related questions about different things', () => {
		const before = known(cardsOf('mlops', 'Q: What is data drift?\nA: The input distribution changes over time.'));
		const result = rematch(before, cardsOf('mlops', 'Q: What is concept drift?\nA: The relationship between inputs and the label changes.'));
		expect(result.changes).toEqual(['added']);
	});

	it('makes a question that differs in one word a new card when its answer differs too', () => {
		const before = known(cardsOf('geo', 'Q: What is the capital of France?\nA: Paris'));
		const result = rematch(before, cardsOf('geo', 'Q: What is the capital of Spain?\nA: Madrid'));
		expect(result.changes).toEqual(['added']);
		expect(result.retired.map((card) => card.id)).toEqual([before[0]!.id]);
		// The same near-miss with the answer touched up is a typo being fixed.
		const saga = known(cardsOf('geo', 'Q: Waht is a saga?\nA: A chain of local transactions'));
		const typo = rematch(saga, cardsOf('geo', 'Q: What is a saga?\nA: A chain of local transactions, each with a compensating step'));
		expect(typo.matched[0]!.id).toBe(saga[0]!.id);
	});

	it('brings a retired card back with its id when it returns', () => {
		const retired = known(cardsOf('backend', 'Q: What does CI stand for?\nA: Continuous integration.'), true);
		const result = rematch(retired, cardsOf('backend', 'Q: What does CI stand for?\nA: Continuous integration.'));
		expect(result.matched[0]!.id).toBe(retired[0]!.id);
		expect(result.changes).toEqual(['restored']);
	});

	it('keeps both directions of a reversed note apart, and each keeps its own history', () => {
		const before = known(cardsOf('backend', 'R: Idempotent\nA: Repeating a request has the effect of sending it once.'));
		const result = rematch(before, cardsOf('backend', 'R: Idempotent\nA: Sending a request many times has the same effect as once.'));
		expect(result.matched.map((match) => match.id)).toEqual(before.map((card) => card.id));
	});

	it('keeps each cloze deletion apart by its number', () => {
		const before = known(cardsOf('gdpr', 'C: Report a breach within {{c1::72 hours}} under {{c2::Art 33}}.'));
		const result = rematch(before, cardsOf('gdpr', 'C: Report a breach to the authority within {{c1::72 hours}} under {{c2::Art 33}}.'));
		expect(result.matched.map((match) => [match.card.ordinal, match.id])).toEqual(before.map((card) => [card.ordinal, card.id]));
	});

	it('follows an explicit id whatever the text becomes', () => {
		const before = known(cardsOf('backend', 'Q: Old wording entirely\nA: x\nID: ci-meaning'));
		const result = rematch(before, cardsOf('backend', 'Q: Something else completely\nA: y\nID: ci-meaning'));
		expect(result.matched[0]!.id).toBe(before[0]!.id);
	});

	it('gives the same question in two decks two different ids', () => {
		const result = matchCards([...cardsOf('a', 'Q: Same?\nA: 1'), ...cardsOf('b', 'Q: Same?\nA: 2')], [], lookupsOver());
		expect(new Set(result.matched.map((match) => match.id)).size).toBe(2);
	});

	it('gives a card the same id on two machines that read the same deck', () => {
		const text = 'Q: What does CI stand for?\nA: Continuous integration.';
		expect(known(cardsOf('backend', text))[0]!.id).toBe(known(cardsOf('backend', text))[0]!.id);
	});
});

/*
Matching as it was written first, with every retired card among the candidates: the preference of
each exact key's options sorted in full, then the similarity pass, then ids. The faster matching,
which looks up only the retired cards it needs and one map entry a card each pass, must decide
the same.
*/
function matchWithEveryCandidate(incoming: readonly DeckCard[], candidates: readonly KnownWithTexts[]) {
	const pairs = new Map<DeckCard, KnownWithTexts>();
	const taken = new Set<KnownWithTexts>();
	const preference = (card: DeckCard, option: KnownWithTexts) => (option.retired ? 2 : 0) + (option.deck === card.deck ? 0 : 1);
	for (const card of incoming) {
		const options = candidates.filter((option) => option.identityKey === card.identityKey && !taken.has(option));
		const best = options.sort((a, b) => preference(card, a) - preference(card, b))[0];
		if (best) {
			pairs.set(card, best);
			taken.add(best);
		}
	}
	// The similarity pass and the ids, on what is left, from the matching under test with no retired card.
	const unpaired = incoming.filter((card) => !pairs.has(card));
	const rest = matchCards(
		unpaired,
		candidates.filter((option) => !taken.has(option) && !option.retired),
		lookupsOver(),
	);
	const restMatch = new Map(rest.matched.map((match) => [match.card, match]));
	return {
		matched: incoming.map((card) => {
			const previous = pairs.get(card);
			return previous ? {card, id: previous.id, previous} : {card, id: restMatch.get(card)!.id, previous: restMatch.get(card)!.previous};
		}),
		retired: rest.retired,
	};
}

describe('the retired cards a sync looks up', () => {
	// Questions from a small pool, so cards share keys: duplicates in a deck, a card in two decks,
	// the same question retired and written again.
	const questions = ['What is CI?', 'What is CD?', 'What is a canary?', 'What is drift?'];
	const card = fc.record({deck: fc.constantFrom('ops', 'ml'), question: fc.constantFrom(...questions), answer: fc.constantFrom('One.', 'Two.')});
	const cardsFrom = (specs: ReadonlyArray<{deck: string; question: string; answer: string}>) =>
		specs.flatMap((spec, index) => cardsOf(spec.deck, `Q: ${spec.question}\n\nA: ${spec.answer}`).map((each) => ({...each, line: index + 1})));
	// Ids as the database would hold them: each known card its own.
	const knownFrom = (cards: readonly DeckCard[], retired: boolean, prefix: string) => known(cards, retired).map((entry, index) => ({...entry, id: `${prefix}${index}`}));

	it('are only those whose key no active card took, and the match is the one made with every retired card among the candidates', () => {
		fc.assert(
			fc.property(fc.array(card, {maxLength: 8}), fc.array(card, {maxLength: 6}), fc.array(card, {maxLength: 6}), (incomingSpecs, activeSpecs, retiredSpecs) => {
				const incoming = cardsFrom(incomingSpecs);
				const active = knownFrom(cardsFrom(activeSpecs), false, 'active-');
				const retired = knownFrom(cardsFrom(retiredSpecs), true, 'retired-');
				const askedFor: string[][] = [];
				const result = matchCards(incoming, active, {
					...lookupsOver(retired),
					retiredWithKeys: (keys) => {
						askedFor.push([...keys]);
						return retired.filter((entry) => keys.includes(entry.identityKey));
					},
				});
				const expected = matchWithEveryCandidate(incoming, [...active, ...retired]);
				expect(result.matched.map(({card, id, previous}) => ({card, id, previous}))).toEqual(expected.matched);
				expect(result.retired).toEqual(expected.retired);
				// Looked up at most once, and only for keys more incoming cards carry than active cards do.
				const spare = (key: string) => incoming.filter((each) => each.identityKey === key).length - active.filter((each) => each.identityKey === key).length;
				expect(askedFor.length).toBeLessThanOrEqual(1);
				expect(new Set(askedFor.flat())).toEqual(new Set(incoming.map((each) => each.identityKey).filter((key) => spare(key) > 0)));
			}),
			{numRuns: 300},
		);
	});
});

describe('the id a card gets when first seen', () => {
	// Card ids are stored and shared between machines: however they are computed, they must stay
	// the first 16 hex digits of the SHA-256 of the UTF-8 text.
	const firstDigits = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

	it('is the first 16 hex digits of the SHA-256 of its key, salted or not, for any key', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 200}), (text) => {
				expect(cardIdFor(text)).toBe(firstDigits(text));
				expect(cardIdFor(text, 'ops')).toBe(firstDigits(`ops\u0000${text}`));
			}),
			{numRuns: 500},
		);
	});
});
