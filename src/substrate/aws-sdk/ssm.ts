// The SSM client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
// DescribeParameters only: gatewalk never reads a parameter's value.
export { SSMClient, DescribeParametersCommand } from '@aws-sdk/client-ssm';
