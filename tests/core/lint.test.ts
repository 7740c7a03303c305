import {describe, expect, it} from 'vitest';
import {DeckLinter} from '../../src/core/decks/lint.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';

const SOURCES = '---\nsources: ["a source"]\n---\n';
const rulesFor = (body: string) =>
	new DeckLinter().lint(parseDeck({file: 'decks/test.md', deck: 'test', text: SOURCES + body})).map((problem) => `${problem.line} ${problem.rule}`);

describe('quality warnings', () => {
	it('flags a cloze whose hidden words stand elsewhere on the front', () => {
		// The cards an expert review found cued (mlops.md, responsible-ai.md of the first edition).
		expect(rulesFor('C: Since MLflow 2.9 the registry\'s {{c1::stages}}, such as Staging and Production, are deprecated.')).toEqual(['4 cloze-cued']);
		expect(rulesFor('C: GDPR Art. 5(1)(b), {{c1::purpose limitation}}, forbids reuse incompatible with the stated purpose.')).toEqual(['4 cloze-cued']);
		// Another deletion's text is shown on this card's front too.
		expect(rulesFor('C: An {{c1::offline store}} for training, an {{c2::online store}} for serving.')).toEqual(['4 cloze-cued']);
	});

	it('leaves a cloze alone when nothing on the front gives it away', () => {
		expect(rulesFor('C: A {{c1::canary}} release sends a new version a small share of traffic first.')).toEqual([]);
		expect(rulesFor('C: A {{c1::model}} can drift while the model code is unchanged.')).toEqual([]);
	});

	it('flags a reversible card whose back spells out an acronym on its front', () => {
		expect(rulesFor('R: ICE score\n\nA: A quick ranking of ideas by impact, confidence and ease.')).toEqual(['4 spelled-out']);
		expect(rulesFor('R: Continuous integration\n\nA: CI')).toEqual(['4 spelled-out']);
		expect(rulesFor('R: p99 latency\n\nA: The response time under which 99% of requests finish.')).toEqual([]);
		expect(rulesFor('R: SLO\n\nA: A target for how often a service must meet its reliability measure.')).toEqual([]);
	});

	it('flags an inline list of more than three short items, not clauses between commas', () => {
		expect(rulesFor('Q: What does run metadata give you?\n\nA: Lineage, reproducible runs, comparison between runs, and easier debugging.')).toEqual(['4 enumeration']);
		expect(rulesFor('Q: What is a feature flag?\n\nA: A switch, checked at runtime, that turns a code path on or off without a deployment.')).toEqual([]);
		expect(rulesFor('Q: What does lineage tell you?\n\nA: Which code, parameters and data went into a model.')).toEqual([]);
		expect(rulesFor('Q: What is in the call?\n\nA: `f(a, b, c, d)` and nothing else.')).toEqual([]);
	});

	it('flags "give three ..." prompts for open sets, not a closed set asked by name', () => {
		expect(rulesFor('Q: Give three grounds on which erasure can be refused.\n\nA: Free expression; legal obligation; public health.')).toEqual(['4 open-set']);
		expect(rulesFor('Q: Name two uses of AI that Annex III lists as high-risk.\n\nA: Hiring; credit scoring.')).toEqual(['4 open-set']);
		expect(rulesFor('Q: What are two risks of a canary release?\n\nA: Too little traffic; sticky sessions.')).toEqual(['4 open-set']);
		expect(rulesFor('Q: Name the three parts of a cloze card.\n\nA: Text, deletion, hint.')).toEqual([]);
		expect(rulesFor('Q: What are the two sides of a reversed card?\n\nA: Front and back.')).toEqual([]);
	});

	it('finds each word that asks for a list or for some of many, in any case (a cheap look for them comes first)', () => {
		const asked = (question: string) => rulesFor(`Q: ${question}\n\nA: One.`);
		expect(asked('Enumerate every stage of a release.')).toEqual(['4 enumeration']);
		expect(asked('LIST all the owners of a model.')).toEqual(['4 enumeration']);
		expect(asked('Which are 5 signs of data drift?')).toEqual(['4 enumeration']);
		expect(asked('Give 12 examples of metrics.')).toEqual(['4 enumeration']);
		expect(asked('Cite two cases under the GDPR.')).toEqual(['4 open-set']);
		expect(asked('State a few limits of A/B tests.')).toEqual(['4 open-set']);
		expect(asked('MENTION some costs of microservices.')).toEqual(['4 open-set']);
		expect(asked('Which are three signs of a leaky metric?')).toEqual(['4 open-set']);
	});
});

