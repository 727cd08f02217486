import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { phaseStatuses, type PhaseStatus } from '../../src/engine/phase-state.js';
import { checkRequires, describe as whyNotGreen } from '../../src/engine/requires.js';
import { GatewalkError } from '../../src/core/errors.js';
import { chmod, writeFile } from 'node:fs/promises';
import { rootRelative } from '../../src/engine/verdict-sealed.js';
import type { Workspace } from '../../src/core/workspace.js';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import { makeTmp, removeTmp, tmpWorkspace } from '../support/tmp.js';
import { sealRooted } from '../support/seal-rooted.js';

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
  return tmpWorkspace(root);
}

const seal = (ws: Workspace, id: string, green: boolean, at: string) => sealRooted(ws, RUNBOOK, id, green, at);

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

describe('requires (no skipping, transitively)', () => {
  const of = (id: string) => RUNBOOK.phases.find((p) => p.id === id)!;
  const refusal = async (ws: Workspace, id: string) => {
    const err = await checkRequires(RUNBOOK, of(id), ws).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GatewalkError);
    const g = err as GatewalkError;
    return { message: g.message, hint: g.tryMessage, code: g.exitCode };
  };

  it('all ancestors green: the direct requirements and their latest verdicts; a root phase needs nothing', async () => {
    const ws = await workspace();
    expect(await checkRequires(RUNBOOK, of('P'), ws)).toEqual([]);
    await seal(ws, 'P', true, '2026-02-14T10:00:00Z');
    const q = await seal(ws, 'Q', true, '2026-02-14T10:01:00Z');
    expect(await checkRequires(RUNBOOK, of('R'), ws)).toEqual([{ phase: 'Q', verdict: q.file }]);
  });

  it('refused with exit 3, naming the first non-green ancestor, why, the others, and the way forward', async () => {
    const ws = await workspace();
    expect(await refusal(ws, 'Q')).toEqual({
      message: 'Q requires P: P is not green (no sealed verdict): no skipping',
      hint: 'close P green first (gatewalk run P), then rerun what depends on it',
      code: 3,
    });
    await seal(ws, 'P', true, '2026-02-14T10:00:00Z');
    await seal(ws, 'Q', true, '2026-02-14T10:01:00Z');
    await seal(ws, 'P', false, '2026-02-14T10:02:00Z');
    expect(await refusal(ws, 'R')).toEqual({
      message: 'R requires Q: P is not green (latest verdict is not green); not green either: Q: no skipping',
      hint: 'close P green first (gatewalk run P), then rerun what depends on it',
      code: 3,
    });
  });

  it('a diamond: every direct requirement and every other non-green ancestor is listed; the refusal carries its code and data', async () => {
    const diamond = { phases: [phase('P'), phase('Q', ['P']), phase('S', ['P']), phase('T', ['Q', 'S'])] } as unknown as RunbookDoc;
    const ws = await workspace();
    const err = (await checkRequires(diamond, diamond.phases[3]!, ws).catch((e: unknown) => e)) as GatewalkError;
    expect(err.message).toBe('T requires Q, S: P is not green (no sealed verdict); not green either: Q, S: no skipping');
    expect(err.detail).toEqual({
      code: 'requires.not_green',
      data: { phase: 'T', first: 'P', state: 'ready', not_green: ['P', 'Q', 'S'] },
    });
    const [, , , t] = await phaseStatuses(diamond, ws);
    expect(whyNotGreen(t!)).toBe('waits for Q, S');
  });

  it('a requirement the runbook does not define (validate refuses it) is refused, never skipped', async () => {
    const rb = { phases: [phase('P'), phase('Q', ['P', 'GHOST'])] } as unknown as RunbookDoc;
    const ws = await workspace();
    await seal(ws, 'P', true, '2026-02-14T10:00:00Z');
    const err = (await checkRequires(rb, rb.phases[1]!, ws).catch((e: unknown) => e)) as GatewalkError;
    expect([err.message, err.tryMessage, err.exitCode]).toEqual([
      'Q requires P, GHOST: GHOST is not green (not a phase of this runbook): no skipping',
      "fix the phase's requires in the runbook, then run `gatewalk validate`",
      3,
    ]);
    expect(err.detail?.data).toMatchObject({ first: 'GHOST', state: 'undefined' });
  });

  it('a tampered ancestor is refused as tampering, with the file to restore', async () => {
    const ws = await workspace();
    const p = await seal(ws, 'P', true, '2026-02-14T10:00:00Z');
    await chmod(path.dirname(p.file), 0o755);
    await chmod(p.file, 0o644);
    await writeFile(p.file, '{"phase":"P","overall_pass":true,"blockers":[]}');
    const r = await refusal(ws, 'Q');
    const rel = rootRelative(ws.root, p.file);
    expect(r.message).toMatch(new RegExp(`^Q requires P: P is not green \\(TAMPERED: ${rel.replace(/[.]/g, '\\.')}: .+\\): no skipping$`));
    expect(r.hint).toBe(`restore ${rel} from a backup or move it aside, then run \`gatewalk status\``);
    expect(r.code).toBe(3);
  });

  it('says why a phase is not green, for every state', () => {
    const st = (over: Partial<PhaseStatus>) => ({ notGreenAncestors: [], waitingFor: [], tamper: [], ...over }) as unknown as PhaseStatus;
    expect(whyNotGreen(st({ state: 'ready' }))).toBe('no sealed verdict');
    expect(whyNotGreen(st({ state: 'blocked' }))).toBe('latest verdict is not green');
    expect(whyNotGreen(st({ state: 'stale', notGreenAncestors: ['P', 'Q'] }))).toBe('its verdict is green but P, Q regressed');
    expect(whyNotGreen(st({ state: 'locked', waitingFor: ['Q'] }))).toBe('waits for Q');
    expect(whyNotGreen(st({ state: 'tampered', tamper: [{ phase: 'P', file: 'ev/p/x.json', problem: 'edited' }] }))).toBe(
      'TAMPERED: ev/p/x.json: edited',
    );
    expect(whyNotGreen(st({ state: 'green' }))).toBe('green');
  });
});
