import type { SealedRun } from './sealed-run.js';

// The sealed verdict as an in-toto Statement v1 (https://github.com/in-toto/attestation/tree/main/spec/v1):
// the subject is the snapshot file (its evidence-root path and SHA-256), the predicate what the
// verdict decided and the logbook record that vouches for it. Unsigned: a pipeline signs it with
// its own tools (e.g. `cosign attest-blob --predicate … --type …` or a DSSE envelope).

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = 'urn:gatewalk:verdict:v1';

export function inTotoStatement(run: SealedRun) {
  const v = run.verdict;
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: run.name, digest: { sha256: run.sha256 } }],
    predicateType: PREDICATE_TYPE,
    predicate: {
      phase: v.phase,
      phase_title: v.phase_title,
      program: v.program,
      env: v.env,
      substrate: v.substrate,
      overall_pass: v.overall_pass,
      verdict: v.verdict,
      blockers: v.blockers,
      checks: v.checks.map((c) => ({ id: c.id, step: c.step, gate: c.gate, resource: c.resource, status: c.status, reason: c.reason })),
      operator: v.operator,
      started_at: v.started_at,
      finished_at: v.finished_at,
      tool: v.tool,
      inputs: v.inputs,
      snapshot: run.rootPath,
      logbook: { path: run.logbook.path, seq: run.logbook.seq, record_hash: run.logbook.hash },
    },
  };
}
