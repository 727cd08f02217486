import type { AnyGate } from './gate.js';

// Each gate kind's module, loaded when a phase uses it. From sources a run builds only the
// parameter schemas of the kinds its phase checks. In the build the kinds ride in the run's own
// chunk (scripts/chunk-groups.mjs), so loading it builds every kind's schema; a chunk per kind,
// building only the kinds used, measured no faster (2026-12-02: 548 against 536 ms of CPU for a
// green M4.C). Validation, the JSON schema export and `init` still take every kind from GATES
// (index.ts); test/gates/kind-names.test.ts keeps the three lists equal.
export const GATE_LOADERS: ReadonlyMap<string, () => Promise<AnyGate>> = new Map<string, () => Promise<AnyGate>>([
  ['sts.identity', async () => (await import('./sts-identity.js')).stsIdentity as AnyGate],
  ['iam.roles_materialized', async () => (await import('./iam-roles-materialized.js')).iamRolesMaterialized as AnyGate],
  ['iam.bindings', async () => (await import('./iam-bindings.js')).iamBindings as AnyGate],
  ['iam.simulate', async () => (await import('./iam-simulate.js')).iamSimulate as AnyGate],
  ['ssm.parameters_present', async () => (await import('./ssm-parameters-present.js')).ssmParametersPresent as AnyGate],
  ['ec2.no_nat_gateways', async () => (await import('./ec2-no-nat-gateways.js')).ec2NoNatGateways as AnyGate],
  ['elbv2.no_load_balancers', async () => (await import('./elbv2-no-load-balancers.js')).elbv2NoLoadBalancers as AnyGate],
  ['budgets.envelope', async () => (await import('./budgets-envelope.js')).budgetsEnvelope as AnyGate],
  ['tagging.no_resources', async () => (await import('./tagging-no-resources.js')).taggingNoResources as AnyGate],
  ['ecr.image_digest', async () => (await import('./ecr-image-digest.js')).ecrImageDigest as AnyGate],
  ['ecs.services', async () => (await import('./ecs-services.js')).ecsServices as AnyGate],
  ['docs.pinned', async () => (await import('./docs-pinned.js')).docsPinned as AnyGate],
  ['evidence.json', async () => (await import('./evidence-json.js')).evidenceJson as AnyGate],
  ['registry.resolved', async () => (await import('./registry-resolved.js')).registryResolved as AnyGate],
  ['attest', async () => (await import('./attest.js')).attest as AnyGate],
]);

/** The gates of these kinds; a kind gatewalk does not know is left out (its checks run as `error`). */
export async function loadGates(kinds: Iterable<string>): Promise<ReadonlyMap<string, AnyGate>> {
  const known = [...new Set(kinds)].filter((k) => GATE_LOADERS.has(k));
  return new Map(await Promise.all(known.map(async (k) => [k, await GATE_LOADERS.get(k)!()] as const)));
}
