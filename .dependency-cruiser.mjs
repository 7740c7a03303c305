/*
The layers of fluency, as docs/architecture.md draws them, enforced on every `npm test`
(tests/architecture.test.ts runs this file through dependency-cruiser's API):

  cli ──> ui ──> app ──> store ──> core
   └───────┴──────┴─────────────────┘   (every layer may use the pure core)

cli may also call app directly; nothing points back up, and nothing forms a cycle.
*/

const layer = (name) => `^src/${name}/`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
	forbidden: [
		{
			name: 'no-cycles',
			comment: 'An import cycle means two files cannot be understood, tested or loaded apart.',
			severity: 'error',
			from: {path: '^src/'},
			to: {circular: true},
		},
		{
			name: 'core-is-pure',
			comment: 'The core is tested with plain data: no other layer, no database, no terminal, no files, no process.',
			severity: 'error',
			from: {path: layer('core')},
			to: {
				path: [layer('store'), layer('app'), layer('ui'), layer('cli'), '^better-sqlite3', '^ink', '^react', '^(node:)?(fs|fs/promises|child_process|process|os|net|worker_threads|readline|tty)$'],
			},
		},
		{
			name: 'store-below-app',
			comment: 'The store owns SQL and answers to the app; it never calls up.',
			severity: 'error',
			from: {path: layer('store')},
			to: {path: [layer('app'), layer('ui'), layer('cli'), '^ink', '^react']},
		},
		{
			name: 'app-below-ui',
			comment: 'Use cases know nothing of how they are shown.',
			severity: 'error',
			from: {path: layer('app')},
			to: {path: [layer('ui'), layer('cli'), '^ink', '^react']},
		},
		{
			name: 'ui-through-app',
			comment: 'Screens get view types and use cases from app, never store rows.',
			severity: 'error',
			from: {path: layer('ui')},
			to: {path: [layer('store'), layer('cli'), '^better-sqlite3']},
		},
		{
			name: 'cli-through-app',
			comment: 'Commands parse, call the application service and print; the database is the service\'s.',
			severity: 'error',
			from: {path: layer('cli')},
			to: {path: [layer('store'), '^better-sqlite3']},
		},
		{
			name: 'sqlite-in-store-only',
			comment: 'One module owns every SQL statement.',
			severity: 'error',
			from: {path: '^src/', pathNot: layer('store')},
			to: {path: '^better-sqlite3'},
		},
		{
			name: 'no-orphans',
			comment: 'A source file nothing imports is dead code (the entry point and type declarations aside).',
			severity: 'error',
			from: {orphan: true, path: '^src/', pathNot: ['^src/cli/main\\.ts$', '\\.d\\.ts$']},
			to: {},
		},
		{
			name: 'no-dev-dependencies-at-run-time',
			comment: 'What src imports must be installed for users, not only for development.',
			severity: 'error',
			from: {path: '^src/'},
			to: {dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only']},
		},
		{
			name: 'resolvable',
			comment: 'Every import must resolve.',
			severity: 'error',
			from: {},
			to: {couldNotResolve: true},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		tsConfig: {fileName: 'tsconfig.json'},
		tsPreCompilationDeps: true,
		enhancedResolveOptions: {exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs']},
		reporterOptions: {
			archi: {collapsePattern: '^src/[^/]+/[^/]+'},
		},
	},
};
