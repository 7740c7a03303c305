// Remove the compiled output before a build, so a file moved or deleted in src/ cannot live on in
// dist/ and be imported by a test or a bench script that still names its old place.
import {rmSync} from 'node:fs';

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});
