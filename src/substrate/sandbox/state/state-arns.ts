import type { RoleState, SandboxState } from './state.js';

// The ARNs the emulator's IAM and SSM services answer with, apart from the state's schemas
// (state.ts): a sandbox thread serving a state gatewalk already validated never loads schema code
// (state-vouch.ts).

export function roleArn(state: Pick<SandboxState, 'account_id'>, name: string, role: Pick<RoleState, 'path'>): string {
  return `arn:aws:iam::${state.account_id}:role${role.path}${name}`;
}

export function parameterArn(state: Pick<SandboxState, 'account_id' | 'region'>, name: string): string {
  return `arn:aws:ssm:${state.region}:${state.account_id}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}
