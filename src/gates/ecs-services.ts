import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { defineGate } from './gate.js';
import { checkTaskDefinition, describeTaskDefinition, type ServiceExpectation } from './ecs-task-definition.js';

// Seed §12 / "no laptop runtime compute": the daemons run on ECS with the pinned image. Per
// registry service (optionally only some lanes): the ECS service is ACTIVE with running = desired
// > 0, and its task definition runs the image by the pinned digest as the service's bound lane
// role, with the pinned execution role and environment. `expect: stopped` is the teardown side:
// the service is gone, inactive, or scaled to zero.

const SERVICES_PER_CALL = 10; // DescribeServices accepts at most 10 names

const Params = z.strictObject({
  cluster: z.string().check(z.minLength(1), z.describe('ECS cluster name or ARN')),
  services: z._default(z.array(z.string()).check(z.minLength(1)), ['*']).check(z.describe('registry service names or patterns (SVC_*)')),
  lanes: z
    .optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))
    .check(z.describe('only the services of these lanes (default: all selected)')),
  name: z
    ._default(z.string().check(z.minLength(1)), '{entrypoint}')
    .check(z.describe('ECS service name template: {service}, {entrypoint}, {lane}')),
  expect: z._default(z.enum(['running', 'stopped']), 'running'),
  image_digest: z
    .optional(z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, 'an image digest sha256:<64 hex>')))
    .check(z.describe('running: every container image is referenced by this digest')),
  execution_role: z.optional(z.string().check(z.startsWith('arn:'))).check(z.describe('running: the task execution role ARN')),
  environment: z
    ._default(z.record(z.string().check(z.minLength(1)), z.string()), {})
    .check(z.describe('running: plain environment values every essential container must carry')),
});
type Params = z.infer<typeof Params>;

export const ecsServices = defineGate({
  aws: true,
  kind: 'ecs.services',
  summary:
    'each selected service runs on ECS (ACTIVE, running = desired > 0) with the pinned image digest, lane role, execution role and environment — or, expect: stopped, is gone or scaled to zero (ECS DescribeServices + DescribeTaskDefinition)',
  params: Params,
  acceptsPending: true,
  async run(ctx, params) {
    const selected = matchNames(params.services, Object.keys(ctx.registry.services)).filter(
      (s) => !params.lanes || params.lanes.includes(ctx.registry.services[s]!.lane),
    );
    const named = selected.map((service) => ({ service, ecsName: ecsName(ctx, service, params.name) }));
    const results: ResultItem[] = [];
    for (let i = 0; i < named.length; i += SERVICES_PER_CALL) {
      const batch = named.slice(i, i + SERVICES_PER_CALL);
      let found: Map<string, EcsServiceView | 'missing'>;
      try {
        found = await describeServices(
          ctx,
          params.cluster,
          batch.map((b) => b.ecsName),
        );
      } catch (err) {
        results.push(...batch.map((b) => ({ resource: label(b), status: 'error' as const, reason: describeAwsError(err) })));
        continue;
      }
      for (const b of batch) {
        const view = found.get(b.ecsName);
        if (!view)
          results.push({
            resource: label(b),
            status: 'error',
            reason: 'DescribeServices answered neither the service nor a failure for it (fail closed)',
          });
        else
          results.push(
            params.expect === 'stopped' ? judgeStopped(label(b), view) : await judgeRunning(ctx, params, b.service, label(b), view),
          );
      }
    }
    return { results };
  },
});

interface EcsServiceView {
  status: string;
  desired: number;
  running: number;
  taskDefinition?: string;
}

const label = (b: { service: string; ecsName: string }) => `${b.service} (${b.ecsName})`;

function ecsName(ctx: GateContext, service: string, template: string): string {
  const s = ctx.registry.services[service]!;
  return template
    .replaceAll('{service}', service)
    .replaceAll('{entrypoint}', s.entrypoint ?? service)
    .replaceAll('{lane}', s.lane);
}

