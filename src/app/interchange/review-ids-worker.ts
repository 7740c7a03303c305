/*
The worker of a large Anki import that works out its reviews' event ids ahead (see review-ids-ahead.ts).
*/
import {workerData} from 'node:worker_threads';
import {type ReviewIdsShare, writeReviewIds} from './review-ids-ahead.js';

writeReviewIds(workerData as ReviewIdsShare);
