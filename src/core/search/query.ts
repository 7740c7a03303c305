/*
The search language of `fluency find`, as Anki's where it applies: words and "phrases",
`front:`/`back:`, `deck:`, `tag:`, `is:`, `prop:`, `rated:`, `introduced:`, `added:`, `flag:`,
negation `-`, `OR`, parentheses, and implicit AND between terms.

Two steps, each pure: `parseQuery` turns the text into a tree (or a `QueryProblem` naming the
column where it went wrong), and `matchesQuery` (match.ts) tests one card against the tree.
*/

/** Where a query is wrong: the 1-based column of the character, and what is wrong there. */
export type QueryProblem = {readonly column: number; readonly message: string};

export type Comparison = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** `prop:` properties: recall now, stability (days), difficulty (0 to 1 as Anki shows it), interval, days until due, lapses, answers. */
export type Property = 'r' | 's' | 'd' | 'ivl' | 'due' | 'lapses' | 'reps';
const PROPERTIES: readonly Property[] = ['r', 's', 'd', 'ivl', 'due', 'lapses', 'reps'];

export type CardStatus = 'new' | 'learn' | 'review' | 'due' | 'suspended' | 'buried' | 'leech';
const STATUSES: readonly CardStatus[] = ['new', 'learn', 'review', 'due', 'suspended', 'buried', 'leech'];

/** A parsed query. Text patterns are kept as written (lower-cased); `*` and `_` are wildcards unless escaped. */
export type QueryNode =
	| {readonly kind: 'all'}
	| {readonly kind: 'and'; readonly terms: readonly QueryNode[]}
	| {readonly kind: 'or'; readonly terms: readonly QueryNode[]}
	| {readonly kind: 'not'; readonly term: QueryNode}
	/** A word or phrase anywhere on the card (`field: 'any'`), or the whole front or back matching a pattern. */
	| {readonly kind: 'text'; readonly field: 'any' | 'front' | 'back'; readonly pattern: Pattern}
	| {readonly kind: 'deck'; readonly pattern: Pattern}
	| {readonly kind: 'tag'; readonly pattern: Pattern}
	| {readonly kind: 'is'; readonly status: CardStatus}
	| {readonly kind: 'prop'; readonly property: Property; readonly comparison: Comparison; readonly value: number}
	/** Answered in the last `days` study days (1 = today), with that rating when given. */
	| {readonly kind: 'rated'; readonly days: number; readonly rating?: 1 | 2 | 3 | 4}
	/** First answered in the last `days` study days. */
	| {readonly kind: 'introduced'; readonly days: number}
	/** Added to the collection in the last `days` study days. */
	| {readonly kind: 'added'; readonly days: number}
	| {readonly kind: 'flag'; readonly flag: number};

/** A text pattern: `parts` alternate literal text and wildcards, so an escaped `*` stays a star. */
export type Pattern = {readonly text: string; readonly parts: ReadonlyArray<string | Wildcard>};
type Wildcard = {readonly wildcard: '*' | '_'};

export type ParsedQuery = {readonly ok: true; readonly query: QueryNode} | {readonly ok: false; readonly problem: QueryProblem};

/** `column 12: unclosed (`: what a command prints after its name. */
export function formatQueryProblem(problem: QueryProblem): string {
	return `column ${problem.column}: ${problem.message}`;
}

type Token =
	| {readonly type: 'open' | 'close'; readonly column: number}
	/** A term as written: its text with quotes removed (escapes kept), whether a `-` negates it, and where it starts. */
	| {readonly type: 'term'; readonly column: number; readonly raw: string; readonly negated: boolean; readonly quoted: boolean}
	| {readonly type: 'or' | 'and'; readonly column: number}
	| {readonly type: 'not'; readonly column: number};

class QueryError extends Error {
	constructor(
		readonly column: number,
		message: string,
	) {
		super(message);
	}
}

/** Parse a query; an empty query matches every card. */
export function parseQuery(text: string): ParsedQuery {
	try {
		const tokens = tokenize(text);
		const parser = new Parser(tokens, text.length + 1);
		return {ok: true, query: parser.parseAll()};
	} catch (thrown) {
		if (thrown instanceof QueryError) return {ok: false, problem: {column: thrown.column, message: thrown.message}};
		throw thrown;
	}
}

