import {describe, expect, it} from 'vitest';
import {formatQueryProblem, parseQuery, type QueryNode} from '../../src/core/search/query.js';

const parsed = (text: string): QueryNode => {
	const result = parseQuery(text);
	if (!result.ok) throw new Error(`did not parse: ${formatQueryProblem(result.problem)}`);
	return result.query;
};
const problem = (text: string): string => {
	const result = parseQuery(text);
	if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.query)}`);
	return formatQueryProblem(result.problem);
};
const word = (text: string) => ({kind: 'text', field: 'any', pattern: {text, parts: [text.toLowerCase()]}});

describe('parseQuery', () => {
	it('matches everything when empty', () => {
		expect(parsed('')).toEqual({kind: 'all'});
		expect(parsed('   ')).toEqual({kind: 'all'});
	});

	it('joins terms side by side with AND, binds AND tighter than OR, and groups with parentheses', () => {
		expect(parsed('canary release')).toEqual({kind: 'and', terms: [word('canary'), word('release')]});
		expect(parsed('a b OR c')).toEqual({kind: 'or', terms: [{kind: 'and', terms: [word('a'), word('b')]}, word('c')]});
		expect(parsed('a (b or c)')).toEqual({kind: 'and', terms: [word('a'), {kind: 'or', terms: [word('b'), word('c')]}]});
		expect(parsed('a and b')).toEqual(parsed('a b'));
	});

	it('reads a phrase in quotes as one term, and a quoted OR as a word', () => {
		expect(parsed('"feature store"')).toEqual(word('feature store'));
		expect(parsed('"OR"')).toEqual(word('OR'));
		expect(parsed('front:"What is CI?"')).toMatchObject({kind: 'text', field: 'front', pattern: {text: 'What is CI?'}});
	});

	it('negates a term or a group with -', () => {
		expect(parsed('-is:new')).toEqual({kind: 'not', term: {kind: 'is', status: 'new'}});
		expect(parsed('-"a b"')).toEqual({kind: 'not', term: word('a b')});
		expect(parsed('-(a OR b)')).toEqual({kind: 'not', term: {kind: 'or', terms: [word('a'), word('b')]}});
	});

	it('keeps wildcards apart from escaped characters', () => {
		expect(parsed('d*g')).toEqual({kind: 'text', field: 'any', pattern: {text: 'd*g', parts: ['d', {wildcard: '*'}, 'g']}});
		expect(parsed('a\\*b')).toEqual({kind: 'text', field: 'any', pattern: {text: 'a\\*b', parts: ['a*b']}});
		expect(parsed('snake\\_case')).toMatchObject({pattern: {parts: ['snake_case']}});
	});

	it('reads each field', () => {
		expect(parsed('deck:ml/serving')).toMatchObject({kind: 'deck', pattern: {text: 'ml/serving'}});
		expect(parsed('deck:ml::serving')).toMatchObject({kind: 'deck', pattern: {text: 'ml/serving'}});
		expect(parsed('deck:ml/*')).toMatchObject({kind: 'deck', pattern: {parts: ['ml/', {wildcard: '*'}]}});
		expect(parsed('tag:gdpr')).toMatchObject({kind: 'tag', pattern: {text: 'gdpr'}});
		for (const status of ['new', 'learn', 'review', 'due', 'suspended', 'buried', 'leech']) expect(parsed(`is:${status}`)).toEqual({kind: 'is', status});
		expect(parsed('prop:r<0.8')).toEqual({kind: 'prop', property: 'r', comparison: '<', value: 0.8});
		expect(parsed('prop:s>30')).toEqual({kind: 'prop', property: 's', comparison: '>', value: 30});
		expect(parsed('prop:d>0.7')).toEqual({kind: 'prop', property: 'd', comparison: '>', value: 0.7});
		expect(parsed('prop:ivl>=10')).toEqual({kind: 'prop', property: 'ivl', comparison: '>=', value: 10});
		expect(parsed('prop:due<-1')).toEqual({kind: 'prop', property: 'due', comparison: '<', value: -1});
		expect(parsed('prop:lapses!=3')).toEqual({kind: 'prop', property: 'lapses', comparison: '!=', value: 3});
		expect(parsed('rated:7')).toEqual({kind: 'rated', days: 7});
		expect(parsed('rated:7:1')).toEqual({kind: 'rated', days: 7, rating: 1});
		expect(parsed('introduced:30')).toEqual({kind: 'introduced', days: 30});
		expect(parsed('added:7')).toEqual({kind: 'added', days: 7});
		expect(parsed('flag:1')).toEqual({kind: 'flag', flag: 1});
		expect(parsed('IS:New')).toEqual({kind: 'is', status: 'new'});
	});

	it('says in one line at which column a query is wrong', () => {
		expect(problem('deck:mlops (canary')).toBe('column 12: unclosed (');
		expect(problem('a b)')).toBe('column 4: unmatched )');
		expect(problem('"feature store')).toBe('column 1: unclosed "');
		expect(problem('a ()')).toBe('column 3: empty ( )');
		expect(problem('a OR')).toBe('column 3: `OR` must be followed by a term');
		expect(problem('OR a')).toBe('column 1: `OR` must come between two terms');
		expect(problem('a - b')).toBe('column 3: `-` must be followed by what it leaves out');
		expect(problem('is:nwe')).toBe('column 4: unknown `is:nwe` (known: new, learn, review, due, suspended, buried, leech)');
		expect(problem('a prop:x<1')).toBe('column 8: unknown property `x` (known: r, s, d, ivl, due, lapses, reps)');
		expect(problem('prop:r<high')).toBe('column 8: `high` is not a number');
		expect(problem('prop:r')).toMatch(/^column 6: `prop:` takes a property, a comparison and a number/);
		expect(problem('rated:0')).toBe('column 7: `rated:` takes a number of days from 1 (today), not `0`');
		expect(problem('rated:7:5')).toBe('column 9: a grade is 1 (Again) to 4 (Easy), not `5`');
		expect(problem('added:')).toBe('column 7: `added:` needs a value');
		expect(problem('colour:red')).toMatch(/^column 1: unknown search `colour:`/);
		expect(problem('-colour:red')).toMatch(/^column 2: unknown search `colour:`/);
		expect(problem('""')).toBe('column 1: an empty "" matches nothing: write a word');
	});
});
