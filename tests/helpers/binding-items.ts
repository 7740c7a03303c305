import {FSRSBindingItem, FSRSBindingReview} from '@open-spaced-repetition/binding';
import type {Store} from '../../src/store/database.js';
import {rowsOf} from '../../src/store/inspect.js';

const DAY_MS = 86_400_000;

/**
fsrs-rs training items built straight from a database's answers, the way Anki builds them from its
revlog (study days starting at 04:00 UTC; an item for each answer a day or more after the card's
previous one), in time order of their last answer as Anki sorts them, or left in card order. Written
apart from fluency's own training code on purpose: it is the yardstick that code is compared with.
*/
export function bindingItemsFromAnswers(store: Store, order: 'time' | 'card'): FSRSBindingItem[] {
	const rows = rowsOf(store, 'reviews')
		.filter((review) => review['undone_at'] === null)
		.map((review) => ({card: review['card_id'] as string, at: review['reviewed_at'] as number, rating: review['rating'] as number}))
		.sort((a, b) => (a.card < b.card ? -1 : a.card > b.card ? 1 : a.at - b.at));
	const day = (at: number) => Math.floor((at - 4 * 3_600_000) / DAY_MS);
	const items: Array<{at: number; reviews: Array<[number, number]>}> = [];
	let reviews: Array<[number, number]> = [];
	rows.forEach((row, index) => {
		const previous = rows[index - 1];
		if (!previous || previous.card !== row.card) reviews = [];
		const deltaT = reviews.length === 0 ? 0 : day(row.at) - day(previous!.at);
		reviews = [...reviews, [row.rating, deltaT]];
		if (reviews.length > 1 && deltaT > 0) items.push({at: row.at, reviews});
	});
	if (order === 'time') items.sort((a, b) => a.at - b.at);
	return items.map((item) => new FSRSBindingItem(item.reviews.map(([rating, deltaT]) => new FSRSBindingReview(rating, deltaT))));
}
