import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { phaseStatuses } from '../../src/engine/phase-state.js';
import { rootRelative } from '../../src/engine/verdict-sealed.js';
import type { Workspace } from '../../src/core/workspace.js';
import { sealVerdict } from '../../src/evidence/writer.js';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Law 2 (transitive) and law 8 (state from the logbook, in logbook order), without AWS.
const phase = (id: string, requires: string[] = []) => ({
  id,
  title: id,
  requires,
  evidence_dir: id.toLowerCase(),
  snapshot: `${id.toLowerCase()}.json`,
  steps: [],
});
const RUNBOOK = { phases: [phase('P'), phase('Q', ['P']), phase('R', ['Q'])] } as unknown as RunbookDoc;

let root: string | undefined;
afterEach(async () => root && removeTmp(root));

async function workspace(): Promise<Workspace> {
  root = await makeTmp();
  return {
    root,
    env: 'qa',
    substrate: 'sandbox',
    documentsRoot: '',
    registryPath: '',
    evidenceRoot: path.join(root, 'ev'),
    logbookPath: path.join(root, 'log.jsonl'),
    implActualPath: path.join(root, 'impl.md'),
    terraformPaths: {},
  };
}

/** Seal and record as the engine does: snapshot first, then its verdict.sealed record. */
async function seal(ws: Workspace, id: string, green: boolean, at: string) {
  const p = RUNBOOK.phases.find((x) => x.id === id)!;
  const clock = fixedClock(at);
  const verdict = { phase: id, overall_pass: green, blockers: green ? [] : [{ code: 'X', message: 'x', check: 'c' }] };
  const sealed = await sealVerdict({ evidenceRoot: ws.evidenceRoot, phaseDir: p.evidence_dir, snapshotName: p.snapshot, verdict, clock });
  const data = {
    phase: id,
    overall_pass: green,
    blockers: green ? [] : ['X'],
    path: rootRelative(ws.root, sealed.file),
    sha256: sealed.sha256,
    conflicts: 0,
  };
  await appendLogbook(ws.logbookPath, { kind: 'verdict.sealed', substrate: ws.substrate, env: ws.env, actor: 'test', data }, clock);
  return sealed;
}

describe('phase state', () => {
  it('the latest verdict is the last one the logbook recorded, whatever its folder is named (clock skew)', async () => {
    const ws = await workspace();
    await seal(ws, 'P', true, '2999-12-31T23:59:59Z'); // a clock far ahead
    const later = await seal(ws, 'P', false, '2026-02-14T10:00:00Z');
    const [p] = await phaseStatuses(RUNBOOK, ws);
    expect(p).toMatchObject({ state: 'blocked', last: { path: later.file, seq: 2 } });
  });

  it('requires is transitive: a regression two levels up makes R stale, not green', async () => {
    const ws = await workspace();
    await seal(ws, 'P', true, '2026-02-14T10:00:00Z');
    await seal(ws, 'Q', true, '2026-02-14T10:01:00Z');
    await seal(ws, 'R', true, '2026-02-14T10:02:00Z');
    expect((await phaseStatuses(RUNBOOK, ws)).map((s) => s.state)).toEqual(['green', 'green', 'green']);
    await seal(ws, 'P', false, '2026-02-14T10:03:00Z');
    const [p, q, r] = await phaseStatuses(RUNBOOK, ws);
    expect([p!.state, q!.state, r!.state]).toEqual(['blocked', 'stale', 'stale']);
    expect(r!.notGreenAncestors).toEqual(['P', 'Q']);
    expect(r!.waitingFor).toEqual(['Q']);
  });

  it('a phase never run under a regressed ancestor is locked; with no logbook nothing is green', async () => {
    const ws = await workspace();
    expect((await phaseStatuses(RUNBOOK, ws)).map((s) => s.state)).toEqual(['ready', 'locked', 'locked']);
  });
});
