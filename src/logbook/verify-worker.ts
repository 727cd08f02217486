import { parentPort, workerData } from 'node:worker_threads';
import { type SegmentTask, walkSegment } from './chain-walk.js';

// Worker entry (dist/logbook-verify-worker.js, see scripts/build.mjs): walks one segment of a logbook
// for verify-parallel.ts and posts the result back. Errors reach the main thread as the worker's 'error'.

// No top-level await: dist/ is CommonJS (scripts/build.mjs). A rejection ends the worker with an 'error'.
void walkSegment(workerData as SegmentTask).then((segment) => parentPort!.postMessage(segment));
