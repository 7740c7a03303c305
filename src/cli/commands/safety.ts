import {existsSync} from 'node:fs';
import {Command} from 'commander';
import {backupNow, backupsDirFor, DAMAGED, latestGoodBackup, listBackups, restoreAdvice, restoreBackup} from '../../app/safety/backups.js';
import {UserError} from '../../app/errors.js';
import {localDateTime} from '../../core/scheduling/day.js';
import {print, style} from '../output.js';
import {runCommand} from '../run-command.js';

/** `fluency backup`: a consistent copy of the database now, or the list of copies. */
export function backupCommand(): Command {
	return new Command('backup')
		.description('back up the database now (automatic backups are made daily and before every upgrade)')
		.option('--list', 'list the backups, newest first')
		.action(async (options: {list?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				// Copies files only: the database is not opened as a store, so nothing is loaded or exchanged.
				const {dbPath, keepBackups} = fluency.settings;
				if (options.list) {
					const backups = listBackups(dbPath);
					if (backups.length === 0) print('no backups yet');
					for (const backup of backups) print(`${localDateTime(backup.at, fluency.settings.utcOffset)}  ${backup.reason.padEnd(16)}  ${backup.path}`);
					return;
				}
				if (!existsSync(dbPath)) throw new UserError(`there is no database at ${dbPath} yet`);
				// keepBackups: 0 turns the daily backup off; it never means "delete the others".
				const path = await backupNow(dbPath, 'manual', fluency.now(), keepBackups);
				print(`backed up to ${path}`);
			}),
		);
}

/** `fluency restore FILE`: put a backup in place of the database, after backing up the current one. */
export function restoreCommand(): Command {
	return new Command('restore')
		.description('replace the database with a backup; the current database is backed up first')
		.argument('<file>', 'a fluency database, such as one listed by `fluency backup --list`')
		.action(async (file: string, _options: unknown, command: Command) =>
			runCommand(command, async (fluency) => {
				// Replaces the file only: loading the decks into it is the next command's first read.
				const {dbPath, keepBackups} = fluency.settings;
				const {facts, safetyCopy} = await restoreBackup(file, dbPath, fluency.now(), keepBackups);
				if (safetyCopy?.endsWith(`-${DAMAGED}.db`)) print(style.dim(`the damaged database as it was is saved in ${safetyCopy}; it may hold answers the backup lacks`));
				else if (safetyCopy) print(style.dim(`the database as it was is saved in ${safetyCopy}`));
				print(`restored ${file}: ${facts.cards} cards, ${facts.reviews} reviews`);
			}),
		);
}

/** `fluency doctor`: check the database and say in plain words what is wrong. */
export function doctorCommand(): Command {
	return new Command('doctor')
		.description('check the database: integrity, references, and cards against their history; exit 1 when something is wrong')
		.option('--repair', 'recompute cards that disagree with their review history')
		.action(async (options: {repair?: boolean}, command: Command) =>
			runCommand(command, (fluency) => {
				const {dbPath} = fluency.settings;
				// As found: doctor neither loads decks nor exchanges events before it looks.
				const report = fluency.examineAsFound(options.repair ?? false);
				for (const finding of report.findings) print(finding.ok ? `${style.good('ok')}       ${finding.message}` : `${style.error('problem')}  ${finding.message}`);
				if (report.damaged) {
					const good = latestGoodBackup(dbPath);
					print(
						good
							? `what to do: \`fluency restore ${good.path}\` puts the latest good backup (${localDateTime(good.at, fluency.settings.utcOffset)}) in its place; the damaged file is kept in ${backupsDirFor(dbPath)} first, as it may hold answers the backup lacks`
							: `what to do: there is no good backup to restore; copy ${dbPath} somewhere safe before anything else (sqlite3's .recover command can rescue rows from it)`,
					);
					throw new UserError(`${dbPath} is damaged${restoreAdvice(dbPath, good)}`);
				}
				const bad = report.findings.filter((finding) => !finding.ok).length;
				if (bad > 0) {
					const latest = latestGoodBackup(dbPath);
					if (latest) print(style.dim(`the latest good backup is ${latest.path}`));
					throw new UserError(`${bad} ${bad === 1 ? 'problem' : 'problems'} found`);
				}
			}),
		);
}
