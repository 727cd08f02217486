import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { bundleFixture } from '../support/bundle-fixture.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Real processes contend for the proper-lockfile lock. The worker is bundled with esbuild (already a
// dev dependency) because child processes cannot run TypeScript directly on Node 20.

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let worker: string;

beforeAll(async () => {
  dir = await makeTmp();
  worker = await bundleFixture(path.join(here, 'fixtures', 'append-worker.ts'), path.join(dir, 'append-worker.mjs'));
});
afterAll(async () => {
  await removeTmp(dir);
});

it('appends from 3 processes and this one interleave as whole records into one valid chain', async () => {
  const file = path.join(dir, 'logbook.jsonl');
  const per = 25;
  await Promise.all([
    ...['a', 'b', 'c'].map((id) => run(process.execPath, [worker, file, id, String(per)])),
    (async () => {
      for (let i = 0; i < per; i++)
        await appendLogbook(
          file,
          { kind: 'attest', substrate: 'sandbox', env: 'dev_min', actor: 'main', data: { worker: 'main', i } },
          fixedClock('2026-02-13T21:42:23Z'),
        );
    })(),
  ]);
  expect(await verifyLogbook(file)).toEqual({ ok: true, records: 4 * per });
  const records = (await readFile(file, 'utf8'))
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { data: { worker: string; i: number } });
  for (const id of ['a', 'b', 'c', 'main']) {
    // Each writer's records appear exactly once and in the order it wrote them.
    expect(records.filter((r) => r.data.worker === id).map((r) => r.data.i)).toEqual(Array.from({ length: per }, (_, i) => i));
  }
});
