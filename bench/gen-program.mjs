// Generates a synthetic program repository: ROLES roles, PARAMS SSM parameters, PHASES phases, with
// its sandbox scenario. Files are JSON, which is YAML. Usage (also imported by synthetic.mjs):
//   node bench/gen-program.mjs DIR [roles=200] [params=49] [phases=20]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BIG = { env: 'big_stage', account: '777788889999', region: 'eu-central-1' };

export function generateProgram(dir, roles = 200, params = 49, phases = 20) {
  const { env, account, region } = BIG;
  const pad = (n) => String(n).padStart(3, '0');
  const roleName = (i) => `big-stage-role-${pad(i)}`;
  const roleArn = (i) => `arn:aws:iam::${account}:role/${roleName(i)}`;
  const paramPath = (i) => `/big/stage/p${pad(i)}`;
  const handles = {
    BIG_ACCOUNT: { kind: 'account_id', value: account },
    BIG_REGION: { kind: 'region', value: region },
    DEPLOYER: { kind: 'string', value: 'big-stage-deployer' },
  };
  for (let i = 0; i < roles; i++) handles[`ROLE_${pad(i)}`] = { kind: 'iam_role', value: roleArn(i) };
  for (let i = 0; i < params; i++) handles[`P${pad(i)}_PARAM`] = { kind: 'ssm_parameter', value: paramPath(i) };
  const services = {};
  for (let i = 0; i < roles; i++) services[`SVC_${pad(i)}`] = { role: `ROLE_${pad(i)}`, lane: `lane${i % 10}` };
  const registry = {
    env,
    title: 'synthetic benchmark program',
    authority: { self: 'big_handles', documents: [{ id: 'big_handles', rank: 1, path: 'docs/handles.md' }] },
    paths: { evidence_root: 'evidence', logbook: 'ops/big.logbook.jsonl', impl_actual: 'ops/big.impl_actual.md' },
    handles,
    services,
  };
  // Phase 1 checks everything live; every phase simulates its own slice of 10 principals reading 3 parameters.
  const simulate = (from, n) => ({
    id: `secret-read-${pad(from)}`,
    gate: 'iam.simulate',
    params: {
      actions: ['ssm:GetParameter'],
      resources: [0, 1, 2].map((k) => `\${P${pad(k)}_PARAM.arn}`),
      cases: Array.from({ length: n }, (_, j) => from + j)
        .filter((i) => i < roles)
        .map((i) => ({ label: `r${pad(i)}`, principal: `\${ROLE_${pad(i)}}`, expect: i % 2 ? 'implicitDeny' : 'allowed' })),
    },
  });
  const phaseList = [];
  for (let p = 1; p <= phases; p++) {
    const steps = [
      {
        id: 'handles',
        title: 'Handles pinned',
        checks: [{ id: 'pinned', gate: 'registry.resolved', params: { handles: ['ROLE_*', '*_PARAM'] } }],
      },
    ];
    if (p === 1) {
      steps.unshift({
        id: 'who',
        title: 'Operator identity',
        checks: [{ id: 'caller', gate: 'sts.identity', params: { account: '${BIG_ACCOUNT}' } }],
      });
      steps.push(
        {
          id: 'params',
          title: 'Parameters present',
          checks: [{ id: 'present', gate: 'ssm.parameters_present', params: { handles: ['*_PARAM'] } }],
        },
        { id: 'roles', title: 'Roles exist', checks: [{ id: 'exist', gate: 'iam.roles_materialized', params: { handles: ['ROLE_*'] } }] },
        { id: 'bindings', title: 'Bindings', checks: [{ id: 'bound', gate: 'iam.bindings', params: { services: ['SVC_*'] } }] },
      );
    }
    steps.push({
      id: 'access',
      title: 'Least privilege',
      checks: [simulate(((p - 1) * 10) % roles, 10), simulate(((p - 1) * 10 + 5) % roles, 10)],
    });
    phaseList.push({ id: `P${p}`, title: `Phase ${p}`, evidence_dir: `p${p}`, snapshot: `p${p}_verdict.json`, steps });
  }
  const runbook = { program: 'big_program', title: 'Synthetic benchmark program', env, blockers: {}, phases: phaseList };
  const scenario = {
    env,
    description: 'synthetic benchmark account',
    account_id: account,
    region,
    caller: {
      arn: `arn:aws:sts::${account}:assumed-role/big-stage-deployer/gatewalk-sandbox`,
      user_id: 'AROAEXAMPLEBIGSTAGE:gatewalk-sandbox',
    },
    roles: Object.fromEntries(
      Array.from({ length: roles }, (_, i) => [
        roleName(i),
        {
          description: `role ${i}`,
          create_date: '2026-03-01T10:00:00Z',
          assume_role_policy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          ...(i % 2 === 0
            ? {
                inline_policies: {
                  read: {
                    Version: '2012-10-17',
                    Statement: [
                      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:${region}:${account}:parameter/big/stage/*` },
                    ],
                  },
                },
              }
            : {}),
        },
      ]),
    ),
    parameters: Object.fromEntries(
      Array.from({ length: params }, (_, i) => [
        paramPath(i),
        {
          type: 'SecureString',
          key_id: 'alias/aws/ssm',
          last_modified_date: '2026-03-01T10:05:00Z',
          last_modified_user: `arn:aws:sts::${account}:assumed-role/big-stage-deployer/terraform`,
        },
      ]),
    ),
  };
  const write = (file, doc) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(doc, null, 1) + '\n');
  };
  write(`registry/${env}.yaml`, registry);
  write('runbooks/big_program.yaml', runbook);
  write(`sandbox/${env}/scenario.yaml`, scenario);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, roles, params, phases] = process.argv.slice(2);
  if (!dir) throw new Error('usage: node bench/gen-program.mjs DIR [roles] [params] [phases]');
  generateProgram(dir, Number(roles ?? 200), Number(params ?? 49), Number(phases ?? 20));
  console.log(`wrote ${dir}`);
}
