import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from '../core/zod-mini.js';
import { assertNoLinks } from '../core/confine.js';
import { globToRegExp } from '../core/glob.js';
import type { ResultItem } from '../core/types.js';
import { checkAssertion, parseAssertion, type Assertion } from './evidence-assertion.js';
import { defineGate } from './gate.js';

const Params = z.strictObject({
  path: z.string().check(
    z.minLength(1),
    z.refine((p) => !path.isAbsolute(p) && !p.split('/').includes('..'), 'path is relative to the evidence root and may not leave it'),
    z.describe('file under the evidence root; a `*` segment picks the latest (last in sort order) match'),
  ),
  assert: z._default(
    z.array(
      z.string().check(
        z.superRefine((s, ctx) => {
          const a = parseAssertion(s);
          if (typeof a === 'string') ctx.addIssue({ code: 'custom', message: a });
        }),
      ),
    ),
    [],
  ),
});

export const evidenceJson = defineGate({
  aws: false,
  kind: 'evidence.json',
  summary: 'a JSON evidence file exists and JSON-pointer assertions hold',
  params: Params,
  async run(ctx, params) {
    const rel = await resolveLatest(ctx.evidenceRoot, params.path);
    if (!rel) return { results: [{ resource: params.path, status: 'fail', reason: 'evidence file not found under the evidence root' }] };
    let doc: unknown;
    try {
      // A link anywhere on the way could feed the check a file from elsewhere: refused, never followed.
      await assertNoLinks(ctx.evidenceRoot, path.join(ctx.evidenceRoot, rel), 'evidence');
      doc = JSON.parse(await readFile(path.join(ctx.evidenceRoot, rel), 'utf8'));
    } catch (err) {
      return { results: [{ resource: rel, status: 'error', reason: `cannot read evidence: ${(err as Error).message.split('\n')[0]}` }] };
    }
    const assertions = params.assert.map((s) => parseAssertion(s) as Assertion);
    if (!assertions.length) return { results: [{ resource: rel, status: 'pass', reason: 'evidence file exists' }] };
    const results = assertions.map((a): ResultItem => {
      const why = checkAssertion(doc, a);
      return { resource: `${rel}#${a.pointer}`, status: why ? 'fail' : 'pass', reason: why ?? a.text };
    });
    return { results };
  },
});

/** Expand `*` segments one at a time, taking the last match in sort order (UTC stamps sort by time). */
export async function resolveLatest(root: string, pattern: string): Promise<string | undefined> {
  const parts = pattern.split('/');
  const walk = async (dir: string, i: number): Promise<string | undefined> => {
    if (i === parts.length) return (await isFile(path.join(root, dir))) ? dir : undefined; // only a file ends a match
    const part = parts[i]!;
    if (!part.includes('*')) return walk(dir ? `${dir}/${part}` : part, i + 1);
    let entries: string[];
    try {
      entries = (await readdir(path.join(root, dir))).filter((e) => !e.startsWith('.'));
    } catch {
      return undefined;
    }
    const re = globToRegExp(part);
    for (const e of entries
      .filter((x) => re.test(x))
      .sort()
      .reverse()) {
      const hit = await walk(dir ? `${dir}/${e}` : e, i + 1);
      if (hit) return hit;
    }
    return undefined;
  };
  return walk('', 0);
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}
