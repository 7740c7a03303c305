/*
`fluency show` promises to draw cards "as the review screen draws them". Here the built CLI's
`show` and the real review screen draw the same deck, and the lines must be the same. (Before,
two functions drew cards: `show` put the rule straight under the question and drew a cloze's
answer without marking it, so with no colour its back read "A canary goes first." where the
review reads "A [canary] goes first.")
*/
import {afterEach, describe, expect, it} from 'vitest';
import {DAY_MS} from '../../src/core/scheduling/day.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {mountReview, plain, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

// A deck as a user writes it (decks/*.md): a basic card with a note, then a cloze with two deletions.
const DECK = `---
title: Releases
---

Q: What is a *canary* release?

A: A release to a **small** share of traffic first.

Note: Watch the error rate before going on.

C: A {{c1::canary}} goes first, then the {{c2::rest}} of the fleet.
`;

// ink-testing-library's terminal is 100 columns; the screen draws text at its reading measure, 88, centred.
const WIDTH = 88;

let world: ReviewWorld;
afterEach(() => world.close());

/** The card's rows on the review screen: between the header (2 lines and a blank) with the line saying which card it is, and the footer (a blank and a line). */
const cardRows = (frame: string) => {
	const lines = plain(frame).split('\n');
	// The column's left margin, as the header's first line has it.
	const margin = lines[0]!.length - lines[0]!.trimStart().length;
	return lines.slice(4, -2).map((line) => line.slice(margin).trimEnd());
};

/** `fluency show DECK`'s cards: each a title line, then its rows. */
function shownCards(): string[][] {
	const shown = runCli(['show', 'releases', '--width', String(WIDTH), '--decks', world.decks], cliEnv(world.root));
	expect(shown.code, shown.stderr).toBe(0);
	return shown.stdout
		.replace(/\n$/, '')
		.split(/\n\n(?=releases:\d+ {2})/)
		.map((card) => card.split('\n').slice(1));
}

describe('one card renderer', () => {
	it('has `fluency show` draw each card as the review screen does: its front, then its answer as revealed', async () => {
		world = reviewWorld({'releases.md': DECK});
		const shown = shownCards();
		expect(shown).toHaveLength(3);
		for (const [index, card] of shown.entries()) {
			// A day apart: answering a cloze buries its sibling until the next day.
			world.clock.now += DAY_MS;
			const {press, frame, app} = mountReview(world);
			const front = cardRows(frame());
			await press(' ');
			const revealed = cardRows(frame());
			expect(card.slice(0, front.length), `card ${index + 1}'s front`).toEqual(front);
			expect(card.slice(-revealed.length), `card ${index + 1}'s answer`).toEqual(revealed);
			await press('4');
			app.unmount();
		}
		// What the lines are, so that two renderers agreeing on nothing cannot pass.
		expect(shown[0]).toEqual(['What is a canary release?', '', expect.stringMatching(/^─+$/), 'A release to a small share of traffic first.', '', 'Watch the error rate before going on.']);
		expect(shown[1]).toEqual(['A [...] goes first, then the rest of the fleet.', '', expect.stringMatching(/^─+$/), 'A [canary] goes first, then the rest of the fleet.']);
		expect(shown[2]).toEqual(['A canary goes first, then the [...] of the fleet.', '', expect.stringMatching(/^─+$/), 'A canary goes first, then the [rest] of the fleet.']);
	});
});
