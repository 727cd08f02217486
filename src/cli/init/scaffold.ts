import { GATES } from '../../gates/index.js';
import { GATE_EXAMPLES, type GateExample } from './gate-examples.js';

// The files `gatewalk init` writes: a registry, a runbook that uses the gate kinds live in two
// phases (and lists the rest as a commented phase), and a sandbox scenario in which both phases
// run green, so `gatewalk --sandbox` works before anything is pointed at a real account.

export interface ScaffoldOptions {
  env: string;
  program: string;
  region: string;
  /** `$schema` reference for each schema file name, relative to the YAML file's folder. */
  schemaRef: (schemaFile: string, fromDir: string) => string;
}

export interface ScaffoldFile {
  /** Relative to the program root, `/`-separated. */
  path: string;
  text: string;
}

const ACCOUNT = '123456789012';

interface PhasePlan {
  id: string;
  title: string;
  requires: string[];
  steps: Array<{ id: string; title: string; guidance: string; kinds: string[] }>;
}

/** The live part of the scaffold: every kind here runs green on the scaffold's sandbox. */
const PHASES: PhasePlan[] = [
  {
    id: 'foundation',
    title: 'Foundation: identity, pins and guardrails',
    requires: [],
    steps: [
      {
        id: 'identity',
        title: 'Operator identity and pinned handles',
        guidance: 'Checks run as the pinned operator role in the pinned account, and nothing they use is PENDING.',
        kinds: ['sts.identity', 'registry.resolved'],
      },
      {
        id: 'guardrails',
        title: 'Cost guardrail and CI evidence',
        guidance: 'No NAT gateway in the region; the latest CI build evidence is green.',
        kinds: ['ec2.no_nat_gateways', 'evidence.json'],
      },
    ],
  },
  {
    id: 'access',
    title: 'Access: roles, bindings and secrets',
    requires: ['foundation'],
    steps: [
      {
        id: 'roles',
        title: 'Roles materialized and bound',
        guidance: 'Every ROLE_* handle exists; every service runs as a pinned role equal to its Terraform output.',
        kinds: ['iam.roles_materialized', 'iam.bindings'],
      },
      {
        id: 'secrets',
        title: 'Secrets present, least privilege proven',
        guidance: 'The secret exists as a SecureString; only the app role may read it.',
        kinds: ['ssm.parameters_present', 'iam.simulate'],
      },
    ],
  },
];

const LIVE = new Set(PHASES.flatMap((p) => p.steps.flatMap((s) => s.kinds)));

/** Gate kinds the scaffold shows only as commented examples (every kind not used live). */
export function catalogueKinds(): string[] {
  return [...GATES.keys()].filter((k) => !LIVE.has(k));
}

function example(kind: string): GateExample {
  const ex = GATE_EXAMPLES[kind];
  if (ex) return ex;
  // A kind added without an example still appears (the init test insists on a real one).
  return {
    note: `${GATES.get(kind)?.summary ?? kind} (see the README's gate table for params)`,
    check: `id: ${kind.replace(/[^a-z0-9]+/g, '-')}\ngate: ${kind}\nparams: {}`,
    blocker: { code: 'GW-CHECK', meaning: 'check did not pass' },
  };
}

function renderCheck(kind: string, indent: string): string[] {
  const ex = example(kind);
  const [first, ...rest] = ex.check.split('\n');
  return [
    `${indent}# ${kind}: ${ex.note}`,
    `${indent}- ${first}`,
    ...rest.map((l) => `${indent}  ${l}`),
    `${indent}  blocker: ${ex.blocker.code}`,
  ];
}

function renderPhase(p: PhasePlan, evidenceDir: string): string[] {
  return [
    `  - id: ${p.id}`,
    `    title: ${JSON.stringify(p.title)}`,
    ...(p.requires.length ? [`    requires: [${p.requires.join(', ')}]`] : []),
    `    evidence_dir: ${evidenceDir}`,
    `    snapshot: ${evidenceDir}_verdict.json`,
    `    steps:`,
    ...p.steps.flatMap((s) => [
      `      - id: ${s.id}`,
      `        title: ${JSON.stringify(s.title)}`,
      `        guidance: ${JSON.stringify(s.guidance)}`,
      `        checks:`,
      ...s.kinds.filter((k) => GATES.has(k)).flatMap((k) => renderCheck(k, '          ')),
    ]),
  ];
}

