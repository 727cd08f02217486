import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { chainRoot, run, SB, sandboxDir } from './chain-program.js';

// Issue 8.6: a phase with AWS checks never seals green without a verified STS identity, and a
// local name is never taken from $USER and always labelled unverified.
const STS_DOWN = {
  GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'access-denied', service: 'sts' }]),
  USER: 'mallory',
  LOGNAME: 'mallory',
};
const records = async (root: string) =>
  (await readFile(path.join(sandboxDir(root), 'logbook.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('who ran it', { timeout: 120_000 }, () => {
  it('an AWS phase with STS failing seals blocked (GW-IDENTITY), and the actor is labelled unverified, not $USER', async () => {
    const root = await chainRoot();
    expect((await run(root, 'A')).code).toBe(0);
    const r = await gatewalk(root, ['run', 'B', ...SB, '--json'], STS_DOWN);
    expect(r.code).toBe(3);
    const verdict = JSON.parse(r.stdout);
    expect(verdict.checks.every((c: { status: string }) => c.status === 'pass')).toBe(true); // B's own checks pass
    expect(verdict.overall_pass).toBe(false);
    expect(verdict.blockers.map((b: { code: string }) => b.code)).toEqual(['GW-IDENTITY']);
    expect(verdict.operator).toEqual({ error: expect.any(String), unverified_actor: `unverified:${userInfo().username}` });
    const last = (await records(root)).at(-1);
    expect(last).toMatchObject({ kind: 'verdict.sealed', actor: `unverified:${userInfo().username}` });
    expect(JSON.stringify(await records(root))).not.toContain('mallory');
  });

  it('a documents-only phase may close green without STS, every record labelled unverified', async () => {
    const root = await tempProgramRoot();
    expect((await gatewalk(root, ['sandbox', 'reset', '--env', 'dev_min'])).code).toBe(0);
    const attest = ['--attest', 'authority-lock=pass:stack pinned', '--attest', 'governance=pass:one owner'];
    const r = await gatewalk(root, ['run', 'M0', ...SB, '--json', ...attest], STS_DOWN);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).operator.unverified_actor).toBe(`unverified:${userInfo().username}`);
    const all = await records(root);
    expect(all.length).toBeGreaterThan(2);
    for (const rec of all) expect(rec.actor).toBe(`unverified:${userInfo().username}`);
    const impl = await readFile(path.join(sandboxDir(root), 'impl_actual.md'), 'utf8');
    expect(impl).toContain(`**actor:** unverified:${userInfo().username}`);
    expect(impl).not.toContain('mallory');
  });
});
