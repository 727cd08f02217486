import { basename } from 'node:path';
import * as z from '../../../core/zod-mini.js';
import { GatewalkError } from '../../../core/errors.js';
import { applyGuardrailStep, GUARDRAIL_STEPS, type GuardrailStep } from './guardrail-changes.js';
import { findRole } from '../services/iam-roles.js';
import { applyContainerStep, CONTAINER_STEPS, type ContainerStep } from './container-changes.js';

/** Ops the guardrail step family handles (the rest of the default branch is the container family). */
const GUARDRAIL_OPS: ReadonlySet<string> = new Set(GUARDRAIL_STEPS.map((s) => s.shape.op._zod.def.values[0] as string));
import { materializeNatGateway, materializeParameter, materializeRole, NatGatewaySpec, ParameterSpec, RoleSpec } from './specs.js';
import { NAT_GATEWAY_ID, PARAMETER_NAME, PolicyDocument, ROLE_NAME, type SandboxState } from './state.js';
import { TerraformOutputSpecs, type TerraformOutputs } from '../workspace/terraform-outputs.js';
import { loadYamlFile } from './yaml-file.js';
import { advice, cmd } from '../../../core/advice.js';

// sandbox/<env>/changes/<name>.yaml: a named change to the sandbox account, applied the way
// `terraform apply` would apply it, from another terminal while a session runs. Steps run in
// order; every step is idempotent, so applying a change twice converges to the same account.

const RoleName = z.string().check(z.regex(ROLE_NAME, 'an IAM role name'));
const SourceName = z.string().check(z.regex(/^[a-z0-9_-]+$/, 'a Terraform source name'));
/** A path inside the workspace's documents folder: relative, no `..`. */
const DocumentPath = z.string().check(z.regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./-]+$/, 'a relative path without ..'));

export const ChangeStep = z.discriminatedUnion('op', [
  z.extend(RoleSpec, { op: z.literal('put_role'), name: RoleName }),
  z.strictObject({ op: z.literal('delete_role'), name: RoleName }),
  z.strictObject({ op: z.literal('put_role_policy'), role: RoleName, policy_name: z.string().check(z.minLength(1)), document: PolicyDocument }),
  z.strictObject({ op: z.literal('delete_role_policy'), role: RoleName, policy_name: z.string().check(z.minLength(1)) }),
  z.extend(ParameterSpec, { op: z.literal('put_parameter'), name: z.string().check(z.regex(PARAMETER_NAME, 'an SSM parameter name')) }),
  z.strictObject({ op: z.literal('delete_parameter'), name: z.string().check(z.regex(PARAMETER_NAME)) }),
  z.extend(NatGatewaySpec, { op: z.literal('put_nat_gateway'), id: z.string().check(z.regex(NAT_GATEWAY_ID, 'a NAT gateway id such as nat-0a1b2c3d')) }),
  z.strictObject({ op: z.literal('delete_nat_gateway'), id: z.string().check(z.regex(NAT_GATEWAY_ID, 'a NAT gateway id')) }),
  ...CONTAINER_STEPS,
  z.strictObject({ op: z.literal('write_document'), path: DocumentPath, text: z.string() }),
  z.strictObject({ op: z.literal('delete_document'), path: DocumentPath }),
  z.strictObject({ op: z.literal('set_terraform_outputs'), source: SourceName, outputs: TerraformOutputSpecs }),
  z.strictObject({
    op: z.literal('remove_terraform_outputs'),
    source: SourceName,
    names: z.optional(z.array(z.string())).check(z.describe('omit to remove the whole outputs file of the source')),
  }),
  ...GUARDRAIL_STEPS,
]);
export type ChangeStep = z.infer<typeof ChangeStep>;

export const ChangeDoc = z.strictObject({
  description: z.string().check(z.minLength(1)),
  steps: z.array(ChangeStep).check(z.minLength(1)),
});
export type ChangeDoc = z.infer<typeof ChangeDoc>;

export const CHANGE_NAME = /^[a-z0-9][a-z0-9-]*$/;

export async function loadChange(file: string): Promise<ChangeDoc> {
  return loadYamlFile(file, ChangeDoc);
}

/** Terraform sources a change touches, so the caller can load their current outputs first. */
export function terraformSources(change: ChangeDoc): string[] {
  return [...new Set(change.steps.flatMap((s) => ('source' in s ? [s.source] : [])))];
}

export interface AppliedChange {
  state: SandboxState;
  /** Outputs per touched source after the change; undefined: the outputs file is removed. */
  terraform: Map<string, TerraformOutputs | undefined>;
  /** Authority documents to write (text) or delete (undefined), by path under the documents folder. */
  documents: Map<string, string | undefined>;
  log: string[];
}

