import type {SchedulerFor} from '../../core/scheduling/replay.js';
import {formatInterval} from '../../core/scheduling/interval.js';
import {balancedState, type EasyDays} from '../../core/scheduling/load-balance.js';
import {type Memory, RATINGS, type Rating, type Scheduler} from '../../core/scheduling/scheduler.js';
import {type Pace, type PaceAnswer, paceOf} from '../../core/review/pace.js';
import {isSelected, type Selection} from '../../core/review/select.js';
import {DAY_MS} from '../../core/scheduling/day.js';
import {dueCountBetween, getCard} from '../../store/cards.js';
import {cardsDueBefore} from '../../store/review/queue-candidates.js';
import type {Store} from '../../store/database.js';
import {recentAnswers} from '../../store/review/answer-pace.js';
import {buryCard, recordAnswer, suspendCard, undoAnswer} from '../../store/review/reviews.js';
import type {LeechSettings} from '../../core/review/leech.js';
import {type Leech, leechAfterAnswer, MARKED, setCardFlag, toggleTag} from '../bulk/card-marks.js';
import {cardInfoOf} from '../search/card-info.js';
import {type ReviewCard, reviewCardOf} from './review-card.js';

export type ReviewWorld = {
	readonly store: Store;
	readonly schedulerFor: SchedulerFor;
	readonly now: () => number;
	/** The cards the session is about, for what is due tomorrow. */
	readonly selection: Selection;
	/** When a buried card comes back: the start of the next study day. */
	readonly buryUntil: number;
	/** The end of the next study day, for what is due tomorrow. */
	readonly tomorrowEnd: number;
	/** Load balancing and easy days; off when absent. */
	readonly loadBalancing?: {readonly easyDays: EasyDays};
	/** For the end screen: when the session's next card is due, how many are buried or suspended. */
	readonly outlook?: () => string;
	/** When a lapsing card becomes a leech; never when absent. */
	readonly leech?: LeechSettings;
};

/** The time estimate reads the answers of this many days back, at most this many of them. */
const PACE_DAYS = 30;
const PACE_ANSWERS = 5000;

/** What the review screen does to the world. Every call has committed before it returns. */
export type ReviewActions = ReturnType<typeof reviewActions>;

