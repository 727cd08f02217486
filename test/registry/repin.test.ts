import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repinHandles } from '../../src/registry/repin.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

const REAL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../registry/dev_min.yaml');
const IG_ARN = 'arn:aws:iam::111122223333:role/fraud-platform-dev-min-ig';
const RUNTIME_ARN = 'arn:aws:iam::111122223333:role/fraud-platform-dev-min-app-runtime-v2';
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'dev_min.yaml');
  await copyFile(REAL, file);
});
afterEach(async () => {
  await removeTmp(dir);
});

/** Line numbers (0-based) that differ; the line count must not change. */
function changedLines(before: string, after: string): Array<[number, string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[i, line, b[i]!] as [number, string, string]]));
}

describe('repinHandles on the real dev_min registry', () => {
  it('turns ROLE_IG `pending: true` into `value:` on the same line and changes nothing else', async () => {
    const before = await readFile(file, 'utf8');
    const result = await repinHandles(file, [{ handle: 'ROLE_IG', value: IG_ARN }]);
    const after = await readFile(file, 'utf8');
    const pendingLine = before.split('\n').findIndex((l, i, all) => l === '    pending: true' && all[i - 2] === '  ROLE_IG:');
    expect(changedLines(before, after)).toEqual([[pendingLine, '    pending: true', `    value: ${IG_ARN}`]]);
    expect(after).toContain('  ROLE_IG:\n    kind: iam_role\n    value: ' + IG_ARN + '\n    role_name: fraud-platform-dev-min-ig\n    terraform: { source: demo, output: role_ig_arn }\n');
    expect(result).toEqual({ beforeSha256: sha(before), afterSha256: sha(after), changes: [{ handle: 'ROLE_IG', previous: 'PENDING', value: IG_ARN }] });
  });

  it('replaces an already pinned value (ROLE_APP_RUNTIME) in place', async () => {
    const before = await readFile(file, 'utf8');
    const result = await repinHandles(file, [{ handle: 'ROLE_APP_RUNTIME', value: RUNTIME_ARN }]);
    const after = await readFile(file, 'utf8');
    expect(changedLines(before, after).map(([, a, b]) => [a, b])).toEqual([
      ['    value: arn:aws:iam::111122223333:role/fraud-platform-dev-min-app-runtime', `    value: ${RUNTIME_ARN}`],
    ]);
    expect(result.changes).toEqual([{ handle: 'ROLE_APP_RUNTIME', previous: 'arn:aws:iam::111122223333:role/fraud-platform-dev-min-app-runtime', value: RUNTIME_ARN }]);
  });

  it('repins several handles at once; comments, quoting and aligned flow maps survive', async () => {
    const before = await readFile(file, 'utf8');
    await repinHandles(file, [
      { handle: 'ROLE_IG', value: IG_ARN },
      { handle: 'ROLE_APP_RUNTIME', value: RUNTIME_ARN },
      { handle: 'ACCOUNT_ID', value: '444455556666' },
    ]);
    const after = await readFile(file, 'utf8');
    expect(changedLines(before, after).map(([, , b]) => b)).toEqual(['    value: "444455556666"', `    value: ${RUNTIME_ARN}`, `    value: ${IG_ARN}`]);
    expect(after.match(/#.*/g)).toEqual(before.match(/#.*/g));
    expect(parse(after).handles.ACCOUNT_ID.value).toBe('444455556666');
  });

  it('leaves no temp file or lock behind and keeps the file mode', async () => {
    await (await import('node:fs/promises')).chmod(file, 0o640);
    await repinHandles(file, [{ handle: 'ROLE_IG', value: IG_ARN }]);
    expect(await readdir(dir)).toEqual(['dev_min.yaml']);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it('an unknown handle or a malformed value is refused by name and the file is untouched', async () => {
    const before = await readFile(file);
    await expect(repinHandles(file, [{ handle: 'ROLE_IG', value: IG_ARN }, { handle: 'ROLE_NOPE', value: IG_ARN }])).rejects.toThrow(/unknown handle ROLE_NOPE/);
    await expect(repinHandles(file, [{ handle: 'ROLE_SR', value: 'not-an-arn' }])).rejects.toThrow(/ROLE_SR.*IAM role ARN/);
    expect(await readFile(file)).toEqual(before);
  });
});

describe('optimistic concurrency', () => {
  it('a repin with a stale expectSha256 fails and leaves the file as the winner wrote it', async () => {
    const loaded = sha(await readFile(file));
    await repinHandles(file, [{ handle: 'ROLE_IG', value: IG_ARN }], { expectSha256: loaded });
    const afterFirst = await readFile(file);
    await expect(repinHandles(file, [{ handle: 'ROLE_SR', value: 'arn:aws:iam::111122223333:role/fraud-platform-dev-min-sr' }], { expectSha256: loaded })).rejects.toThrow(
      /changed since it was loaded/,
    );
    expect(await readFile(file)).toEqual(afterFirst);
  });

  it('two racing repins from the same loaded registry: exactly one wins, the file stays valid', async () => {
    const loaded = sha(await readFile(file));
    const results = await Promise.allSettled(
      ['ROLE_IG', 'ROLE_WSP'].map((h) => repinHandles(file, [{ handle: h, value: `arn:aws:iam::111122223333:role/${h.toLowerCase()}` }], { expectSha256: loaded })),
    );
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const doc = parse(await readFile(file, 'utf8'));
    const pinned = ['ROLE_IG', 'ROLE_WSP'].filter((h) => doc.handles[h].value);
    expect(pinned).toHaveLength(1);
    expect(sha(await readFile(file))).toBe((results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ afterSha256: string }>).value.afterSha256);
  });
});

describe('other registry shapes', () => {
  const write = (text: string) => writeFile(file, text);

  it('edits flow-style handles and quotes values that plain YAML would misread', async () => {
    await write('handles:\n  A: { kind: string, pending: true }   # keep me\n  B: { kind: string, pending: true }\n');
    await repinHandles(file, [
      { handle: 'A', value: 'plain-text' },
      { handle: 'B', value: '12345' },
    ]);
    expect(await readFile(file, 'utf8')).toBe('handles:\n  A: { kind: string, value: plain-text }   # keep me\n  B: { kind: string, value: "12345" }\n');
  });

  it('drops a stray `pending: true` next to a value but keeps the comment above it', async () => {
    await write('handles:\n  A:\n    kind: string\n    value: old\n    # why pending\n    pending: true\n    description: d\n');
    const r = await repinHandles(file, [{ handle: 'A', value: 'new' }]);
    expect(await readFile(file, 'utf8')).toBe('handles:\n  A:\n    kind: string\n    value: new\n    # why pending\n    description: d\n');
    expect(r.changes[0]!.previous).toBe('PENDING');
  });

  it('refuses a repin of the same handle twice in one request', async () => {
    await expect(repinHandles(file, [{ handle: 'ROLE_IG', value: IG_ARN }, { handle: 'ROLE_IG', value: IG_ARN }])).rejects.toThrow(/ROLE_IG is repinned twice/);
  });
});
