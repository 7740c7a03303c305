import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {changedStretch, checkpointsOfText} from '../../src/app/decks/deck-checkpoints.js';
import {parseDeck} from '../../src/core/decks/parse-deck.js';

/*
The checkpoints a sync stores for a deck file are read back by the next sync against the file's
bytes. Written from the text (its UTF-8, multi-byte characters and all), they must read back as
"nothing changed" for the same bytes, and name a stretch that holds every changed byte otherwise.
*/

const noteLine = fc.constantFrom('Q: What is a canary release?', 'Q: Qué es un «canary»?', 'A: A release to a few users first.', 'A: 一部のユーザーへ先に出す 🚀', 'C: A {{c1::flag}} hides', 'text', '');
const body = fc.array(noteLine, {minLength: 8, maxLength: 60}).map((lines) => `${lines.join('\n')}\n`);

describe('checkpoints of a deck file', () => {
	it('read back against the same bytes as unchanged, and against edited bytes as a stretch holding the edit', () => {
		let stretches = 0;
		fc.assert(
			fc.property(body, fc.nat(), fc.nat(6), fc.string({unit: 'grapheme', maxLength: 8}), (text, at, removed, inserted) => {
				const points = parseDeck({file: 'd.md', deck: 'd', text, checkpointEvery: 1}).checkpoints;
				const checkpoints = checkpointsOfText(text, points);
				const bytes = Buffer.from(text, 'utf8');
				expect(checkpoints[0]).toMatchObject({line: 1, offset: 0});
				for (const point of checkpoints) expect(bytes.subarray(0, point.offset).toString('utf8').split('\n').length).toBe(point.line);
				expect(changedStretch(bytes, checkpoints, bytes.length)).toBe('unchanged');
				// An edit at a character boundary, as an editor makes it.
				const place = at % (text.length + 1);
				const edited = Buffer.from(text.slice(0, place) + inserted + text.slice(place + removed), 'utf8');
				const stretch = changedStretch(edited, checkpoints, bytes.length);
				if (stretch === 'unchanged') expect(edited).toEqual(bytes);
				if (!stretch || stretch === 'unchanged') return;
				stretches++;
				const start = checkpoints[stretch.from]!.offset;
				// Outside the stretch, the bytes are those of the file before: before it where they were, after it shifted.
				expect(edited.subarray(0, start)).toEqual(bytes.subarray(0, start));
				expect(edited.subarray(stretch.end)).toEqual(bytes.subarray(stretch.end - stretch.byteDelta));
				expect(stretch.byteDelta).toBe(edited.length - bytes.length);
			}),
			{numRuns: 500},
		);
		// Edits in the first stretches, or that change nothing, name none (270 to 295 of 500 do, in three runs).
		expect(stretches).toBeGreaterThan(150);
	});
});