export function runbookText(o: ScaffoldOptions): string {
  const more = catalogueKinds();
  const codes = new Map<string, string>();
  for (const k of [...LIVE, ...more]) codes.set(example(k).blocker.code, example(k).blocker.meaning);
  const catalogue: PhasePlan = {
    id: 'more',
    title: 'More gate kinds',
    requires: ['access'],
    steps: [{ id: 'examples', title: 'Examples to copy from', guidance: 'One check per gate kind not used above.', kinds: more }],
  };
  return [
    `# yaml-language-server: $schema=${o.schemaRef('runbook.schema.json', 'runbooks')}`,
    '#',
    `# ${o.program}: phases → steps → checks. A phase closes green only when every check passes`,
    '# (blockers == []); `requires` makes phases close in order. Params reference registry handles',
    '# as ${HANDLE}; ${HANDLE.arn} turns an ssm_parameter path into its ARN, ${HANDLE.name} an',
    '# iam_role ARN into its role name. `gatewalk validate` checks this file; `gatewalk --sandbox`',
    '# runs it against the scenario in sandbox/.',
    `program: ${o.program}`,
    `title: ${o.program}`,
    `env: ${o.env}`,
    '',
    '# Blocker codebook: a failing check raises its code; every blocker in a verdict says what to fix.',
    'blockers:',
    ...[...codes].map(([c, m]) => `  ${c}: ${m}`),
    '',
    'phases:',
    ...PHASES.flatMap((p) => [...renderPhase(p, p.id), '']),
    '  # ─── More gate kinds ─────────────────────────────────────────────────────────────────────',
    '  # Copy a check below into a step above, or uncomment the whole phase.',
    ...renderPhase(catalogue, 'more').map((l) => `  # ${l.slice(2)}`),
    '',
  ].join('\n');
}

export function registryText(o: ScaffoldOptions): string {
  const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${o.env.replace(/_/g, '-')}-${name}`;
  return `# yaml-language-server: $schema=${o.schemaRef('registry.schema.json', 'registry')}
#
# ${o.env}: the pinned facts ("handles") of this environment. Checks read every value from here;
# gatewalk never guesses. Once the program is in use, change a pin through a recorded repin
# (\`gatewalk run PHASE --repin HANDLE=VALUE --reason TEXT\`), not by hand.
# Replace the example account, role and parameter values with your own.
env: ${o.env}
title: ${o.env} handles registry

# Which documents are authoritative (rank 1 is the highest). When two documents pin a handle
# differently, the higher rank wins and the decision is logged; the same rank STOPs the run.
authority:
  self: ${o.env}_registry
  documents:
    - id: ${o.env}_registry
      rank: 1
      path: registry/${o.env}.yaml

# Where gatewalk writes (relative to this repository). Sandbox runs write under .gatewalk/ instead.
paths:
  evidence_root: runs/${o.env}
  logbook: records/${o.env}.logbook.jsonl
  impl_actual: records/${o.env}.impl_actual.md

# \`terraform output -json > <path>\` of each state; handles name the output that offers their value.
terraform:
  sources:
    core:
      path: infra/terraform/${o.env}/outputs.json

handles:
  ACCOUNT_ID:
    kind: account_id
    value: "${ACCOUNT}"
  REGION:
    kind: region
    value: ${o.region}
  OPERATOR_ROLE_NAME:
    kind: string
    value: gatewalk-operator
    description: the role operators (and CI) assume to run the checks
  ROLE_APP:
    kind: iam_role
    value: ${arn('app')}
    description: the application's task role; the only reader of the app secret
    terraform: { source: core, output: role_app_arn }
  ROLE_TASK_EXECUTION:
    kind: iam_role
    value: ${arn('task-execution')}
    description: pulls images and writes logs; reads no secret
    terraform: { source: core, output: role_task_execution_arn }
  SSM_APP_SECRET_PATH:
    kind: ssm_parameter
    value: /${o.env}/app/secret
    description: SecureString; gatewalk reads its metadata only, never the value
  # The image digest CI pushed (ecr.image_digest pins the tag to it): a PENDING PIN until then.
  IMAGE_DIGEST:
    kind: string
    pending: true
    description: sha256 digest of the released image
  # A PENDING PIN: a value you do not know yet (e.g. a role Terraform has not created). Checks
  # that use it fail closed; when Terraform offers a value the run STOPs until you repin.
  # ROLE_WORKER:
  #   kind: iam_role
  #   pending: true
  #   role_name: ${o.env.replace(/_/g, '-')}-worker
  #   terraform: { source: core, output: role_worker_arn }

# Services and the role each runs as (iam.bindings checks them).
services:
  SVC_APP: { role: ROLE_APP, lane: app, entrypoint: app }
`;
}
