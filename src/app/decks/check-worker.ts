/*
A worker of `fluency check` (see checkFilesInParallel): it checks the files it takes from the
shared list and reports them all at once when none is left.
*/
import {parentPort, workerData} from 'node:worker_threads';
import {checkFilesTaken, type FileCheck, type SharedFiles} from './check-decks.js';

const {started, slot, ...shared} = workerData as SharedFiles & {readonly started: Int32Array; readonly slot: number};
Atomics.store(started, slot, 1);
const checked: Array<[number, FileCheck]> = [];
checkFilesTaken(shared, (index, check) => checked.push([index, check]));
parentPort!.postMessage(checked);
