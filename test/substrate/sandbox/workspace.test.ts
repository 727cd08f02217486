import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applySandboxChange,
  ensureSandbox,
  listSandboxChanges,
  readState,
  resetSandbox,
  sandboxStatus,
  sandboxWorkspacePaths,
  writeState,
} from '../../../src/substrate/sandbox/index.js';
import { ENV, EXECUTION_ROLE, iamClient, rejection, roleArn, SIX_PATHS, ssmArn, ssmClient, startHarness, tempRoot, type Harness } from './helpers.js';

const LANES = ['oracle-jobs', 'sr', 'wsp', 'ig', 'rtdl-core', 'decision-lane', 'case-label', 'reporter', 'env-conformance'];

describe('sandbox workspace', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('lays out the workspace apart from the operator files', async () => {
    const paths = sandboxWorkspacePaths(h.root, ENV);
    expect(paths.dir).toBe(join(h.root, '.gatewalk', 'sandbox', ENV));
    expect(await readFile(paths.registry)).toEqual(await readFile(paths.sourceRegistry));
    expect(JSON.parse(await readFile(paths.terraformOutputs('core'), 'utf8'))).toEqual({
      role_app_runtime_arn: { sensitive: false, type: 'string', value: roleArn('fraud-platform-dev-min-app-runtime') },
      role_ecs_task_execution_arn: { sensitive: false, type: 'string', value: EXECUTION_ROLE },
    });
    expect(await readdir(join(paths.evidence, 'm3', '20260213T221631Z'))).toEqual(['m3_run_pinning_snapshot.json', 'm4_handoff_pack.json', 'm4_runtime_scope_bundle.json']);
    const status = await sandboxStatus(h.root, ENV);
    expect(status.roles.map((r) => r.name)).toEqual(['fraud-platform-dev-min-app-runtime', 'fraud-platform-dev-min-ecs-task-execution']);
    expect(status.parameters).toHaveLength(7);
    expect(status.terraform).toEqual({ core: ['role_app_runtime_arn', 'role_ecs_task_execution_arn'] });
    expect(status.applied_changes).toEqual([]);
  });

  it('a running server sees a state file change without restart', async () => {
    const iam = iamClient(h.server);
    const before = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn) }));
    expect(before.EvaluationResults?.every((r) => r.EvalDecision === 'implicitDeny')).toBe(true);
    await applySandboxChange(h.root, ENV, 'grant-execution-role-secret-read');
    const after = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn) }));
    expect(after.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(Array(6).fill('allowed'));
    // A hand edit of state.json is seen too (the server compares mtime/inode on every call).
    const state = await readState(h.stateFile);
    delete state.parameters['/fraud-platform/dev_min/db/dsn'];
    await writeState(h.stateFile, state);
    const listed = await ssmClient(h.server).send(new DescribeParametersCommand({ MaxResults: 50 }));
    expect(listed.Parameters?.map((p) => p.Name)).not.toContain('/fraud-platform/dev_min/db/dsn');
  });

  it('materialize-lane-roles creates the nine lane roles and the demo outputs', async () => {
    const result = await applySandboxChange(h.root, ENV, 'materialize-lane-roles');
    expect(result.log).toContain('created role fraud-platform-dev-min-env-conformance');
    const iam = iamClient(h.server);
    for (const lane of LANES) {
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: `fraud-platform-dev-min-${lane}` }));
      expect(Role?.Arn).toBe(roleArn(`fraud-platform-dev-min-${lane}`));
    }
    const demo = JSON.parse(await readFile(sandboxWorkspacePaths(h.root, ENV).terraformOutputs('demo'), 'utf8'));
    const expected = Object.fromEntries(LANES.map((l) => [`role_${l.replace(/-/g, '_')}_arn`, { sensitive: false, type: 'string', value: roleArn(`fraud-platform-dev-min-${l}`) }]));
    expect(demo).toEqual(expected);
    const status = await sandboxStatus(h.root, ENV);
    expect(status.applied_changes.map((c) => c.change)).toEqual(['grant-execution-role-secret-read', 'materialize-lane-roles']);
  });

  it('drop-lane-roles undoes the materialization', async () => {
    await applySandboxChange(h.root, ENV, 'drop-lane-roles');
    const err = await rejection(iamClient(h.server).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-ig' })));
    expect(err.name).toBe('NoSuchEntityException');
    expect((await sandboxStatus(h.root, ENV)).terraform).toEqual({ core: ['role_app_runtime_arn', 'role_ecs_task_execution_arn'] });
  });

  it('an unknown change is refused with the list of available ones', async () => {
    const err = await rejection(applySandboxChange(h.root, ENV, 'materialise-lane-roles'));
    expect(err.message).toContain('unknown sandbox change "materialise-lane-roles"');
    expect(err.message).toContain('materialize-lane-roles');
    expect(err.message).toContain('grant-execution-role-secret-read');
    expect(err.message).toContain('drop-lane-roles');
    const names = (await listSandboxChanges(h.root, ENV)).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['materialize-lane-roles', 'grant-execution-role-secret-read', 'drop-lane-roles']));
  });

  it('reset restores the initial state and removes session files; the running server follows', async () => {
    const paths = sandboxWorkspacePaths(h.root, ENV);
    await applySandboxChange(h.root, ENV, 'materialize-lane-roles');
    await writeFile(paths.logbook, '{}\n');
    await writeFile(paths.implActual, '# record\n');
    const status = await resetSandbox(h.root, ENV);
    expect(status.roles).toHaveLength(2);
    expect(status.parameters).toHaveLength(7);
    expect(status.applied_changes).toEqual([]);
    expect(status.terraform).toEqual({ core: ['role_app_runtime_arn', 'role_ecs_task_execution_arn'] });
    await expect(readFile(paths.logbook)).rejects.toThrow(/ENOENT/);
    await expect(readFile(paths.implActual)).rejects.toThrow(/ENOENT/);
    const sim = await iamClient(h.server).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn) }));
    expect(sim.EvaluationResults?.every((r) => r.EvalDecision === 'implicitDeny')).toBe(true);
    const leftovers = (await readdir(join(h.root, '.gatewalk', 'sandbox'))).filter((n) => n !== ENV && n !== `.${ENV}.lock`);
    expect(leftovers).toEqual([]);
  });
});

