import {Chalk} from 'chalk';
import stringWidth from 'string-width';
import {beforeAll, describe, expect, it, vi} from 'vitest';

// A module of its own, the measures unloaded at first: workers keep modules between test files
// (vitest.config.ts), and another file may have loaded them. The cases then run in order.
let textWidths: typeof import('../../src/cli/text-width.js');
beforeAll(async () => {
	vi.resetModules();
	textWidths = await import('../../src/cli/text-width.js');
});

describe('text widths', () => {
	const colour = new Chalk({level: 1});

	it('measures printable ASCII, colour codes left out, without loading anything', async () => {
		for (const text of ['', 'backend/apis', colour.bold('Deck  Title'), colour.red('a') + colour.dim('bc')]) expect(textWidths.textWidth(text)).toBe(stringWidth(text));
		await textWidths.loadTextWidth(['plain', colour.green('coloured')]);
		expect(textWidths.canWrapText()).toBe(false);
	});

	it('refuses to guess the width of other text before the measures are loaded', () => {
		expect(() => textWidths.textWidth('機械学習')).toThrow('before loadTextWidth');
		expect(() => textWidths.wrapText('plain words', 5)).toThrow('before loadTextWidth');
	});

	it('loads them for text that needs them, then measures as string-width does', async () => {
		await textWidths.loadTextWidth(['plain', 'café']);
		expect(textWidths.canWrapText()).toBe(true);
		for (const text of ['機械学習', '👩🏽‍💻', 'café', colour.bold('ｆｕｌｌ'), 'tab\there']) expect(textWidths.textWidth(text)).toBe(stringWidth(text));
		expect(textWidths.wrapText('one two three', 7)).toBe('one two\nthree');
	});
});
