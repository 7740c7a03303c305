import {readFileSync} from 'node:fs';

/** fluency's version, from its package.json: two folders up from src/cli, dist/cli and dist/bundle alike. */
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;
