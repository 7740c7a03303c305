import {afterEach, describe, expect, it, vi} from 'vitest';
import {progressLine} from '../../src/cli/progress-line.js';

/*
The progress of a long sync or import, on a terminal's stderr: one line drawn over, written only
when what it shows changes, wiped at the end of each stage, and nothing at all off a terminal.
*/

const written: string[] = [];
const wasTty = process.stderr.isTTY;

function onTerminal(tty: boolean): void {
	written.length = 0;
	Object.defineProperty(process.stderr, 'isTTY', {value: tty, configurable: true, writable: true});
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		written.push(String(chunk));
		return true;
	});
}

afterEach(() => {
	vi.restoreAllMocks();
	Object.defineProperty(process.stderr, 'isTTY', {value: wasTty, configurable: true, writable: true});
});

describe('the progress line', () => {
	it('draws a stage over itself, only when it changes, and wipes it when the stage ends', () => {
		onTerminal(true);
		progressLine('reading history', 0, 1000);
		progressLine('reading history', 1, 1000);
		progressLine('reading history', 500, 1000);
		progressLine('reading history', 1000, 1000);
		progressLine('replaying history', 3, 4);
		progressLine('replaying history', 4, 4);
		expect(written).toEqual([
			`\rreading history    ${'░'.repeat(24)} 0%\u001b[K`,
			`\rreading history    ${'█'.repeat(12)}${'░'.repeat(12)} 50%\u001b[K`,
			'\r\u001b[K',
			`\rreplaying history  ${'█'.repeat(18)}${'░'.repeat(6)} 75%\u001b[K`,
			'\r\u001b[K',
		]);
	});

	it('writes nothing where stderr is not a terminal, nor for a stage with nothing to do', () => {
		onTerminal(false);
		progressLine('reading decks', 1, 10);
		progressLine('reading decks', 10, 10);
		onTerminal(true);
		progressLine('reading decks', 0, 0);
		progressLine('reading decks', 5, 5);
		expect(written).toEqual([]);
	});
});
