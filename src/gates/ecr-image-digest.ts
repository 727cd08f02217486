import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { HANDLE_NAME } from '../core/registry-schema.js';
import type { Observation, ResultItem } from '../core/types.js';
import { describeAwsError, isAwsError } from './aws-errors.js';
import { defineGate } from './gate.js';

// Seed §6.3: one image, one immutable identity (git-<sha> tag → OCI digest). Live: the pinned tag
// must resolve in ECR to the pinned digest, and the repository must refuse tag moves (IMMUTABLE).
// A tag that resolves to another digest is two sources of truth disagreeing: the gate reports the
// live digest as an observation of the digest handle, so the engine STOPs (repin or abort).

const Params = z.strictObject({
  repository: z.string().check(z.minLength(1), z.describe('ECR repository name')),
  tag: z.string().check(z.minLength(1), z.describe('the pinned image tag, e.g. ${IMAGE_TAG}')),
  digest_handle: z
    .string()
    .check(
      z.regex(HANDLE_NAME),
      z.describe('handle that pins the digest (e.g. IMAGE_DIGEST); a different live digest is a conflict on it'),
    ),
  require_immutable: z._default(z.boolean(), true).check(z.describe('fail unless the repository’s tags are IMMUTABLE (default true)')),
});

export const ecrImageDigest = defineGate({
  aws: true,
  kind: 'ecr.image_digest',
  summary:
    'the pinned tag resolves in ECR to the pinned digest and the repository’s tags are IMMUTABLE (ECR DescribeRepositories + DescribeImages)',
  params: Params,
  handleNames: (p) => [p.digest_handle],
  async run(ctx, params) {
    const pin = ctx.registry.handles[params.digest_handle];
    const image = `${params.repository}:${params.tag}`;
    if (!pin?.value)
      return {
        results: [
          {
            resource: image,
            status: 'error',
            reason: `${params.digest_handle} is ${pin ? 'PENDING PIN' : 'not in the registry'}: nothing to compare`,
          },
        ],
      };
    const { DescribeRepositoriesCommand, DescribeImagesCommand } = await import('../substrate/aws-sdk/ecr.js');
    const ecr = await ctx.clients.ecr();
    const results: ResultItem[] = [];
    const observations: Observation[] = [];
    try {
      const out = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [params.repository] }), { abortSignal: ctx.signal });
      const repo = out.repositories?.find((r) => r.repositoryName === params.repository);
      if (!repo)
        results.push({
          resource: params.repository,
          status: 'error',
          reason: 'DescribeRepositories answered without the repository (fail closed)',
        });
      else if (!params.require_immutable || repo.imageTagMutability === 'IMMUTABLE')
        results.push({ resource: params.repository, status: 'pass', reason: `tags ${repo.imageTagMutability ?? 'unknown'}` });
      else
        results.push({
          resource: params.repository,
          status: 'fail',
          reason: `tags are ${repo.imageTagMutability ?? 'of unknown mutability'}: a tag can be moved to another image; set IMMUTABLE`,
        });
    } catch (err) {
      if (isAwsError(err, 'RepositoryNotFound'))
        return { results: [{ resource: params.repository, status: 'fail', reason: `ECR repository ${params.repository} does not exist` }] };
      return { results: [{ resource: params.repository, status: 'error', reason: describeAwsError(err) }] };
    }
    results.push(await resolveTag(ctx, ecr, DescribeImagesCommand, params, pin.value, observations));
    return { results, observations };
  },
});

async function resolveTag(
  ctx: GateContext,
  ecr: Awaited<ReturnType<GateContext['clients']['ecr']>>,
  DescribeImages: typeof import('../substrate/aws-sdk/ecr.js').DescribeImagesCommand,
  params: z.infer<typeof Params>,
  pinned: string,
  observations: Observation[],
): Promise<ResultItem> {
  const resource = `${params.repository}:${params.tag}`;
  try {
    const out = await ecr.send(new DescribeImages({ repositoryName: params.repository, imageIds: [{ imageTag: params.tag }] }), {
      abortSignal: ctx.signal,
    });
    const digests = [...new Set((out.imageDetails ?? []).map((d) => d.imageDigest).filter((d): d is string => !!d))];
    if (digests.length !== 1)
      return { resource, status: 'error', reason: `DescribeImages answered ${digests.length} digests for one tag (fail closed)` };
    const live = digests[0]!;
    if (live === pinned) return { resource, status: 'pass', reason: `resolves to the pinned digest ${pinned}` };
    observations.push({ handle: params.digest_handle, value: live, source: 'live:ecr.DescribeImages' });
    return {
      resource,
      status: 'fail',
      reason: `tag resolves to ${live} but ${params.digest_handle} pins ${pinned}: two sources of truth disagree (STOP: repin or abort)`,
    };
  } catch (err) {
    if (isAwsError(err, 'ImageNotFound')) return { resource, status: 'fail', reason: `tag ${params.tag} is not in ${params.repository}` };
    return { resource, status: 'error', reason: describeAwsError(err) };
  }
}