/*
Tokens: `(`, `)`, `-` before a term or `(`, `OR`/`or`, `AND`/`and`, and terms. A term runs to the
next space or parenthesis outside quotes; quotes may wrap the whole term (`"a b"`, `-"a b"`) or
its value (`front:"a b"`). A backslash keeps the next character as it is.
*/
function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	const isSpace = (character: string | undefined) => character !== undefined && /\s/.test(character);
	while (index < text.length) {
		const character = text[index]!;
		if (isSpace(character)) {
			index++;
			continue;
		}
		if (character === '(' || character === ')') {
			tokens.push({type: character === '(' ? 'open' : 'close', column: index + 1});
			index++;
			continue;
		}
		const start = index;
		let negated = false;
		if (character === '-') {
			const next = text[index + 1];
			if (next === undefined || isSpace(next)) throw new QueryError(start + 1, '`-` must be followed by what it leaves out');
			if (next === '(') {
				tokens.push({type: 'not', column: start + 1});
				index++;
				continue;
			}
			negated = true;
			index++;
		}
		let raw = '';
		let quoted = false;
		while (index < text.length && !isSpace(text[index]) && text[index] !== '(' && text[index] !== ')') {
			const current = text[index]!;
			if (current === '\\') {
				if (index + 1 >= text.length) throw new QueryError(index + 1, 'a `\\` at the end escapes nothing');
				raw += current + text[index + 1]!;
				index += 2;
			} else if (current === '"') {
				const open = index;
				quoted = true;
				index++;
				while (index < text.length && text[index] !== '"') {
					if (text[index] === '\\' && index + 1 < text.length) {
						raw += text[index]! + text[index + 1]!;
						index += 2;
					} else {
						raw += text[index]!;
						index++;
					}
				}
				if (index >= text.length) throw new QueryError(open + 1, 'unclosed "');
				index++;
			} else {
				raw += current;
				index++;
			}
		}
		if (!negated && !quoted && (raw === 'OR' || raw === 'or')) tokens.push({type: 'or', column: start + 1});
		else if (!negated && !quoted && (raw === 'AND' || raw === 'and')) tokens.push({type: 'and', column: start + 1});
		else tokens.push({type: 'term', column: start + 1, raw, negated, quoted});
	}
	return tokens;
}

/*
The grammar, loosest first: query = or; or = and ("OR" and)*; and = unary (["AND"] unary)*;
unary = "-" "(" or ")" | "(" or ")" | term.
*/
class Parser {
	#position = 0;

	constructor(
		private readonly tokens: readonly Token[],
		private readonly endColumn: number,
	) {}

