// The IAM client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { IAMClient, GetRoleCommand, ListRolesCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
