import { AwsServiceError } from '../wire/aws-error.js';
import type { JsonHandler } from '../wire/json-services.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import type { SandboxState } from '../state/state.js';

// ECR (AWS JSON 1.1, AmazonEC2ContainerRegistry_V20150921): DescribeRepositories and
// DescribeImages, what ecr.image_digest asks. Errors and pagination as ECR answers them.

const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message, 400);
}

function strings(value: unknown, member: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new AwsServiceError('SerializationException', `Expected a list of strings for ${member}.`, 400);
  return value as string[];
}

function maxResults(input: Record<string, unknown>, fallback: number): number {
  const n = input.maxResults ?? fallback;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1000) throw invalid(`Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value between 1 and 1000'`);
  return n;
}

/** Cursor pagination over sorted keys; a token replayed with another request is refused. */
function page<T>(keys: string[], input: Record<string, unknown>, request: unknown, limit: number, make: (k: string) => T) {
  const fingerprint = requestFingerprint(request);
  let after: string | undefined;
  if (input.nextToken !== undefined) {
    const position = typeof input.nextToken === 'string' ? decodePageToken(input.nextToken, fingerprint) : undefined;
    if (typeof position !== 'string') throw invalid('Invalid parameter at \'nextToken\': the token is not valid.');
    after = position;
  }
  const rest = after === undefined ? keys : keys.filter((k) => k > after);
  const taken = rest.slice(0, limit);
  return { items: taken.map(make), ...(rest.length > taken.length ? { nextToken: encodePageToken(taken[taken.length - 1]!, fingerprint) } : {}) };
}

function registryOf(state: SandboxState, input: Record<string, unknown>): string {
  const id = input.registryId ?? state.account_id;
  if (id !== state.account_id) throw invalid(`Invalid parameter at 'registryId': registry ${String(id)} is not this account's`);
  return id;
}

function repositories(state: SandboxState, region: string) {
  return region === state.region ? state.ecr.repositories : {};
}

function notFound(name: string, registry: string): AwsServiceError {
  return new AwsServiceError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${registry}'`, 400);
}

const describeRepositories: JsonHandler = async ({ state, region, input }) => {
  const registry = registryOf(state, input);
  const repos = repositories(state, region);
  const names = strings(input.repositoryNames, 'repositoryNames');
  if (names && input.nextToken !== undefined) throw invalid('Cannot specify nextToken with repositoryNames');
  for (const n of names ?? []) if (!Object.hasOwn(repos, n)) throw notFound(n, registry);
  const keys = names ? [...new Set(names)].sort() : Object.keys(repos).sort();
  const out = page(keys, input, [names ?? null], names ? keys.length || 1 : maxResults(input, 100), (name) => {
    const r = repos[name]!;
    return {
      repositoryArn: `arn:aws:ecr:${state.region}:${registry}:repository/${name}`,
      registryId: registry,
      repositoryName: name,
      repositoryUri: `${registry}.dkr.ecr.${state.region}.amazonaws.com/${name}`,
      createdAt: Date.parse(r.created_at ?? '1970-01-01T00:00:00Z') / 1000,
      imageTagMutability: r.tag_mutability,
      imageScanningConfiguration: { scanOnPush: false },
      encryptionConfiguration: { encryptionType: 'AES256' },
    };
  });
  return { repositories: out.items, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
};

interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

const describeImages: JsonHandler = async ({ state, region, input }) => {
  const registry = registryOf(state, input);
  const name = input.repositoryName;
  if (typeof name !== 'string' || !name) throw invalid("1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null");
  const repo = repositories(state, region)[name];
  if (!repo) throw notFound(name, registry);
  const ids = input.imageIds as ImageId[] | undefined;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((i) => !i || typeof i !== 'object'))) throw new AwsServiceError('SerializationException', 'Expected a list of image ids for imageIds.', 400);
  if (ids && input.nextToken !== undefined) throw invalid('Cannot specify nextToken with imageIds');
  const tagStatus = (input.filter as { tagStatus?: string } | undefined)?.tagStatus ?? 'ANY';
  const byDigest = Object.entries(repo.images);
  let digests: string[];
  if (ids) {
    digests = [];
    for (const id of ids) {
      const hit = byDigest.find(([d, i]) => (id.imageDigest === undefined || d === id.imageDigest) && (id.imageTag === undefined || i.tags.includes(id.imageTag)) && (id.imageDigest ?? id.imageTag) !== undefined);
      if (!hit) {
        throw new AwsServiceError(
          'ImageNotFoundException',
          `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${name}' in the registry with id '${registry}'`,
          400,
        );
      }
      if (!digests.includes(hit[0])) digests.push(hit[0]);
    }
  } else {
    digests = byDigest.filter(([, i]) => tagStatus === 'ANY' || (tagStatus === 'TAGGED') === i.tags.length > 0).map(([d]) => d).sort();
  }
  const out = page(digests, input, [name, tagStatus, ids ?? null], ids ? digests.length : maxResults(input, 100), (digest) => {
    const i = repo.images[digest]!;
    return {
      registryId: registry,
      repositoryName: name,
      imageDigest: digest,
      ...(i.tags.length ? { imageTags: i.tags } : {}),
      imageSizeInBytes: i.size_bytes,
      imagePushedAt: Date.parse(i.pushed_at ?? '1970-01-01T00:00:00Z') / 1000,
      imageManifestMediaType: MANIFEST,
      artifactMediaType: 'application/vnd.docker.container.image.v1+json',
    };
  });
  return { imageDetails: out.items, ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
};

export const ECR_ACTIONS: Record<string, JsonHandler> = {
  DescribeRepositories: describeRepositories,
  DescribeImages: describeImages,
};
