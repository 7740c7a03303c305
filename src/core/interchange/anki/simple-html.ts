/*
The Markdown turndown makes of a field, for the HTML most Anki fields are: text in divs,
paragraphs, line breaks, bold, italics, underlines, spans and fonts, nested as they open. Turndown
parses every field into a full DOM first, which was most of a large import's conversion (1.3 s of
40,000 fields); a field in this subset is read in one pass instead. Anything outside it (another
tag, an attribute in single quotes, an entity other than the common six, a tag closed out of
order) gives undefined, and the field goes to turndown as before.

The result is turndown's own, step for step: its whitespace collapsing (adapted there from
collapse-whitespace), its blank and flanking-whitespace rules, its joining of blocks, and its
escaping (the service's own function is used). The tests compare the two on generated HTML.
*/

/** What the conversion takes from the turndown service: its options for these elements, and its escaping. */
export type SimpleHtmlOptions = {
	readonly br: string;
	readonly strongDelimiter: string;
	readonly emDelimiter: string;
	readonly escape: (text: string) => string;
};

type Text = {kind: 'text'; data: string; parent: Element; previous: Child | undefined; next: Child | undefined};
type Element = {kind: 'element'; name: string; parent: Element | undefined; previous: Child | undefined; next: Child | undefined; first: Child | undefined; last: Child | undefined};
type Child = Text | Element;

