import type { LoadedProgram } from '../load/load-program.js';
import type { TerraformOutputs } from '../core/context.js';
import { detectPinConflicts, type Conflict } from './conflicts.js';
import { readTerraformValues } from './terraform.js';

/**
 * The conflicts a phase would STOP on right now: its pins against the Terraform outputs on disk
 * and same-rank registry disagreement. One place, used by a run's preflight and by the console to
 * notice an apply made in another terminal.
 */
export async function preflightConflicts(
  program: LoadedProgram,
  terraformPaths: Record<string, string>,
  phaseId: string,
): Promise<{ terraform: TerraformOutputs; conflicts: Conflict[] }> {
  const terraform = await readTerraformValues(terraformPaths);
  const conflicts = detectPinConflicts(program.resolved, terraform, program.sameRankConflicts, program.phaseHandles[phaseId] ?? []);
  return { terraform, conflicts };
}
