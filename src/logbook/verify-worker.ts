import { parentPort, workerData } from 'node:worker_threads';
import { type SegmentTask, walkSegment } from './chain-walk.js';

// Worker entry (dist/logbook-verify-worker.js, see scripts/build.mjs): walks one segment of a logbook
// for verify-parallel.ts and posts the result back. Errors reach the main thread as the worker's 'error'.

parentPort!.postMessage(await walkSegment(workerData as SegmentTask));
