import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { replaceFileAtomic } from '../../../core/fs/durable-fs.js';
import { GatewalkError } from '../../../core/errors.js';
import { parseJsonText } from '../../../core/fs/read-file.js';
import { GUARDRAIL_STATE } from './guardrail-state.js';
import { EcrState, EcsState } from './container-state.js';
import { advice, cmd } from '../../../core/advice.js';

// The sandbox's account as one JSON document: identity, IAM roles, SSM parameter METADATA and
// NAT gateways.
// There is deliberately no field for a parameter value (law 6: secrets never leave AWS, and the
// sandbox never holds one to leak).

export const STATE_FORMAT = 'gatewalk.sandbox.state/v1';

/** The fix for any unreadable file of the sandbox workspace: they are all generated. */
export const RESET_HINT = advice`these files are generated: \`${cmd('sandbox', 'reset')}\` rebuilds the sandbox workspace from sandbox/<env>/ (re-apply your changes after it)`;

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const IAM_PATH = /^\/(?:[\x21-\x7E]+\/)?$/;
export const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
export const NAT_GATEWAY_ID = /^nat-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** A policy document: its grammar is checked by the evaluator (iam-simulate), not here. */
export const PolicyDocument = z.looseObject({
  Version: z.enum(['2012-10-17', '2008-10-17']).optional(),
  Statement: z.union([z.array(z.record(z.string(), z.unknown())).min(1), z.record(z.string(), z.unknown())], {
    error: 'a policy needs Statement: a list of statement objects (or one statement object)',
  }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const AttachedPolicy = z.strictObject({
  arn: z.string().regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, 'a managed policy ARN'),
  name: z.string().min(1),
  document: PolicyDocument,
});

export const RoleState = z.strictObject({
  path: z.string().regex(IAM_PATH, 'an IAM path such as / or /lanes/').default('/'),
  role_id: z.string().regex(/^AROA[A-Z0-9]{17}$/, 'AROA followed by 17 upper-case letters or digits'),
  create_date: z.iso.datetime(),
  description: z.string().optional(),
  max_session_duration: z.number().int().min(3600).max(43200).default(3600),
  assume_role_policy: PolicyDocument,
  inline_policies: z.record(z.string().min(1), PolicyDocument).default({}),
  attached_policies: z.array(AttachedPolicy).default([]),
  tags: z.record(z.string(), z.string()).default({}),
});
export type RoleState = z.infer<typeof RoleState>;

const NO_VALUES = 'the gatewalk sandbox stores SSM metadata only, never a parameter value: remove `value`';

export const ParameterState = z.strictObject({
  type: z.enum(['String', 'StringList', 'SecureString']),
  key_id: z.string().optional(),
  description: z.string().optional(),
  last_modified_date: z.iso.datetime(),
  last_modified_user: z.string().min(1),
  version: z.number().int().min(1).default(1),
  tier: z.enum(['Standard', 'Advanced', 'Intelligent-Tiering']).default('Standard'),
  data_type: z.enum(['text', 'aws:ec2:image', 'aws:ssm:integration']).default('text'),
  allowed_pattern: z.string().optional(),
  policies: z.array(z.strictObject({ PolicyText: z.string(), PolicyType: z.string(), PolicyStatus: z.string() })).default([]),
  tags: z.record(z.string(), z.string()).default({}),
  value: z.never({ error: NO_VALUES }).optional(),
});
export type ParameterState = z.infer<typeof ParameterState>;

export const NAT_GATEWAY_STATES = ['pending', 'failed', 'available', 'deleting', 'deleted'] as const;

/** A NAT gateway: just what DescribeNatGateways reports and ec2.no_nat_gateways judges. */
export const NatGatewayState = z.strictObject({
  vpc_id: z.string().regex(VPC_ID, 'a VPC id such as vpc-0a1b2c3d'),
  subnet_id: z.string().regex(SUBNET_ID, 'a subnet id such as subnet-0a1b2c3d'),
  state: z.enum(NAT_GATEWAY_STATES).default('available'),
  create_time: z.iso.datetime(),
});
export type NatGatewayState = z.infer<typeof NatGatewayState>;

export const AppliedChange = z.strictObject({ change: z.string(), applied_at: z.iso.datetime() });

export const SandboxState = z.strictObject({
  format: z.literal(STATE_FORMAT),
  env: z.string().regex(/^[a-z0-9_]+$/),
  account_id: z.string().regex(/^\d{12}$/),
  region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/),
  caller: z.strictObject({ arn: z.string().startsWith('arn:'), user_id: z.string().min(1) }),
  roles: z.record(z.string().regex(ROLE_NAME), RoleState),
  parameters: z.record(z.string().regex(PARAMETER_NAME), ParameterState),
  nat_gateways: z.record(z.string().regex(NAT_GATEWAY_ID), NatGatewayState).default({}),
  ...GUARDRAIL_STATE,
  ecr: EcrState.default({ repositories: {} }),
  ecs: EcsState.default({ clusters: {}, task_definitions: {} }),
  applied_changes: z.array(AppliedChange).default([]),
});
export type SandboxState = z.infer<typeof SandboxState>;

export function roleArn(state: Pick<SandboxState, 'account_id'>, name: string, role: Pick<RoleState, 'path'>): string {
  return `arn:aws:iam::${state.account_id}:role${role.path}${name}`;
}

export function parameterArn(state: Pick<SandboxState, 'account_id' | 'region'>, name: string): string {
  return `arn:aws:ssm:${state.region}:${state.account_id}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** Parses a state document; problems are reported with the file name and the JSON path. */
export function parseState(text: string, file: string): SandboxState {
  const raw = parseJsonText(text, file, RESET_HINT);
  const parsed = SandboxState.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  at ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new GatewalkError(`${file}: not a valid sandbox state\n${lines.join('\n')}`, RESET_HINT);
  }
  return parsed.data;
}

export async function readState(file: string): Promise<SandboxState> {
  return parseState(await readFile(file, 'utf8'), file);
}

export async function writeState(file: string, state: SandboxState): Promise<void> {
  // Validate before writing so a bad change can never leave an unreadable state behind.
  const checked = SandboxState.parse(state);
  await replaceFileAtomic(file, JSON.stringify(checked, null, 2) + '\n');
}
