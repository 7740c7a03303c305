import {copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {LATEST_VERSION} from '../../src/store/migrations.js';
import {schemaVersionOf} from '../../src/store/safety/backup-file.js';
import {cliEnv, runCli} from '../helpers/cli.js';
import {damageTable, databaseAtVersion, databaseWithHistory} from '../helpers/raw-database.js';
import {makeTempDir} from '../helpers/temp.js';

/*
The built CLI (`npm run build` first) against damaged databases, broken backup folders and
careless settings, as a user meets them: every answer is one line with the right exit code, and
nothing stored, database or backup, is lost.
*/

type Home = {root: string; data: string; db: string; decks: string; backups: string; env: Record<string, string>};

function home(): Home {
	const root = makeTempDir('fluency-damage-');
	const data = join(root, 'data');
	mkdirSync(join(root, 'decks'));
	return {root, data, db: join(data, 'fluency.db'), decks: join(root, 'decks'), backups: join(data, 'backups'), env: cliEnv(root)};
}

/** A home with a few hundred cards and answers, and one good backup from an earlier day. */
function homeWithHistory(): Home & {goodBackup: string} {
	const h = home();
	databaseWithHistory(h.db, h.decks);
	mkdirSync(h.backups);
	const goodBackup = join(h.backups, 'fluency-2026-01-05T09-00-00-000Z-daily.db');
	copyFileSync(h.db, goodBackup);
	return {...h, goodBackup};
}

const files = (dir: string) => readdirSync(dir).sort();
const oneLine = /^fluency: [^\n]+\n$/;

describe('a damaged table page', () => {
	it('found by the first command of the day: every command says so in one line, exit 1, naming the good backup, and changes nothing', () => {
		const h = homeWithHistory();
		damageTable(h.db);
		const bytes = readFileSync(h.db);
		const restoreHint = `the latest good backup is ${h.goodBackup} (fluency restore ${h.goodBackup})`;
		for (const args of [['decks'], ['stats'], ['sync'], ['backup'], ['export-reviews']]) {
			const result = runCli([...args, '--decks', h.decks], h.env);
			expect(result, args.join(' ')).toMatchObject({code: 1, stdout: ''});
			expect(result.stderr, args.join(' ')).toMatch(oneLine);
			expect(result.stderr).toContain(`${h.db} is damaged (`);
			expect(result.stderr).toContain('it was not backed up and no backup was deleted');
			expect(result.stderr.trimEnd().endsWith(restoreHint)).toBe(true);
		}
		expect(readFileSync(h.db).equals(bytes)).toBe(true);
		expect(files(h.backups)).toEqual([h.goodBackup.split('/').pop()]);
	});

	it('met by a query after the day was backed up: one line, exit 1, naming that backup', () => {
		const h = homeWithHistory();
		expect(runCli(['decks', '--decks', h.decks], h.env).code).toBe(0);
		const today = files(h.backups).find((name) => name.endsWith('-daily.db') && !h.goodBackup.endsWith(name))!;
		damageTable(h.db);
		const bytes = readFileSync(h.db);
		// A search of the cards' text reads the table's rows; \`fluency decks\` counts from indexes alone
		// (migrations 16 and 17), so it never meets a damaged page of the table.
		const result = runCli(['find', 'Question', '--decks', h.decks], h.env);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toMatch(oneLine);
		expect(result.stderr).toContain(`${h.db} is damaged (database disk image is malformed)`);
		expect(result.stderr).toContain(`(fluency restore ${join(h.backups, today)})`);
		expect(readFileSync(h.db).equals(bytes)).toBe(true);
	});

	it('is reported by doctor in plain words, with what to do, whichever way it was found', () => {
		for (const backedUpToday of [false, true]) {
			const h = homeWithHistory();
			if (backedUpToday) runCli(['decks', '--decks', h.decks], h.env);
			damageTable(h.db);
			for (const args of [['doctor'], ['doctor', '--repair']]) {
				const result = runCli([...args, '--decks', h.decks], h.env);
				expect(result.code).toBe(1);
				expect(result.stdout).toMatch(/^problem {2}the database file is damaged: SQLite's integrity check found \d+ problems? \(/m);
				expect(result.stdout).toMatch(/^what to do: `fluency restore \S+\.db` puts the latest good backup/m);
				expect(result.stderr).toMatch(oneLine);
				expect(result.stderr).toMatch(/is damaged; the latest good backup is \S+ \(fluency restore \S+\)\n$/);
			}
		}
	});

	it('is put right by restoring the good backup, and the damaged file is kept', () => {
		const h = homeWithHistory();
		damageTable(h.db);
		const restored = runCli(['restore', h.goodBackup, '--decks', h.decks], h.env);
		expect(restored.code).toBe(0);
		expect(restored.stdout).toMatch(/the damaged database as it was is saved in \S+-damaged\.db/);
		expect(runCli(['doctor', '--decks', h.decks], h.env)).toMatchObject({code: 0, stderr: ''});
		expect(files(h.backups).filter((name) => name.endsWith('-damaged.db'))).toHaveLength(1);
		expect(files(h.backups)).toContain(h.goodBackup.split('/').pop());
	});

	it('never costs a good backup, however few are kept and however many days it fails', () => {
		const h = homeWithHistory();
		writeFileSync(join(h.root, 'config.yaml'), 'keepBackups: 1\n');
		damageTable(h.db);
		for (let run = 0; run < 3; run++) expect(runCli(['decks', '--decks', h.decks], h.env).code).toBe(1);
		expect(files(h.backups)).toEqual([h.goodBackup.split('/').pop()]);
	});
});

describe('a database that needs an upgrade', () => {
	it('is not upgraded when it cannot be backed up first: one line, exit 1, the file unchanged', () => {
		if (LATEST_VERSION === 1) return;
		const h = home();
		mkdirSync(h.data);
		databaseAtVersion(h.db, 1, {wal: true}).close();
		writeFileSync(h.backups, 'a file where the backups folder goes');
		const bytes = readFileSync(h.db);
		const result = runCli(['decks', '--decks', h.decks], h.env);
		expect(result).toMatchObject({code: 1, stdout: ''});
		expect(result.stderr).toBe(`fluency: ${h.db} was not upgraded because it could not be backed up first (${h.backups} is a file, not a folder); nothing was changed\n`);
		expect(readFileSync(h.db).equals(bytes)).toBe(true);

		rmSync(h.backups);
		expect(runCli(['decks', '--decks', h.decks], h.env).code).toBe(0);
		const [backup] = files(h.backups);
		expect(backup).toMatch(/-before-migration\.db$/);
		expect(schemaVersionOf(join(h.backups, backup!))).toBe(1);
	});
});

describe('keepBackups: 0', () => {
	it('never deletes a backup: fluency backup adds one, and no daily backup is made', () => {
		const h = homeWithHistory();
		for (const day of ['06', '07']) copyFileSync(h.goodBackup, join(h.backups, `fluency-2026-01-${day}T09-00-00-000Z-manual.db`));
		writeFileSync(join(h.root, 'config.yaml'), 'keepBackups: 0\n');
		expect(runCli(['decks', '--decks', h.decks], h.env).code).toBe(0);
		expect(files(h.backups)).toHaveLength(3);
		const result = runCli(['backup'], h.env);
		expect(result.code).toBe(0);
		expect(files(h.backups)).toHaveLength(4);
	});
});

describe('small things', () => {
	it('--db naming a directory is one line, exit 1', () => {
		const h = home();
		mkdirSync(h.data, {recursive: true});
		const result = runCli(['decks', '--db', h.root, '--decks', h.decks], h.env);
		expect(result).toMatchObject({code: 1, stdout: '', stderr: `fluency: cannot open the database ${h.root}: it is a directory, not a database file\n`});
	});

	it('help for a command that does not exist is one line, exit 2; for one that does, its help', () => {
		const h = home();
		expect(runCli(['help', 'bogus'], h.env)).toEqual({code: 2, stdout: '', stderr: "fluency: unknown command 'bogus'\n"});
		expect(runCli(['help', 'decks'], h.env)).toMatchObject({code: 0, stdout: expect.stringMatching(/^Usage: fluency decks/)});
		expect(runCli(['help'], h.env)).toMatchObject({code: 0, stdout: expect.stringMatching(/^Usage: fluency \[options\] \[command\]/)});
	});

	it('backup and restore leave nothing but backups in the backups folder', () => {
		const h = homeWithHistory();
		rmSync(h.goodBackup);
		expect(runCli(['backup'], h.env).code).toBe(0);
		for (const backup of files(h.backups)) expect(runCli(['restore', join(h.backups, backup)], h.env).code).toBe(0);
		expect(runCli(['backup', '--list'], h.env).code).toBe(0);
		expect(files(h.backups).filter((name) => !name.endsWith('.db'))).toEqual([]);
	});
});