async function describeServices(ctx: GateContext, cluster: string, names: string[]): Promise<Map<string, EcsServiceView | 'missing'>> {
  const { DescribeServicesCommand } = await import('../substrate/aws-sdk/ecs.js');
  const out = await (await ctx.clients.ecs()).send(new DescribeServicesCommand({ cluster, services: names }), { abortSignal: ctx.signal });
  const found = new Map<string, EcsServiceView | 'missing'>();
  for (const f of out.failures ?? []) {
    const name = f.arn?.slice(f.arn.lastIndexOf('/') + 1);
    if (name && f.reason === 'MISSING') found.set(name, 'missing');
  }
  for (const s of out.services ?? []) {
    if (!s.serviceName) continue;
    found.set(s.serviceName, {
      status: s.status ?? 'UNKNOWN',
      desired: s.desiredCount ?? -1,
      running: s.runningCount ?? -1,
      ...(s.taskDefinition ? { taskDefinition: s.taskDefinition } : {}),
    });
  }
  return found;
}

/** ECS's service states: INACTIVE is deleted; a DRAINING service may still run tasks. */
const SERVICE_STATES = new Set(['ACTIVE', 'DRAINING', 'INACTIVE']);

function judgeStopped(resource: string, view: EcsServiceView | 'missing'): ResultItem {
  if (view === 'missing') return { resource, status: 'pass', reason: 'no such service (gone)' };
  if (view.status === 'INACTIVE') return { resource, status: 'pass', reason: 'service INACTIVE (deleted)' };
  // Only ECS's own words count: a state it does not define, or no counts, says nothing about tasks.
  if (!SERVICE_STATES.has(view.status) || view.desired < 0 || view.running < 0)
    return {
      resource,
      status: 'error',
      reason: `DescribeServices answered status ${view.status}, desired ${view.desired}, running ${view.running}: cannot tell whether it runs`,
    };
  if (view.desired === 0 && view.running === 0) return { resource, status: 'pass', reason: 'scaled to zero' };
  return {
    resource,
    status: 'fail',
    reason: `still running ${view.running} of desired ${view.desired}${view.status === 'ACTIVE' ? '' : ` (${view.status})`}: scale it to zero or destroy it`,
  };
}

async function judgeRunning(
  ctx: GateContext,
  params: Params,
  service: string,
  resource: string,
  view: EcsServiceView | 'missing',
): Promise<ResultItem> {
  if (view === 'missing') return { resource, status: 'fail', reason: 'service is not deployed on the cluster' };
  if (view.status !== 'ACTIVE') return { resource, status: 'fail', reason: `service is ${view.status}, not ACTIVE` };
  if (view.desired <= 0 || view.running !== view.desired)
    return { resource, status: 'fail', reason: `running ${view.running} of desired ${view.desired} (needs running = desired > 0)` };
  if (!view.taskDefinition) return { resource, status: 'error', reason: 'DescribeServices answered no task definition (fail closed)' };
  const roleHandle = ctx.registry.services[service]!.role;
  const role = ctx.registry.handles[roleHandle];
  if (!role?.value)
    return {
      resource,
      status: 'fail',
      reason: `${roleHandle} is ${role ? 'PENDING PIN' : 'not in the registry'}: the bound task role is unresolved`,
    };
  const def = await describeTaskDefinition(ctx, view.taskDefinition);
  if ('error' in def) return { resource, status: 'error', reason: def.error };
  const expected: ServiceExpectation = { taskRole: role.value, taskRoleHandle: roleHandle, ...pick(params) };
  const problems = checkTaskDefinition(def, expected);
  if (problems.length) return { resource, status: 'fail', reason: problems.join('; ') };
  return {
    resource,
    status: 'pass',
    reason: `running ${view.running}/${view.desired}, ${def.arn.slice(def.arn.lastIndexOf('/') + 1)}, image by digest, task role ${roleHandle}`,
  };
}

function pick(p: Params): Omit<ServiceExpectation, 'taskRole' | 'taskRoleHandle'> {
  return {
    environment: p.environment,
    ...(p.image_digest ? { imageDigest: p.image_digest } : {}),
    ...(p.execution_role ? { executionRole: p.execution_role } : {}),
  };
}
