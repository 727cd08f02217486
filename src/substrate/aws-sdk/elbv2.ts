// The ELBv2 client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { ElasticLoadBalancingV2Client, DescribeLoadBalancersCommand, DescribeTagsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
