/*
The worker of a sync that reads the other devices' logs while the decks load (see logs-read-ahead.ts).
*/
import {workerData} from 'node:worker_threads';
import {type ReadAheadShare, readLogsTaken} from './logs-read-ahead.js';

readLogsTaken(workerData as ReadAheadShare);
