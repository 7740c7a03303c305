/*
What event sync remembers between runs beside the events themselves: the lines of each log it
skipped for good (reported again at every sync), and when events were not kept for want of room.
*/
import type {Problem} from '../../core/problem.js';
import type {Store} from '../database.js';
import {readMeta, writeMeta} from '../meta.js';

const REMEMBERED_PROBLEMS = 'sync.skipped:';
/** At most this many lines skipped for good are remembered per log, to report at every sync. */
const MAX_REMEMBERED_PROBLEMS = 50;
/** Set when events were not kept because the limit was reached, with the number of cards then: when cards arrive, every log is read again. */
const PENDING_OVERFLOW = 'sync.pending_overflow';

export function rememberedProblems(store: Store, logName: string): Problem[] {
	try {
		return JSON.parse(readMeta(store, `${REMEMBERED_PROBLEMS}${logName}`) ?? '[]') as Problem[];
	} catch {
		return [];
	}
}

export function rememberProblems(store: Store, logName: string, problems: readonly Problem[]): void {
	writeMeta(store, `${REMEMBERED_PROBLEMS}${logName}`, JSON.stringify(problems.slice(0, MAX_REMEMBERED_PROBLEMS)));
}

/** When events were last not kept for want of room: the number of cards then, and how many were not kept. */
export function overflowMark(store: Store): {cards: number; notKept: number} | undefined {
	try {
		const mark = JSON.parse(readMeta(store, PENDING_OVERFLOW) || 'null') as {cards?: unknown; notKept?: unknown} | null;
		return mark && typeof mark.cards === 'number' && typeof mark.notKept === 'number' ? {cards: mark.cards, notKept: mark.notKept} : undefined;
	} catch {
		return undefined;
	}
}

export function setOverflowMark(store: Store, mark: {cards: number; notKept: number}): void {
	writeMeta(store, PENDING_OVERFLOW, JSON.stringify(mark));
}

export function clearOverflowMark(store: Store): void {
	writeMeta(store, PENDING_OVERFLOW, '');
}
