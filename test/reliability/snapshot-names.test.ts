import { afterEach, describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { sealVerdict } from '../../src/evidence/writer.js';
import { Phase } from '../../src/core/runbook-schema.js';
import { fixture, problemsOf, RUNBOOK, type Fixture } from '../load/fixture.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Item 12 of issue 8: validate and sealing apply one rule to snapshot names, so a runbook that
// validates never fails at seal time (after all its checks ran) for its snapshot name.

const NAMES = [
  '..json',
  '.hidden.json',
  'a/b.json',
  'a\\b.json',
  '.json',
  'x.json',
  'm4_c_snap.json',
  'A-1.2.json',
  'a..json',
  'é.json',
  'a b.json',
  'x.yaml',
];

async function sealAccepts(dir: string, name: string): Promise<boolean> {
  try {
    await sealVerdict({
      evidenceRoot: dir,
      phaseDir: 'm9',
      snapshotName: name,
      verdict: { overall_pass: false, blockers: [] },
      clock: fixedClock('2026-01-01T00:00:00Z'),
    });
    return true;
  } catch (err) {
    if (err instanceof GatewalkError) return false;
    throw err;
  }
}

let f: Fixture | undefined;
let tmp: string | undefined;
afterEach(async () => {
  f?.cleanup();
  if (tmp) await removeTmp(tmp);
  f = tmp = undefined;
});

describe('snapshot names: one rule', () => {
  it('validate accepts exactly the names sealing accepts', async () => {
    tmp = await makeTmp();
    const phase = { id: 'P', title: 't', evidence_dir: 'm9', steps: [{ id: 's', title: 't', checks: [{ id: 'c', gate: 'attest' }] }] };
    const verdicts = [];
    for (const name of NAMES) {
      verdicts.push({ name, validate: Phase.safeParse({ ...phase, snapshot: name }).success, seal: await sealAccepts(tmp, name) });
    }
    expect(verdicts.filter((v) => v.validate !== v.seal)).toEqual([]);
    expect(verdicts.filter((v) => v.validate).map((v) => v.name)).toEqual(['x.json', 'm4_c_snap.json', 'A-1.2.json', 'a..json']);
  });

  it('`..json` and `.hidden.json` in a runbook are validation problems at their line', async () => {
    f = fixture();
    f.edit(RUNBOOK, 'snapshot: m1_packaging_readiness_snapshot.json', 'snapshot: ..json');
    f.edit(RUNBOOK, 'snapshot: secret_surface_check.json', 'snapshot: .hidden.json');
    const problems = await problemsOf(f.root);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${f.at(RUNBOOK, '..json')}: .*must be a plain file name ending in \\.json`)),
      expect.stringMatching(new RegExp(`^${f.at(RUNBOOK, '.hidden.json')}: .*must be a plain file name ending in \\.json`)),
    ]);
  });
});
