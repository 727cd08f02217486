import type { AwsClients, GateContext, ResolvedRegistry } from '../../src/core/context.js';
import type { Handle } from '../../src/core/registry-schema.js';

/** A GateContext for gates that need no AWS (clients throw if touched). */
export function offlineContext(over: Partial<GateContext> = {}): GateContext {
  const noAws = async (): Promise<never> => {
    throw new Error('this gate must not call AWS');
  };
  return {
    substrate: 'sandbox',
    clients: { sts: noAws, iam: noAws, ssm: noAws, ec2: noAws, ecr: noAws, ecs: noAws } as unknown as AwsClients,
    registry: registry({}),
    terraform: {},
    evidenceRoot: '/nonexistent',
    clock: { now: () => new Date('2026-02-14T12:00:00Z') },
    signal: new AbortController().signal,
    phaseHandles: [],
    memo: new Map(),
    ...over,
  };
}

export function registry(handles: Record<string, Handle>, services: ResolvedRegistry['services'] = {}): ResolvedRegistry {
  return { env: 'test', handles, services };
}
