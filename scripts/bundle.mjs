// Bundle the compiled CLI into a few chunks. Node 20 spends most of a cold start finding, reading
// and compiling hundreds of small ESM files; a bundle is a handful. Native modules stay outside,
// and so does cli-highlight, which the review loads only when a card has code.
import {rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {build} from 'esbuild';

/*
gray-matter loads its own js-yaml 3 as its default YAML engine, and js-yaml 3 loads esprima (for
the `!!js/function` type) as it starts: about 25 ms of every command that reads decks. fluency
never uses that engine: src/core/decks/front-matter.ts hands gray-matter its own js-yaml 4 engine
on every call. So the bundle gives gray-matter a stand-in that refuses, and a call made without
fluency's engines fails loudly instead of running the old one.
*/
const grayMatterDefaultYaml = {
	name: 'gray-matter-default-yaml',
	setup(build) {
		build.onResolve({filter: /^js-yaml$/}, (args) => (/[\\/]gray-matter[\\/]/.test(args.importer) ? {path: 'js-yaml-3', namespace: 'refused'} : undefined));
		build.onLoad({filter: /.*/, namespace: 'refused'}, () => ({
			contents: `const refuse = () => { throw new Error("gray-matter's own YAML engine is not bundled: pass fluency's (src/core/decks/front-matter.ts)"); };
module.exports = {safeLoad: refuse, safeDump: refuse};`,
			loader: 'js',
		}));
	},
};

/*
`fluency status` runs before every shell prompt, so its code is one file of its own, built
without splitting: loaded through the shared chunks it was a dozen ESM modules, each found, read,
compiled and linked in turn. main.js imports that file instead of the chunk. Every class in it is
a copy of main's (UserError too), so status-line.ts reports its own failures.
*/
const statusOnItsOwn = {
	name: 'status-on-its-own',
	setup(build) {
		build.onResolve({filter: /^\.\/commands\/status-line\.js$/}, (args) => (args.importer.endsWith('/cli/main.js') ? {path: './status-line.js', external: true} : undefined));
	},
};

/*
A `node:` module imported as ESM is read through a facade that copies every export as the module
loads: for node:fs that loads its promises and its streams too, about 1.5 ms of a start that
`fluency status` never uses. The status bundle requires Node's modules as CommonJS instead, which
hands over the module object as it is.
*/
const builtinsRequired = {
	name: 'builtins-required',
	setup(build) {
		// The shim's own require() is Node's (the banner's), not resolved again into the shim.
		build.onResolve({filter: /^node:/}, (args) => (args.namespace === 'builtin-required' ? {path: args.path, external: true} : {path: args.path, namespace: 'builtin-required'}));
		build.onLoad({filter: /.*/, namespace: 'builtin-required'}, (args) => ({contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js'}));
	},
};

/*
uuid's Node build imports node:crypto as it loads (1.5 ms), for the ids of answers and events,
and `fluency status` writes none. Its other build, which reaches the global Web Crypto at its first
id, serves the status bundle; the commands that write ids keep the Node build, whose pooled
random bytes make an id four times as fast.
*/
const uuidWithoutNodeCrypto = {
	name: 'uuid-without-node-crypto',
	setup(build) {
		const webBuild = join(dirname(createRequire(import.meta.url).resolve('uuid/package.json')), 'dist', 'index.js');
		build.onResolve({filter: /^uuid$/}, () => ({path: webBuild}));
	},
};

/*
Every package's `string-width` (Ink's, wrap-ansi's, an older copy under Ink's own wrap-ansi) is
fluency's src/ui/string-width.ts, which answers for plain text without compiling string-width's
Unicode regexes; that file alone reaches string-width itself.
*/
const oneStringWidth = {
	name: 'one-string-width',
	setup(build) {
		const ours = new URL('../dist/ui/string-width.js', import.meta.url).pathname;
		build.onResolve({filter: /^string-width$/}, (args) => (args.importer === ours ? undefined : {path: ours}));
	},
};

/*
string-width and wrap-ansi do their costly work as they load: string-width compiles its emoji
regex (17 ms here) and both make an Intl.Segmenter (the first one loads ICU's break rules, 11 ms).
`fluency stats` loaded them for its chart glyphs, which src/ui/string-width.ts measures without
them, and for lines that already fit. So each is bundled behind a stand-in for its default
export, which loads it as it is first called: esbuild evaluates a module reached by require() on
that first require. Both packages export one function as their default, which is all any of their
importers takes.
*/
const evaluatedOnFirstCall = {
	name: 'evaluated-on-first-call',
	setup(build) {
		const ours = new URL('../dist/ui/string-width.js', import.meta.url).pathname;
		build.onResolve({filter: /^(?:string-width|wrap-ansi)$/}, async (args) => {
			if (args.pluginData?.itself) return undefined;
			// Every other importer's string-width is ours (oneStringWidth).
			if (args.path === 'string-width' && args.importer !== ours) return undefined;
			const itself = await build.resolve(args.path, {kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: {itself: true}});
			return itself.errors.length > 0 ? {errors: itself.errors} : {path: itself.path, namespace: 'evaluated-on-first-call'};
		});
		build.onLoad({filter: /.*/, namespace: 'evaluated-on-first-call'}, (args) => ({
			contents: `let itself;
export default function evaluatedOnFirstCall(...args) {
	itself ??= require(${JSON.stringify(args.path)}).default;
	return itself(...args);
}`,
			resolveDir: dirname(args.path),
			loader: 'js',
		}));
	},
};

const common = {
	bundle: true,
	minify: true,
	sourcemap: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// React's production builds: the development ones are twice the size and slower to load.
	define: {'process.env.NODE_ENV': '"production"'},
	// zstd-wasm reads its .wasm file next to its own module, so it stays a package of its own.
	// better-sqlite3's JavaScript is bundled; its addon is found from its own folder (src/store/sqlite.ts).
	external: ['bindings', '@open-spaced-repetition/binding', 'cli-highlight', 'react-devtools-core', '@bokuweb/zstd-wasm'],
	// Bundled CommonJS packages call require(); give the ESM chunks one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	logLevel: 'warning',
};

rmSync(new URL('../dist/bundle', import.meta.url), {recursive: true, force: true});
await build({
	...common,
	entryPoints: [new URL('../dist/cli/commands/status-line.js', import.meta.url).pathname],
	outfile: new URL('../dist/bundle/status-line.js', import.meta.url).pathname,
	// Without splitting, the YAML parser a config file needs would sit in that one file: half its size.
	external: [...common.external, 'js-yaml'],
	plugins: [grayMatterDefaultYaml, oneStringWidth, builtinsRequired, uuidWithoutNodeCrypto],
});
await build({
	...common,
	// Each worker (the check's, a large sync's) is an entry of its own, beside main.js, sharing its
	// chunks: the module that starts it finds it next to the chunk that holds that module.
	entryPoints: ['cli/main.js', 'app/decks/check-worker.js', 'app/decks/reading-worker.js', 'app/sync/log-reading-worker.js', 'app/interchange/review-ids-worker.js'].map((entry) => new URL(`../dist/${entry}`, import.meta.url).pathname),
	entryNames: '[name]',
	outdir: new URL('../dist/bundle', import.meta.url).pathname,
	splitting: true,
	plugins: [grayMatterDefaultYaml, evaluatedOnFirstCall, oneStringWidth, statusOnItsOwn],
});
