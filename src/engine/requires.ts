import { advice, cmd } from '../core/advice.js';
import { ExitCode, GatewalkError } from '../core/errors.js';
import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import { phaseStatuses, type PhaseStatus } from './phase-state.js';
import { formatTamper } from './sealed-ledger.js';
import type { Workspace } from '../core/workspace.js';

/**
 * Law 2, no skipping, transitively: every phase this one requires, directly or not, must be green
 * now (its latest logbook-vouched verdict green). Returns the verdicts of the direct requirements
 * (they go into the new verdict); refuses with exit 3 naming the first non-green ancestor.
 */
export async function checkRequires(runbook: RunbookDoc, phase: Phase, ws: Workspace): Promise<Array<{ phase: string; verdict: string }>> {
  const statuses = await phaseStatuses(runbook, ws);
  const of = (id: string) => statuses.find((s) => s.phase.id === id);
  const mine = of(phase.id)!;
  const first = mine.notGreenAncestors[0];
  if (first !== undefined) {
    const cause = of(first); // undefined: a requirement the runbook does not define (validate refuses it)
    const direct = phase.requires.length ? `${phase.id} requires ${phase.requires.join(', ')}` : phase.id;
    throw new GatewalkError(
      `${direct}: ${first} is not green (${describe(cause)})${mine.notGreenAncestors.length > 1 ? `; not green either: ${mine.notGreenAncestors.slice(1).join(', ')}` : ''}: no skipping`,
      !cause
        ? advice`fix the phase's requires in the runbook, then run \`${cmd('validate')}\``
        : cause.state === 'tampered'
          ? advice`restore ${cause.tamper[0]!.file} from a backup or move it aside, then run \`${cmd('status')}\``
          : advice`close ${first} green first (${cmd('run', first)}), then rerun what depends on it`,
      ExitCode.blockers,
      {
        code: 'requires.not_green',
        data: { phase: phase.id, first, state: cause?.state ?? 'undefined', not_green: mine.notGreenAncestors },
      },
    );
  }
  return phase.requires.map((id) => ({ phase: id, verdict: of(id)!.last!.path }));
}

/** Why a phase is not green, in a few words. */
export function describe(s: PhaseStatus | undefined): string {
  if (!s) return 'not a phase of this runbook';
  switch (s.state) {
    case 'tampered':
      return `TAMPERED: ${formatTamper(s.tamper[0]!)}`;
    case 'ready':
      return 'no sealed verdict';
    case 'blocked':
      return 'latest verdict is not green';
    case 'stale':
      return `its verdict is green but ${s.notGreenAncestors.join(', ')} regressed`;
    case 'locked':
      return `waits for ${s.waitingFor.join(', ')}`;
    default:
      return s.state;
  }
}
