import * as z from '../../../core/zod-mini.js';

// ECR repositories and images, ECS clusters, services and task definitions: just what
// ecr.image_digest and ecs.services ask (DescribeRepositories/DescribeImages,
// DescribeServices/DescribeTaskDefinition). Timestamps are optional in scenario and change files
// and filled in when materialized.

export const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;
export const IMAGE_TAG = /^[\w][\w.-]{0,127}$/;
export const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** `family:revision`, as ECS names a task definition revision. */
export const TASK_DEFINITION = /^[A-Za-z0-9_-]{1,255}:[1-9]\d*$/;

const Instant = z.iso.datetime();

export const EcrImage = z.strictObject({
  tags: z._default(z.array(z.string().check(z.regex(IMAGE_TAG, 'an image tag'))), []),
  pushed_at: z.optional(Instant),
  size_bytes: z._default(z.number().check(z.int(), z.gte(0)), 52_428_800),
});

export const EcrRepository = z.strictObject({
  tag_mutability: z._default(z.enum(['MUTABLE', 'IMMUTABLE']), 'IMMUTABLE'),
  created_at: z.optional(Instant),
  /** digest → image */
  images: z._default(z.record(z.string().check(z.regex(IMAGE_DIGEST, 'an image digest sha256:<64 hex>')), EcrImage), {}),
});
export type EcrRepository = z.infer<typeof EcrRepository>;

export const EcsContainer = z.strictObject({
  name: z.string().check(z.regex(ECS_NAME)),
  image: z.string().check(z.minLength(1)),
  /** Plain environment only: the sandbox holds no secret values (law 6). */
  environment: z._default(z.record(z.string().check(z.minLength(1)), z.string()), {}),
  essential: z._default(z.boolean(), true),
});

export const EcsTaskDefinition = z.strictObject({
  task_role_arn: z.optional(z.string().check(z.startsWith('arn:'))),
  execution_role_arn: z.optional(z.string().check(z.startsWith('arn:'))),
  containers: z.array(EcsContainer).check(z.minLength(1)),
  status: z._default(z.enum(['ACTIVE', 'INACTIVE']), 'ACTIVE'),
});
export type EcsTaskDefinition = z.infer<typeof EcsTaskDefinition>;

export const EcsService = z.strictObject({
  task_definition: z.string().check(z.regex(TASK_DEFINITION, 'family:revision')),
  status: z._default(z.enum(['ACTIVE', 'DRAINING', 'INACTIVE']), 'ACTIVE'),
  desired_count: z._default(z.number().check(z.int(), z.gte(0)), 1),
  running_count: z._default(z.number().check(z.int(), z.gte(0)), 0),
  launch_type: z._default(z.enum(['FARGATE', 'EC2']), 'FARGATE'),
  created_at: z.optional(Instant),
});
export type EcsService = z.infer<typeof EcsService>;

export const EcsCluster = z.strictObject({
  status: z._default(z.enum(['ACTIVE', 'INACTIVE']), 'ACTIVE'),
  services: z._default(z.record(z.string().check(z.regex(ECS_NAME, 'an ECS service name')), EcsService), {}),
});
export type EcsCluster = z.infer<typeof EcsCluster>;

export const EcrState = z.strictObject({
  repositories: z._default(z.record(z.string().check(z.regex(ECR_REPOSITORY_NAME, 'an ECR repository name')), EcrRepository), {}),
});
export type EcrState = z.infer<typeof EcrState>;

export const EcsState = z.strictObject({
  clusters: z._default(z.record(z.string().check(z.regex(ECS_NAME, 'an ECS cluster name')), EcsCluster), {}),
  task_definitions: z._default(z.record(z.string().check(z.regex(TASK_DEFINITION, 'family:revision')), EcsTaskDefinition), {}),
});
export type EcsState = z.infer<typeof EcsState>;

const stamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Fills in missing timestamps (repository creation, image push, service creation). */
export function materializeEcr(ecr: EcrState, now: Date): EcrState {
  const repositories = Object.fromEntries(
    Object.entries(ecr.repositories).map(([name, r]) => [
      name,
      {
        ...r,
        created_at: r.created_at ?? stamp(now),
        images: Object.fromEntries(Object.entries(r.images).map(([d, i]) => [d, { ...i, pushed_at: i.pushed_at ?? stamp(now) }])),
      },
    ]),
  );
  return { repositories };
}

export function materializeEcs(ecs: EcsState, now: Date): EcsState {
  const clusters = Object.fromEntries(
    Object.entries(ecs.clusters).map(([name, c]) => [
      name,
      { ...c, services: Object.fromEntries(Object.entries(c.services).map(([s, v]) => [s, { ...v, created_at: v.created_at ?? stamp(now) }])) },
    ]),
  );
  return { clusters, task_definitions: ecs.task_definitions };
}
