import { dirname, resolve } from 'node:path';
import * as z from '../../../core/zod-mini.js';
import { GUARDRAIL_SCENARIO, materializeLoadBalancers } from './guardrail-state.js';
import { EcrState, EcsState, materializeEcr, materializeEcs } from './container-state.js';
import { materializeNatGateway, materializeParameter, materializeRole, NatGatewaySpec, ParameterSpec, RoleSpec } from './specs.js';
import { NAT_GATEWAY_ID, PARAMETER_NAME, ROLE_NAME, STATE_FORMAT, type SandboxState } from './state.js';
import { TerraformOutputSpecs, type TerraformOutputs } from '../workspace/terraform-outputs.js';
import { loadYamlFile } from './yaml-file.js';

// sandbox/<env>/scenario.yaml: the account a fresh sandbox starts from (identity, roles, SSM
// metadata, NAT gateways), the Terraform outputs that exist at that point, and the folder of evidence files
// earlier phases left behind.

export const ScenarioDoc = z.strictObject({
  env: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  description: z.optional(z.string()),
  account_id: z.string().check(z.regex(/^\d{12}$/, 'a 12-digit AWS account id')),
  region: z.string().check(z.regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as eu-west-2')),
  caller: z.strictObject({
    arn: z.string().check(z.regex(/^arn:aws[a-z-]*:(sts|iam)::\d{12}:.+$/, 'an STS or IAM principal ARN')),
    user_id: z.string().check(z.minLength(1)),
  }),
  roles: z._default(z.record(z.string().check(z.regex(ROLE_NAME, 'an IAM role name')), RoleSpec), {}),
  parameters: z._default(z.record(z.string().check(z.regex(PARAMETER_NAME, 'an SSM parameter name')), ParameterSpec), {}),
  nat_gateways: z._default(z.record(z.string().check(z.regex(NAT_GATEWAY_ID, 'a NAT gateway id such as nat-0a1b2c3d')), NatGatewaySpec), {}),
  ...GUARDRAIL_SCENARIO,
  ecr: z._default(EcrState, { repositories: {} }),
  ecs: z._default(EcsState, { clusters: {}, task_definitions: {} }),
  terraform: z._default(z.record(z.string().check(z.regex(/^[a-z0-9_-]+$/, 'a Terraform source name')), TerraformOutputSpecs), {}),
  evidence: z._default(z.string().check(z.minLength(1)), 'evidence').check(z.describe('folder (relative to this file) copied into the evidence root')),
  documents: z._default(z.string().check(z.minLength(1)), 'documents').check(z.describe('folder (relative to this file) of the authority documents, copied into the workspace')),
});
export type ScenarioDoc = z.infer<typeof ScenarioDoc>;

export interface Scenario {
  file: string;
  state: SandboxState;
  terraform: Record<string, TerraformOutputs>;
  evidenceDir: string;
  documentsDir: string;
}

export async function loadScenario(file: string, now = new Date()): Promise<Scenario> {
  const doc = await loadYamlFile(file, ScenarioDoc);
  const base = { account_id: doc.account_id, region: doc.region, caller: doc.caller };
  const state: SandboxState = {
    format: STATE_FORMAT,
    env: doc.env,
    ...base,
    roles: Object.fromEntries(Object.entries(doc.roles).map(([name, spec]) => [name, materializeRole(base, name, spec, now)])),
    parameters: Object.fromEntries(Object.entries(doc.parameters).map(([name, spec]) => [name, materializeParameter(base, spec, now)])),
    nat_gateways: Object.fromEntries(Object.entries(doc.nat_gateways).map(([id, spec]) => [id, materializeNatGateway(spec, now)])),
    load_balancers: materializeLoadBalancers(doc.load_balancers, now),
    budgets: doc.budgets,
    tagged_resources: doc.tagged_resources,
    ecr: materializeEcr(doc.ecr, now),
    ecs: materializeEcs(doc.ecs, now),
    applied_changes: [],
  };
  return { file, state, terraform: doc.terraform, evidenceDir: resolve(dirname(file), doc.evidence), documentsDir: resolve(dirname(file), doc.documents) };
}
