import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {findDeckFiles} from '../src/app/decks/deck-files.js';
import {checkFiles} from '../src/app/decks/check-decks.js';
import {parseDeck} from '../src/core/decks/parse-deck.js';

/*
The built-in decks are the product as much as the engine: each one parses without a problem,
passes every quality rule, and meets the size the decks were promised at.
*/
const DECKS = resolve(import.meta.dirname, '../decks');
const SHIPPED = ['backend', 'data', 'ml', 'mlops', 'product', 'responsible-ai'];

describe('the built-in decks', () => {
	const found = findDeckFiles([DECKS]);
	const result = checkFiles(found.files);
	// What `fluency check` found, and the decks' cards themselves for what they say.
	const parsed = found.files.map((file) => parseDeck({file: file.displayPath, deck: file.deck, text: readFileSync(file.path, 'utf8')}));

	it('are the six technical-fluency decks', () => {
		expect(result.decks.map((deck) => deck.name).sort()).toEqual(SHIPPED);
	});

	it('have no problems, errors or quality warnings', () => {
		expect([...found.problems, ...result.problems].map((problem) => `${problem.file}:${problem.line}: ${problem.message}`)).toEqual([]);
	});

	it('hold at least 60 cards each and 700 in all (the second edition)', () => {
		for (const deck of result.decks) expect({deck: deck.name, enough: deck.cards >= 60}).toEqual({deck: deck.name, enough: true});
		expect(result.cards).toBeGreaterThanOrEqual(700);
		expect(parsed.map((deck) => [deck.name, deck.cards.length])).toEqual(result.decks.map((deck) => [deck.name, deck.cards]));
	});

	// The gaps the second edition filled (an expert review's list): each keeps at least three notes.
	const GAPS: Record<string, Record<string, RegExp>> = {
		'responsible-ai': {
			'provider vs deployer': /\bdeployer/i,
			'deployer duties (Art. 26)': /Article 26|Art\. 26/i,
			'fundamental-rights impact assessment (Art. 27)': /Article 27|impact assessment/i,
			'conformity assessment and CE marking': /conformity assessment|CE marking/i,
			'registration in the EU database': /EU database|regist/i,
			'instructions for use (Art. 13)': /instructions for use/i,
			'accuracy, robustness, cybersecurity (Art. 15)': /robustness|cybersecurity|Article 15/i,
			'post-market monitoring': /post-market/i,
			'serious incidents': /serious incident/i,
			'transparency duties (Art. 50)': /Article 50|deep ?fake|chatbot/i,
			'NIST AI RMF': /NIST/,
			'ISO/IEC 42001': /42001/,
		},
		ml: {
			'prompt injection': /prompt injection|injected/i,
			jailbreaks: /jailbreak/i,
			'red-teaming': /red[- ]team/i,
			guardrails: /guardrail/i,
			'hallucination and groundedness': /hallucinat|grounded|faithful/i,
			'leakage through prompts': /leak|sensitive information/i,
			'task types': /regression|classification|ranking|clustering/i,
			'regression metrics': /\b(?:MAE|RMSE|MAPE)\b/,
			'cross-validation': /cross-validation|k-fold|\bfold/i,
			'bias and variance': /variance|overfit|underfit/i,
			'recommender cold start': /cold[- ]start/i,
			'agents and tool use': /\bagent|\btool/i,
		},
		backend: {
			'SLIs, SLOs, error budgets': /\bSL[IOA]s?\b|error budget/i,
			'test levels': /unit test|integration test|end-to-end|contract test|test pyramid/i,
			'trunk-based development': /trunk/i,
			'authentication, OAuth, OIDC': /OAuth|OpenID|authori[sz]ation|authentication/i,
			webhooks: /webhook/i,
			'rate limiting': /rate limit|\b429\b|token bucket/i,
			'idempotency keys': /idempotency key|Idempotency-Key/i,
		},
		data: {funnels: /funnel/i, 'cohort retention': /cohort/i, CUPED: /CUPED/, 'novelty and primacy': /novelty|primacy/i},
		product: {
			'vision, strategy, roadmaps': /vision|roadmap/i,
			'jobs to be done': /\bjobs? to be done|\bjob\b/i,
			"Cagan's prototypes": /prototype/i,
			'discovery to release': /discovery|delivery/i,
			'saying no': /\bno\b|won't have/i,
		},
	};
	it.each(Object.entries(GAPS))('cover every gap of %s with at least three notes', (name, gaps) => {
		const cards = parsed.find((deck) => deck.name === name)!.cards;
		for (const [gap, pattern] of Object.entries(gaps)) {
			const notes = new Set(cards.filter((card) => pattern.test(`${card.source}\n${card.answer}\n${card.extra}\n${card.tags.join(' ')}`)).map((card) => card.line));
			expect({gap, notes: Math.min(notes.size, 3)}).toEqual({gap, notes: 3});
		}
	});

	it('list their sources and mix card types', () => {
		for (const deck of parsed) {
			expect(deck.sources.length).toBeGreaterThan(0);
			expect(new Set(deck.cards.map((card) => card.kind))).toEqual(new Set(['basic', 'reversed', 'cloze']));
		}
	});
});
