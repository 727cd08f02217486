import * as z from '../../../core/zod-mini.js';
import { ECR_REPOSITORY_NAME, ECS_NAME, EcrImage, EcrRepository, EcsService, EcsTaskDefinition, IMAGE_DIGEST, TASK_DEFINITION } from './container-state.js';
import type { SandboxState } from './state.js';

// Change steps for ECR and ECS (what a `terraform apply` or a `docker push` + deploy would do).
// Each is idempotent. A tag pushed to an IMMUTABLE repository that already holds it on another
// digest is refused, as ECR refuses it (ImageTagAlreadyExistsException).

const Repo = z.string().check(z.regex(ECR_REPOSITORY_NAME, 'an ECR repository name'));
const Name = z.string().check(z.regex(ECS_NAME, 'an ECS name'));

export const CONTAINER_STEPS = [
  z.strictObject({ op: z.literal('put_ecr_repository'), name: Repo, tag_mutability: z.optional(z.enum(['MUTABLE', 'IMMUTABLE'])) }),
  z.strictObject({ op: z.literal('delete_ecr_repository'), name: Repo }),
  z.extend(EcrImage, { op: z.literal('put_ecr_image'), repository: Repo, digest: z.string().check(z.regex(IMAGE_DIGEST, 'sha256:<64 hex>')) }),
  z.strictObject({ op: z.literal('put_ecs_cluster'), name: Name }),
  z.strictObject({ op: z.literal('delete_ecs_cluster'), name: Name }),
  z.extend(EcsTaskDefinition, { op: z.literal('put_ecs_task_definition'), name: z.string().check(z.regex(TASK_DEFINITION, 'family:revision')) }),
  z.extend(EcsService, { op: z.literal('put_ecs_service'), cluster: Name, name: Name }),
  z.strictObject({ op: z.literal('delete_ecs_service'), cluster: Name, name: Name }),
  z.strictObject({ op: z.literal('scale_ecs_services'), cluster: Name, desired_count: z.number().check(z.int(), z.gte(0)), running_count: z.number().check(z.int(), z.gte(0)) }),
] as const;

export type ContainerStep = z.infer<(typeof CONTAINER_STEPS)[number]>;

const stamp = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Applies one step to `state` (a copy the caller owns); returns the log line. Throws a message on refusal. */
export function applyContainerStep(state: SandboxState, step: ContainerStep, now: Date): string {
  switch (step.op) {
    case 'put_ecr_repository': {
      const existing = state.ecr.repositories[step.name];
      const repo: EcrRepository = existing ?? { tag_mutability: 'IMMUTABLE', created_at: stamp(now), images: {} };
      if (step.tag_mutability) repo.tag_mutability = step.tag_mutability;
      state.ecr.repositories[step.name] = repo;
      return `${existing ? 'updated' : 'created'} ECR repository ${step.name} (tags ${repo.tag_mutability})`;
    }
    case 'delete_ecr_repository': {
      const had = step.name in state.ecr.repositories;
      delete state.ecr.repositories[step.name];
      return had ? `deleted ECR repository ${step.name}` : `ECR repository ${step.name} already absent`;
    }
    case 'put_ecr_image': {
      const repo = state.ecr.repositories[step.repository];
      if (!repo) throw new Error(`ECR repository ${step.repository} does not exist (create it with put_ecr_repository)`);
      for (const [digest, image] of Object.entries(repo.images)) {
        if (digest === step.digest) continue;
        const taken = image.tags.filter((t) => step.tags.includes(t));
        if (taken.length && repo.tag_mutability === 'IMMUTABLE') {
          throw new Error(`tag ${taken[0]} already exists on ${digest} and ${step.repository} is IMMUTABLE (ImageTagAlreadyExistsException)`);
        }
        image.tags = image.tags.filter((t) => !step.tags.includes(t));
      }
      const before = repo.images[step.digest];
      repo.images[step.digest] = { tags: [...new Set([...(before?.tags ?? []), ...step.tags])], pushed_at: before?.pushed_at ?? step.pushed_at ?? stamp(now), size_bytes: step.size_bytes };
      return `pushed ${step.repository}@${step.digest}${step.tags.length ? ` as ${step.tags.join(', ')}` : ''}`;
    }
    case 'put_ecs_cluster': {
      const existing = state.ecs.clusters[step.name];
      state.ecs.clusters[step.name] = existing ?? { status: 'ACTIVE', services: {} };
      return existing ? `ECS cluster ${step.name} already exists` : `created ECS cluster ${step.name}`;
    }
    case 'delete_ecs_cluster': {
      const had = step.name in state.ecs.clusters;
      delete state.ecs.clusters[step.name];
      return had ? `deleted ECS cluster ${step.name}` : `ECS cluster ${step.name} already absent`;
    }
    case 'put_ecs_task_definition': {
      const { op: _op, name, ...def } = step;
      const existing = name in state.ecs.task_definitions;
      state.ecs.task_definitions[name] = def;
      return `${existing ? 'replaced' : 'registered'} task definition ${name}`;
    }
    case 'put_ecs_service': {
      const { op: _op, cluster, name, ...service } = step;
      const c = state.ecs.clusters[cluster];
      if (!c) throw new Error(`ECS cluster ${cluster} does not exist (create it with put_ecs_cluster)`);
      if (!(service.task_definition in state.ecs.task_definitions)) throw new Error(`task definition ${service.task_definition} is not registered`);
      const existing = c.services[name];
      c.services[name] = { ...service, created_at: existing?.created_at ?? service.created_at ?? stamp(now) };
      return `${existing ? 'updated' : 'created'} ECS service ${name} (${service.task_definition}, ${service.running_count}/${service.desired_count} running)`;
    }
    case 'delete_ecs_service': {
      const c = state.ecs.clusters[step.cluster];
      const had = c !== undefined && step.name in c.services;
      if (had) delete c.services[step.name];
      return had ? `deleted ECS service ${step.name}` : `ECS service ${step.name} already absent`;
    }
    case 'scale_ecs_services': {
      const c = state.ecs.clusters[step.cluster];
      if (!c) return `ECS cluster ${step.cluster} absent: nothing to scale`;
      for (const s of Object.values(c.services)) Object.assign(s, { desired_count: step.desired_count, running_count: step.running_count });
      return `scaled ${Object.keys(c.services).length} ECS service(s) of ${step.cluster} to ${step.running_count}/${step.desired_count}`;
    }
  }
}
