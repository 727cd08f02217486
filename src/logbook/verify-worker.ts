import { parentPort, workerData } from 'node:worker_threads';
import type { Segment } from './chain-walk.js';
import { type Claims, walkClaimed } from './claimed-parts.js';
import type { HelperMessage } from './verify-parallel.js';

// Worker entry (dist/logbook-verify-worker.js, see scripts/build.mjs): a helper of verify-parallel.ts,
// walking the parts it claims, then posting them back and that it is done. They are posted once its
// claims run out, not each as it is walked: the main thread would take them in while it walks parts
// of its own, which measured ~2,000 more page faults and ~7 MiB more memory on 100k records. Errors
// reach the main thread as the worker's 'error'.

const post = (m: HelperMessage) => parentPort!.postMessage(m);
const walked: Array<[number, Segment]> = [];

// No top-level await: dist/ is CommonJS (scripts/build.mjs). A rejection ends the worker with an 'error'.
void walkClaimed(workerData as Claims, (part, segment) => walked.push([part, segment])).then(() => {
  for (const [part, segment] of walked) post({ part, segment });
  post({ done: true });
});
