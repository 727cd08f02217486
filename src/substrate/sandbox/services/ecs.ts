import { AwsServiceError } from '../wire/aws-error.js';
import type { JsonHandler } from '../wire/json-services.js';
import type { SandboxState } from '../state/state.js';

// ECS (AWS JSON 1.1, AmazonEC2ContainerServiceV20141113): DescribeServices and
// DescribeTaskDefinition, what ecs.services asks. Names or ARNs are accepted where ECS accepts both.

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message, 400);
}

const lastSegment = (nameOrArn: string) => (nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn);

function arn(state: SandboxState, resource: string): string {
  return `arn:aws:ecs:${state.region}:${state.account_id}:${resource}`;
}

const describeServices: JsonHandler = async ({ state, region, input }) => {
  const clusterName = lastSegment(typeof input.cluster === 'string' ? input.cluster : 'default');
  const names = input.services;
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== 'string')) throw invalid('Services cannot be empty.');
  if (names.length > 10) throw invalid('Services cannot have more than 10 entries.');
  const cluster = region === state.region ? state.ecs.clusters[clusterName] : undefined;
  if (!cluster) throw new AwsServiceError('ClusterNotFoundException', 'Cluster not found.', 400);
  const clusterArn = arn(state, `cluster/${clusterName}`);
  const services: unknown[] = [];
  const failures: unknown[] = [];
  for (const requested of names as string[]) {
    const name = requested.startsWith('arn:') ? requested.slice(requested.lastIndexOf('/') + 1) : requested;
    const s = cluster.services[name];
    const serviceArn = arn(state, `service/${clusterName}/${name}`);
    if (!s) {
      failures.push({ arn: serviceArn, reason: 'MISSING' });
      continue;
    }
    const taskDefinition = arn(state, `task-definition/${s.task_definition}`);
    const createdAt = Date.parse(s.created_at ?? '1970-01-01T00:00:00Z') / 1000;
    services.push({
      serviceArn,
      serviceName: name,
      clusterArn,
      status: s.status,
      desiredCount: s.desired_count,
      runningCount: s.running_count,
      pendingCount: Math.max(0, s.desired_count - s.running_count),
      launchType: s.launch_type,
      taskDefinition,
      schedulingStrategy: 'REPLICA',
      createdAt,
      deployments: [
        {
          id: `ecs-svc/${createdAt.toFixed(0).padStart(19, '0')}`,
          status: 'PRIMARY',
          taskDefinition,
          desiredCount: s.desired_count,
          runningCount: s.running_count,
          pendingCount: Math.max(0, s.desired_count - s.running_count),
          launchType: s.launch_type,
          createdAt,
          rolloutState: s.running_count === s.desired_count ? 'COMPLETED' : 'IN_PROGRESS',
        },
      ],
    });
  }
  return { services, failures };
};

const describeTaskDefinition: JsonHandler = async ({ state, region, input }) => {
  const requested = input.taskDefinition;
  if (typeof requested !== 'string' || !requested) throw invalid('TaskDefinition cannot be empty.');
  const wanted = lastSegment(requested);
  const defs = region === state.region ? state.ecs.task_definitions : {};
  let key: string | undefined = Object.hasOwn(defs, wanted) ? wanted : undefined;
  if (!key && !wanted.includes(':')) {
    // A bare family names its latest ACTIVE revision.
    const revisions = Object.entries(defs)
      .filter(([k, d]) => k.startsWith(`${wanted}:`) && d.status === 'ACTIVE')
      .map(([k]) => k)
      .sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1]));
    key = revisions.at(-1);
  }
  if (!key) throw new AwsServiceError('ClientException', 'Unable to describe task definition.', 400);
  const d = defs[key]!;
  const [family, revision] = key.split(':') as [string, string];
  return {
    taskDefinition: {
      taskDefinitionArn: arn(state, `task-definition/${key}`),
      family,
      revision: Number(revision),
      ...(d.task_role_arn ? { taskRoleArn: d.task_role_arn } : {}),
      ...(d.execution_role_arn ? { executionRoleArn: d.execution_role_arn } : {}),
      containerDefinitions: d.containers.map((c) => ({
        name: c.name,
        image: c.image,
        essential: c.essential,
        environment: Object.entries(c.environment).map(([name, value]) => ({ name, value })),
      })),
      status: d.status,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    },
  };
};

export const ECS_ACTIONS: Record<string, JsonHandler> = {
  DescribeServices: describeServices,
  DescribeTaskDefinition: describeTaskDefinition,
};
