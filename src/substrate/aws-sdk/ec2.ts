// The EC2 client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { EC2Client, DescribeNatGatewaysCommand } from '@aws-sdk/client-ec2';
