// Synthetic collections of a realistic shape for the benchmarks: decks of 100 cards with
// questions of about ten words and answers of about twenty, a mix of basic, reversed and cloze.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {benchTempDir} from './temp.mjs';

const WORDS = 'model feature pipeline latency deploy canary drift schema metric retention experiment rollout service event queue cache index partition replica batch stream label training serving registry monitor alert budget'.split(' ');
const phrase = (seed, length) => Array.from({length}, (_, index) => WORDS[(seed * 31 + index * 17) % WORDS.length]).join(' ');

export function makeDecks(files, notesPerFile) {
	const cardsPerFile = Math.round(notesPerFile);
	const dir = benchTempDir('decks');
	for (let file = 0; file < files; file++) {
		const notes = [];
		for (let card = 0; card < cardsPerFile; card++) {
			const seed = file * cardsPerFile + card;
			if (card % 10 === 9) notes.push(`C: In deck ${file}, the ${phrase(seed, 6)} uses {{c1::${phrase(seed + 1, 2)}}} number ${seed}.`);
			else if (card % 10 === 8) notes.push(`R: Term ${seed} ${phrase(seed, 3)}\n\nA: ${phrase(seed + 2, 18)} (${seed}).`);
			else notes.push(`Q: Question ${seed}: why does the ${phrase(seed, 8)} matter?\n\nA: Because ${phrase(seed + 3, 20)} (${seed}).`);
		}
		const cards = notes.map((note) => note).join('\n\n');
		const folder = join(dir, `topic-${String(Math.floor(file / 10)).padStart(2, '0')}`);
		mkdirSync(folder, {recursive: true});
		writeFileSync(join(folder, `deck-${String(file).padStart(4, '0')}.md`), `---\ntitle: Deck ${file}\nsources: [generated]\n---\n\n${cards}\n`);
	}
	return dir;
}

/** Every tenth note is reversed (two cards), so 10 notes make 11 cards: this many notes give about `cards` cards. */
export function notesFor(cards) {
	return Math.round((cards * 10) / 11);
}
