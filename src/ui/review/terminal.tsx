/*
The review screen in the real terminal. It runs on the alternate screen, as full-screen terminal
programs do, so it can redraw cleanly (on resize too) and leave the shell's screen as it was.
For the editor and for Ctrl-Z the screen is taken down completely (Ink unmounted, raw mode off,
cursor shown) and put back up afterwards with the same session.
*/
import {render} from 'ink';
import type {EditOutcome} from '../../app/review/edit-card.js';
import type {ReviewActions} from '../../app/review/review-actions.js';
import type {ReviewCard} from '../../app/review/review-card.js';
import {ReviewApp} from './ReviewApp.js';
import type {Leaving, ReviewState} from './review-view.js';

/**
Frames coalesce within 1 ms. A key commits the review's state once, so one frame follows it; a
wider window only delayed the frame of a grade pressed just after the answer was drawn (4 ms:
key to next card 8.8-9.0 ms median; 1 ms: 4.1 ms, through a pty at 100,000 cards).
*/
const REVIEW_MAX_FPS = 1000;

export {summaryLine} from './review-view.js';

export type TerminalReview = {
	readonly title: string;
	/** The end screen's first line ("Done for today." for the day's queue). */
	readonly finished: string;
	readonly start: ReviewState;
	readonly actions: ReviewActions;
	/** Open the card in the editor and sync the decks; what to show when the screen is back. */
	readonly edit: (card: ReviewCard) => EditOutcome;
};

/** Run the review until the user quits or finishes; the session as it ended. */
export async function runReview({title, finished, start, actions, edit}: TerminalReview): Promise<Leaving> {
	const {stdout} = process;
	// A terminal that does not tell its size (a bare pseudo-terminal says 0 x 0) is drawn on as
	// 80 x 24; the next resize brings the real figures.
	if (!stdout.columns) stdout.columns = 80;
	if (!stdout.rows) stdout.rows = 24;
	const screen = alternateScreen(stdout);
	let state = start;
	let edited: {outcome: EditOutcome; card: ReviewCard} | undefined;
	try {
		for (;;) {
			screen.enter();
			const stopClearing = clearWhenNarrowed(stdout);
			let leaving: Leaving | undefined;
			const {notice, broken} = edited?.outcome ?? {};
			const app = render(
				<ReviewApp title={title} finished={finished} start={state} actions={actions} notice={notice} broken={broken === undefined ? undefined : {problem: broken, card: edited!.card}} onLeave={(left) => (leaving = left)} />,
				// Ink draws at most 30 frames a second by default: a grade pressed within 33 ms of the
				// previous frame (the answer just revealed) waited for the next slot, 42 ms median.
				// The screen redraws on keys and when its minute clock turns, so a frame per key costs nothing.
				{exitOnCtrlC: false, maxFps: REVIEW_MAX_FPS},
			);
			const stopHandling = tidyOnSignals(() => {
				app.unmount();
				screen.leave();
			});
			try {
				await app.waitUntilExit();
			} finally {
				stopHandling();
				stopClearing();
				screen.leave();
			}
			if (!leaving) return {reason: 'quit', state};
			state = leaving.state;
			edited = undefined;
			if (leaving.reason === 'edit') edited = {outcome: editSafely(edit, leaving.card), card: leaving.card};
			else if (leaving.reason === 'pause') await stopUntilContinued();
			else return leaving;
		}
	} finally {
		screen.leave();
	}
}

function editSafely(edit: TerminalReview['edit'], card: ReviewCard): EditOutcome {
	try {
		return edit(card);
	} catch (thrown) {
		return {notice: (thrown as Error).message};
	}
}

function alternateScreen(stdout: NodeJS.WriteStream) {
	let inside = false;
	// A crash must not leave the shell on the alternate screen.
	const leave = () => {
		if (!inside) return;
		inside = false;
		stdout.write('\u001b[?1049l');
		process.off('exit', leave);
	};
	return {
		enter: () => {
			if (inside) return;
			inside = true;
			stdout.write('\u001b[?1049h\u001b[H\u001b[2J');
			process.on('exit', leave);
		},
		leave,
	};
}

/**
A terminal made narrower rewraps what is on it, and Ink then erases too few lines: clear the
screen first (this runs before Ink's own resize handler, which then draws the frame afresh).
*/
function clearWhenNarrowed(stdout: NodeJS.WriteStream): () => void {
	let columns = stdout.columns;
	const resized = () => {
		if (stdout.columns < columns) stdout.write('\u001b[H\u001b[2J');
		columns = stdout.columns;
	};
	stdout.prependListener('resize', resized);
	return () => stdout.off('resize', resized);
}

/**
`kill` or a closed terminal: give the shell its screen and modes back, then die of the signal as
if nothing had caught it (every answer is already saved). Ink's own signal handling (through
signal-exit) stands aside while another handler is listening, and is gone once Ink unmounts.
*/
function tidyOnSignals(tidy: () => void): () => void {
	const signals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
	const stop = () => {
		for (const signal of signals) process.off(signal, handlers[signal]);
	};
	const handlers = Object.fromEntries(
		signals.map((signal) => [
			signal,
			() => {
				stop();
				try {
					tidy();
				} finally {
					process.kill(process.pid, signal);
				}
			},
		]),
	) as Record<(typeof signals)[number], () => void>;
	for (const signal of signals) process.on(signal, handlers[signal]);
	return stop;
}

/**
Ctrl-Z: stop as the shell expects, and come back on `fg`. Without job control the stop signal
is ignored, so the screen comes back after a moment instead of waiting for ever.
*/
function stopUntilContinued(): Promise<void> {
	return new Promise((resume) => {
		const done = () => {
			clearTimeout(timer);
			process.off('SIGCONT', done);
			resume();
		};
		const timer = setTimeout(done, 100);
		process.on('SIGCONT', done);
		process.kill(process.pid, 'SIGTSTP');
	});
}