const BLOCKS = new Set(['DIV', 'P']);
const INLINE = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'SPAN', 'FONT']);
const ENTITIES: Readonly<Record<string, string>> = {'&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&nbsp;': '\u00a0'};
// A start or end tag of a known name, with attributes in double quotes holding no `<`, `>` or `&`.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z-]*(?:="[^"<>&]*")?)*)\s*(\/?)>/y;
const ENTITY = /&[#a-z0-9]+;/y;

function append(parent: Element, child: Child): void {
	child.previous = parent.last;
	if (parent.last) parent.last.next = child;
	else parent.first = child;
	parent.last = child;
}

function element(name: string, parent: Element | undefined): Element {
	return {kind: 'element', name, parent, previous: undefined, next: undefined, first: undefined, last: undefined};
}

/** The tree an HTML parser builds for the field, when the field keeps to the subset. */
function parse(html: string): Element | undefined {
	const root = element('X-TURNDOWN', undefined);
	let open = root;
	let text = '';
	const flush = () => {
		if (text) append(open, {kind: 'text', data: text, parent: open, previous: undefined, next: undefined});
		text = '';
	};
	let index = 0;
	while (index < html.length) {
		const character = html[index]!;
		if (character === '<') {
			TAG.lastIndex = index;
			const tag = TAG.exec(html);
			if (!tag) return undefined;
			const [whole, closing, rawName, attributes, selfClosing] = tag;
			const name = rawName!.toUpperCase();
			index += whole.length;
			flush();
			if (name === 'BR') {
				if (closing || attributes) return undefined;
				append(open, element(name, open));
				continue;
			}
			if (selfClosing || !(BLOCKS.has(name) || INLINE.has(name))) return undefined;
			if (closing) {
				// Closed out of order, the parser moves and reopens elements (the adoption agency): left to turndown.
				if (attributes || open.name !== name || !open.parent) return undefined;
				open = open.parent;
				continue;
			}
			// A block or paragraph opened inside a paragraph closes it first: left to turndown.
			if (BLOCKS.has(name)) for (let ancestor: Element | undefined = open; ancestor; ancestor = ancestor.parent) if (ancestor.name === 'P') return undefined;
			const child = element(name, open);
			append(open, child);
			open = child;
		} else if (character === '&') {
			ENTITY.lastIndex = index;
			const entity = ENTITY.exec(html)?.[0];
			const decoded = entity === undefined ? undefined : ENTITIES[entity];
			if (decoded === undefined) return undefined;
			text += decoded;
			index += entity!.length;
		} else if (character === '\r' || character === '\0') {
			// The parser rewrites these (line ends to \n, NUL dropped): left to turndown.
			return undefined;
		} else {
			const end = nextSpecial(html, index);
			text += html.slice(index, end);
			index = end;
		}
	}
	flush();
	// An element left open is closed by the end of the field, which a later tag could have reopened: left to turndown.
	return open === root ? root : undefined;
}

function nextSpecial(html: string, from: number): number {
	for (let index = from; index < html.length; index++) {
		const character = html.charCodeAt(index);
		if (character === 60 || character === 38 || character === 13 || character === 0) return index;
	}
	return html.length;
}

const isBlock = (node: Child) => node.kind === 'element' && BLOCKS.has(node.name);
const isBreak = (node: Child) => node.kind === 'element' && node.name === 'BR';

function textContent(node: Child): string {
	if (node.kind === 'text') return node.data;
	let text = '';
	for (let child = node.first; child; child = child.next) text += textContent(child);
	return text;
}

function hasBreak(node: Element): boolean {
	for (let child = node.first; child; child = child.next) if (isBreak(child) || (child.kind === 'element' && hasBreak(child))) return true;
	return false;
}

function remove(node: Child): Child | Element {
	const after = node.next ?? node.parent!;
	const parent = node.parent!;
	if (node.previous) node.previous.next = node.next;
	else parent.first = node.next;
	if (node.next) node.next.previous = node.previous;
	else parent.last = node.previous;
	return after;
}

function following(previous: Child | Element | undefined, current: Child | Element): Child | Element | undefined {
	if (previous && previous.parent === current) return current.next ?? current.parent;
	return (current.kind === 'element' ? current.first : undefined) ?? current.next ?? current.parent;
}

/** Turndown's collapseWhitespace, over this tree (no `pre` in it, so no preformatted text). */
function collapseWhitespace(root: Element): void {
	if (!root.first) return;
	let previousText: Text | undefined;
	let keepLeadingWhitespace = false;
	let previous: Child | Element | undefined;
	let node = following(previous, root);
	while (node && node !== root) {
		if (node.kind === 'text') {
			let text = node.data.replace(/[ \r\n\t]+/g, ' ');
			if ((!previousText || / $/.test(previousText.data)) && !keepLeadingWhitespace && text[0] === ' ') text = text.slice(1);
			if (!text) {
				node = remove(node);
				continue;
			}
			node.data = text;
			previousText = node;
		} else if (isBlock(node) || isBreak(node)) {
			if (previousText) previousText.data = previousText.data.replace(/ $/, '');
			previousText = undefined;
			keepLeadingWhitespace = false;
		} else if (previousText) {
			keepLeadingWhitespace = false;
		}
		const next = following(previous, node);
		previous = node;
		node = next;
	}
	if (previousText) {
		previousText.data = previousText.data.replace(/ $/, '');
		if (!previousText.data) remove(previousText);
	}
}

function edgeWhitespace(text: string) {
	const match = /^(([ \t\r\n]*)(\s*))(?:(?=\S)[\s\S]*\S)?((\s*?)([ \t\r\n]*))$/.exec(text)!;
	return {leading: match[1]!, leadingAscii: match[2]!, leadingNonAscii: match[3]!, trailing: match[4]!, trailingNonAscii: match[5]!, trailingAscii: match[6]!};
}

function flankedByWhitespace(sibling: Child | undefined, side: 'left' | 'right'): boolean {
	if (!sibling || isBlock(sibling)) return false;
	const text = textContent(sibling);
	return side === 'left' ? text.endsWith(' ') : text.startsWith(' ');
}

/** Turndown's flanking whitespace of an inline element whose text is `text`. */
function flankingWhitespace(node: Element, text: string): {leading: string; trailing: string} {
	const edges = edgeWhitespace(text);
	const leading = edges.leadingAscii && flankedByWhitespace(node.previous, 'left') ? edges.leadingNonAscii : edges.leading;
	const trailing = edges.trailingAscii && flankedByWhitespace(node.next, 'right') ? edges.trailingNonAscii : edges.trailing;
	return {leading, trailing};
}

/** Turndown's join: the newlines between two pieces are the most either side asks for, at most two. */
function join(output: string[], replacement: string): void {
	const tail = output.pop() ?? '';
	let end = tail.length;
	while (end > 0 && tail[end - 1] === '\n') end--;
	const trimmedTail = tail.slice(0, end);
	const trimmedReplacement = replacement.replace(/^\n*/, '');
	const separator = '\n\n'.slice(0, Math.max(tail.length - end, replacement.length - trimmedReplacement.length));
	if (trimmedTail) output.push(trimmedTail);
	if (separator) output.push(separator);
	if (trimmedReplacement) output.push(trimmedReplacement);
}

function convertChildren(parent: Element, options: SimpleHtmlOptions): string[] {
	const output: string[] = [];
	for (let child = parent.first; child; child = child.next) join(output, child.kind === 'text' ? options.escape(child.data) : convertElement(child, options));
	return output;
}

function convertElement(node: Element, options: SimpleHtmlOptions): string {
	const block = isBlock(node);
	// The tree no longer changes here, so its text is read once for both rules.
	const text = textContent(node);
	const blank = !isBreak(node) && /^\s*$/.test(text) && !hasBreak(node);
	let content = convertChildren(node, options).join('');
	const whitespace = block ? {leading: '', trailing: ''} : flankingWhitespace(node, text);
	if (whitespace.leading || whitespace.trailing) content = content.trim();
	return whitespace.leading + replacement(node, content, block, blank, options) + whitespace.trailing;
}

function replacement(node: Element, content: string, block: boolean, blank: boolean, options: SimpleHtmlOptions): string {
	if (blank) return block ? '\n\n' : '';
	switch (node.name) {
		case 'BR':
			return `${options.br}\n`;
		case 'B':
		case 'STRONG':
			return content.trim() ? options.strongDelimiter + content + options.strongDelimiter : '';
		case 'I':
		case 'EM':
			return content.trim() ? options.emDelimiter + content + options.emDelimiter : '';
		default:
			return block ? `\n\n${content}\n\n` : content;
	}
}

/** The field as turndown converts it, or undefined when its HTML goes beyond the subset this reads. */
export function simpleHtmlToMarkdown(html: string, options: SimpleHtmlOptions): string | undefined {
	if (html === '') return '';
	const root = parse(html);
	if (!root) return undefined;
	collapseWhitespace(root);
	return convertChildren(root, options)
		.join('')
		.replace(/^[\t\r\n]+/, '')
		.replace(/[\t\r\n\s]+$/, '');
}
