/*
Where each card is in its deck file. A card's line is kept as a line within a block of its deck's
lines (cards.line_in_block), and each block (line_blocks) knows the line it starts at. Text added
or taken out in the middle of a large file moves the blocks below the edit, a few hundred rows of
three numbers, where moving each card below it rewrote half of a 100,000-card table.

The blocks of a deck never overlap: each active card's line is at or after its block's first line
and before the next block's, so ordering by (block's first line, line in block) orders by line.
It is also fewer than BLOCK_LINES past its block's first line, so splitting a block at an edit
moves a few hundred cards at most. `LinePlaces` keeps both true as cards are written. A retired card keeps the line it left the file
at: it is moved to its deck's first block, at line 0, which never moves.
*/
import type {Store} from './database.js';

/** How many lines a block spans before a card written further down starts a new one. */
const BLOCK_LINES = 1024;

/** A card's place: its block, and its line within it. */
export type CardPlace = {readonly block: number; readonly lineInBlock: number};

type LineBlock = {readonly id: number; readonly firstLine: number};

/** SQL that sets, in an UPDATE of a card's row, the place a card keeps once it is retired: the line it had, in its deck's first block. */
export const SET_RETIRED_PLACE = `line_in_block = line_in_block + (SELECT first_line FROM line_blocks WHERE line_blocks.id = cards.line_block),
	line_block = (SELECT id FROM line_blocks WHERE line_blocks.deck_id = cards.deck_id ORDER BY first_line LIMIT 1)`;

/** SQL for the line of a card in its file, the line_blocks row of its block joined to it. */
export const CARD_LINE = '(line_blocks.first_line + cards.line_in_block)';

/**
The FROM, WHERE and ORDER BY of a query for the active cards of one deck (its id the first
parameter), and `also` these, in the order of their lines: block by block, each read through
cards_by_block (or cards_new_by_block), so nothing is sorted.
*/
export const cardsOfDeckInOrder = (also = '') => `FROM line_blocks CROSS JOIN cards ON cards.line_block = line_blocks.id
	WHERE line_blocks.deck_id = ? AND cards.deck_id = line_blocks.deck_id AND cards.retired_at IS NULL${also === '' ? '' : ` AND ${also}`}
	ORDER BY line_blocks.first_line, line_blocks.id, cards.line_in_block, cards.ordinal`;

/**
The blocks of the decks a sync writes, read once and kept as it adds to them. Within a deck, cards
are placed in the order of their lines, and a sync places every active card from the first line
it places to the end of what it read (the end of the file, or of a stretch: `replaceLines` gives
the cards after a stretch blocks of their own). So a block started at a card's line holds no card
that is not placed again after it.
*/
export class LinePlaces {
	private readonly decks = new Map<number, LineBlock[]>();

	constructor(
		private readonly store: Store,
		private readonly blockLines = BLOCK_LINES,
	) {}

	/** Where a card at `line` of the deck goes: a block of its own when it is `blockLines` or more past the start of the one its line falls in. */
	place(deckId: number, line: number): CardPlace {
		const blocks = this.blocksOf(deckId);
		if (blocks.length === 0 || blocks[0]!.firstLine > line) blocks.unshift(this.addBlock(deckId, 0));
		let index = lastAtOrBefore(blocks, line);
		if (line >= blocks[index]!.firstLine + this.blockLines) blocks.splice(++index, 0, this.addBlock(deckId, line));
		const block = blocks[index]!;
		return {block: block.id, lineInBlock: line - block.firstLine};
	}

	/**
	The lines from `firstLine` to before `oldEndLine` of a deck's file (to its end when undefined)
	were replaced by text `delta` lines longer; `placeCards` places the cards there again. The cards
	from `oldEndLine` on move by `delta` with their blocks: the block holding that line is split
	there first. The blocks starting in the stretch stay where its new text still runs, so a card
	there that kept its line keeps its place and is not written. Those starting at or past its new
	end, where no card of it is placed, are removed once it is placed: their cards were the stretch's.
	*/
	replaceLines(deckId: number, firstLine: number, oldEndLine: number | undefined, delta: number, placeCards: () => void): void {
		this.decks.delete(deckId);
		const blocks = this.blocksOf(deckId);
		this.decks.delete(deckId);
		if (blocks.length === 0 || oldEndLine === undefined) return placeCards();
		if (!blocks.some((block) => block.firstLine === oldEndLine)) {
			const straddling = blocks[lastAtOrBefore(blocks, oldEndLine - 1)]!;
			const below = this.addBlock(deckId, oldEndLine);
			this.store
				.statement('UPDATE cards SET line_block = ?, line_in_block = line_in_block - ? WHERE line_block = ? AND line_in_block >= ? AND retired_at IS NULL')
				.run(below.id, oldEndLine - straddling.firstLine, straddling.id, oldEndLine - straddling.firstLine);
		}
		const newEnd = oldEndLine + delta;
		const ended = new Set(blocks.filter((block) => block.firstLine >= firstLine && block.firstLine >= newEnd && block.firstLine < oldEndLine).map((block) => block.id));
		if (delta !== 0) this.store.statement('UPDATE line_blocks SET first_line = first_line + ? WHERE deck_id = ? AND first_line >= ?').run(delta, deckId, oldEndLine);
		placeCards();
		const kept = this.blocksOf(deckId).filter((block) => !ended.has(block.id));
		this.decks.set(deckId, kept);
		for (const block of blocks.filter((block) => ended.has(block.id))) {
			// A card no parse placed, should there be one, keeps its line in the block before.
			const before = kept[lastAtOrBefore(kept, block.firstLine)]!;
			this.store.statement('UPDATE cards SET line_block = ?, line_in_block = line_in_block + ? WHERE line_block = ?').run(before.id, block.firstLine - before.firstLine, block.id);
			this.store.statement('DELETE FROM line_blocks WHERE id = ?').run(block.id);
		}
	}

	private blocksOf(deckId: number): LineBlock[] {
		let blocks = this.decks.get(deckId);
		if (!blocks) {
			blocks = this.store.statement('SELECT id, first_line AS firstLine FROM line_blocks WHERE deck_id = ? ORDER BY first_line, id').all(deckId) as LineBlock[];
			this.decks.set(deckId, blocks);
		}
		return blocks;
	}

	private addBlock(deckId: number, firstLine: number): LineBlock {
		const id = Number(this.store.statement('INSERT INTO line_blocks (deck_id, first_line) VALUES (?, ?)').run(deckId, firstLine).lastInsertRowid);
		return {id, firstLine};
	}
}

/** The index of the last block starting at or before `line`; the first block's when none does. */
function lastAtOrBefore(blocks: readonly LineBlock[], line: number): number {
	let low = 0;
	let high = blocks.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (blocks[middle]!.firstLine <= line) low = middle;
		else high = middle - 1;
	}
	return low;
}
