import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { DESCRIBED, implSeqs, pins, records, sandboxFiles, snapshots, stagingLeft } from './crash-harness.js';

// The laws a crash must never break (issue 8 item 1), as a list of violations so the crash-point
// suite can assert none and the random-kills soak can count them. Read from files only.

export interface CrashLawContext {
  env: string;
  /** The prepared root every crashed copy was made from (for `planted`). */
  prepared: string;
  /** Pins before the crashed command. */
  before: Record<string, string>;
  /** Snapshots the sandbox scenario seeds (files under `prepared`): no record expected. */
  planted: ReadonlySet<string>;
  /** The runbook's snapshot file names. */
  snapshotNames: ReadonlySet<string>;
}

/** The runbook's snapshot names (the root's only runbook). */
export async function snapshotNamesOf(root: string): Promise<Set<string>> {
  const dir = path.join(root, 'runbooks');
  const doc = parse(await readFile(path.join(dir, (await readdir(dir))[0]!), 'utf8')) as { phases: Array<{ snapshot?: string }> };
  return new Set(doc.phases.flatMap((p) => (p.snapshot ? [p.snapshot] : []))); // a docs-only phase has none
}

/**
 * Right after any crash: the chain verifies, the registry parses and every pin that changed has
 * its repin record, every published verdict is whole JSON with a `verdict.sealed` record of its
 * SHA-256 (so no green without a record), impl_actual has no section the logbook lacks. Once the
 * next run has settled (`settled`): impl_actual and the logbook agree section for section, every
 * repin batch is closed, no staging folder is left.
 */
export async function lawViolations(root: string, c: CrashLawContext, label: string, settled: boolean): Promise<string[]> {
  const out: string[] = [];
  const w = sandboxFiles(root, c.env);
  const verified = await verifyLogbook(w.logbook);
  if (!verified.ok) out.push(`${label}: logbook verify: line ${verified.line}: ${verified.reason}`);
  const recs = await records(w).catch((e: Error) => (out.push(`${label}: logbook unreadable: ${e.message}`), []));
  const now = await pins(w.registry).catch((e: Error) => (out.push(`${label}: registry corrupt: ${e.message}`), {}));
  for (const [handle, value] of Object.entries(now)) {
    if (value === c.before[handle]) continue;
    if (!recs.some((r) => r.kind === 'repin' && r.data.handle === handle && r.data.to === value))
      out.push(`${label}: ${handle} changed to ${value} with no repin record`);
  }
  for (const s of await snapshots(w, c.snapshotNames)) {
    if (c.planted.has(s.file.replace(root, c.prepared))) continue;
    const rel = path.relative(root, s.file);
    const vouched = recs.some(
      (r) => r.kind === 'verdict.sealed' && path.resolve(root, String(r.data.path)) === s.file && r.data.sha256 === s.sha256,
    );
    if (!vouched) out.push(`${label}: ${rel} has no verdict.sealed record with its SHA-256`);
    try {
      JSON.parse(await readFile(s.file, 'utf8'));
    } catch {
      out.push(`${label}: ${rel} is not whole JSON`);
    }
  }
  const seqs = await implSeqs(w);
  const described = recs.filter((r) => DESCRIBED.has(r.kind)).map((r) => r.seq);
  for (const s of seqs) if (!described.includes(s)) out.push(`${label}: impl_actual section for seq ${s} that the logbook lacks`);
  if (!settled) return out;
  if (JSON.stringify([...seqs].sort((a, b) => a - b)) !== JSON.stringify(described))
    out.push(`${label}: impl_actual sections [${seqs.join(',')}] disagree with the logbook [${described.join(',')}]`);
  if (new Set(seqs).size !== seqs.length) out.push(`${label}: an impl_actual section written twice`);
  const closed = new Set(recs.filter((r) => r.kind === 'repin.applied' || r.kind === 'repin.failed').map((r) => r.data.batch));
  for (const r of recs)
    if (r.kind === 'repin' && !closed.has(r.data.batch)) out.push(`${label}: repin batch ${String(r.data.batch)} never settled`);
  for (const s of await stagingLeft(w)) out.push(`${label}: staging left behind: ${s}`);
  return [...new Set(out)];
}
