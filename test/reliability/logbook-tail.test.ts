import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENESIS, recordHash, type LogbookRecord } from '../../src/logbook/record.js';
import { gatewalk } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';

// Issue 8.5: the tail of the logbook is anchored. Sealed verdicts and impl_actual sections carry
// the head they were written after; `logbook head` pins it outside; a KMS-signed head holds even
// against someone who rewrites the whole folder. On the second program fixture (shop).
describe('an anchored logbook tail', { timeout: 120_000 }, () => {
  let root: string;
  const ws = () => path.join(root, '.gatewalk', 'sandbox', SHOP.env);
  const logbook = () => path.join(ws(), 'logbook.jsonl');
  const impl = () => path.join(ws(), 'impl_actual.md');
  const verify = (...extra: string[]) => gatewalk(root, ['logbook', 'verify', '--sandbox', ...extra]);
  const lines = async () => (await readFile(logbook(), 'utf8')).split('\n').filter(Boolean);
  let pristine: { logbook: string; impl: string };
  const restore = async () => {
    await writeFile(logbook(), pristine.logbook);
    await writeFile(impl(), pristine.impl);
  };

  beforeAll(async () => {
    root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'stage-account', '--sandbox'])).code).toBe(0);
    pristine = { logbook: await readFile(logbook(), 'utf8'), impl: await readFile(impl(), 'utf8') };
  });

  it('`logbook head` prints SEQ:HASH of the last record; verify --head proves the log holds it', async () => {
    const head = await gatewalk(root, ['logbook', 'head', '--sandbox']);
    const last = JSON.parse((await lines()).at(-1)!) as LogbookRecord;
    expect(head.stdout.trim()).toBe(`${last.seq}:${last.hash}`);
    const ok = await verify('--head', head.stdout.trim());
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('anchors hold');
    // the verdict records the head it was sealed after; impl_actual records its own record
    const snapshot = JSON.parse(
      await readFile(path.join(root, JSON.parse((await lines()).filter((l) => l.includes('verdict.sealed')).at(-1)!).data.path), 'utf8'),
    );
    expect(snapshot.logbook_head).toEqual({ seq: last.seq - 1, hash: (JSON.parse((await lines()).at(-2)!) as LogbookRecord).hash });
    expect(await readFile(impl(), 'utf8')).toContain(`- **logbook_hash:** ${last.hash}`);
  });

  it('a truncated logbook is BROKEN (exit 3) naming the impl_actual line that outlives it', async () => {
    const head = (await gatewalk(root, ['logbook', 'head', '--sandbox'])).stdout.trim();
    const all = await lines();
    expect(all.length).toBeGreaterThan(2);
    await writeFile(logbook(), all.slice(0, -2).join('\n') + '\n');
    const r = await verify('--head', head);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(
      /BROKEN: \.gatewalk\/sandbox\/shop_stage\/impl_actual\.md:\d+: names logbook record \d+, but the logbook ends at \d+: truncated/,
    );
    expect(r.stdout).toContain(`BROKEN: --head ${head}: the logbook ends at ${all.length - 2}: truncated`);
    await restore();
  });

  it('dropping only the last record is BROKEN too', async () => {
    const all = await lines();
    await writeFile(logbook(), all.slice(0, -1).join('\n') + '\n');
    const r = await verify();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/truncated/);
    expect(r.stdout).toMatch(/tampering: .*no logbook record vouches for this verdict/);
    await restore();
  });

  it('a forged tail with a correct chain is caught by impl_actual; forging both is caught only by a pinned head', async () => {
    const head = (await gatewalk(root, ['logbook', 'head', '--sandbox'])).stdout.trim();
    const records = (await lines()).map((l) => JSON.parse(l) as LogbookRecord);
    // Blame-shifting: the last record (stage-account's verdict.sealed) now names someone else.
    const forged = forgeTail(
      records,
      (r) => r.seq === records.length,
      (r) => ({ ...r, actor: 'arn:aws:sts::444455556666:assumed-role/intern/x' }),
    );
    await writeFile(logbook(), forged.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect((await gatewalk(root, ['logbook', 'verify', '--sandbox'])).stdout).toContain('BROKEN'); // chain intact, anchors not
    const r = await verify();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/impl_actual\.md:\d+: logbook record \d+ is not the one written then: rewritten/);

    // The attacker rewrites impl_actual to match as well: every local cross-check agrees …
    let text = pristine.impl;
    for (const [i, rec] of records.entries()) text = text.replaceAll(rec.hash, forged[i]!.hash);
    await writeFile(impl(), text);
    const fooled = await verify();
    expect(fooled.code, fooled.stdout).toBe(0);
    // … but the head pinned outside before the forgery is no longer in the log.
    const pinned = await verify('--head', head);
    expect(pinned.code).toBe(3);
    expect(pinned.stdout).toMatch(/--head \d+:[0-9a-f]{64}: record \d+ is not the pinned one: rewritten/);
    await restore();
  });

  it('a KMS-signed head (sandbox key) verifies; an altered one does not', async () => {
    const signed = await gatewalk(root, ['logbook', 'head', '--sandbox', '--sign', 'alias/gatewalk-logbook']);
    expect(signed.code, signed.stderr).toBe(0);
    const body = JSON.parse(signed.stdout);
    expect(body).toMatchObject({
      format: 'gatewalk.logbook-head/v1',
      env: SHOP.env,
      substrate: 'sandbox',
      key_id: expect.stringMatching(/^arn:aws:kms:us-east-1:444455556666:key\//),
      signing_algorithm: 'ECDSA_SHA_256',
    });
    const file = path.join(root, 'head.json');
    await writeFile(file, signed.stdout);
    const ok = await verify('--signed-head', file);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`contains signed head ${body.seq}:`);

    const records = (await lines()).map((l) => JSON.parse(l) as LogbookRecord);
    await writeFile(file, JSON.stringify({ ...body, seq: body.seq - 1, hash: records.at(-2)!.hash }));
    const altered = await verify('--signed-head', file);
    expect(altered.code).toBe(3);
    expect(altered.stdout).toContain('the KMS signature does not verify');
    const unknownKey = await gatewalk(root, ['logbook', 'head', '--sandbox', '--sign', 'alias/nope']);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toContain('NotFoundException');
  });
});

/** Rewrites the records from the first match on, and re-chains them: a tail with a correct chain. */
function forgeTail(
  records: LogbookRecord[],
  from: (r: LogbookRecord) => boolean,
  edit: (r: LogbookRecord) => LogbookRecord,
): LogbookRecord[] {
  const at = records.findIndex(from);
  const out = records.slice(0, at);
  for (const r of records.slice(at)) {
    const e = out.length === at ? edit(r) : r;
    const unhashed = { ...e, prev_hash: out.at(-1)?.hash ?? GENESIS };
    out.push({ ...unhashed, hash: recordHash(unhashed) });
  }
  return out;
}
