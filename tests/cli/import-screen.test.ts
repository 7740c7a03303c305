import {describe, expect, it} from 'vitest';
import {importScreen} from '../../src/cli/import-screen.js';

describe('loading the screen code', () => {
	it('hides fetch while the module loads, and gives it back after, even when loading fails', async () => {
		const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
		const seen = await importScreen(async () => typeof globalThis.fetch);
		expect(seen).toBe('undefined');
		expect(Object.getOwnPropertyDescriptor(globalThis, 'fetch')).toEqual(before);
		await expect(importScreen(() => Promise.reject(new Error('no such module')))).rejects.toThrow('no such module');
		expect(typeof globalThis.fetch).toBe('function');
	});

	it('loads Ink with Yoga working, fetch hidden', async () => {
		const {Text, render} = await importScreen(() => import('ink'));
		const {PassThrough} = await import('node:stream');
		const stdout = Object.assign(new PassThrough(), {columns: 40, rows: 10, isTTY: false});
		let written = '';
		stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
		const {createElement} = await import('react');
		const app = render(createElement(Text, null, 'laid out by Yoga'), {stdout: stdout as unknown as NodeJS.WriteStream, debug: true});
		app.unmount();
		expect(written).toContain('laid out by Yoga');
	});
});