	parseAll(): QueryNode {
		if (this.tokens.length === 0) return {kind: 'all'};
		const query = this.#or();
		const extra = this.tokens[this.#position];
		if (extra) throw new QueryError(extra.column, extra.type === 'close' ? 'unmatched )' : `unexpected ${describe(extra)}`);
		return query;
	}

	#or(): QueryNode {
		const terms = [this.#and()];
		while (this.#peek()?.type === 'or') {
			const or = this.#next()!;
			if (this.#atEndOfGroup()) throw new QueryError(or.column, '`OR` must be followed by a term');
			terms.push(this.#and());
		}
		return terms.length === 1 ? terms[0]! : {kind: 'or', terms};
	}

	#and(): QueryNode {
		const terms = [this.#unary()];
		for (;;) {
			const next = this.#peek();
			if (!next || next.type === 'close' || next.type === 'or') break;
			if (next.type === 'and') {
				this.#next();
				if (this.#atEndOfGroup() || this.#peek()?.type === 'or') throw new QueryError(next.column, '`AND` must be followed by a term');
			}
			terms.push(this.#unary());
		}
		return terms.length === 1 ? terms[0]! : {kind: 'and', terms};
	}

	#unary(): QueryNode {
		const token = this.#next();
		if (!token) throw new QueryError(this.endColumn, 'the query ends where a term should be');
		switch (token.type) {
			case 'not':
				return {kind: 'not', term: this.#group(this.#next()!)};
			case 'open':
				return this.#group(token);
			case 'term': {
				const term = parseTerm(token.raw, token.column + (token.negated ? 1 : 0));
				return token.negated ? {kind: 'not', term} : term;
			}
			case 'close':
				throw new QueryError(token.column, 'unmatched )');
			case 'or':
			case 'and':
				throw new QueryError(token.column, `\`${token.type.toUpperCase()}\` must come between two terms`);
		}
	}

	#group(open: Token): QueryNode {
		if (this.#peek()?.type === 'close') throw new QueryError(open.column, 'empty ( )');
		if (!this.#peek()) throw new QueryError(open.column, 'unclosed (');
		const inner = this.#or();
		const close = this.#next();
		if (close?.type !== 'close') throw new QueryError(open.column, 'unclosed (');
		return inner;
	}

	#atEndOfGroup(): boolean {
		const next = this.#peek();
		return !next || next.type === 'close';
	}

	#peek(): Token | undefined {
		return this.tokens[this.#position];
	}

	#next(): Token | undefined {
		return this.tokens[this.#position++];
	}
}

function describe(token: Token): string {
	return token.type === 'term' ? `\`${token.raw}\`` : token.type === 'open' ? '(' : token.type;
}

const FIELDS = ['front', 'back', 'deck', 'tag', 'is', 'prop', 'rated', 'introduced', 'added', 'flag'] as const;

/** One term: `field:value`, or a word or phrase. */
function parseTerm(raw: string, column: number): QueryNode {
	const colon = unescapedColon(raw);
	if (colon === -1) {
		if (raw === '') throw new QueryError(column, 'an empty "" matches nothing: write a word');
		return {kind: 'text', field: 'any', pattern: pattern(raw)};
	}
	const field = raw.slice(0, colon).toLowerCase();
	const value = raw.slice(colon + 1);
	const valueColumn = column + colon + 1;
	if (!(FIELDS as readonly string[]).includes(field)) {
		throw new QueryError(column, `unknown search \`${field}:\` (known: ${FIELDS.map((name) => `${name}:`).join(' ')}; quote text that has a colon)`);
	}
	if (value === '' && field !== 'front' && field !== 'back') throw new QueryError(valueColumn, `\`${field}:\` needs a value`);
	switch (field as (typeof FIELDS)[number]) {
		case 'front':
		case 'back':
			return {kind: 'text', field: field as 'front' | 'back', pattern: pattern(value)};
		case 'deck':
			return {kind: 'deck', pattern: pattern(value.replace(/::/g, '/').replace(/\/+$/, ''))};
		case 'tag':
			return {kind: 'tag', pattern: pattern(value.replace(/^#/, ''))};
		case 'is': {
			const status = value.toLowerCase();
			if (!(STATUSES as readonly string[]).includes(status)) throw new QueryError(valueColumn, `unknown \`is:${value}\` (known: ${STATUSES.join(', ')})`);
			return {kind: 'is', status: status as CardStatus};
		}
		case 'prop':
			return parseProperty(value, valueColumn);
		case 'rated': {
			const [days, rating, extra] = value.split(':');
			if (extra !== undefined) throw new QueryError(valueColumn, '`rated:` takes DAYS or DAYS:GRADE');
			const node = {kind: 'rated' as const, days: wholeDays(days!, valueColumn, 'rated')};
			if (rating === undefined) return node;
			if (!/^[1-4]$/.test(rating)) throw new QueryError(valueColumn + days!.length + 1, `a grade is 1 (Again) to 4 (Easy), not \`${rating}\``);
			return {...node, rating: Number(rating) as 1 | 2 | 3 | 4};
		}
		case 'introduced':
			return {kind: 'introduced', days: wholeDays(value, valueColumn, 'introduced')};
		case 'added':
			return {kind: 'added', days: wholeDays(value, valueColumn, 'added')};
		case 'flag':
			if (!/^[0-7]$/.test(value)) throw new QueryError(valueColumn, `a flag is 0 (none) to 7, not \`${value}\``);
			return {kind: 'flag', flag: Number(value)};
	}
}

function wholeDays(value: string, column: number, field: string): number {
	if (!/^\d+$/.test(value) || Number(value) < 1) throw new QueryError(column, `\`${field}:\` takes a number of days from 1 (today), not \`${value}\``);
	return Number(value);
}

function parseProperty(value: string, column: number): QueryNode {
	const match = /^([a-z]+)(<=|>=|!=|<|>|=)(.*)$/i.exec(value);
	if (!match) throw new QueryError(column, `\`prop:\` takes a property, a comparison and a number, such as prop:r<0.8 (properties: ${PROPERTIES.join(', ')})`);
	const [, name, comparison, number] = match;
	const property = name!.toLowerCase();
	if (!(PROPERTIES as readonly string[]).includes(property)) throw new QueryError(column, `unknown property \`${name}\` (known: ${PROPERTIES.join(', ')})`);
	const numberColumn = column + name!.length + comparison!.length;
	if (!/^-?\d+(\.\d+)?$/.test(number!)) throw new QueryError(numberColumn, `\`${number}\` is not a number`);
	return {kind: 'prop', property: property as Property, comparison: comparison as Comparison, value: Number(number)};
}

/** The first `:` not escaped by a backslash, or -1. */
function unescapedColon(raw: string): number {
	for (let index = 0; index < raw.length; index++) {
		if (raw[index] === '\\') index++;
		else if (raw[index] === ':') return index;
	}
	return -1;
}

/** A pattern from text as written: `*` any run of characters, `_` one character, `\x` the character x itself. */
function pattern(raw: string): Pattern {
	const parts: Array<string | Wildcard> = [];
	let literal = '';
	for (let index = 0; index < raw.length; index++) {
		const character = raw[index]!;
		if (character === '\\' && index + 1 < raw.length) {
			literal += raw[++index]!;
		} else if (character === '*' || character === '_') {
			if (literal) parts.push(literal.toLowerCase());
			literal = '';
			parts.push({wildcard: character});
		} else {
			literal += character;
		}
	}
	if (literal) parts.push(literal.toLowerCase());
	return {text: raw, parts};
}
