import type { GateContext } from '../core/context.js';
import { describeAwsError } from './aws-errors.js';

// What ecs.services reads from a task definition, and how it is judged against the pins.

export interface TaskDefinitionView {
  arn: string;
  taskRole?: string;
  executionRole?: string;
  containers: Array<{ name: string; image: string; essential: boolean; environment: Map<string, string> }>;
}

export interface ServiceExpectation {
  taskRole: string;
  taskRoleHandle: string;
  imageDigest?: string;
  executionRole?: string;
  environment: Record<string, string>;
}

/** DescribeTaskDefinition once per revision per run (services of a lane often share one). */
export function describeTaskDefinition(ctx: GateContext, arn: string): Promise<TaskDefinitionView | { error: string }> {
  const key = `ecs.DescribeTaskDefinition:${arn}`;
  let hit = ctx.memo.get(key) as Promise<TaskDefinitionView | { error: string }> | undefined;
  if (!hit) {
    hit = fetch(ctx, arn);
    ctx.memo.set(key, hit);
  }
  return hit;
}

async function fetch(ctx: GateContext, arn: string): Promise<TaskDefinitionView | { error: string }> {
  const { DescribeTaskDefinitionCommand } = await import('../substrate/aws-sdk/ecs.js');
  try {
    const out = await (
      await ctx.clients.ecs()
    ).send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), { abortSignal: ctx.signal });
    const td = out.taskDefinition;
    if (!td?.containerDefinitions?.length) return { error: `DescribeTaskDefinition answered no containers for ${arn} (fail closed)` };
    return {
      arn: td.taskDefinitionArn ?? arn,
      ...(td.taskRoleArn ? { taskRole: td.taskRoleArn } : {}),
      ...(td.executionRoleArn ? { executionRole: td.executionRoleArn } : {}),
      containers: td.containerDefinitions.map((c) => ({
        name: c.name ?? '(unnamed)',
        image: c.image ?? '',
        essential: c.essential ?? true,
        environment: new Map((c.environment ?? []).flatMap((e) => (e.name ? [[e.name, e.value ?? ''] as [string, string]] : []))),
      })),
    };
  } catch (err) {
    return { error: describeAwsError(err) };
  }
}

/** Every way the task definition departs from the pins; empty when it matches. */
export function checkTaskDefinition(def: TaskDefinitionView, want: ServiceExpectation): string[] {
  const problems: string[] = [];
  if (def.taskRole !== want.taskRole)
    problems.push(`task role ${def.taskRole ?? '(none)'} is not ${want.taskRoleHandle} (${want.taskRole})`);
  if (want.executionRole && def.executionRole !== want.executionRole)
    problems.push(`execution role ${def.executionRole ?? '(none)'} is not ${want.executionRole}`);
  for (const c of def.containers) {
    const at = c.image.lastIndexOf('@');
    if (at < 0)
      problems.push(`container ${c.name} runs ${c.image || '(no image)'} by tag: no mutable tags at runtime, reference the digest`);
    else if (want.imageDigest && c.image.slice(at + 1) !== want.imageDigest)
      problems.push(`container ${c.name} runs ${c.image.slice(at + 1)}, not the pinned digest ${want.imageDigest}`);
    if (!c.essential) continue;
    for (const [name, value] of Object.entries(want.environment)) {
      const got = c.environment.get(name);
      if (got !== value)
        problems.push(`container ${c.name}: ${name} is ${got === undefined ? 'missing' : `"${got}"`}, expected "${value}"`);
    }
  }
  return problems;
}
