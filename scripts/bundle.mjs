// Bundle the compiled CLI into a few chunks. Node 20 spends most of a cold start finding, reading
// and compiling hundreds of small ESM files; a bundle is a handful. Native modules stay outside,
// and so does cli-highlight, which the review loads only when a card has code.
import {rmSync} from 'node:fs';
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
	plugins: [grayMatterDefaultYaml, oneStringWidth],
});
await build({
	...common,
	entryPoints: [new URL('../dist/cli/main.js', import.meta.url).pathname],
	outdir: new URL('../dist/bundle', import.meta.url).pathname,
	splitting: true,
	plugins: [grayMatterDefaultYaml, oneStringWidth, statusOnItsOwn],
});
