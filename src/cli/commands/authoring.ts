import {Command} from 'commander';
import {createDeck} from '../../app/new-deck.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

export function newCommand(): Command {
	return new Command('new')
		.description('create a deck file from a template, with one example of each card type')
		.argument('<deck>', 'a deck name such as backend/apis (created in your user decks directory), or a path ending in .md')
		.action(async (deck: string, _options: unknown, command: Command) =>
			runWithContext(command, (context) => {
				const path = createDeck(deck, context.settings.userDecksDir);
				print(`created ${path}`);
				print(style.dim('edit it, then `fluency check` to see problems and `fluency review` to study it'));
			}),
		);
}
