import { AwsServiceError } from '../wire/aws-error.js';
import { roleArn } from '../state/state-arns.js';
import type { RoleState, SandboxState } from '../state/state.js';
import type { XmlObject } from '../wire/xml.js';

/** IAM role names are unique regardless of case, and lookups ignore case too. */
export function findRole(state: SandboxState, name: string): [string, RoleState] | undefined {
  const exact = state.roles[name];
  if (exact) return [name, exact];
  const lower = name.toLowerCase();
  return Object.entries(state.roles).find(([n]) => n.toLowerCase() === lower);
}

export function noSuchRole(name: string): AwsServiceError {
  return new AwsServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
}

/** The <Role> element of GetRole. The trust policy is URL-encoded JSON, exactly as IAM returns it. */
export function roleXml(state: SandboxState, name: string, role: RoleState): XmlObject {
  const tags = Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    Path: role.path,
    RoleName: name,
    RoleId: role.role_id,
    Arn: roleArn(state, name, role),
    CreateDate: role.create_date,
    AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.assume_role_policy)),
    Description: role.description,
    MaxSessionDuration: role.max_session_duration,
    Tags: tags.length > 0 ? tags : undefined,
    RoleLastUsed: {},
  };
}
