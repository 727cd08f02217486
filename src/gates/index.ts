import { attest } from './attest.js';
import { budgetsEnvelope } from './budgets-envelope.js';
import { ec2NoNatGateways } from './ec2-no-nat-gateways.js';
import { elbv2NoLoadBalancers } from './elbv2-no-load-balancers.js';
import { docsPinned } from './docs-pinned.js';
import { ecrImageDigest } from './ecr-image-digest.js';
import { ecsServices } from './ecs-services.js';
import { evidenceJson } from './evidence-json.js';
import type { AnyGate } from './gate.js';
import { iamBindings } from './iam-bindings.js';
import { iamRolesMaterialized } from './iam-roles-materialized.js';
import { iamSimulate } from './iam-simulate.js';
import { registryResolved } from './registry-resolved.js';
import { ssmParametersPresent } from './ssm-parameters-present.js';
import { stsIdentity } from './sts-identity.js';
import { taggingNoResources } from './tagging-no-resources.js';

/** Every gate kind, listed explicitly. A new kind is one file plus one line here. */
export const GATES: ReadonlyMap<string, AnyGate> = new Map<string, AnyGate>(
  [
    stsIdentity,
    iamRolesMaterialized,
    iamBindings,
    iamSimulate,
    ssmParametersPresent,
    ec2NoNatGateways,
    elbv2NoLoadBalancers,
    budgetsEnvelope,
    taggingNoResources,
    ecrImageDigest,
    ecsServices,
    docsPinned,
    evidenceJson,
    registryResolved,
    attest,
  ].map((g) => [g.kind, g as AnyGate]),
);
