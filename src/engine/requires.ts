import { latestVerdict } from '../evidence/reader.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import { isGreen } from './phase-state.js';

/**
 * Law 2, no skipping: every required phase must have a sealed green verdict. Returns the verdict
 * paths that satisfied it (they go into the new verdict); refuses with exit 3 otherwise.
 */
export async function checkRequires(runbook: RunbookDoc, phase: Phase, evidenceRoot: string): Promise<Array<{ phase: string; verdict: string }>> {
  const satisfied: Array<{ phase: string; verdict: string }> = [];
  const missing: string[] = [];
  for (const id of phase.requires) {
    const req = runbook.phases.find((p) => p.id === id)!;
    const last = await latestVerdict(evidenceRoot, req.evidence_dir, req.snapshot);
    if (last && isGreen(last.verdict as Record<string, unknown>)) satisfied.push({ phase: id, verdict: last.path });
    else missing.push(`${id} (${last ? 'latest verdict is not green' : 'no sealed verdict'})`);
  }
  if (missing.length) {
    throw new GatewalkError(
      `${phase.id} requires ${missing.join(', ')}: no skipping`,
      `close ${missing.map((m) => m.split(' ')[0]).join(', ')} green first (gatewalk run ${missing[0]!.split(' ')[0]})`,
      ExitCode.blockers,
    );
  }
  return satisfied;
}
