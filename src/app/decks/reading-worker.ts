/*
A worker of a large sync (see reading-workers.ts): it reads and parses the new deck files it
takes, ahead of the writes.
*/
import {workerData} from 'node:worker_threads';
import {readFilesTaken, type ReadingShare} from './reading-workers.js';

readFilesTaken(workerData as ReadingShare);
