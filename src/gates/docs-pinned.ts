import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from '../core/zod-mini.js';
import { matchNames } from '../core/interpolate.js';
import type { Observation, ResultItem } from '../core/types.js';
import { defineGate } from './gate.js';

// Seed §4 (M0's authority lock made checkable): each document of the registry's authority stack
// exists under the documents root and hashes to the SHA-256 its `sha256_pin` handle pins. A
// changed document is two sources of truth disagreeing: its hash is observed for the pin handle,
// so the engine STOPs (repin the hash with a reason, or abort). The hashes go into the verdict.

const Params = z.strictObject({
  documents: z
    ._default(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), ['*'])
    .check(z.describe('authority document ids or patterns (default: the whole stack)')),
});

type Doc = NonNullable<import('../core/context.js').ResolvedRegistry['documents']>[number];

export const docsPinned = defineGate({
  aws: false,
  kind: 'docs.pinned',
  summary:
    'each selected authority document exists and its SHA-256 equals the hash its sha256_pin handle pins (a changed document is a conflict: STOP)',
  params: Params,
  async run(ctx, params) {
    const all = ctx.registry.documents ?? [];
    const ids = matchNames(
      params.documents,
      all.map((d) => d.id),
    );
    const root = ctx.documentsRoot;
    if (!root)
      return { results: [{ resource: 'authority documents', status: 'error', reason: 'no documents root in this run (fail closed)' }] };
    const observations: Observation[] = [];
    const results = await Promise.all(
      ids.map((id) =>
        checkDocument(
          all.find((d) => d.id === id)!,
          root,
          ctx.registry.handles,
          observations,
        ),
      ),
    );
    return { results, observations };
  },
});

async function checkDocument(
  d: Doc,
  root: string,
  handles: Record<string, { value?: string; pending?: boolean }>,
  observations: Observation[],
): Promise<ResultItem> {
  const resource = d.id;
  let text: Buffer;
  try {
    text = await readFile(path.resolve(root, d.path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { resource, status: 'fail', reason: `${d.path} is missing` };
    return { resource, status: 'error', reason: `cannot read ${d.path}: ${(err as Error).message}` };
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  const details = { path: d.path, sha256, rank: d.rank };
  if (!d.sha256_pin)
    return { resource, status: 'fail', reason: `${d.path} has no sha256_pin in the registry: pin its hash (${sha256})`, details };
  const pinned = handles[d.sha256_pin]?.value;
  if (!pinned) return { resource, status: 'fail', reason: `${d.sha256_pin} is PENDING PIN: repin it to ${sha256}`, details };
  if (pinned === sha256) return { resource, status: 'pass', reason: `${d.path} sha256 ${sha256} (${d.sha256_pin})`, details };
  observations.push({ handle: d.sha256_pin, value: sha256, source: 'live:docs.sha256' });
  return {
    resource,
    status: 'fail',
    reason: `${d.path} changed: sha256 ${sha256} but ${d.sha256_pin} pins ${pinned} (STOP: repin the hash with a reason, or abort)`,
    details,
  };
}
