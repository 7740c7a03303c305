/*
`fluency set-due DAYS`: Anki's "Set due date". `0` is today, `5` five study days from today,
`3-7` a day drawn in that range for each card, so a pile of cards spreads out instead of landing
on one day. The draw is seeded by the command and the card (core/random.ts), so it is the same
whenever it is computed again; the date chosen travels in the card's due event, not the seed.
*/
import {seededRandom} from '../random.js';

export type DueDays = {readonly from: number; readonly to: number};

/** Longer than fluency's longest interval is not a due date anyone means. */
const MAX_DAYS = 36_500;

/** Read `DAYS` (`0`, `5`, `3-7`); a string is the one-line reason it cannot be read. */
export function parseDueDays(text: string): DueDays | string {
	const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
	if (!match) return `DAYS must be a number of days from today (0 is today) or a range such as 3-7, not ${JSON.stringify(text)}`;
	const from = Number(match[1]);
	const to = match[2] === undefined ? from : Number(match[2]);
	if (to < from) return `the range ${text} goes backwards: write the smaller number first`;
	if (to > MAX_DAYS) return `${to} days is more than fluency's longest interval (${MAX_DAYS} days)`;
	return {from, to};
}

/** The day, in days from today, a card gets: the same for the same seed text (the command's id and the card's). */
export function dueDayFor(days: DueDays, seedText: string): number {
	if (days.from === days.to) return days.from;
	const random = seededRandom(hashText(seedText));
	return days.from + Math.floor(random() * (days.to - days.from + 1));
}

/** FNV-1a, 32 bits: a seed from a text. */
function hashText(text: string): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < text.length; index++) {
		hash ^= text.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
