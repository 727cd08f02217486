// The KMS client and the commands gatewalk sends (signed logbook heads): one lazy chunk of the bundle (see README.md).
export { KMSClient, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
