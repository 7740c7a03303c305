import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {studyDayAt, type UtcOffset} from '../../src/core/scheduling/day.js';
import {DEFAULT_SCHEDULER_SETTINGS, NEW_MEMORY, Scheduler} from '../../src/core/scheduling/scheduler.js';
import {dueBound, matchesQuery, type SearchCard, type SearchContext} from '../../src/core/search/match.js';
import {parseQuery} from '../../src/core/search/query.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A zone with daylight saving, so study days of 23 and 25 hours fall inside the range searched.
const dst = Date.parse('2026-03-29T01:00:00Z');
const winter = Date.parse('2026-10-25T01:00:00Z');
const utcOffset: UtcOffset = (at) => (at >= dst && at < winter ? 120 : 60);
const studyDays = {dayStartHour: 4, utcOffset};
const scheduler = new Scheduler({...DEFAULT_SCHEDULER_SETTINGS, studyDays});

function contextAt(now: number): SearchContext {
	const today = studyDayAt(now, 4, utcOffset);
	return {now, since: () => today.start, todayEnd: today.end, schedulerFor: () => scheduler, answeredSince: () => new Set(), firstAnsweredSince: () => new Set()};
}

const term = fc.oneof(
	fc.tuple(fc.constantFrom('<', '<=', '=', '>', '>=', '!='), fc.oneof(fc.integer({min: -10, max: 40}), fc.double({min: -10, max: 40, noNaN: true}).map((value) => Math.round(value * 10) / 10))).map(([comparison, value]) => `prop:due${comparison}${value}`),
	fc.constantFrom('is:due', 'is:new', 'is:review', 'is:suspended', 'flag:1', 'prop:ivl>3', 'deck:a'),
);
const query: fc.Arbitrary<string> = fc.letrec<{query: string}>((tie) => ({
	query: fc.oneof(
		{depthSize: 'small', withCrossShrink: true},
		term,
		fc.tuple(tie('query'), tie('query')).map(([left, right]) => `${left} ${right}`),
		fc.tuple(tie('query'), tie('query')).map(([left, right]) => `(${left} OR ${right})`),
		tie('query').map((inner) => `-(${inner})`),
	),
})).query;

const card = fc.record({
	state: fc.constantFrom('new', 'learning', 'review', 'relearning'),
	dueHours: fc.option(fc.integer({min: -60 * 24, max: 60 * 24})),
	suspended: fc.boolean(),
	flag: fc.nat(4),
});

describe('the due bound a query sets', () => {
	it('is never passed by a card the query matches, across daylight-saving changes', () => {
		fc.assert(
			fc.property(query, fc.array(card, {maxLength: 30}), fc.integer({min: Date.parse('2026-03-10T00:00:00Z'), max: Date.parse('2026-11-10T00:00:00Z')}), (text, drawn, now) => {
				const parsed = parseQuery(text);
				if (!parsed.ok) return;
				const context = contextAt(now);
				const bound = dueBound(parsed.query, context);
				if (bound === undefined) return;
				for (const {state, dueHours, suspended, flag} of drawn) {
					const due = dueHours === null ? null : now + dueHours * HOUR;
					const searched: SearchCard = {
						id: 'c', deck: 'a', tags: [], dbTags: [], flag, front: '', back: '', text: '', suspended, buriedUntil: null, createdAt: 0,
						memory: {...NEW_MEMORY, state: state as SearchCard['memory']['state'], due, stability: 5, difficulty: 5, scheduledDays: 5, lastReview: state === 'new' ? null : now - DAY},
					};
					if (matchesQuery(parsed.query, searched, context)) expect(due !== null && due < bound, `${text}: due ${due} bound ${bound}`).toBe(true);
				}
			}),
			{numRuns: 400},
		);
	});

	it('is set by is:due and by prop:due below or at a number, through AND and a whole OR, and by nothing else', () => {
		const context = contextAt(Date.parse('2026-06-01T12:00:00Z'));
		const bound = (text: string) => {
			const parsed = parseQuery(text);
			if (!parsed.ok) throw new Error(text);
			return dueBound(parsed.query, context);
		};
		expect(bound('is:due')).toBe(context.todayEnd);
		expect(bound('prop:due<=3 deck:a')).toBe(context.todayEnd + 4 * 25 * HOUR);
		expect(bound('prop:due<3')).toBe(context.todayEnd + 3 * 25 * HOUR);
		expect(bound('prop:due=-2')).toBe(context.todayEnd - 23 * HOUR);
		expect(bound('is:due OR prop:due<=1')).toBe(context.todayEnd + 2 * 25 * HOUR);
		for (const open of ['', 'deck:a', 'is:due OR is:new', 'prop:due>=2', '-is:due', 'prop:due!=1']) expect(bound(open), open).toBeUndefined();
	});
});
