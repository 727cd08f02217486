import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gatewalk, tempProgramRoot, type CliResult } from '../cli/cli-harness.js';

// A second, small program over the shipped sandbox: three phases in a chain (A → B → C), other
// ids, folders and snapshot names than the shipped one, so nothing is tuned to M0–M4.
export const CHAIN_RUNBOOK = `program: chain
title: chain probe
env: dev_min
blockers: { A-B1: wrong account, B-B1: secret handle missing, C-B1: role missing }
phases:
  - id: A
    title: who runs this
    evidence_dir: a_dir
    snapshot: a_snapshot.json
    steps:
      - id: who
        title: identity
        checks:
          - { id: caller, gate: sts.identity, params: { account: "\${ACCOUNT_ID}" }, blocker: A-B1 }
  - id: B
    title: secrets present
    requires: [A]
    evidence_dir: b_dir
    snapshot: b_snapshot.json
    steps:
      - id: ssm
        title: ssm
        checks:
          - { id: ssm-present, gate: ssm.parameters_present, params: { handles: ["SSM_*_PATH"] }, blocker: B-B1 }
  - id: C
    title: runtime role
    requires: [B]
    evidence_dir: c_dir
    snapshot: c_snapshot.json
    steps:
      - id: roles
        title: roles
        checks:
          - { id: app-role, gate: iam.roles_materialized, params: { handles: [ROLE_APP_RUNTIME] }, blocker: C-B1 }
`;

export const SB = ['--env', 'dev_min', '--sandbox'];

/** A fresh root with the chain program and a reset sandbox. */
export async function chainRoot(): Promise<string> {
  const root = await tempProgramRoot();
  await writeFile(path.join(root, 'runbooks', 'dev_min_spine_green_v0.yaml'), CHAIN_RUNBOOK);
  const reset = await gatewalk(root, ['sandbox', 'reset', '--env', 'dev_min']);
  if (reset.code !== 0) throw new Error(reset.stderr);
  return root;
}

export const sandboxDir = (root: string) => path.join(root, '.gatewalk', 'sandbox', 'dev_min');
export const evidenceDir = (root: string, dir: string) => path.join(sandboxDir(root), 'evidence', dir);

export async function run(root: string, phase: string, extra: string[] = []): Promise<CliResult> {
  return gatewalk(root, ['run', phase, ...SB, ...extra]);
}

export async function states(root: string): Promise<{ code: number | null; states: Record<string, string>; stderr: string }> {
  const r = await gatewalk(root, ['status', ...SB, '--json']);
  const rows = r.stdout ? (JSON.parse(r.stdout) as Array<{ phase: string; state: string }>) : [];
  return { code: r.code, states: Object.fromEntries(rows.map((x) => [x.phase, x.state])), stderr: r.stderr };
}

/** Sealed evidence is read-only; an attacker with the same uid just makes it writable again. */
export async function forceWrite(file: string, text: string): Promise<void> {
  await chmod(path.dirname(file), 0o755);
  await chmod(file, 0o644);
  await writeFile(file, text);
}
