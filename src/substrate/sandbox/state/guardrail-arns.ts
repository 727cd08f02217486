import { createHash } from 'node:crypto';
import type { LoadBalancerState } from './guardrail-state.js';

// What the emulator's ELBv2 and Tagging services compute from the guardrail state, apart from its
// schemas (guardrail-state.ts): a sandbox thread serving a state gatewalk already validated never
// loads schema code (state-vouch.ts).

export const RESOURCE_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(?:\d{12})?:.+$/;

const LB_TYPE_PREFIX = { application: 'app', network: 'net', gateway: 'gwy' } as const;

/** ELBv2's ARN: the 16-hex id is derived from account and name, so it is stable across resets. */
export function loadBalancerArn(state: { account_id: string; region: string }, name: string, lb: Pick<LoadBalancerState, 'type'>): string {
  const id = createHash('sha256').update(`${state.account_id}:${name}`).digest('hex').slice(0, 16);
  return `arn:aws:elasticloadbalancing:${state.region}:${state.account_id}:loadbalancer/${LB_TYPE_PREFIX[lb.type]}/${name}/${id}`;
}

/** Every resource the Tagging API would list: load balancers (with their tags) and the tagged resources. */
export function taggedResources(state: {
  account_id: string;
  region: string;
  load_balancers: Record<string, LoadBalancerState>;
  tagged_resources: Record<string, { tags: Record<string, string> }>;
}): Array<{ arn: string; tags: Record<string, string> }> {
  return [
    ...Object.entries(state.load_balancers).map(([name, lb]) => ({ arn: loadBalancerArn(state, name, lb), tags: lb.tags })),
    ...Object.entries(state.tagged_resources).map(([arn, r]) => ({ arn, tags: r.tags })),
  ].sort((a, b) => a.arn.localeCompare(b.arn));
}
