import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import envPaths from 'env-paths';

/*
Where fluency keeps things. Defaults follow the platform (XDG on Linux: ~/.local/share/fluency
and ~/.config/fluency); environment variables and flags override them.
*/

const platform = envPaths('fluency', {suffix: ''});

/** The decks that ship with fluency, next to the compiled code. */
export const BUILT_IN_DECKS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'decks');

export type Locations = {
	readonly dataDir: string;
	readonly configFile: string;
};

export function defaultLocations(env: NodeJS.ProcessEnv = process.env): Locations {
	const dataDir = env['FLUENCY_DATA_DIR'] ? resolve(env['FLUENCY_DATA_DIR']) : platform.data;
	const configFile = env['FLUENCY_CONFIG'] ? resolve(env['FLUENCY_CONFIG']) : join(platform.config, 'config.yaml');
	return {dataDir, configFile};
}
