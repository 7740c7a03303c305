// Runs in every test file (vitest setupFiles): directories made in beforeAll or at a file's top
// level live until the file's last test is done.
import {afterAll} from 'vitest';
import {removeFileTempDirs} from '../helpers/temp.js';

afterAll(() => removeFileTempDirs());
