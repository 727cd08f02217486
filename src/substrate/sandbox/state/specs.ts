import * as z from '../../../core/zod-mini.js';
import { deriveRoleId } from '../services/role-id.js';
import { NatGatewayState, ParameterState, RoleState, type SandboxState } from './state.js';

// How scenario and change files describe roles and parameters: the state's shape, minus what the
// sandbox can fill in (role ids, dates, who modified a parameter, the default KMS key).

export const RoleSpec = z.partial(RoleState, { role_id: true, create_date: true });
export type RoleSpec = z.infer<typeof RoleSpec>;

export const ParameterSpec = z.partial(ParameterState, { last_modified_date: true, last_modified_user: true });
export type ParameterSpec = z.infer<typeof ParameterSpec>;

export const NatGatewaySpec = z.partial(NatGatewayState, { create_time: true });
export type NatGatewaySpec = z.infer<typeof NatGatewaySpec>;

/** A NAT gateway as stored; an existing one keeps its creation time. */
export function materializeNatGateway(spec: NatGatewaySpec, now: Date, existing?: NatGatewayState): NatGatewayState {
  return { ...spec, create_time: spec.create_time ?? existing?.create_time ?? isoSeconds(now) };
}

/** A role as stored; an existing role keeps its id and creation date (an in-place update). */
export function materializeRole(
  state: Pick<SandboxState, 'account_id'>,
  name: string,
  spec: RoleSpec,
  now: Date,
  existing?: RoleState,
): RoleState {
  return {
    ...spec,
    role_id: spec.role_id ?? existing?.role_id ?? deriveRoleId(state.account_id, name),
    create_date: spec.create_date ?? existing?.create_date ?? isoSeconds(now),
  };
}

/** A parameter as stored; rewriting an existing one bumps its version as PutParameter does. */
export function materializeParameter(
  state: Pick<SandboxState, 'caller'>,
  spec: ParameterSpec,
  now: Date,
  existing?: ParameterState,
): ParameterState {
  return {
    ...spec,
    key_id: spec.key_id ?? (spec.type === 'SecureString' ? 'alias/aws/ssm' : undefined),
    last_modified_date: spec.last_modified_date ?? isoSeconds(now),
    last_modified_user: spec.last_modified_user ?? state.caller.arn,
    version: existing ? Math.max(spec.version, existing.version + 1) : spec.version,
  };
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
