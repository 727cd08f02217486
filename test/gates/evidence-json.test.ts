import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { evidenceJson } from '../../src/gates/evidence-json.js';
import { offlineContext } from './context.js';

let root: string;
const put = async (rel: string, body: string) => {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), body);
};
const run = (p: { path: string; assert?: string[] }) =>
  evidenceJson.run(offlineContext({ evidenceRoot: root }), evidenceJson.params.parse(p));

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gw-evidence-'));
});

describe('evidence.json', () => {
  it('passes when every assertion holds, picking the latest stamp folder', async () => {
    await put('m2_j/20260101T000000Z/net.json', JSON.stringify({ nat_gateways: ['nat-1'] }));
    await put('m2_j/20260213T205715Z/net.json', JSON.stringify({ nat_gateways: [], budget: 28, tag: 'git-abc' }));
    const out = await run({ path: 'm2_j/*/net.json', assert: ['/nat_gateways == []', '/budget <= 30', '/tag =~ ^git-'] });
    expect(out.results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(out.results[0]!.resource).toBe('m2_j/20260213T205715Z/net.json#/nat_gateways');
  });

  it('fails an assertion that does not hold and says what it saw', async () => {
    await put('m1/a/prov.json', JSON.stringify({ image_digest: 'sha256:bad', account: '111122223333' }));
    const out = await run({
      path: 'm1/*/prov.json',
      assert: ['/image_digest == sha256:good', '/account == 111122223333', '/missing exists'],
    });
    expect(out.results.map((r) => r.status)).toEqual(['fail', 'pass', 'fail']);
    expect(out.results[0]!.reason).toContain('"sha256:bad"');
    expect(out.results[2]!.reason).toBe('/missing is missing');
  });

  it('fails when the file is absent, errors when it is not JSON', async () => {
    expect((await run({ path: 'm3/*/x.json' })).results[0]!.status).toBe('fail');
    await put('m3/s/x.json', '{ not json');
    const bad = await run({ path: 'm3/*/x.json' });
    expect(bad.results[0]!.status).toBe('error');
  });

  it('rejects paths that leave the evidence root and unreadable assertions at param validation', () => {
    expect(evidenceJson.params.safeParse({ path: '../etc/passwd' }).success).toBe(false);
    expect(evidenceJson.params.safeParse({ path: 'a.json', assert: ['overall_pass is true'] }).success).toBe(false);
  });
});
