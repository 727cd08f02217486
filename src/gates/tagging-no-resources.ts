import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { describeAwsError } from './aws-errors.js';
import { countNote, EvidenceClaimParam, readClaim, withNote } from './evidence-claim.js';
import { defineGate } from './gate.js';

// Seed §3.2 / §7.3: demo→destroy. Live teardown proof: no resource of the region still carries
// the demo tag (Resource Groups Tagging API GetResources); each one left behind is named.

const PAGE = 100; // GetResources' largest ResourcesPerPage

const Params = z.strictObject({
  tag: z
    .strictObject({
      key: z.string().check(z.minLength(1), z.maxLength(128)),
      value: z.optional(z.string().check(z.maxLength(256))),
    })
    .check(z.describe('the tag that marks a resource as demo-scoped (no value: any value)')),
  resource_types: z
    .optional(
      z
        .array(z.string().check(z.regex(/^[a-z0-9-]+(?::[a-z0-9-]+)?$/i, 'service or service:type, e.g. ecs:service')))
        .check(z.minLength(1)),
    )
    .check(z.describe('limit the proof to these resource types (default: every taggable type)')),
  evidence: z
    .optional(EvidenceClaimParam)
    .check(z.describe('evidence file listing the demo resources left (the result says when it disagrees)')),
});

export const taggingNoResources = defineGate({
  aws: true,
  kind: 'tagging.no_resources',
  summary: 'no resource of the region carries the given tag, e.g. the demo tag after teardown (Resource Groups Tagging API GetResources)',
  params: Params,
  async run(ctx, params) {
    const tag = params.tag.value === undefined ? `${params.tag.key}=*` : `${params.tag.key}=${params.tag.value}`;
    let arns: string[];
    try {
      arns = await tagged(ctx, params.tag.key, params.tag.value, params.resource_types);
    } catch (err) {
      return { results: [{ resource: `tag ${tag}`, status: 'error', reason: describeAwsError(err) }] };
    }
    const note = countNote(params.evidence ? await readClaim(ctx, params.evidence) : undefined, arns.length);
    if (arns.length === 0)
      return { results: withNote([{ resource: `tag ${tag}`, status: 'pass', reason: `no resource carries ${tag}` }], note) };
    const results = arns.map((arn) => ({
      resource: arn,
      status: 'fail' as const,
      reason: `still tagged ${tag}: a demo resource left behind after teardown; destroy it`,
    }));
    return { results: withNote(results, note) };
  },
});

async function tagged(ctx: GateContext, key: string, value: string | undefined, types: readonly string[] | undefined): Promise<string[]> {
  const { GetResourcesCommand } = await import('../substrate/aws-sdk/tagging.js');
  const client = await ctx.clients.tagging();
  const TagFilters = [{ Key: key, ...(value === undefined ? {} : { Values: [value] }) }];
  const arns: string[] = [];
  let PaginationToken: string | undefined;
  do {
    const page = await client.send(
      new GetResourcesCommand({
        TagFilters,
        ResourcesPerPage: PAGE,
        PaginationToken,
        ...(types ? { ResourceTypeFilters: [...types] } : {}),
      }),
      { abortSignal: ctx.signal },
    );
    if (!page.ResourceTagMappingList)
      throw new Error('GetResources answered without a ResourceTagMappingList: cannot prove nothing is left');
    arns.push(...page.ResourceTagMappingList.map((r) => r.ResourceARN ?? '(no ARN)'));
    PaginationToken = page.PaginationToken || undefined; // "" marks the last page
  } while (PaginationToken);
  return arns;
}