/** Pure: applies the steps to copies of the state and outputs, and records the change in the state. */
export function applyChange(
  name: string,
  file: string,
  change: ChangeDoc,
  current: SandboxState,
  outputs: Map<string, TerraformOutputs | undefined>,
  now: Date,
): AppliedChange {
  const state: SandboxState = structuredClone(current);
  const terraform = new Map([...outputs].map(([k, v]) => [k, v && { ...v }]));
  const log: string[] = [];
  const documents = new Map<string, string | undefined>();
  change.steps.forEach((step, i) => {
    const fail = (message: string) => new GatewalkError(`${basename(file)}: step ${i + 1} (${step.op}): ${message}`, advice`fix the change file, or \`${cmd('sandbox', 'reset')}\` and apply the changes in order`);
    switch (step.op) {
      case 'put_role': {
        const { op: _op, name: roleName, ...spec } = step;
        const existing = findRole(state, roleName);
        if (existing && existing[0] !== roleName) delete state.roles[existing[0]];
        state.roles[roleName] = materializeRole(state, roleName, spec, now, existing?.[1]);
        log.push(`${existing ? 'updated' : 'created'} role ${roleName}`);
        break;
      }
      case 'delete_role': {
        const existing = findRole(state, step.name);
        if (existing) delete state.roles[existing[0]];
        log.push(existing ? `deleted role ${step.name}` : `role ${step.name} already absent`);
        break;
      }
      case 'put_role_policy': {
        const existing = findRole(state, step.role);
        if (!existing) throw fail(`role ${step.role} does not exist (create it first with put_role)`);
        existing[1].inline_policies[step.policy_name] = step.document;
        log.push(`put inline policy ${step.policy_name} on role ${existing[0]}`);
        break;
      }
      case 'delete_role_policy': {
        const existing = findRole(state, step.role);
        const had = existing !== undefined && step.policy_name in existing[1].inline_policies;
        if (had) delete existing[1].inline_policies[step.policy_name];
        log.push(had ? `deleted inline policy ${step.policy_name} from role ${step.role}` : `inline policy ${step.policy_name} already absent from ${step.role}`);
        break;
      }
      case 'put_parameter': {
        const { op: _op, name: paramName, ...spec } = step;
        const existing = state.parameters[paramName];
        state.parameters[paramName] = materializeParameter(state, spec, now, existing);
        log.push(`${existing ? 'updated' : 'created'} parameter ${paramName} (metadata only)`);
        break;
      }
      case 'delete_parameter': {
        const had = step.name in state.parameters;
        delete state.parameters[step.name];
        log.push(had ? `deleted parameter ${step.name}` : `parameter ${step.name} already absent`);
        break;
      }
      case 'put_nat_gateway': {
        const { op: _op, id, ...spec } = step;
        const existing = state.nat_gateways[id];
        state.nat_gateways[id] = materializeNatGateway(spec, now, existing);
        log.push(`${existing ? 'updated' : 'created'} NAT gateway ${id} in ${spec.vpc_id} (${state.nat_gateways[id]!.state})`);
        break;
      }
      case 'delete_nat_gateway': {
        const had = step.id in state.nat_gateways;
        delete state.nat_gateways[step.id];
        log.push(had ? `deleted NAT gateway ${step.id}` : `NAT gateway ${step.id} already absent`);
        break;
      }
      case 'set_terraform_outputs': {
        terraform.set(step.source, { ...(terraform.get(step.source) ?? {}), ...step.outputs });
        log.push(`wrote Terraform outputs ${Object.keys(step.outputs).join(', ')} of source ${step.source}`);
        break;
      }
      case 'remove_terraform_outputs': {
        const before = terraform.get(step.source);
        if (step.names === undefined) {
          terraform.set(step.source, undefined);
        } else if (before) {
          terraform.set(step.source, Object.fromEntries(Object.entries(before).filter(([k]) => !step.names!.includes(k))));
        }
        log.push(step.names ? `removed Terraform outputs ${step.names.join(', ')} of source ${step.source}` : `removed all Terraform outputs of source ${step.source}`);
        break;
      }
      case 'write_document':
        documents.set(step.path, step.text);
        log.push(`wrote document ${step.path}`);
        break;
      case 'delete_document':
        documents.set(step.path, undefined);
        log.push(`deleted document ${step.path}`);
        break;
      default:
        try {
          log.push(GUARDRAIL_OPS.has(step.op) ? applyGuardrailStep(step as GuardrailStep, state, now) : applyContainerStep(state, step as ContainerStep, now));
        } catch (e) {
          throw fail((e as Error).message);
        }
    }
  });
  state.applied_changes.push({ change: name, applied_at: now.toISOString() });
  return { state, terraform, documents, log };
}
