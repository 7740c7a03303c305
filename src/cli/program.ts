import {readFileSync} from 'node:fs';
import {Command, CommanderError, Option} from 'commander';
import {UsageError} from '../app/errors.js';
import {checkCommand} from './commands/check.js';
import {decksCommand} from './commands/decks.js';
import {findCommand} from './commands/find.js';
import {infoCommand} from './commands/info.js';
import {evaluateCommand, optimizeCommand, rescheduleCommand, simulateCommand} from './commands/fsrs.js';
import {addCommand, newCommand, showCommand} from './commands/authoring.js';
import {reviewCommand} from './commands/review-command.js';
import {statsCommand} from './commands/stats-command.js';
import {exportCommand, exportReviewsCommand, importCommand} from './commands/interchange.js';
import {backupCommand, doctorCommand, restoreCommand} from './commands/safety.js';
import {syncCommand} from './commands/sync.js';

/** The commands, in the order `fluency --help` lists them. */
const COMMANDS: ReadonlyArray<() => Command> = [
	reviewCommand,
	decksCommand,
	statsCommand,
	checkCommand,
	newCommand,
	addCommand,
	showCommand,
	findCommand,
	infoCommand,
	syncCommand,
	importCommand,
	exportCommand,
	exportReviewsCommand,
	optimizeCommand,
	evaluateCommand,
	rescheduleCommand,
	simulateCommand,
	backupCommand,
	restoreCommand,
	doctorCommand,
];

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;

export function buildProgram(): Command {
	const program = new Command('fluency')
		.description('Flashcards for technical fluency: Markdown decks, FSRS scheduling, a terminal review.')
		.version(version, '-V, --version', 'print the version')
		.helpOption('-h, --help', 'show help')
		.addOption(new Option('--db <path>', 'database file (default: $FLUENCY_DB, or fluency.db in the data directory)'))
		.addOption(new Option('--decks <dir>', 'decks directory, repeatable (default: the built-in decks and <data dir>/decks)').argParser(collect).default(undefined))
		.addHelpText(
			'after',
			`
Environment:
  FLUENCY_DATA_DIR   data directory (default: ~/.local/share/fluency on Linux)
  FLUENCY_DB         database file
  FLUENCY_CONFIG     config file (default: ~/.config/fluency/config.yaml on Linux)
  NO_COLOR           turn colour off

Exit codes: 0 ok, 1 failure, 2 wrong usage.`,
		)
		.showSuggestionAfterError(true)
		.exitOverride()
		.configureOutput({outputError: (message, write) => write(`${oneLine(message)}\n`)});
	// Commander's own help command prints the whole help, exit 0, for `fluency help bogus`.
	program.helpCommand(false);
	for (const make of [...COMMANDS, () => helpCommand(program)]) {
		const command = make();
		command.helpOption('-h, --help', 'show help');
		command.exitOverride();
		command.configureOutput({outputError: (message, write) => write(`${oneLine(message)}\n`)});
		program.addCommand(command);
	}
	return program;
}

/** `fluency help [command]`: a command's help, or one line and exit 2 for a command that does not exist. */
function helpCommand(program: Command): Command {
	return new Command('help')
		.description('display help for command')
		.argument('[command]', 'the command to explain')
		.action((name: string | undefined) => {
			if (name === undefined) return program.outputHelp();
			const target = program.commands.find((command) => command.name() === name || command.aliases().includes(name));
			if (!target) throw new UsageError(`unknown command '${name}'`);
			target.outputHelp();
		});
}

function collect(value: string, previous: string[] | undefined): string[] {
	return [...(previous ?? []), value];
}

/** Commander puts its "Did you mean" suggestion on a second line; a shell error is one line. */
function oneLine(message: string): string {
	return message.trim().replace(/\s*\n\s*/g, ' ').replace(/^error: /, 'fluency: ');
}

/** Turn commander's exceptions into exit codes: 0 for help and version, 2 for wrong usage. */
export function exitCodeOf(thrown: CommanderError): number {
	if (thrown.code === 'commander.helpDisplayed' || thrown.code === 'commander.version' || thrown.code === 'commander.help') return 0;
	return 2;
}
