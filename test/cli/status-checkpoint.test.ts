import { createHash, createHmac } from 'node:crypto';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/context.js';
import { appendLogbookRecords } from '../../src/logbook/logbook.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// `status` resumes the chain from a MAC'd checkpoint (.gatewalk/cache/logbook-*.json) instead of
// verifying it from record 1. The checkpoint may only make a read faster: with a logbook edited or
// truncated before it, or a checkpoint forged or planted, status says exactly what it says with
// caches off (GATEWALK_CACHE=off: a full verification), tampering included (exit 3).

interface Case {
  name: string;
  env: string;
  /** Phase runs that leave a sealed verdict and, for shop, a pending STOP before the checkpoint. */
  setup: (root: string) => Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'dev_min (shipped)',
    env: 'dev_min',
    setup: async (root) => {
      const m0 = await gatewalk(root, [
        'run',
        'M0',
        '--env',
        'dev_min',
        '--sandbox',
        '--attest',
        'authority-lock=pass:ok',
        '--attest',
        'governance=pass:ok',
      ]);
      expect(m0.code, m0.stdout + m0.stderr).toBe(0);
      // M0 is docs-only (its verdict lives in the logbook record): M1 seals a snapshot file too.
      const m1 = await gatewalk(root, ['run', 'M1', '--env', 'dev_min', '--sandbox']);
      expect(m1.code, m1.stdout + m1.stderr).toBe(0);
    },
  },
  {
    name: 'shop (second program)',
    env: SHOP.env,
    setup: async (root) => {
      expect((await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa'])).code).toBe(0);
      expect((await gatewalk(root, ['run', 'stage-account', '--sandbox'])).code).toBe(0);
      expect((await gatewalk(root, ['sandbox', 'apply', 'create-worker-role'])).code).toBe(0);
      expect((await gatewalk(root, ['run', 'stage-roles', '--sandbox'])).code).toBe(4); // a STOP, pending
    },
  },
];

describe.each(CASES)('status from a checked checkpoint: $name', { timeout: 300_000 }, ({ name, env, setup }) => {
  let root: string;
  let logbook: string;
  let pristine: string;
  const status = (extra: Record<string, string> = {}) => gatewalk(root, ['status', '--env', env, '--sandbox'], extra);
  const plain = () => status({ GATEWALK_CACHE: 'off' });
  const checkpoints = async () => (await readdir(path.join(root, '.gatewalk', 'cache'))).filter((f) => f.startsWith('logbook-'));
  const checkpoint = async () => {
    const [f] = await checkpoints();
    const file = path.join(root, '.gatewalk', 'cache', f!);
    return { file, raw: JSON.parse(await readFile(file, 'utf8')) as { mac: string; body: string } };
  };
  /** Status with the checkpoint in place says exactly what a full verification says. */
  const sameAsPlain = async () => {
    const [a, b] = [await status(), await plain()];
    expect({ code: a.code, out: a.stdout, err: a.stderr }).toEqual({ code: b.code, out: b.stdout, err: b.stderr });
    return a;
  };
  const pad = (n: number) =>
    appendLogbookRecords(
      logbook,
      Array.from({ length: n }, (_, i) => ({
        kind: 'attest',
        substrate: 'sandbox' as const,
        env,
        actor: 'op',
        data: { phase: 'elsewhere', step: `pad-${i}` },
      })),
      systemClock,
    );

  beforeAll(async () => {
    root = name.startsWith('shop') ? await copyProgram(SHOP) : await tempProgramRoot();
    await setup(root);
    logbook = path.join(root, '.gatewalk', 'sandbox', env, 'logbook.jsonl');
    await pad(40);
    const first = await status();
    expect(first.code, first.stderr).toBe(0);
    pristine = await readFile(logbook, 'utf8');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));
  const restore = async () => {
    await writeFile(logbook, pristine);
    expect((await status()).code).toBe(0); // the checkpoint is back at the pristine head
  };

  it('is written at the head, carries the sealed verdicts (and pending STOPs), and resumes after appends with the same table', async () => {
    const lines = pristine.trimEnd().split('\n');
    const cp = JSON.parse((await checkpoint()).raw.body);
    expect(cp.point).toMatchObject({ seq: lines.length, line: lines.length, offset: Buffer.byteLength(pristine) });
    expect(cp.carried.map((r: { kind: string }) => r.kind)).toContain('verdict.sealed');
    if (name.startsWith('shop')) expect(cp.carried.map((r: { kind: string }) => r.kind)).toContain('conflict.stop');
    expect(cp.carried.length).toBeLessThan(lines.length);
    await pad(5);
    const after = await sameAsPlain();
    expect(after.code).toBe(0);
    expect(JSON.parse((await checkpoint()).raw.body).point.seq).toBe(lines.length + 5);
    await restore();
  });

  it('a record edited before the checkpoint (same length, chain intact after it) is tampering, at its line', async () => {
    const edited = pristine.split('\n');
    edited[1] = edited[1]!.replace(/"ts":"(\d)/, (_m, d: string) => `"ts":"${d === '2' ? '3' : '2'}`);
    await writeFile(logbook, edited.join('\n'));
    expect(Buffer.byteLength(edited.join('\n'))).toBe(Buffer.byteLength(pristine));
    const r = await sameAsPlain();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${logbook}:2: hash does not match the record (edited after it was written)`);
    await restore();
  });

  it('a forged checkpoint (body edited, old MAC) and a planted one (MAC by another key) are ignored', async () => {
    const { file, raw } = await checkpoint();
    const body = JSON.parse(raw.body);
    // Forged: drop what it carries (the sealed verdict would vanish from the table) under the old MAC.
    await writeFile(file, JSON.stringify({ mac: raw.mac, body: JSON.stringify({ ...body, carried: [] }) }));
    expect((await sameAsPlain()).code).toBe(0);
    // Planted: a logbook edited before the checkpoint, and a checkpoint that vouches for the edited bytes, MAC'd by a key not this user's.
    const edited = pristine.replace(/"ts":"(\d)/, (_m, d: string) => `"ts":"${d === '2' ? '3' : '2'}`);
    await writeFile(logbook, edited);
    const prefix = createHash('sha256').update(edited).digest('hex');
    const plantedBody = JSON.stringify({ ...body, prefix_sha256: prefix });
    await writeFile(
      file,
      JSON.stringify({ mac: createHmac('sha256', Buffer.alloc(32, 7)).update(plantedBody).digest('hex'), body: plantedBody }),
    );
    const r = await sameAsPlain();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${logbook}:1: hash does not match the record`);
    await restore();
  });

  it('a logbook truncated before the checkpoint: cut at a record (fewer records) or inside one (torn)', async () => {
    const lines = pristine.trimEnd().split('\n');
    // Cut before the first verdict sealed into a snapshot file: that snapshot is then vouched for by
    // nothing (tampering), not green. (A docs-only phase's verdict, M0's, lives in the record itself.)
    const sealed = lines.findIndex((l) => {
      const r = JSON.parse(l) as { kind: string; data?: { path?: unknown } };
      return r.kind === 'verdict.sealed' && typeof r.data?.path === 'string';
    });
    expect(sealed).toBeGreaterThan(0);
    await writeFile(logbook, lines.slice(0, sealed).join('\n') + (sealed ? '\n' : ''));
    const cut = await sameAsPlain();
    expect(cut.code).toBe(3);
    expect(cut.stderr).toContain('no logbook record vouches for this verdict');
    await writeFile(logbook, pristine);
    await truncate(logbook, Buffer.byteLength(pristine) - 30);
    const torn = await sameAsPlain();
    expect(torn.code).toBe(3);
    expect(torn.stderr).toContain(`${logbook}:${lines.length}: torn last line`);
    await restore();
  });
});
