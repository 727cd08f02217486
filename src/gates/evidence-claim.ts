import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { resolveLatest } from './evidence-json.js';
import { resolvePointer } from './json-pointer.js';

// A live guardrail gate can name the evidence file that claims the same thing (network posture,
// teardown viability, budget posture). The live answer decides the status; when the file says
// otherwise, the result says so ("evidence says none, account has 1"), so a stale file is seen.

export const EvidenceClaimParam = z.strictObject({
  path: z.string().check(
    z.minLength(1),
    z.refine((p) => !path.isAbsolute(p) && !p.split('/').includes('..'), 'path is relative to the evidence root and may not leave it'),
    z.describe('evidence file under the evidence root; a `*` segment picks the latest match'),
  ),
  pointer: z
    .string()
    .check(z.regex(/^\//, 'a JSON pointer such as /always_on_load_balancers'), z.describe('where the file states its claim')),
});
export type EvidenceClaimParam = z.infer<typeof EvidenceClaimParam>;

export type Claim = { where: string; value: unknown } | { where: string; unreadable: string };

export async function readClaim(ctx: GateContext, claim: EvidenceClaimParam): Promise<Claim> {
  const rel = await resolveLatest(ctx.evidenceRoot, claim.path);
  if (!rel) return { where: claim.path, unreadable: 'evidence file not found' };
  const where = `${rel}#${claim.pointer}`;
  try {
    const found = resolvePointer(JSON.parse(await readFile(path.join(ctx.evidenceRoot, rel), 'utf8')), claim.pointer);
    return found.found ? { where, value: found.value } : { where, unreadable: 'the file does not say' };
  } catch (err) {
    return { where, unreadable: `cannot read it: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** How a counted claim (a list, or a number) compares with what the account has; undefined when they agree. */
export function countNote(claim: Claim | undefined, live: number): string | undefined {
  if (!claim) return undefined;
  if ('unreadable' in claim) return `evidence ${claim.where}: ${claim.unreadable}`;
  const said = Array.isArray(claim.value) ? claim.value.length : typeof claim.value === 'number' ? claim.value : undefined;
  if (said === undefined) return `evidence ${claim.where} holds neither a list nor a count`;
  if (said === live) return undefined;
  const n = (k: number) => (k === 0 ? 'none' : String(k));
  return `evidence says ${n(said)} (${claim.where}), account has ${n(live)}`;
}

/** Appends a note to every result's reason. */
export function withNote<T extends { reason: string }>(results: T[], note: string | undefined): T[] {
  return note ? results.map((r) => ({ ...r, reason: `${r.reason}; ${note}` })) : results;
}
