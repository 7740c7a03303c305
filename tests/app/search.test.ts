import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {searchCards, selectCards} from '../../src/app/search/select-cards.js';
import {Fluency} from '../../src/app/service/fluency.js';
import type {Rating} from '../../src/core/scheduling/scheduler.js';
import {activeCards} from '../../src/store/cards.js';
import {buryCard, recordAnswer, suspendCard} from '../../src/store/review/reviews.js';
import {MARKED, setCardFlag, toggleTag} from '../../src/app/bulk/card-marks.js';
import {cardInfo} from '../../src/app/search/card-info.js';
import {infoLines} from '../../src/ui/info/info-lines.js';
import {makeTempDecks} from '../helpers/temp-decks.js';

const DAY = 86_400_000;

// Hand-made decks: a deck with a sub-deck, a reversed note, a cloze, deck tags and card tags.
const DECKS = {
	'mlops.md': '---\ntitle: MLOps\ntags: [ops]\n---\n\nQ: What is a canary release?\n\nA: A small share of traffic goes to the new version first.\n\nTags: release\n\nQ: What is a feature store?\n\nA: A shared store of features for training and serving.\n\nC: A {{c1::shadow}} deployment mirrors traffic.\n',
	'mlops/serving.md': 'Q: What is batch serving?\n\nA: Predictions computed ahead, on a schedule.\n\nTags: leech\n',
	'data.md': 'R: p99 latency\n\nA: The response time under which 99% of requests finish.\n\nNote: Tail latency matters more than the mean.\n',
};

let fluency: Fluency;
let ids: Record<string, string>;
let now: number;

beforeEach(async () => {
	const home = makeTempDecks(DECKS, 'fluency-search-');
	fluency = await Fluency.open({decks: [home.decks], db: home.db}, {env: {FLUENCY_DATA_DIR: join(home.root, 'data'), FLUENCY_CONFIG: join(home.root, 'config.yaml')}});
	now = fluency.now();
	// Each card by a short name: the word that tells it apart.
	ids = {};
	for (const card of activeCards(fluency.store)) {
		const name = card.kind === 'reversed' ? `p99-${card.ordinal}` : ['canary', 'feature', 'shadow', 'batch'].find((word) => card.source.includes(word))!;
		ids[name] = card.id;
	}
});
afterEach(() => fluency.close());

const answer = (name: string, rating: Rating, at: number) => {
	const id = ids[name]!;
	const scheduler = fluency.schedulerFor('mlops');
	recordAnswer(fluency.store, {cardId: id, rating, at, durationMs: 4000}, (memory, recordedAt) => scheduler.answer(memory, rating, recordedAt, id));
};
const found = (query: string, at = now) => {
	const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
	return selectCards(fluency, query, at).map((id) => byId.get(id));
};

