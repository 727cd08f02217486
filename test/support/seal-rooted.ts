import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import type { Workspace } from '../../src/core/workspace.js';
import { rootRelative } from '../../src/engine/verdict-sealed.js';
import { sealVerdict } from '../../src/evidence/writer.js';
import { appendLogbook } from '../../src/logbook/logbook.js';
import { fixedClock } from './tmp.js';

/**
 * Seals a verdict of a phase with an evidence root as the engine does: the snapshot first, then its
 * verdict.sealed record (path + SHA-256). A held verdict carries one blocker, `code`; `checks` are its results.
 */
export async function sealRooted(
  ws: Workspace,
  runbook: RunbookDoc,
  id: string,
  green: boolean,
  at: string,
  { code = 'X', checks }: { code?: string; checks?: unknown[] } = {},
) {
  const p = runbook.phases.find((x) => x.id === id)!;
  const clock = fixedClock(at);
  const verdict = {
    phase: id,
    overall_pass: green,
    blockers: green ? [] : [{ code, message: 'held', check: 'c' }],
    ...(checks ? { checks } : {}),
  };
  const sealed = await sealVerdict({ evidenceRoot: ws.evidenceRoot, phaseDir: p.evidence_dir!, snapshotName: p.snapshot!, verdict, clock });
  const data = {
    phase: id,
    overall_pass: green,
    blockers: green ? [] : [code],
    path: rootRelative(ws.root, sealed.file),
    sha256: sealed.sha256,
    conflicts: 0,
  };
  await appendLogbook(ws.logbookPath, { kind: 'verdict.sealed', substrate: ws.substrate, env: ws.env, actor: 'test', data }, clock);
  return sealed;
}
