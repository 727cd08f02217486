import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conflict } from '../../src/engine/conflicts.js';
import { Recorder } from '../../src/engine/recorder.js';
import { StopDecision } from '../../src/engine/stop-decision.js';
import type { Workspace } from '../../src/core/workspace.js';
import { readLogbook } from '../../src/logbook/logbook.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Law 4 as the engine decides it (the faces only show it): a run STOPs while conflicts are open,
// every STOP is recorded before it is shown, and reopening on the same conflicts is not a second STOP.

let root: string;
let ws: Workspace;
beforeEach(async () => {
  root = await makeTmp();
  ws = {
    root,
    env: 'shop_stage',
    substrate: 'sandbox',
    documentsRoot: '',
    registryPath: '',
    evidenceRoot: path.join(root, 'ev'),
    logbookPath: path.join(root, 'logbook.jsonl'),
    implActualPath: path.join(root, 'impl_actual.md'),
    terraformPaths: {},
  };
});
afterEach(async () => removeTmp(root));

const conflict = (handle: string, value: string): Conflict => ({
  handle,
  kind: 'pinned_vs_live',
  pinned: `arn:aws:iam::444455556666:role/${handle.toLowerCase()}`,
  offers: [{ source: 'live:iam.GetRole', value }],
});
const decision = () => new StopDecision('stage-roles', new Recorder(ws, fixedClock('2027-01-02T03:04:05Z'), 'tester'), ws.logbookPath);
const stops = async () =>
  (await readLogbook(ws.logbookPath))
    .filter((r) => r.kind === 'conflict.stop')
    .map((r) => r.data as { phase: string; conflicts: Conflict[] });

describe('StopDecision', () => {
  it('nothing open: the run goes on and nothing is recorded', async () => {
    const d = decision();
    expect(await d.stopIfConflicted()).toEqual([]);
    expect(await d.stopOnLive()).toEqual([]);
    expect(d.open).toEqual([]);
    expect(await readLogbook(ws.logbookPath)).toEqual([]);
  });

  it('open conflicts STOP the run, recorded once with the phase and every conflict', async () => {
    const d = decision();
    const open = [conflict('WORKER_ROLE', 'arn:w2'), conflict('CHECKOUT_ROLE', 'arn:c2')];
    d.open = open;
    const got = await d.stopIfConflicted();
    expect(got).toEqual(open);
    got.pop(); // the caller's copy; the decision keeps its own
    expect(d.open).toHaveLength(2);
    expect(await stops()).toEqual([{ phase: 'stage-roles', conflicts: open }]);
  });

  it('reopened on the same conflicts: still STOPped, not recorded a second time; changed conflicts are a new STOP', async () => {
    const open = [conflict('WORKER_ROLE', 'arn:w2')];
    const first = decision();
    first.open = open;
    await first.stopIfConflicted();
    const again = decision();
    again.open = [...open];
    expect(await again.stopIfConflicted()).toEqual(open);
    expect(await stops()).toHaveLength(1);
    const changed = decision();
    changed.open = [conflict('WORKER_ROLE', 'arn:w3')];
    await changed.stopIfConflicted();
    expect((await stops()).map((s) => s.conflicts[0]!.offers[0]!.value)).toEqual(['arn:w2', 'arn:w3']);
  });

  it('live conflicts seen by the checks become the open ones and STOP the run (recorded)', async () => {
    const d = decision();
    d.open = [conflict('OLD_ROLE', 'arn:o')];
    d.live = [conflict('CHECKOUT_ROLE', 'arn:c9')];
    expect(await d.stopOnLive()).toEqual(d.live);
    expect(d.open).toEqual(d.live);
    expect(d.open).not.toBe(d.live);
    expect(await stops()).toEqual([{ phase: 'stage-roles', conflicts: d.live }]);
  });

  it('no live conflict leaves the open ones as they were', async () => {
    const d = decision();
    const open = [conflict('OLD_ROLE', 'arn:o')];
    d.open = open;
    expect(await d.stopOnLive()).toEqual([]);
    expect(d.open).toBe(open);
    expect(await stops()).toEqual([]);
  });
});