describe('selectCards', () => {
	it('names the cards', () => {
		expect(Object.keys(ids).sort()).toEqual(['batch', 'canary', 'feature', 'p99-0', 'p99-1', 'shadow']);
	});

	it('finds words and phrases anywhere on a card, case ignored, with wildcards', () => {
		expect(found('canary')).toEqual(['canary']);
		expect(found('TRAFFIC')).toEqual(['canary', 'shadow']);
		expect(found('"feature store"')).toEqual(['feature']);
		expect(found('"store feature"')).toEqual([]);
		expect(found('tail')).toEqual(['p99-0', 'p99-1']);
		expect(found('pred*ions')).toEqual(['batch']);
		expect(found('p_9')).toEqual(['p99-0', 'p99-1']);
		expect(found('')).toHaveLength(6);
	});

	it('matches the whole front or back, parts with *', () => {
		expect(found('front:"what is batch serving?"')).toEqual(['batch']);
		expect(found('front:batch')).toEqual([]);
		expect(found('front:*batch*')).toEqual(['batch']);
		expect(found('back:*99%*')).toEqual(['p99-0', 'p99-1']);
		expect(found('back:"p99 latency"')).toEqual([]);
		expect(found('front:"p99 latency"')).toEqual(['p99-0', 'p99-1']);
	});

	it('finds a deck with its sub-decks, only the sub-decks with /*, and tags with their deck tags', () => {
		expect(found('deck:mlops')).toEqual(['canary', 'feature', 'shadow', 'batch']);
		expect(found('deck:mlops/*')).toEqual(['batch']);
		expect(found('deck:MLOPS::serving')).toEqual(['batch']);
		expect(found('deck:ml*')).toEqual(['canary', 'feature', 'shadow', 'batch']);
		expect(found('deck:mlop')).toEqual([]);
		expect(found('deck:data')).toEqual(['p99-0', 'p99-1']);
		expect(found('tag:release')).toEqual(['canary']);
		expect(found('tag:ops')).toEqual(['canary', 'feature', 'shadow']);
		// The sub-deck's card has its own tag and not the deck's.
		expect(found('tag:none')).toEqual(['p99-0', 'p99-1']);
		expect(found('is:leech')).toEqual(['batch']);
	});

	it('combines with OR, negation and parentheses', () => {
		expect(found('deck:data OR canary')).toEqual(['p99-0', 'p99-1', 'canary']);
		expect(found('deck:mlops -tag:release')).toEqual(['feature', 'shadow', 'batch']);
		expect(found('-(deck:mlops OR tag:leech)')).toEqual(['p99-0', 'p99-1']);
		expect(found('(deck:data OR deck:mlops/serving) -p99')).toEqual(['batch']);
	});

	it('reads states, suspension and burial', () => {
		answer('canary', 3, now - 20 * DAY);
		answer('canary', 3, now - 10 * DAY);
		answer('feature', 1, now - 60_000);
		suspendCard(fluency.store, ids['shadow']!, true, now);
		buryCard(fluency.store, ids['batch']!, now + DAY, now);
		expect(found('is:new')).toEqual(['p99-0', 'p99-1', 'shadow', 'batch']);
		expect(found('is:learn')).toEqual(['feature']);
		expect(found('is:review')).toEqual(['canary']);
		expect(found('is:suspended')).toEqual(['shadow']);
		expect(found('is:buried')).toEqual(['batch']);
		// A burial ends: the next day the card is back.
		expect(found('is:buried', now + 2 * DAY)).toEqual([]);
		// The learning card is due in minutes; the review card when its interval ends.
		expect(found('is:due')).toEqual(['feature']);
		const canary = searchCards(fluency, 'canary', now, 'find')[0]!;
		expect(found('is:due', canary.due! + 1)).toEqual(['canary', 'feature']);
	});

	it('compares properties: recall now, stability, difficulty, interval, days until due, lapses', () => {
		answer('canary', 3, now - 40 * DAY);
		answer('canary', 3, now - 30 * DAY);
		answer('feature', 4, now - 2 * DAY);
		// Learnt, then forgotten twice (each Again on a review card is a lapse).
		for (const [days, rating] of [[60, 3], [59.9, 3], [50, 1], [49.9, 3], [40, 1], [39.9, 3]] as const) answer('batch', rating, now - days * DAY);
		const [canary, feature, batch] = ['canary', 'feature', 'batch'].map((name) => searchCards(fluency, `front:*${name}*`, now, 'find')[0]!);
		// Figures as the listing shows them, and the same figures compared.
		expect(batch!.lapses).toBe(2);
		expect(found('prop:lapses>1')).toEqual(['batch']);
		expect(found('prop:lapses=0')).toHaveLength(5);
		expect(found('prop:reps>=2')).toEqual(['canary', 'batch']);
		const recall = canary!.retrievability!;
		expect(recall).toBeGreaterThan(0);
		expect(recall).toBeLessThan(feature!.retrievability!);
		expect(found(`prop:r<${(recall + 0.0001).toFixed(4)}`)).toContain('canary');
		expect(found(`prop:r<${(recall - 0.0001).toFixed(4)}`)).not.toContain('canary');
		// New cards have no recall, stability or interval: no comparison matches them.
		expect(found('prop:r>=0')).toEqual(['canary', 'feature', 'batch']);
		expect(found(`prop:s>${feature!.stability! - 0.001}`)).toContain('feature');
		expect(found(`prop:s<${feature!.stability! - 0.001}`)).not.toContain('feature');
		expect(found(`prop:d>${batch!.difficulty! - 0.001}`)).toEqual(['batch']);
		expect(batch!.difficulty!).toBeGreaterThan(canary!.difficulty!);
		expect(found(`prop:ivl=${canary!.interval}`)).toContain('canary');
		expect(found('prop:ivl>=0')).toEqual(['canary', 'feature', 'batch']);
		expect(found(`prop:due=${canary!.dueInDays}`)).toContain('canary');
		expect(found(`prop:due<${canary!.dueInDays}`)).not.toContain('canary');
		// Overdue is negative.
		expect(found('prop:due<0', canary!.due! + 3 * DAY)).toContain('canary');
	});

	it('finds what was answered, with which grade, first answered, and added in the last days', () => {
		answer('canary', 3, now - 10 * DAY);
		answer('canary', 1, now - 2 * DAY);
		answer('feature', 3, now - 3 * 60_000);
		answer('batch', 1, now - 40 * DAY);
		expect(found('rated:1')).toEqual(['feature']);
		expect(found('rated:3')).toEqual(['canary', 'feature']);
		expect(found('rated:3:1')).toEqual(['canary']);
		expect(found('rated:30:3')).toEqual(['canary', 'feature']);
		expect(found('rated:100:1')).toEqual(['canary', 'batch']);
		expect(found('introduced:3')).toEqual(['feature']);
		expect(found('introduced:11')).toEqual(['canary', 'feature']);
		expect(found('-introduced:365 -is:new')).toEqual([]);
		// Every card was added when the decks were first loaded: today.
		expect(found('added:1')).toHaveLength(6);
		expect(found('added:2', now + 2 * DAY)).toEqual([]);
		expect(found('added:3', now + 2 * DAY)).toHaveLength(6);
		expect(found('flag:0')).toHaveLength(6);
		expect(found('flag:1')).toEqual([]);
	});

	it('gives each card its question as printed text: a cloze shows its gap as [...], not as Markdown escapes', () => {
		expect(searchCards(fluency, 'shadow', now, 'find').map((card) => card.question)).toEqual(['A [...] deployment mirrors traffic.']);
		expect(searchCards(fluency, 'p99', now, 'find').map((card) => card.question).sort()).toEqual(['The response time under which 99% of requests finish.', 'p99 latency']);
	});

	it('refuses a bad query with a usage error that says where', () => {
		expect(() => selectCards(fluency, 'deck:mlops (canary')).toThrow(expect.objectContaining({message: 'query: column 12: unclosed (', exitCode: 2}));
	});

	it("finds what the review keeps in the database only: flags, the marked tag, a leech's tag", () => {
		const world = {store: fluency.store, schedulerFor: fluency.schedulerFor, now: () => now};
		setCardFlag(world, ids['canary']!, 2);
		toggleTag(world, ids['p99-1']!, MARKED);
		toggleTag(world, ids['shadow']!, 'leech');
		expect(found('flag:2')).toEqual(['canary']);
		expect(found('flag:0')).toHaveLength(5);
		expect(found('tag:marked')).toEqual(['p99-1']);
		expect(found('is:leech')).toEqual(['shadow', 'batch']);
		expect(found('tag:none')).not.toContain('p99-1');
		const info = infoLines(cardInfo(fluency, ids['p99-1']!, now), 80, now).join('\n');
		expect(info).toMatch(/Tags\s+marked/);
		expect(infoLines(cardInfo(fluency, ids['canary']!, now), 80, now).join('\n')).toMatch(/Flag\s+orange/);
		toggleTag(world, ids['p99-1']!, MARKED);
		expect(found('tag:marked')).toEqual([]);
	});
});
