import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {deckMediaPath} from '../../src/app/decks/deck-files.js';
import {checkDeckPath, imageReferences} from '../../src/core/decks/deck-paths.js';
import {formatProblem} from '../../src/core/problem.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';
import {makeTempDir} from '../helpers/temp.js';

describe('paths written in decks', () => {
	it('finds Markdown and HTML images, but not remote ones', () => {
		expect(imageReferences('![a](img/a.png) <img src="b.png"> ![c](https://x.org/c.png) ![d](<d e.png> "title")')).toEqual(['img/a.png', 'd e.png', 'b.png']);
	});

	it.each([
		['img/canary.png', true],
		['./img/../canary.png', true],
		['../secret.png', false],
		['img/../../secret.png', false],
		['%2e%2e/secret.png', false],
		['..\\..\\secret.png', false],
		['/etc/passwd', false],
		['~/.ssh/id_rsa', false],
		['file:///etc/passwd', false],
		['C:\\Windows\\win.ini', false],
	])('%s stays inside the deck folder: %s', (reference, inside) => {
		expect(checkDeckPath(reference).ok).toBe(inside);
	});

	it('refuses a card whose image leaves the deck folder, and keeps the others', () => {
		const deck = parseDeck({file: 'decks/evil.md', deck: 'evil', text: 'Q: fine?\nA: ![ok](img/ok.png)\n\nQ: sneaky?\nA: ![x](../../.ssh/id_rsa)\n'});
		expect(deck.cards.map((card) => card.prompt)).toEqual(['fine?']);
		expect(deck.problems.map(formatProblem)).toEqual(["decks/evil.md:5: image path ../../.ssh/id_rsa leaves the deck's folder"]);
		const spaced = parseDeck({file: 'decks/evil.md', deck: 'evil', text: 'Q: sneaky?\nA: ![x](<../my secrets.txt>)\n'});
		expect(spaced.cards).toEqual([]);
	});

	it('does not follow a link in the deck folder that leads outside it', () => {
		const root = makeTempDir('fluency-media-');
		mkdirSync(join(root, 'decks', 'img'), {recursive: true});
		writeFileSync(join(root, 'secret.txt'), 'secret');
		writeFileSync(join(root, 'decks', 'img', 'ok.png'), 'png');
		symlinkSync(join(root, 'secret.txt'), join(root, 'decks', 'img', 'link.png'));
		const deckFile = join(root, 'decks', 'deck.md');
		expect(deckMediaPath(deckFile, 'img/ok.png')).toMatch(/decks\/img\/ok\.png$/);
		expect(deckMediaPath(deckFile, 'img/link.png')).toBeUndefined();
		expect(deckMediaPath(deckFile, '../secret.txt')).toBeUndefined();
		expect(deckMediaPath(deckFile, 'img/missing.png')).toBeUndefined();
	});
});
