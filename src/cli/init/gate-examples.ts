// One example check per gate kind, written against the handles `gatewalk init` scaffolds. The
// scaffold's runbook uses the live ones in its two phases and lists the others as a commented
// phase to copy from; test/cli/init.test.ts fails when a kind in src/gates/index.ts has none here.

export interface GateExample {
  /** One line saying what the check proves (becomes a YAML comment). */
  note: string;
  /** The check as YAML, without the leading `- ` (indentation added when rendered). */
  check: string;
  blocker: { code: string; meaning: string };
}

export const GATE_EXAMPLES: Readonly<Record<string, GateExample>> = {
  'sts.identity': {
    note: 'who is checking: the caller is the pinned account, acting as the operator role',
    check: `id: caller
gate: sts.identity
params:
  account: \${ACCOUNT_ID}
  arn_pattern: "arn:aws:sts::\${ACCOUNT_ID}:assumed-role/\${OPERATOR_ROLE_NAME}/*"`,
    blocker: { code: 'ID-B1', meaning: 'operator identity is not the pinned account / operator role' },
  },
  'registry.resolved': {
    note: 'every handle the phase relies on is pinned: no PENDING PIN, no unknown name',
    check: `id: handles-pinned
gate: registry.resolved
params: { handles: [ACCOUNT_ID, REGION, "ROLE_*", "SSM_*_PATH"] }`,
    blocker: { code: 'REG-B1', meaning: 'handles unresolved (PENDING PIN or unknown)' },
  },
  'ec2.no_nat_gateways': {
    note: 'cost guardrail: no NAT gateway (pending or available) in the region; add `vpcs: [vpc-…]` to narrow it',
    check: `id: no-nat
gate: ec2.no_nat_gateways
params: {}`,
    blocker: { code: 'NET-B1', meaning: 'a NAT gateway exists (network/cost guardrail)' },
  },
  'evidence.json': {
    note: 'a JSON file under the evidence root (`*` = latest stamp folder) and assertions on it',
    check: `id: ci-build
gate: evidence.json
params:
  path: ci/*/build.json
  assert:
    - /overall_pass == true
    - /image_tag =~ ^git-[0-9a-f]{7,40}$`,
    blocker: { code: 'EVD-B1', meaning: 'CI build evidence missing or not green' },
  },
  'iam.roles_materialized': {
    note: 'each selected iam_role handle exists as a real role (a PENDING PIN fails)',
    check: `id: roles-exist
gate: iam.roles_materialized
params: { handles: ["ROLE_*"] }`,
    blocker: { code: 'IAM-B1', meaning: 'roles not materialized' },
  },
  'iam.bindings': {
    note: "each service's role handle is pinned, exists, and equals its Terraform output",
    check: `id: service-bindings
gate: iam.bindings
params: { services: ["SVC_*"] }`,
    blocker: { code: 'IAM-B2', meaning: 'service → role bindings invalid' },
  },
  'ssm.parameters_present': {
    note: 'each selected ssm_parameter handle exists as a SecureString (metadata only, never the value)',
    check: `id: secrets-present
gate: ssm.parameters_present
params: { handles: ["SSM_*_PATH"] }`,
    blocker: { code: 'SSM-B1', meaning: 'secret parameters missing or not SecureString' },
  },
  'iam.simulate': {
    note: 'least privilege by IAM policy simulation: who may read the secret, who may not',
    check: `id: secret-read
gate: iam.simulate
params:
  actions: ["ssm:GetParameter"]
  resources: ["\${SSM_APP_SECRET_PATH.arn}"]
  cases:
    - { label: app, principal: "\${ROLE_APP}", expect: allowed }
    - { label: task_execution, principal: "\${ROLE_TASK_EXECUTION}", expect: implicitDeny }`,
    blocker: { code: 'IAM-B3', meaning: 'least privilege not proven by simulation' },
  },
  attest: {
    note: 'a manual gate: the operator attests pass/fail with a note (headless: --attest STEP=pass:"note")',
    check: `id: runbook-reviewed
gate: attest
params: { prompt: "The rollback plan for this phase is written down and reviewed." }`,
    blocker: { code: 'OPS-B1', meaning: 'operator attestation missing or failed' },
  },
  'elbv2.no_load_balancers': {
    note: 'cost guardrail: no load balancer left running, except ones tagged as demo-scoped',
    check: `id: no-load-balancers
gate: elbv2.no_load_balancers
params: { allow_tag: { key: lifetime, value: demo } }`,
    blocker: { code: 'NET-B2', meaning: 'a load balancer is running outside a demo (cost guardrail)' },
  },
  'budgets.envelope': {
    note: 'cost guardrail: the monthly budget, its alert ladder, and spend under the cap',
    check: `id: budget
gate: budgets.envelope
params:
  account_id: \${ACCOUNT_ID}
  budget_name: monthly-cap
  limit: { amount: 30, currency: GBP }
  thresholds: [10, 20, 28]`,
    blocker: { code: 'COST-B1', meaning: 'budget envelope missing, changed, or spend over the cap' },
  },
  'tagging.no_resources': {
    note: 'teardown proof: nothing in the region still carries the demo tag',
    check: `id: no-demo-resources
gate: tagging.no_resources
params: { tag: { key: lifetime, value: demo } }`,
    blocker: { code: 'TD-B1', meaning: 'demo resources remain after teardown' },
  },
  'ecr.image_digest': {
    note: 'the pinned tag resolves to the pinned digest and tags are IMMUTABLE (another digest STOPs)',
    check: `id: image-digest
gate: ecr.image_digest
params: { repository: app, tag: "git-0000000", digest_handle: IMAGE_DIGEST }`,
    blocker: { code: 'IMG-B1', meaning: 'image tag does not resolve to the pinned digest' },
  },
  'ecs.services': {
    note: 'the services run on ECS as their bound roles (expect: stopped proves a teardown)',
    check: `id: services-running
gate: ecs.services
params: { cluster: app, services: ["SVC_*"], expect: stopped }`,
    blocker: { code: 'RUN-B1', meaning: 'services not in the expected state on ECS' },
  },
  'docs.pinned': {
    note: 'each authority document exists and matches the hash its sha256_pin handle pins',
    check: `id: docs-pinned
gate: docs.pinned
params: {}`,
    blocker: { code: 'DOC-B1', meaning: 'an authority document is missing or changed' },
  },
};