export function reviewActions(world: ReviewWorld) {
	const {store, schedulerFor, now} = world;
	store.checkpointWhenIdle();
	/**
	Cards due on a study day, other than `card`: what load balancing weighs. Counted one day at a
	time, only for the days a fuzz range asks about, and each once per preview or answer: reading
	every due date ahead cost a heavy collection 100,000 rows per key press.
	*/
	const loadsAround = (card: ReviewCard, scheduler: Scheduler): ((day: number) => number) => {
		const counts = new Map<number, number>();
		return (day) => {
			let count = counts.get(day);
			if (count === undefined) {
				const {start, end} = scheduler.studyDayBounds(day);
				counts.set(day, (count = dueCountBetween(store, start, end, card.id)));
			}
			return count;
		};
	};
	/** The state an answer leads to: FSRS's, with the day moved by load balancing when it is on. Preview and answer both go through here. */
	const outcomeOf = (scheduler: Scheduler, memory: Memory, rating: Rating, at: number, after: Memory, dueOn: (day: number) => number): {after: Memory; balanced: boolean} => {
		if (!world.loadBalancing || after.state !== 'review') return {after, balanced: false};
		const moved = balancedState(scheduler, memory, rating, after, at, {dueOn, easyDays: world.loadBalancing.easyDays});
		return moved ? {after: moved, balanced: true} : {after, balanced: false};
	};
	// Read once, then kept up to date with this session's own answers: reading 5,000 rows again
	// after every answer cost a heavy collection 3–4 ms of each key press. An undo reads them again,
	// and so does a clock set back, whose window reaches answers from before the first read's.
	let paceAnswers: PaceAnswer[] | undefined;
	let paceReadSince = Infinity;
	let pace: Pace | undefined;
	// The preview of the card on screen, kept until anything is written: the grade key checks the
	// intervals shown against a preview taken again (they differ only on a new study day), and the
	// answer weighs the same day loads. Worked out twice, they cost about 1 ms of each grade key.
	let shown: {card: ReviewCard; day: number; labels: Record<Rating, string>; loads: (day: number) => number} | undefined;
	const written = <T>(result: T): T => {
		shown = undefined;
		return result;
	};
	return {
		now,
		/** What the `i` overlay shows of a card: its memory, every answer, its forgetting curve. */
		cardInfo: (cardId: string) => cardInfoOf(store, schedulerFor, cardId, now()),
		/** How long a card of each queue takes the user, from their recent answers: what the time left is estimated from. */
		pace: (): Pace => {
			const since = now() - PACE_DAYS * DAY_MS;
			if (!paceAnswers || since < paceReadSince) {
				paceAnswers = recentAnswers(store, since, PACE_ANSWERS);
				paceReadSince = since;
				pace = undefined;
			}
			return (pace ??= paceOf(
				paceAnswers.filter((answer) => answer.at >= since),
				(at) => Math.floor((at - world.buryUntil) / DAY_MS),
			));
		},
		/**
		Work to do while the user reads the next card: copy the answers so far into the database
		file and sync it, so they survive a power cut too, and no answer waits for that copy.
		*/
		settle: () => {
			try {
				store.checkpoint();
			} catch {
				// Nothing is lost: the answers are safe in the log, and the next checkpoint copies them.
			}
		},
		/** The card as the database holds it now; undefined once it left its deck. */
		card: (id: string): ReviewCard | undefined => {
			const card = getCard(store, id);
			return card && card.retiredAt === null ? reviewCardOf(card) : undefined;
		},
		/**
		What each grade would give, e.g. `{1: '1m', 3: '3d'}`, and the state it leads to. The preview is
		taken once per card shown and the answer applies that same state: the fuzz is seeded by the
		card and its review count, so what the button says is what the answer does.
		*/
		intervals: (card: ReviewCard): Record<Rating, string> => {
			const at = now();
			const scheduler = schedulerFor(card.deck);
			const day = scheduler.studyDay(at);
			if (shown?.card === card && shown.day === day) return shown.labels;
			const preview = scheduler.preview(card.memory, at, card.id);
			const loads = loadsAround(card, scheduler);
			const labels = Object.fromEntries(RATINGS.map((rating) => [rating, intervalLabel(outcomeOf(scheduler, card.memory, rating, at, preview[rating], loads).after, at)])) as Record<Rating, string>;
			shown = {card, day, labels, loads};
			return labels;
		},
		/** Record an answer; `leech` says the card just became a leech (or lapsed again at a leech warning), and whether it was suspended. */
		answer: (card: ReviewCard, rating: Rating, durationMs: number): {reviewId: string; state: Memory['state']; due: number | null; leech?: Leech} => {
			const scheduler = schedulerFor(card.deck);
			let paceAnswer: PaceAnswer | undefined;
			// The answer and what it makes of a leech commit together.
			const result = store.transaction(() => {
				const recorded = recordAnswer(store, {cardId: card.id, rating, at: now(), durationMs}, (memory, at) => {
					const answered = scheduler.answer(memory, rating, at, card.id);
					const loads = shown?.card === card ? shown.loads : loadsAround(card, scheduler);
					return {...answered, ...outcomeOf(scheduler, memory, rating, at, answered.after, loads)};
				});
				const {reviewId, outcome} = recorded;
				paceAnswer = {cardId: card.id, at: recorded.at, stateBefore: recorded.card.memory.state, durationMs: recorded.durationMs};
				const leech = world.leech && leechAfterAnswer(store, card.id, reviewId, {before: outcome.before.lapses, after: outcome.after.lapses}, world.leech, outcome.after.lastReview ?? now());
				return {reviewId, state: outcome.after.state, due: outcome.after.due, ...(leech ? {leech} : {})};
			});
			// Committed: the time-left estimate is worked out again, with this answer, when next asked.
			if (paceAnswers && paceAnswer) paceAnswers = [paceAnswer, ...paceAnswers.slice(0, PACE_ANSWERS - 1)];
			pace = undefined;
			return written(result);
		},
		/** Take back an answer; false when it can no longer be (the card was answered elsewhere since). */
		undoAnswer: (reviewId: string) => {
			pace = undefined;
			paceAnswers = undefined;
			// The card is replayed without the answer, which takes back what came with it (a leech's tag and suspension).
			return written(undoAnswer(store, reviewId, now(), schedulerFor) !== undefined);
		},
		suspend: (cardId: string, suspended: boolean) => written(suspendCard(store, cardId, suspended, now())),
		/** `*`: mark or unmark a card; returns whether it is marked now. */
		toggleMark: (cardId: string) => written(toggleTag({store, schedulerFor, now}, cardId, MARKED)),
		/** Flag a card 1–4, or take its flag off with 0. */
		setFlag: (cardId: string, flag: number) => written(setCardFlag({store, schedulerFor, now}, cardId, flag)),
		bury: (cardId: string, buried: boolean) => written(buryCard(store, cardId, buried ? world.buryUntil : null, now())),
		/** Cards of the session's decks due before the end of the next study day, learning cards included. */
		dueTomorrow: () => {
			const {tomorrowEnd, selection} = world;
			return cardsDueBefore(store, tomorrowEnd).filter((card) => !card.suspended && isSelected(card, selection)).length;
		},
		outlook: () => world.outlook?.() ?? '',
	};
}

/** A review interval in the study days it was scheduled for (a DST change must not turn `1d` into `23h`); a learning step in its minutes. */
function intervalLabel(after: Memory, at: number): string {
	if (after.state === 'review' && after.scheduledDays > 0) return formatInterval(after.scheduledDays * 86_400_000);
	return formatInterval((after.due ?? at) - at);
}
