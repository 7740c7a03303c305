/*
Custom study, as Anki's filtered decks: a session of exactly the chosen cards, whatever their due
dates and today's limits. Suspended and buried cards stay out, as they do in Anki. The answers are
ordinary answers: the scheduler sees the real time, so a card reviewed ahead of its due date is
scheduled from the days that really passed, as FSRS expects.
*/
import type {Queue, QueueCard} from './queue.js';

const byId = (a: QueueCard, b: QueueCard) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
The chosen cards that can be studied now: learning cards already due first (their step has come),
then the other studied cards earliest due first (learning cards early included: custom study is
asked for), then new cards in deck order.
*/
export function buildCustomQueue<Card extends QueueCard>(cards: readonly Card[], now: number, isChosen: (card: Card) => boolean): Queue<Card> {
	const chosen = cards.filter((card) => isChosen(card) && !card.suspended && (card.buriedUntil === null || card.buriedUntil <= now));
	const learningDue = (card: QueueCard) => (card.state === 'learning' || card.state === 'relearning') && card.due !== null && card.due <= now;
	const due = (card: QueueCard) => card.due ?? 0;
	return {
		learning: chosen.filter(learningDue).sort((a, b) => due(a) - due(b) || byId(a, b)),
		reviews: chosen.filter((card) => card.state !== 'new' && !learningDue(card)).sort((a, b) => due(a) - due(b) || byId(a, b)),
		newCards: chosen.filter((card) => card.state === 'new').sort((a, b) => a.position - b.position || byId(a, b)),
		learningLater: [],
	};
}

/** Review cards due before `horizon` (the end of the last study day reviewed ahead), today's included. */
export const dueBefore =
	(horizon: number) =>
	(card: QueueCard): boolean =>
		card.state === 'review' && card.due !== null && card.due < horizon;
