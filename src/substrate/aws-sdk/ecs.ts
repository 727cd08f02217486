// The ECS client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { ECSClient, DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
