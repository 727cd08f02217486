import { afterEach, describe, expect, it } from 'vitest';
import { fixture, problemsOf, RUNBOOK, type Fixture } from './fixture.js';

// Issue 9.10: a docs-only phase declares `sealed_in: logbook` and names no evidence folder; every
// other phase names both its folder and its snapshot. Each mismatch is a problem at its line.

let f: Fixture;
afterEach(() => f?.cleanup());

describe('sealed_in: where a phase seals its verdict', () => {
  it('the shipped program declares M0 docs-only and loads', async () => {
    f = fixture();
    expect(f.read(RUNBOOK)).toMatch(/- id: M0\n.*\n(?:\s+#.*\n)*\s+sealed_in: logbook\n/);
    expect(await problemsOf(f.root)).toEqual([]);
  });

  it('a docs-only phase that names an evidence folder or snapshot: one problem at each field', async () => {
    f = fixture();
    f.edit(RUNBOOK, '    sealed_in: logbook\n', '    sealed_in: logbook\n    evidence_dir: m0\n    snapshot: m0_lock.json\n');
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(RUNBOOK, 'm0', 'evidence_dir: m0')}: phase M0: evidence_dir is for phases sealed into an evidence root; a phase sealed_in: logbook writes no folder (remove evidence_dir)`,
      `${f.at(RUNBOOK, 'm0_lock.json')}: phase M0: snapshot is for phases sealed into an evidence root; a phase sealed_in: logbook writes no folder (remove snapshot)`,
    ]);
  });

  it('a phase sealed into an evidence root without its folder or snapshot names what is missing and the docs-only way', async () => {
    f = fixture();
    f.edit(RUNBOOK, '    evidence_dir: m1_build_go\n    snapshot: m1_packaging_readiness_snapshot.json\n', '');
    const problems = await problemsOf(f.root);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^runbooks\/dev_min_spine_green_v0\.yaml:\d+:\d+: phase M1: missing evidence_dir \(where its verdict is sealed\); a docs-only phase declares sealed_in: logbook instead$/,
    );
    expect(problems[1]).toMatch(/phase M1: missing snapshot/);
    expect(problems[0]!.split(':')[1]).toBe(f.at(RUNBOOK, 'id: M1').split(':')[1]);
  });

  it('an unknown sealed_in value is a shape problem at its line', async () => {
    f = fixture();
    f.edit(RUNBOOK, 'sealed_in: logbook', 'sealed_in: folder');
    const problems = await problemsOf(f.root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${f.at(RUNBOOK, 'folder', 'sealed_in')}: `);
    expect(problems[0]).toMatch(/sealed_in.*(evidence_root|logbook)/);
  });
});
