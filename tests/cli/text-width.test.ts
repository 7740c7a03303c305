import {Chalk} from 'chalk';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {canWrapText, loadTextWidth, textWidth, wrapText} from '../../src/cli/text-width.js';

// One module instance for the whole file: the cases run in order, the measures unloaded at first.
describe('text widths', () => {
	const colour = new Chalk({level: 1});

	it('measures printable ASCII, colour codes left out, without loading anything', async () => {
		for (const text of ['', 'backend/apis', colour.bold('Deck  Title'), colour.red('a') + colour.dim('bc')]) expect(textWidth(text)).toBe(stringWidth(text));
		await loadTextWidth(['plain', colour.green('coloured')]);
		expect(canWrapText()).toBe(false);
	});

	it('refuses to guess the width of other text before the measures are loaded', () => {
		expect(() => textWidth('機械学習')).toThrow('before loadTextWidth');
		expect(() => wrapText('plain words', 5)).toThrow('before loadTextWidth');
	});

	it('loads them for text that needs them, then measures as string-width does', async () => {
		await loadTextWidth(['plain', 'café']);
		expect(canWrapText()).toBe(true);
		for (const text of ['機械学習', '👩🏽‍💻', 'café', colour.bold('ｆｕｌｌ'), 'tab\there']) expect(textWidth(text)).toBe(stringWidth(text));
		expect(wrapText('one two three', 7)).toBe('one two\nthree');
	});
});
