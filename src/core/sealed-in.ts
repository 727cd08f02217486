import type { Phase } from './runbook-schema.js';

// Where a phase's verdict is sealed (runbook `sealed_in`). Apart from the schema, so the readers of
// phase state (`status` on a warm cache) need no zod.

/** A docs-only phase: its verdict is sealed in the logbook record alone. */
export function sealsInLogbook(phase: Phase): boolean {
  return phase.sealed_in === 'logbook';
}

/** The evidence folder and snapshot name of a phase sealed into an evidence root (validate guarantees both). */
export function evidenceRootOf(phase: Phase): { dir: string; snapshot: string } | undefined {
  if (phase.sealed_in === 'logbook' || !phase.evidence_dir || !phase.snapshot) return undefined;
  return { dir: phase.evidence_dir, snapshot: phase.snapshot };
}
