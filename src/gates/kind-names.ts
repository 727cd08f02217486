// The names of every gate kind, without loading the kinds (and zod with them): what commands that
// only count or list kinds need. test/gates/kind-names.test.ts keeps it equal to GATES in index.ts.
export const GATE_KIND_NAMES: readonly string[] = [
  'sts.identity',
  'iam.roles_materialized',
  'iam.bindings',
  'iam.simulate',
  'ssm.parameters_present',
  'ec2.no_nat_gateways',
  'elbv2.no_load_balancers',
  'budgets.envelope',
  'tagging.no_resources',
  'ecr.image_digest',
  'ecs.services',
  'docs.pinned',
  'evidence.json',
  'registry.resolved',
  'attest',
];
