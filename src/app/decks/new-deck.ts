import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {deckNameFromPath} from '../../core/decks/deck-names.js';
import {formatFrontMatter} from '../../core/decks/deck-writer.js';
import {UserError} from '../errors.js';

/** `backend/event-driven` → `Event driven`. */
function titleOf(name: string): string {
	return (name.split('/').at(-1) ?? name).replace(/[-_]+/g, ' ').replace(/^\p{Ll}/u, (letter) => letter.toUpperCase());
}

/**
The start of a deck made by `fluency add`: front matter only. Its cards are the user's; examples
or placeholder text here would be studied as cards or read as the deck's real sources.
*/
export function emptyDeck(name: string): string {
	return formatFrontMatter({title: titleOf(name), tags: [name.split('/')[0]!]});
}

/** A new deck: front matter filled in, and one example of each card type to copy. */
function deckTemplate(name: string): string {
	const title = titleOf(name);
	return `${formatFrontMatter({title, description: `What ${title} covers, in one line.`, tags: [name.split('/')[0]!], sources: ['Where the facts come from (author, title, year, URL)']})}
<!--
A card starts with Q: (question and answer), R: (both directions) or C: (cloze).
Everything in a card is Markdown. Lines starting with Note:, Tags: or ID: go at the end.
The whole format: docs/deck-format.md. Check your deck with: fluency check
-->

# Examples

Q: What does an idempotent API call guarantee?

A: Sending it several times has the same effect as sending it once.

Note: Why it matters: a client can retry it safely after a timeout.

R: p99 latency

A: The response time under which 99% of requests finish.

C: A {{c1::canary}} release sends a new version to a small share of traffic first.

Tags: releases
`;
}

// What the error below promises: names that need no quoting in a shell and read the same everywhere.
const DECK_NAME = /^[\p{L}\p{N}_-]+(?:\/[\p{L}\p{N}_-]+)*$/u;

/** Where a deck name or a path given to `fluency new` puts the file. */
export function newDeckPath(nameOrPath: string, userDecksDir: string): {path: string; name: string} {
	if (nameOrPath.endsWith('.md')) {
		const path = resolve(nameOrPath);
		return {path, name: deckNameFromPath(path.split('/').at(-1)!)};
	}
	// The name as typed, not as tidied: `a//b`, `/abs` and `x\\y` would otherwise be taken although
	// the message below forbids them.
	const name = nameOrPath;
	if (!DECK_NAME.test(name)) {
		throw new UserError(`\`${nameOrPath}\` is not a deck name; use letters, digits, - and _, and / for sub-decks (or give a path ending in .md)`, 2);
	}
	return {path: join(userDecksDir, `${name}.md`), name};
}

export function createDeck(nameOrPath: string, userDecksDir: string): string {
	const {path, name} = newDeckPath(nameOrPath, userDecksDir);
	if (existsSync(path)) throw new UserError(`${path} already exists; nothing was changed`);
	mkdirSync(dirname(path), {recursive: true});
	writeFileSync(path, deckTemplate(name), {flag: 'wx'});
	return path;
}
