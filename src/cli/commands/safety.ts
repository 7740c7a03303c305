import {existsSync} from 'node:fs';
import {Command} from 'commander';
import {backupNow, listBackups, restoreBackup} from '../../app/backups.js';
import {examine} from '../../app/doctor.js';
import {UserError} from '../../app/errors.js';
import {print, style} from '../output.js';
import {runWithContext} from '../program.js';

/** `fluency backup`: a consistent copy of the database now, or the list of copies. */
export function backupCommand(): Command {
	return new Command('backup')
		.description('back up the database now (automatic backups are made daily and before every upgrade)')
		.option('--list', 'list the backups, newest first')
		.action(async (options: {list?: boolean}, command: Command) =>
			runWithContext(command, async (context) => {
				const {dbPath, keepBackups} = context.settings;
				if (options.list) {
					const backups = listBackups(dbPath);
					if (backups.length === 0) print('no backups yet');
					for (const backup of backups) print(`${new Date(backup.at).toLocaleString()}  ${backup.reason.padEnd(16)}  ${backup.path}`);
					return;
				}
				if (!existsSync(dbPath)) throw new UserError(`there is no database at ${dbPath} yet`);
				const path = await backupNow(dbPath, 'manual', context.now(), Math.max(keepBackups, 1));
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
			runWithContext(command, async (context) => {
				const {dbPath, keepBackups} = context.settings;
				const {facts, safetyCopy} = await restoreBackup(file, dbPath, context.now(), keepBackups);
				if (safetyCopy) print(style.dim(`the database as it was is saved in ${safetyCopy}`));
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
			runWithContext(command, (context) => {
				const report = examine(context.store, context.schedulerFor, options.repair ?? false);
				for (const finding of report.findings) print(finding.ok ? `${style.good('ok')}       ${finding.message}` : `${style.error('problem')}  ${finding.message}`);
				const bad = report.findings.filter((finding) => !finding.ok).length;
				if (bad > 0) {
					const latest = listBackups(context.settings.dbPath)[0];
					if (latest) print(style.dim(`the latest backup is ${latest.path}`));
					throw new UserError(`${bad} ${bad === 1 ? 'problem' : 'problems'} found`);
				}
			}),
		);
}
