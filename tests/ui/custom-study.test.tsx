import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {finishedLine, sessionOutlook, type StudyPlan, studyQueue} from '../../src/app/review/custom-study.js';
import {reviewActions} from '../../src/app/review/review-actions.js';
import {settingsFrom} from '../../src/app/settings/config.js';
import {EVERYTHING} from '../../src/core/review/select.js';
import {startSession} from '../../src/core/review/session.js';
import {Scheduler} from '../../src/core/scheduling/scheduler.js';
import {rowsOf} from '../../src/store/inspect.js';
import {suspendCard} from '../../src/store/review/reviews.js';
import {mountReview, reviewWorld, type ReviewWorld} from '../helpers/review-screen.js';

const DECK = `---
title: Backend
---

Q: What does CI stand for?

A: Continuous integration.

Q: What is a canary release?

A: A release to a small share of traffic first.

Q: What is a saga?

A: A chain of local transactions with compensating steps.
`;

const DAY = 86_400_000;

let world: ReviewWorld;
beforeEach(() => {
	world = reviewWorld({'backend.md': DECK});
});
afterEach(() => world.close());

/** The screen as `fluency review` opens it with a custom study option, in the world's UTC study days, without fuzz. */
function customReview(custom: StudyPlan | undefined) {
	const config = {dayStartsAt: 4, timeZone: 'UTC', newPerDay: 0, fuzz: false, loadBalancing: false};
	const settings = settingsFrom(config, {dataDir: join(world.root, 'data'), configFile: join(world.root, 'custom.yaml')}, {}, {});
	const scheduler = new Scheduler(settings.scheduler);
	const now = world.clock.now;
	const {queue, day, inSession} = studyQueue(world.store, settings, now, EVERYTHING, custom);
	const actions = reviewActions({
		store: world.store,
		schedulerFor: () => scheduler,
		now: () => world.clock.now,
		selection: EVERYTHING,
		buryUntil: day.end,
		tomorrowEnd: day.end + DAY,
		outlook: () => sessionOutlook(world.store, settings, inSession, world.clock.now),
	});
	return {actions, ...mountReview({...world, actions}, {session: startSession(queue, day.end, 0, now), startedAt: now}, 'All decks', undefined, finishedLine(custom))};
}

const cardId = (prompt: string) => (rowsOf(world.store, 'cards') as Array<{id: string; prompt: string}>).find((card) => card.prompt.startsWith(prompt))!.id;

describe('custom study on the review screen', () => {
	it('reviews ahead with the true elapsed days, and the end screen says when the next card is due and what is set aside', async () => {
		// Tuesday 24 November: CI answered Easy (due in 8 days), the saga suspended.
		let screen = customReview({kind: 'new', cards: 1});
		await screen.press(' ', '4');
		expect(screen.frame()).toContain('Custom study done: the extra new cards are seen.');
		screen.app.unmount();
		suspendCard(world.store, cardId('What is a saga'), true, world.clock.now);

		// Three days later, review ahead a week.
		world.clock.now += 3 * DAY;
		screen = customReview({kind: 'ahead', days: 7});
		expect(screen.frame()).toContain('What does CI stand for?');
		expect(screen.frame()).toContain('0/1 0 new · 0 learn · 1 review');
		await screen.press(' ', '3');
		expect(screen.frame()).toContain('Custom study done: reviews due within 7 days.');
		const ahead = (rowsOf(world.store, 'reviews') as Array<{card_id: string; elapsed_days: number; scheduled_days_before: number; scheduled_days: number}>).at(-1)!;
		expect(ahead).toMatchObject({card_id: cardId('What does CI'), elapsed_days: 3, scheduled_days_before: 8});
		expect(screen.frame()).toContain(`Next card due in ${ahead.scheduled_days} days`);
		screen.app.unmount();

		// Today's queue for every card: the suspended one is counted on the end screen.
		screen = customReview({kind: 'new', cards: 1});
		await screen.press(' ', '4');
		// The canary, Easy today (Friday 27 November): 8 days. The suspended saga is counted.
		expect(screen.frame()).toContain('Next card due in 8 days (5 Dec) · 1 suspended');
	});
});
