import {Command} from 'commander';
import {applyBulk, type BulkAction, bulkWorldOf, cardsNamed, undoLastCommand} from '../../app/bulk/bulk-actions.js';
import {UsageError} from '../../app/errors.js';
import {localDateTime} from '../../core/scheduling/day.js';
import {parseDueDays} from '../../core/bulk/due-days.js';
import {print} from '../output.js';
import {runCommand} from '../run-command.js';

/*
`fluency suspend|unsuspend|bury|unbury|forget|set-due DAYS CARDS…` and `fluency undo`: Anki's
Browser actions, scriptable. Each is one batch of events in the sync log, undone as a whole.
*/

const DONE: Record<BulkAction['kind'], string> = {
	suspend: 'suspended',
	unsuspend: 'unsuspended',
	bury: 'buried until the next study day',
	unbury: 'unburied',
	forget: 'forgotten: new again, their history kept',
	'set-due': 'given a new due date',
};
const ALREADY: Record<BulkAction['kind'], string> = {
	suspend: 'already suspended',
	unsuspend: 'not suspended',
	bury: 'already buried',
	unbury: 'not buried',
	forget: 'already new',
	'set-due': 'already due then',
};

const cards = (count: number) => `${count} card${count === 1 ? '' : 's'}`;

function bulkCommand(name: BulkAction['kind'], description: string, action: (days: string | undefined) => BulkAction): Command {
	const command = new Command(name).description(description);
	if (name === 'set-due') command.argument('<days>', 'study days from today: 0 is today, 5, or a range such as 3-7 (a day drawn in it for each card)');
	return command
		.argument('<cards...>', 'card ids as `fluency find` prints them (the first characters are enough), or a search query, e.g. deck:mlops is:leech')
		.addHelpText('after', `\nExamples:\n  fluency ${name}${name === 'set-due' ? ' 3-7' : ''} 0035a112 6b0cc094\n  fluency ${name}${name === 'set-due' ? ' 0' : ''} 'deck:mlops tag:k8s'\n\nEach is one event per card in the sync log; \`fluency undo\` takes the last command back.`)
		.action(async (...args: unknown[]) => {
			const command = args.at(-1) as Command;
			const [days, ids] = name === 'set-due' ? [args[0] as string, args[1] as string[]] : [undefined, args[0] as string[]];
			const chosen = action(days);
			await runCommand(command, (fluency) => {
				const world = bulkWorldOf(fluency);
				const result = applyBulk(world, cardsNamed(fluency, ids), chosen);
				print(`${cards(result.changed)} ${DONE[name]}${result.unchanged > 0 ? `; ${cards(result.unchanged)} unchanged (${ALREADY[name]})` : ''}`);
			});
		});
}

const plain = (kind: Exclude<BulkAction['kind'], 'set-due'>) => () => ({kind});

export const suspendCommand = () => bulkCommand('suspend', 'suspend cards: no review shows them until they are unsuspended', plain('suspend'));
export const unsuspendCommand = () => bulkCommand('unsuspend', 'unsuspend cards', plain('unsuspend'));
export const buryCommand = () => bulkCommand('bury', 'bury cards until the next study day', plain('bury'));
export const unburyCommand = () => bulkCommand('unbury', 'unbury cards now instead of at the next study day', plain('unbury'));
export const forgetCommand = () => bulkCommand('forget', "make cards new again, keeping their history (Anki's Reset)", plain('forget'));
export const setDueCommand = () =>
	bulkCommand('set-due', "give cards a due date; a new card becomes a review card due then (Anki's Set due date)", (days) => {
		const parsed = parseDueDays(days ?? '');
		if (typeof parsed === 'string') throw new UsageError(parsed);
		return {kind: 'set-due', days: parsed};
	});

/** `fluency undo`: take back the last suspend, bury, forget or set-due this device ran. */
export function undoCommand(): Command {
	return new Command('undo')
		.description('undo the last suspend, unsuspend, bury, unbury, forget or set-due command')
		.action(async (_options: unknown, command: Command) =>
			runCommand(command, (fluency) => {
				const undone = undoLastCommand(bulkWorldOf(fluency));
				if (!undone) throw new UsageError('there is no command to undo');
				print(`undid ${undone.kind} of ${cards(undone.cards)} (run ${localDateTime(undone.at, fluency.settings.utcOffset)})`);
			}),
		);
}