describe('sandbox workspace recovery and validation', () => {
  it('ensureSandbox creates a missing workspace and leaves an existing one alone', async () => {
    const root = await tempRoot();
    const paths = await ensureSandbox(root, ENV);
    await applySandboxChange(root, ENV, 'materialize-lane-roles');
    await ensureSandbox(root, ENV);
    expect((await sandboxStatus(root, ENV)).applied_changes).toHaveLength(1);
    expect(paths.state).toBe(sandboxWorkspacePaths(root, ENV).state);
    await rm(root, { recursive: true, force: true });
  });

  it('concurrent applies (two terminals) are serialized: no change is lost', async () => {
    const root = await tempRoot();
    await ensureSandbox(root, ENV);
    await Promise.all([
      applySandboxChange(root, ENV, 'materialize-lane-roles'),
      applySandboxChange(root, ENV, 'grant-execution-role-secret-read'),
      applySandboxChange(root, ENV, 'drop-db-password-parameter'),
    ]);
    const status = await sandboxStatus(root, ENV);
    expect(status.applied_changes.map((c) => c.change).sort()).toEqual(['drop-db-password-parameter', 'grant-execution-role-secret-read', 'materialize-lane-roles']);
    expect(status.roles).toHaveLength(11);
    expect(status.parameters).toHaveLength(6);
    expect(status.roles.find((r) => r.name === 'fraud-platform-dev-min-ecs-task-execution')?.inline_policies).toEqual(['secret-read-drift']);
    await rm(root, { recursive: true, force: true });
  });

  it('a crash between the swap renames leaves the old workspace, restored on next use', async () => {
    const root = await tempRoot();
    const paths = await ensureSandbox(root, ENV);
    await applySandboxChange(root, ENV, 'materialize-lane-roles');
    // Simulate the crash: old workspace moved aside, new one never renamed into place.
    await rename(paths.dir, join(root, '.gatewalk', 'sandbox', `.${ENV}.old`));
    await mkdir(join(root, '.gatewalk', 'sandbox', `.${ENV}.staging-999-dead`), { recursive: true });
    await ensureSandbox(root, ENV);
    expect((await sandboxStatus(root, ENV)).applied_changes.map((c) => c.change)).toEqual(['materialize-lane-roles']);
    const entries = await readdir(join(root, '.gatewalk', 'sandbox'));
    expect(entries.filter((n) => !n.endsWith('.lock'))).toEqual([ENV]);
    await rm(root, { recursive: true, force: true });
  });

  it('reports scenario problems with file and line, and refuses parameter values', async () => {
    const root = await tempRoot();
    const file = join(root, 'sandbox', ENV, 'scenario.yaml');
    const text = await readFile(file, 'utf8');
    const broken = text.replace('    type: SecureString\n    key_id: alias/aws/ssm\n', '    type: SecureString\n    value: hunter2\n    key_id: alias/aws/ssm\n');
    expect(broken).not.toBe(text);
    await writeFile(file, broken);
    const err = await rejection(resetSandbox(root, ENV));
    expect(err.name).toBe('SandboxFileError');
    const line = broken.split('\n').findIndex((l) => l.includes('value: hunter2')) + 1;
    expect(err.message).toContain(`${file}:${line}:`);
    expect(err.message).toContain('stores SSM metadata only');
    await rm(root, { recursive: true, force: true });
  });

  it('reports a bad change file with file and line', async () => {
    const root = await tempRoot();
    const file = join(root, 'sandbox', ENV, 'changes', 'typo.yaml');
    await writeFile(file, 'description: a typo\nsteps:\n  - op: put_role\n    name: x\n    assume_role_policy: {}\n  - op: create_bucket\n');
    const err = await rejection(applySandboxChange(root, ENV, 'typo'));
    expect(err.name).toBe('SandboxFileError');
    expect(err.message).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: .*Statement`));
    expect(err.message).toMatch(/typo\.yaml:6:\d+: .*op/);
    await rm(root, { recursive: true, force: true });
  });
});
