import { z } from 'zod';

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
  tags: z.array(z.string().regex(IMAGE_TAG, 'an image tag')).default([]),
  pushed_at: Instant.optional(),
  size_bytes: z.number().int().min(0).default(52_428_800),
});

export const EcrRepository = z.strictObject({
  tag_mutability: z.enum(['MUTABLE', 'IMMUTABLE']).default('IMMUTABLE'),
  created_at: Instant.optional(),
  /** digest → image */
  images: z.record(z.string().regex(IMAGE_DIGEST, 'an image digest sha256:<64 hex>'), EcrImage).default({}),
});
export type EcrRepository = z.infer<typeof EcrRepository>;

export const EcsContainer = z.strictObject({
  name: z.string().regex(ECS_NAME),
  image: z.string().min(1),
  /** Plain environment only: the sandbox holds no secret values (law 6). */
  environment: z.record(z.string().min(1), z.string()).default({}),
  essential: z.boolean().default(true),
});

export const EcsTaskDefinition = z.strictObject({
  task_role_arn: z.string().startsWith('arn:').optional(),
  execution_role_arn: z.string().startsWith('arn:').optional(),
  containers: z.array(EcsContainer).min(1),
  status: z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE'),
});
export type EcsTaskDefinition = z.infer<typeof EcsTaskDefinition>;

export const EcsService = z.strictObject({
  task_definition: z.string().regex(TASK_DEFINITION, 'family:revision'),
  status: z.enum(['ACTIVE', 'DRAINING', 'INACTIVE']).default('ACTIVE'),
  desired_count: z.number().int().min(0).default(1),
  running_count: z.number().int().min(0).default(0),
  launch_type: z.enum(['FARGATE', 'EC2']).default('FARGATE'),
  created_at: Instant.optional(),
});
export type EcsService = z.infer<typeof EcsService>;

export const EcsCluster = z.strictObject({
  status: z.enum(['ACTIVE', 'INACTIVE']).default('ACTIVE'),
  services: z.record(z.string().regex(ECS_NAME, 'an ECS service name'), EcsService).default({}),
});
export type EcsCluster = z.infer<typeof EcsCluster>;

export const EcrState = z.strictObject({
  repositories: z.record(z.string().regex(ECR_REPOSITORY_NAME, 'an ECR repository name'), EcrRepository).default({}),
});
export type EcrState = z.infer<typeof EcrState>;

export const EcsState = z.strictObject({
  clusters: z.record(z.string().regex(ECS_NAME, 'an ECS cluster name'), EcsCluster).default({}),
  task_definitions: z.record(z.string().regex(TASK_DEFINITION, 'family:revision'), EcsTaskDefinition).default({}),
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
