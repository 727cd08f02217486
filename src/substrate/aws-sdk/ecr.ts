// The ECR client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { ECRClient, DescribeImagesCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
