// The STS client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
