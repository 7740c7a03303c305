import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import envPaths from 'env-paths';

/*
Where fluency keeps things. Defaults follow the platform (XDG on Linux: ~/.local/share/fluency
and ~/.config/fluency); environment variables and flags override them.
*/

const platform = envPaths('fluency', {suffix: ''});

/**
The decks that ship with fluency, in the package's root. Found by walking up from this module,
because it runs from src/ (tests), dist/ (compiled) and dist/bundle/ (the CLI) at different depths.
*/
export const BUILT_IN_DECKS = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'decks');

function packageRoot(from: string): string {
	for (let dir = from; ; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json'))) return dir;
		if (dirname(dir) === dir) return resolve(from, '..', '..');
	}
}

export type Locations = {
	readonly dataDir: string;
	readonly configFile: string;
};

export function defaultLocations(env: NodeJS.ProcessEnv = process.env): Locations {
	const dataDir = env['FLUENCY_DATA_DIR'] ? resolve(env['FLUENCY_DATA_DIR']) : platform.data;
	const configFile = env['FLUENCY_CONFIG'] ? resolve(env['FLUENCY_CONFIG']) : join(platform.config, 'config.yaml');
	return {dataDir, configFile};
}
