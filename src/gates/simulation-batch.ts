import type { GateContext } from '../core/context.js';
import { askBatched } from './ask-batched.js';

// SimulatePrincipalPolicy, merged: every action × resource pair the checks of a pass ask about one
// principal goes into one request series for that principal (the union of actions and of
// resources), paged at the API's maximum. Each pair's decision is memoized on its own, so a case
// reads exactly its pairs and a pair AWS did not answer is simply absent (the gate fails closed).

export interface Decision {
  action: string;
  resource: string;
  decision: string;
  missingContext: string[];
}

export interface SimulationRequest {
  principal: string;
  actions: readonly string[];
  resources: readonly string[];
}

interface Pair {
  principal: string;
  action: string;
  resource: string;
}

/** Results per SimulatePrincipalPolicy page: the most AWS allows. */
const MAX_ITEMS = 1000;
const FAMILY = 'iam.SimulatePrincipalPolicy';

// IAM action names are case-insensitive; AWS may echo them in another case.
const pairKey = (principal: string, action: string, resource: string) => `${principal}\n${action.toLowerCase()}\n${resource}`;

/** Asks (without waiting) about every pair of the requests; one request series per principal. */
export function requestSimulations(ctx: GateContext, requests: readonly SimulationRequest[]): void {
  for (const r of requests) void pairs(ctx, r);
}

/** The decisions for a principal's action × resource pairs, in order; pairs AWS did not answer are left out. */
export async function simulated(
  ctx: GateContext,
  principal: string,
  actions: readonly string[],
  resources: readonly string[],
): Promise<Decision[]> {
  return (await Promise.all(pairs(ctx, { principal, actions, resources }))).filter((d): d is Decision => d !== undefined);
}

function pairs(ctx: GateContext, { principal, actions, resources }: SimulationRequest): Promise<Decision | undefined>[] {
  return actions.flatMap((action) =>
    resources.map((resource) =>
      askBatched(ctx.memo, FAMILY, pairKey(principal, action, resource), { principal, action, resource }, (batch) => answer(ctx, batch)),
    ),
  );
}

function answer(ctx: GateContext, batch: ReadonlyMap<string, Pair>): Map<string, Promise<Decision | undefined>> {
  const byPrincipal = new Map<string, { actions: Set<string>; resources: Set<string> }>();
  for (const { principal, action, resource } of batch.values()) {
    const p = byPrincipal.get(principal) ?? { actions: new Set<string>(), resources: new Set<string>() };
    p.actions.add(action);
    p.resources.add(resource);
    byPrincipal.set(principal, p);
  }
  const series = new Map<string, Promise<Map<string, Decision>>>();
  for (const [principal, p] of byPrincipal) {
    const found = simulate(ctx, principal, [...p.actions], [...p.resources]).then(
      (ds) => new Map(ds.map((d) => [pairKey(principal, d.action, d.resource), d])),
    );
    found.catch(() => {}); // each pair's promise carries the failure to the cases that need it
    series.set(principal, found);
  }
  return new Map([...batch].map(([key, { principal }]) => [key, series.get(principal)!.then((m) => m.get(key))]));
}

/** One principal, all actions × resources in one request series, following IsTruncated/Marker. */
async function simulate(ctx: GateContext, principal: string, actions: string[], resources: string[]): Promise<Decision[]> {
  const { SimulatePrincipalPolicyCommand } = await import('../substrate/aws-sdk/iam.js');
  const iam = await ctx.clients.iam();
  const out: Decision[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: principal,
        ActionNames: actions,
        ResourceArns: resources,
        Marker: marker,
        MaxItems: MAX_ITEMS,
      }),
      { abortSignal: ctx.signal },
    );
    for (const r of page.EvaluationResults ?? []) {
      out.push({
        action: r.EvalActionName ?? '?',
        resource: r.EvalResourceName ?? '?',
        decision: r.EvalDecision ?? '?',
        // With ResourceArns, AWS reports missing keys per resource too; either place fails closed.
        missingContext: [
          ...(r.MissingContextValues ?? []),
          ...(r.ResourceSpecificResults ?? []).flatMap((x) => x.MissingContextValues ?? []),
        ],
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}
