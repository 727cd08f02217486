import { readFile } from 'node:fs/promises';
import * as z from '../../../core/zod-mini.js';
import { replaceFileAtomic } from '../../../core/fs/durable-fs.js';
import { GatewalkError } from '../../../core/errors.js';
import { parseJsonText } from '../../../core/fs/read-file.js';
import { GUARDRAIL_STATE } from './guardrail-state.js';
import { EcrState, EcsState } from './container-state.js';
import { RESET_HINT } from './reset-hint.js';
import { vouchForState, type VouchOptions } from './state-vouch.js';

// The sandbox's account as one JSON document: identity, IAM roles, SSM parameter METADATA and
// NAT gateways.
// There is deliberately no field for a parameter value (law 6: secrets never leave AWS, and the
// sandbox never holds one to leak).

export const STATE_FORMAT = 'gatewalk.sandbox.state/v1';

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const IAM_PATH = /^\/(?:[\x21-\x7E]+\/)?$/;
export const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]{1,2048}$/;
export const NAT_GATEWAY_ID = /^nat-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
export const SUBNET_ID = /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** A policy document: its grammar is checked by the evaluator (iam-simulate), not here. */
export const PolicyDocument = z.looseObject({
  Version: z.optional(z.enum(['2012-10-17', '2008-10-17'])),
  Statement: z.union([z.array(z.record(z.string(), z.unknown())).check(z.minLength(1)), z.record(z.string(), z.unknown())], {
    error: 'a policy needs Statement: a list of statement objects (or one statement object)',
  }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;

export const AttachedPolicy = z.strictObject({
  arn: z.string().check(z.regex(/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+$/, 'a managed policy ARN')),
  name: z.string().check(z.minLength(1)),
  document: PolicyDocument,
});

export const RoleState = z.strictObject({
  path: z._default(z.string().check(z.regex(IAM_PATH, 'an IAM path such as / or /lanes/')), '/'),
  role_id: z.string().check(z.regex(/^AROA[A-Z0-9]{17}$/, 'AROA followed by 17 upper-case letters or digits')),
  create_date: z.iso.datetime(),
  description: z.optional(z.string()),
  max_session_duration: z._default(z.number().check(z.int(), z.gte(3600), z.lte(43200)), 3600),
  assume_role_policy: PolicyDocument,
  inline_policies: z._default(z.record(z.string().check(z.minLength(1)), PolicyDocument), {}),
  attached_policies: z._default(z.array(AttachedPolicy), []),
  tags: z._default(z.record(z.string(), z.string()), {}),
});
export type RoleState = z.infer<typeof RoleState>;

const NO_VALUES = 'the gatewalk sandbox stores SSM metadata only, never a parameter value: remove `value`';

export const ParameterState = z.strictObject({
  type: z.enum(['String', 'StringList', 'SecureString']),
  key_id: z.optional(z.string()),
  description: z.optional(z.string()),
  last_modified_date: z.iso.datetime(),
  last_modified_user: z.string().check(z.minLength(1)),
  version: z._default(z.number().check(z.int(), z.gte(1)), 1),
  tier: z._default(z.enum(['Standard', 'Advanced', 'Intelligent-Tiering']), 'Standard'),
  data_type: z._default(z.enum(['text', 'aws:ec2:image', 'aws:ssm:integration']), 'text'),
  allowed_pattern: z.optional(z.string()),
  policies: z._default(z.array(z.strictObject({ PolicyText: z.string(), PolicyType: z.string(), PolicyStatus: z.string() })), []),
  tags: z._default(z.record(z.string(), z.string()), {}),
  value: z.optional(z.never({ error: NO_VALUES })),
});
export type ParameterState = z.infer<typeof ParameterState>;

export const NAT_GATEWAY_STATES = ['pending', 'failed', 'available', 'deleting', 'deleted'] as const;

/** A NAT gateway: just what DescribeNatGateways reports and ec2.no_nat_gateways judges. */
export const NatGatewayState = z.strictObject({
  vpc_id: z.string().check(z.regex(VPC_ID, 'a VPC id such as vpc-0a1b2c3d')),
  subnet_id: z.string().check(z.regex(SUBNET_ID, 'a subnet id such as subnet-0a1b2c3d')),
  state: z._default(z.enum(NAT_GATEWAY_STATES), 'available'),
  create_time: z.iso.datetime(),
});
export type NatGatewayState = z.infer<typeof NatGatewayState>;

export const AppliedChange = z.strictObject({ change: z.string(), applied_at: z.iso.datetime() });

export const SandboxState = z.strictObject({
  format: z.literal(STATE_FORMAT),
  env: z.string().check(z.regex(/^[a-z0-9_]+$/)),
  account_id: z.string().check(z.regex(/^\d{12}$/)),
  region: z.string().check(z.regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/)),
  caller: z.strictObject({ arn: z.string().check(z.startsWith('arn:')), user_id: z.string().check(z.minLength(1)) }),
  roles: z.record(z.string().check(z.regex(ROLE_NAME)), RoleState),
  parameters: z.record(z.string().check(z.regex(PARAMETER_NAME)), ParameterState),
  nat_gateways: z._default(z.record(z.string().check(z.regex(NAT_GATEWAY_ID)), NatGatewayState), {}),
  ...GUARDRAIL_STATE,
  ecr: z._default(EcrState, { repositories: {} }),
  ecs: z._default(EcsState, { clusters: {}, task_definitions: {} }),
  applied_changes: z._default(z.array(AppliedChange), []),
});
export type SandboxState = z.infer<typeof SandboxState>;

// The ARN helpers live in state-arns.ts (no schema code): the emulator's services use them.
export { parameterArn, roleArn } from './state-arns.js';

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

/** Validates and writes `state`, and vouches for the text written (`o`: state-vouch.ts's switch). */
export async function writeState(file: string, state: SandboxState, o: VouchOptions = {}): Promise<void> {
  // Validate before writing so a bad change can never leave an unreadable state behind.
  const checked = SandboxState.parse(state);
  const text = JSON.stringify(checked, null, 2) + '\n';
  await replaceFileAtomic(file, text);
  await vouchForState(file, text, o); // readers take this exact text as validated (state-vouch.ts)
}
