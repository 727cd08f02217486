// The Resource Groups Tagging API client and the commands gatewalk sends: one lazy chunk of the bundle (see README.md).
export { ResourceGroupsTaggingAPIClient, GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
