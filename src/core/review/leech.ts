/*
Leeches, as Anki handles them: a card that lapses (is forgotten after it was learned) `threshold`
times is a leech, tagged `leech` and by default suspended, because drilling it again is a waste
of time until it is rewritten. After that, Anki warns again every half threshold (8, 12, 16…).
*/

export type LeechSettings = {
	/** Lapses that make a card a leech. */
	readonly threshold: number;
	/** `suspend`: tag it and suspend it; `tag`: only tag it. */
	readonly action: 'suspend' | 'tag';
};

export const DEFAULT_LEECH: LeechSettings = {threshold: 8, action: 'suspend'};

/** The tag a leech carries in the database, and in an Anki collection. */
export const LEECH_TAG = 'leech';

/** Whether an answer that took a card's lapses from `before` to `after` makes it a leech (or warns again). */
export function isLeechLapse(before: number, after: number, settings: LeechSettings): boolean {
	if (after <= before || after < settings.threshold) return false;
	return (after - settings.threshold) % Math.max(1, Math.floor(settings.threshold / 2)) === 0;
}
