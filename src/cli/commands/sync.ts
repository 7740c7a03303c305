import {Command} from 'commander';
import {dropWaitingEvents, PENDING_LIMIT} from '../../app/sync/pending-events.js';
import {syncStatus} from '../../app/sync/sync-status.js';
import {localDateTime} from '../../core/scheduling/day.js';
import {formatProblem} from '../../core/problem.js';
import {sanitizeLine} from '../../core/text.js';
import {print, style, table} from '../output.js';
import {runCommand} from '../run-command.js';
import {loadTextWidth} from '../text-width.js';

export function syncCommand(): Command {
	return new Command('sync')
		.description('bring the database in line with the deck files and every device\'s review log (every command that reads cards does this first)')
		.option('--status', 'show the devices seen, their last event, and what is pending')
		.option('--drop-pending', 'forget the events read from other devices that still wait for their card')
		.addHelpText('after', '\nReview history travels between machines as one log file per device in the sync folder\n(default: .fluency/ in your decks directory). See docs/sync.md for the git workflow.')
		.action(async (options: {status?: boolean; dropPending?: boolean}, command: Command) =>
			runCommand(command, async (fluency) => {
				const report = fluency.sync({verbose: !options.status});
				if (options.dropPending) {
					const dropped = dropWaitingEvents(fluency.store);
					print(`${dropped} waiting ${dropped === 1 ? 'event was' : 'events were'} forgotten; a log that carried them is read again only if it changes`);
				}
				if (options.status) {
					const status = syncStatus(fluency.store, fluency.settings.syncDir);
					print(`sync folder: ${status.dir}`);
					print(`this device: ${fluency.store.deviceId} (${fluency.store.deviceId.slice(-8)})`);
					if (status.devices.length === 0) print('no device logs read yet');
					else {
						const rows = status.devices.map((device) => [
							sanitizeLine(device.name ?? '?') + (device.thisDevice ? ' (this one)' : ''),
							device.deviceId?.slice(-8) ?? '?',
							String(device.events),
							device.lastEventAt === null ? '-' : localDateTime(device.lastEventAt, fluency.settings.utcOffset),
						]);
						await loadTextWidth(rows.flat());
						for (const line of table(['Device', 'Id', 'Events', 'Last event'], rows, new Set([2]))) print(line);
					}
					print(
						`pending: ${status.pendingExport} events to write to this device's log, ${status.pendingImport} read events waiting for their card or their time (${formatBytes(status.pendingImportBytes)}; at most ${PENDING_LIMIT.count} are kept, \`fluency sync --drop-pending\` forgets them)`,
					);
					if (status.notKept > 0) print(`not kept: ${status.notKept} read events found no room to wait; every log is read again once new cards arrive`);
				}
				for (const move of report.moves) print(style.dim(`moved: ${preview(move.prompt)} (${sanitizeLine(move.from)} -> ${sanitizeLine(move.to)})`));
				for (const problem of report.problems) print(style.error(formatProblem(problem)));
				return report.problems.some((problem) => problem.severity === 'error') ? 1 : 0;
			}),
		);
}

function preview(prompt: string): string {
	const line = sanitizeLine(prompt.split('\n')[0] ?? '');
	return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function formatBytes(bytes: number): string {
	return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
