import { GATE_KIND_NAMES } from '../gates/kind-names.js';
import { loadWorkspace } from '../session/session.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';

/** Loads and validates registry + runbook; problems surface as a ValidationError (exit 2). */
export async function validateCommand(args: CliArgs, io: Io): Promise<number> {
  const { program: p } = await loadWorkspace(sessionOptions(args));
  const checks = p.runbook.doc.phases.flatMap((ph) => ph.steps.flatMap((s) => s.checks));
  const pending = Object.entries(p.resolved.handles)
    .filter(([, h]) => h.pending)
    .map(([n]) => n);
  io.out(`ok: ${p.registry.path} and ${p.runbook.path}`);
  io.out(
    `  ${p.runbook.doc.phases.length} phases, ${checks.length} checks over ${new Set(checks.map((c) => c.gate)).size} of ${GATE_KIND_NAMES.length} gate kinds, ${Object.keys(p.resolved.handles).length} handles`,
  );
  if (pending.length) io.out(`  PENDING PIN (${pending.length}): ${pending.join(', ')}`);
  for (const c of p.sameRankConflicts) io.out(`  conflict (same rank): ${c.handle} — a run that uses it will STOP`);
  for (const d of p.authorityDecisions)
    io.out(`  authority: ${d.handle} from ${d.winner.doc} (rank ${d.winner.rank}) over ${d.loser.doc} (rank ${d.loser.rank})`);
  return 0;
}
