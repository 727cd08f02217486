import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import type { Workspace } from '../../src/core/workspace.js';
import { logbookVerdictEntry } from '../../src/engine/decision-records.js';
import { phaseStatuses } from '../../src/engine/phase-state.js';
import { checkRequires } from '../../src/engine/requires.js';
import type { Verdict } from '../../src/engine/verdict.js';
import { verdictDigest } from '../../src/engine/verdict-sealed.js';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { fixedClock, makeTmp, removeTmp, tmpWorkspace } from '../support/tmp.js';

// Issue 9.10, law 8 for docs-only phases: a phase sealed_in: logbook is green only through a
// verdict.sealed record that carries its whole verdict, read from a verified chain. A forged
// summary, a verdict for a rooted phase, or an edited record never counts.

const DOCS = { id: 'D', title: 'docs', requires: [], sealed_in: 'logbook', steps: [] };
const ROOTED = { id: 'R', title: 'rooted', requires: ['D'], evidence_dir: 'r', snapshot: 'r.json', steps: [] };
const RUNBOOK = { phases: [DOCS, ROOTED] } as unknown as RunbookDoc;
const clock = fixedClock('2026-12-01T00:00:00Z');

let root: string | undefined;
afterEach(async () => root && removeTmp(root));

async function workspace(): Promise<Workspace> {
  root = await makeTmp();
  return tmpWorkspace(root);
}

const verdict = (phase: string, green: boolean) =>
  ({
    phase,
    overall_pass: green,
    blockers: green ? [] : [{ code: 'D-1', message: 'not agreed', check: 'c' }],
    conflicts: [],
    checks: [
      {
        id: 'c',
        step: 's',
        gate: 'docs.pinned',
        resource: 'doc',
        status: green ? 'pass' : 'fail',
        reason: 'r',
        details: { sha256: 'a'.repeat(64) },
      },
    ],
  }) as unknown as Verdict;

async function record(ws: Workspace, data: Record<string, unknown>) {
  return appendLogbook(ws.logbookPath, { kind: 'verdict.sealed', substrate: ws.substrate, env: ws.env, actor: 't', data }, clock);
}
const seal = (ws: Workspace, phase: string, green: boolean) => {
  const v = verdict(phase, green);
  return record(ws, logbookVerdictEntry(v, verdictDigest(v)).data);
};

describe('docs-only phases (sealed_in: logbook)', () => {
  it('the record is the seal: green, with the verdict it carries; a later blocked record wins; requires name the record', async () => {
    const ws = await workspace();
    const first = await seal(ws, 'D', true);
    let [d, r] = await phaseStatuses(RUNBOOK, ws);
    expect(d).toMatchObject({ state: 'green', last: { seq: first.seq, path: `${ws.logbookPath}#${first.seq}` }, tamper: [] });
    expect(r!.state).toBe('ready');
    expect(await checkRequires(RUNBOOK, ROOTED as never, ws)).toEqual([{ phase: 'D', verdict: `${ws.logbookPath}#1` }]);
    await seal(ws, 'D', false);
    [d, r] = await phaseStatuses(RUNBOOK, ws);
    expect(d).toMatchObject({ state: 'blocked', last: { seq: 2, blockers: [{ code: 'D-1' }] } });
    expect(r!.state).toBe('locked');
  });

  it('a record whose summary says green while its verdict is blocked is tampering, not green', async () => {
    const ws = await workspace();
    const v = verdict('D', false);
    await record(ws, { ...logbookVerdictEntry(v, verdictDigest(v)).data, overall_pass: true, blockers: [] });
    const [d] = await phaseStatuses(RUNBOOK, ws);
    expect(d!.state).toBe('tampered');
    expect(d!.tamper[0]!.problem).toMatch(
      /record 1 \(verdict\.sealed\) does not vouch for its verdict: its overall_pass or blockers differ/,
    );
  });

  it('a verdict whose bytes do not hash to verdict_sha256 is tampering', async () => {
    const ws = await workspace();
    const v = verdict('D', true);
    await record(ws, logbookVerdictEntry(v, 'b'.repeat(64)).data);
    expect((await phaseStatuses(RUNBOOK, ws))[0]!.tamper[0]!.problem).toMatch(/does not hash to verdict_sha256/);
  });

  it('a logbook-carried verdict for a phase the runbook seals into an evidence root is tampering', async () => {
    const ws = await workspace();
    await seal(ws, 'D', true);
    await seal(ws, 'R', true);
    const [, r] = await phaseStatuses(RUNBOOK, ws);
    expect(r).toMatchObject({ state: 'tampered', tamper: [{ problem: expect.stringMatching(/runbook seals R into an evidence root/) }] });
  });

  it('an edited record (green written over blocked) breaks the chain: no phase state is read at all', async () => {
    const ws = await workspace();
    await seal(ws, 'D', false);
    const text = await readFile(ws.logbookPath, 'utf8');
    await writeFile(ws.logbookPath, text.replace('"overall_pass":false', '"overall_pass":true'));
    await expect(phaseStatuses(RUNBOOK, ws)).rejects.toThrow(/tampering: .*log\.jsonl:1: .*no phase state is read from a broken logbook/);
  });
});
