import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import type { Workspace } from '../../src/core/workspace.js';
import { ledgerCheckpoint, verifyLedgerChain } from '../../src/engine/sealed-ledger.js';
import { verifyFromCheckpoint } from '../../src/logbook/checkpoint.js';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { sealRooted } from '../support/seal-rooted.js';
import { fixedClock, makeTmp, removeTmp, tmpWorkspace } from '../support/tmp.js';

// The console's logbook screen verifies the chain as `status` does: from the checkpoint status keeps
// (so opening it on a long logbook parses only the records after it), with the same carried records
// (a screen must never leave a checkpoint that status would then read phase state from without its
// verdicts), and it reports a break exactly as a verification from record 1.

const RUNBOOK = {
  phases: [{ id: 'Intake', title: 'Intake', requires: [], evidence_dir: 'intake', snapshot: 'intake.json', steps: [] }],
} as unknown as RunbookDoc;
const clock = fixedClock('2026-11-30T08:00:00Z');

let root: string | undefined;
const savedCache = process.env.XDG_CACHE_HOME;
beforeEach(async () => {
  root = await makeTmp();
  process.env.XDG_CACHE_HOME = await mkdtemp(path.join(root, 'key-')); // the machine key, apart from the user's
});
afterEach(async () => {
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  if (root) await removeTmp(root);
});

async function filled(): Promise<Workspace> {
  const ws = tmpWorkspace(root!);
  await sealRooted(ws, RUNBOOK, 'Intake', true, '2026-11-30T07:00:00Z');
  for (let i = 0; i < 30; i++) {
    await appendLogbook(
      ws.logbookPath,
      { kind: 'attest', substrate: ws.substrate, env: ws.env, actor: 'op', data: { phase: 'Intake', n: i } },
      clock,
    );
  }
  return ws;
}

describe('verifyLedgerChain (the console logbook screen)', () => {
  it('leaves the checkpoint status reads, carrying the verdict.sealed records, and resumes from it', async () => {
    const ws = await filled();
    expect(await verifyLedgerChain(ws, true)).toEqual({ ok: true, records: 31 });
    const cache = path.join(root!, '.gatewalk', 'cache');
    expect((await readdir(cache)).filter((f) => /^logbook-[0-9a-f]{32}\.json$/.test(f))).toHaveLength(1); // where status looks
    const again = await verifyFromCheckpoint(ws.logbookPath, ledgerCheckpoint(ws, true));
    expect(again.resumed).toBe(true);
    expect(again.records.map((r) => r.kind)).toEqual(['verdict.sealed']); // carried: status's phase state holds
    await appendLogbook(ws.logbookPath, { kind: 'attest', substrate: ws.substrate, env: ws.env, actor: 'op', data: { n: 'late' } }, clock);
    expect(await verifyLedgerChain(ws, true)).toEqual({ ok: true, records: 32 });
  });

  it('an edit before the checkpoint is reported where a verification from record 1 reports it', async () => {
    const ws = await filled();
    await verifyLedgerChain(ws, true); // the checkpoint now covers every line
    const lines = (await readFile(ws.logbookPath, 'utf8')).split('\n');
    lines[9] = lines[9]!.replace('"n":8', '"n":80');
    await writeFile(ws.logbookPath, lines.join('\n'));
    const fromStart = await verifyLogbook(ws.logbookPath);
    expect(fromStart).toMatchObject({ ok: false, line: 10 });
    expect(await verifyLedgerChain(ws, true)).toEqual(fromStart);
  });
});
