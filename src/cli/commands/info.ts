import {Command, InvalidArgumentError} from 'commander';
import {print} from '../output.js';
import {searchOf} from './find.js';
import {runCommand} from '../run-command.js';

export function infoCommand(): Command {
	return new Command('info')
		.description("one card's info: the card, where it is written, its memory, every answer and its forgetting curve")
		.argument('<card...>', 'a card id (or its start), deck:line (mlops:42, decks/mlops.md:42), or a search that finds exactly one card')
		.option('--width <columns>', "width to draw at, 20 or more (default: the terminal's, or 80)", columnCount)
		.addHelpText('after', '\nExamples:\n  fluency info 3f2a9c1d\n  fluency info mlops:42\n  fluency info \'"feature store" deck:mlops\'')
		.allowUnknownOption()
		.action(async (words: string[], options: {width?: number}, command: Command) =>
			runCommand(command, async (fluency) => {
				const [{cardInfo}, {infoLines}] = await Promise.all([import('../../app/search/card-info.js'), import('../../ui/info/info-lines.js')]);
				const now = fluency.now();
				const info = cardInfo(fluency, searchOf(words), now);
				const width = options.width ?? Math.max(20, process.stdout.columns || 80);
				for (const line of infoLines(info, width, now)) print(line);
			}),
		);
}

function columnCount(value: string): number {
	const columns = Number(value);
	if (!/^\d+$/.test(value) || columns < 20 || columns > 1000) throw new InvalidArgumentError('give a whole number of columns from 20 to 1000');
	return columns;
}
