import {Command, CommanderError, Option} from 'commander';
import {UsageError} from '../app/errors.js';
import {VERSION} from './version.js';
import {loadTextWidth} from './text-width.js';

/** A command of `fluency`: its name, and how to load it. */
type CommandEntry = {readonly name: string; readonly load: () => Promise<Command>};

/**
The commands, in the order `fluency --help` lists them. Each is loaded only when it runs: a
command that prints one line must not load Ink, React, the deck parser or the Anki importer
(`fluency status` runs before every shell prompt). Adding a command is one line here.
*/
const COMMANDS: readonly CommandEntry[] = [
	{name: 'review', load: async () => (await import('./commands/review-command.js')).reviewCommand()},
	{name: 'decks', load: async () => (await import('./commands/decks.js')).decksCommand()},
	{name: 'status', load: async () => (await import('./commands/status.js')).statusCommand()},
	{name: 'stats', load: async () => (await import('./commands/stats-command.js')).statsCommand()},
	{name: 'check', load: async () => (await import('./commands/check.js')).checkCommand()},
	{name: 'new', load: async () => (await import('./commands/authoring.js')).newCommand()},
	{name: 'add', load: async () => (await import('./commands/authoring.js')).addCommand()},
	{name: 'show', load: async () => (await import('./commands/authoring.js')).showCommand()},
	{name: 'find', load: async () => (await import('./commands/find.js')).findCommand()},
	{name: 'info', load: async () => (await import('./commands/info.js')).infoCommand()},
	{name: 'suspend', load: async () => (await import('./commands/bulk.js')).suspendCommand()},
	{name: 'unsuspend', load: async () => (await import('./commands/bulk.js')).unsuspendCommand()},
	{name: 'bury', load: async () => (await import('./commands/bulk.js')).buryCommand()},
	{name: 'unbury', load: async () => (await import('./commands/bulk.js')).unburyCommand()},
	{name: 'forget', load: async () => (await import('./commands/bulk.js')).forgetCommand()},
	{name: 'set-due', load: async () => (await import('./commands/bulk.js')).setDueCommand()},
	{name: 'undo', load: async () => (await import('./commands/bulk.js')).undoCommand()},
	{name: 'sync', load: async () => (await import('./commands/sync.js')).syncCommand()},
	{name: 'import', load: async () => (await import('./commands/interchange.js')).importCommand()},
	{name: 'export', load: async () => (await import('./commands/interchange.js')).exportCommand()},
	{name: 'export-reviews', load: async () => (await import('./commands/interchange.js')).exportReviewsCommand()},
	{name: 'optimize', load: async () => (await import('./commands/fsrs.js')).optimizeCommand()},
	{name: 'evaluate', load: async () => (await import('./commands/fsrs.js')).evaluateCommand()},
	{name: 'reschedule', load: async () => (await import('./commands/fsrs.js')).rescheduleCommand()},
	{name: 'simulate', load: async () => (await import('./commands/fsrs.js')).simulateCommand()},
	{name: 'backup', load: async () => (await import('./commands/safety.js')).backupCommand()},
	{name: 'restore', load: async () => (await import('./commands/safety.js')).restoreCommand()},
	{name: 'doctor', load: async () => (await import('./commands/safety.js')).doctorCommand()},
];

/** Parse `argv` and run the command it names; commander's own exits (help, version, wrong usage) become exit codes. */
export async function runProgram(argv: readonly string[]): Promise<void> {
	// On a terminal, lines wider than it wrap at word boundaries (output.ts), which needs the text measures.
	if (process.stdout.isTTY || process.stderr.isTTY) await loadTextWidth();
	try {
		const program = await buildProgram(argv);
		if (argv.length === 0) {
			program.outputHelp();
			return;
		}
		await program.parseAsync(argv, {from: 'user'});
	} catch (thrown) {
		if (!(thrown instanceof CommanderError)) throw thrown;
		process.exitCode = exitCodeOf(thrown);
	}
}

/**
The program with the commands `argv` can reach loaded: the one it names (for `help X`, X), or
every one when the whole help is asked for or commander must suggest a name for a mistyped one.
The rest are left out, which no parse of this `argv` can tell.
*/
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
	const program = new Command('fluency')
		.description('Flashcards for technical fluency: Markdown decks, FSRS scheduling, a terminal review.')
		.version(VERSION, '-V, --version', 'print the version')
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
	const commands = await Promise.all(reachableFrom(argv, program).map((entry) => entry.load()));
	for (const command of [...commands, helpCommand(program)]) {
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

function reachableFrom(argv: readonly string[], program: Command): readonly CommandEntry[] {
	const [name, helpFor] = operandsOf(argv, program);
	const entry = (wanted: string | undefined) => COMMANDS.filter((command) => command.name === wanted);
	if (name === undefined || (name === 'help' && helpFor === undefined)) return COMMANDS;
	// `help bogus` says the command does not exist without a suggestion; it needs none loaded.
	if (name === 'help') return entry(helpFor);
	const named = entry(name);
	return named.length > 0 ? named : COMMANDS;
}

/**
The command's name and the first word after it: the first two words of `argv` that are not
options, skipping the values of the program's options (`--db PATH status`).
*/
function operandsOf(argv: readonly string[], program: Command): [string | undefined, string | undefined] {
	const takesValue = new Set(program.options.filter((option) => option.required || option.optional).flatMap((option) => [option.long, option.short].filter((flag) => flag !== undefined)));
	const operands: string[] = [];
	for (let index = 0; index < argv.length && operands.length < 2; index++) {
		const arg = argv[index]!;
		if (arg === '--') {
			operands.push(...argv.slice(index + 1, index + 3 - operands.length));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') operands.push(arg);
		else if (takesValue.has(arg)) index++;
	}
	return [operands[0], operands[1]];
}

function collect(value: string, previous: string[] | undefined): string[] {
	return [...(previous ?? []), value];
}

/** Commander puts its "Did you mean" suggestion on a second line; a shell error is one line. */
function oneLine(message: string): string {
	return message.trim().replace(/\s*\n\s*/g, ' ').replace(/^error: /, 'fluency: ');
}

/** Turn commander's exceptions into exit codes: 0 for help and version, 2 for wrong usage. */
function exitCodeOf(thrown: CommanderError): number {
	if (thrown.code === 'commander.helpDisplayed' || thrown.code === 'commander.version' || thrown.code === 'commander.help') return 0;
	return 2;
}