describe('the same question in two decks', () => {
	const deck = (name: string, body: string) => parseDeck({file: `decks/${name}.md`, deck: name, text: SOURCES + body});
	const ci = 'Q: What is CI?\n\nA: Merging to mainline often.\n';

	it('is warned about in the later deck, naming where the first one is, deck by deck as `fluency check` lints them', () => {
		const linter = new DeckLinter();
		expect(linter.lint(deck('backend', `${ci}\nQ: What is CD?\n\nA: Releasing what is merged.\n`))).toEqual([]);
		// The first deck's cards are gone by now; where its question was is all the linter kept.
		const later = linter.lint(deck('ops', `Q: What is a runbook?\n\nA: Steps for an incident.\n\n${ci}`));
		expect(later.map((problem) => [problem.file, problem.line, problem.rule, problem.message])).toEqual([['decks/ops.md', 8, 'duplicate-question', 'same question as decks/backend.md:4']]);
		// The deck linted first keeps the question, whichever it is.
		const other = new DeckLinter();
		expect(other.lint(deck('ops', ci))).toEqual([]);
		expect(other.lint(deck('backend', ci)).map((problem) => problem.message)).toEqual(['same question as decks/ops.md:4']);
	});

	it('is looked for only when more than one deck is linted, and the other warnings stay the same', () => {
		const text = `${ci}\nQ: Is CI a practice?\n\nA: Yes.\n\nR: Continuous integration\n\nA: CI\n\nC: Releases pass through {{c1::stages}}, such as Staging and Production.\n`;
		const told = new DeckLinter({decks: 1}).lint(deck('backend', text));
		expect(told.map((problem) => problem.rule)).toEqual(['yes-no', 'spelled-out', 'cloze-cued']);
		expect(told).toEqual(new DeckLinter().lint(deck('backend', text)));
		const twoDecks = new DeckLinter({decks: 2});
		twoDecks.lint(deck('backend', ci));
		expect(twoDecks.lint(deck('ops', ci)).map((problem) => problem.rule)).toEqual(['duplicate-question']);
	});

	it('is the same question with an explicit id or without, a cloze the same with more deletions, and never a cloze and a question', () => {
		const linter = new DeckLinter();
		const cloze = 'C: A {{c1::canary}} takes a slice of traffic first.\n';
		expect(linter.lint(deck('a', `${ci}\n${cloze}`))).toEqual([]);
		const warned = (name: string, body: string) => linter.lint(deck(name, body)).filter((problem) => problem.rule === 'duplicate-question').map((problem) => `${problem.file}:${problem.line} ${problem.message}`);
		expect(warned('b', 'Q: What is CI?\n\nA: Merging often.\n\nID: ci-basics\n')).toEqual(['decks/b.md:4 same question as decks/a.md:4']);
		expect(warned('c', 'C: A {{c1::canary}} takes a slice of {{c2::traffic}} first.\n')).toEqual(['decks/c.md:4 same question as decks/a.md:8']);
		expect(warned('d', 'C: What is {{c1::CI}}?\n')).toEqual([]);
	});

	it('is left alone within one deck (the deck writer and the identity rules handle that)', () => {
		expect(new DeckLinter().lint(deck('backend', `${ci}\n${ci}`)).filter((problem) => problem.rule === 'duplicate-question')).toEqual([]);
	});
});
