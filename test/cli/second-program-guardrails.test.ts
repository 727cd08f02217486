import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk } from './cli-harness.js';

// ecr.image_digest and docs.pinned on the second program (env shop_stage, us-east-1, other handle
// names), added the way its owner would: a repository in its scenario, a digest handle, a pinned
// document, one more check per phase. A retag STOPs and is repinned from the live value.
const DIGEST = `sha256:${'a1'.repeat(32)}`;
const REBUILT = `sha256:${'b2'.repeat(32)}`;
const PLAN = 'launch plan v1: checkout, payments, worker\n';

describe('live image and document pins on a second program', { timeout: 300_000 }, () => {
  let root: string;
  const at = (...p: string[]) => path.join(root, ...p);
  const edit = async (file: string, f: (s: string) => string) => writeFile(at(file), f(await readFile(at(file), 'utf8')));
  beforeAll(async () => {
    root = await copyProgram(SHOP);
    const { createHash } = await import('node:crypto');
    const planHash = createHash('sha256').update(PLAN).digest('hex');
    await edit('registry/shop_stage.yaml', (s) =>
      s
        .replace('      path: docs/launch-plan.md\n', '      path: docs/launch-plan.md\n      sha256_pin: LAUNCH_PLAN_SHA256\n')
        .replace(
          'handles:\n',
          `handles:\n  LAUNCH_PLAN_SHA256:\n    kind: sha256\n    value: ${planHash}\n  WEB_REPO:\n    kind: string\n    value: shop/web\n  RELEASE_DIGEST:\n    kind: string\n    value: ${DIGEST}\n`,
        ),
    );
    await edit('runbooks/shop_launch.yaml', (s) =>
      s.replace(
        '            blocker: REL-2\n',
        '            blocker: REL-2\n' +
          '          - id: image-live\n            gate: ecr.image_digest\n            params: { repository: "${WEB_REPO}", tag: "${RELEASE_TAG}", digest_handle: RELEASE_DIGEST, require_immutable: false }\n            blocker: REL-2\n' +
          '          - id: plan-pinned\n            gate: docs.pinned\n            params: { documents: [shop_launch_plan] }\n            blocker: REL-1\n',
      ),
    );
    const scenario = 'sandbox/shop_stage';
    await edit(
      `${scenario}/scenario.yaml`,
      (s) =>
        `${s}\necr:\n  repositories:\n    shop/web:\n      tag_mutability: MUTABLE\n      images:\n        "${DIGEST}": { tags: [v2.3.1] }\n`,
    );
    await writeFile(
      at(scenario, 'changes', 'rebuild-release.yaml'),
      `description: rebuild v2.3.1 under the same tag\nsteps:\n  - { op: put_ecr_image, repository: shop/web, digest: "${REBUILT}", tags: [v2.3.1] }\n`,
    );
    const { mkdir } = await import('node:fs/promises');
    await mkdir(at(scenario, 'documents', 'docs'), { recursive: true });
    await writeFile(at(scenario, 'documents', 'docs', 'launch-plan.md'), PLAN);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('release is green in us-east-1; a rebuild under the same tag STOPs on RELEASE_DIGEST; a repin from the live value closes it', async () => {
    expect((await gatewalk(root, ['validate'])).code).toBe(0);
    const notes = ['--attest', 'notes=pass:signed off by qa'];
    const green = await gatewalk(root, ['run', 'release', '--sandbox', ...notes, '--json']);
    expect(green.code, green.stdout + green.stderr).toBe(0);
    const checks = JSON.parse(green.stdout).checks as Array<{
      id: string;
      status: string;
      resource: string;
      details?: { sha256?: string };
    }>;
    expect(checks.filter((c) => c.id === 'image-live').map((c) => `${c.status} ${c.resource}`)).toEqual([
      'pass shop/web',
      'pass shop/web:v2.3.1',
    ]);
    expect(checks.find((c) => c.id === 'plan-pinned')?.details?.sha256).toMatch(/^[0-9a-f]{64}$/);

    expect((await gatewalk(root, ['sandbox', 'apply', 'rebuild-release'])).code).toBe(0);
    const stop = await gatewalk(root, ['run', 'release', '--sandbox', ...notes, '--json']);
    expect(stop.code, stop.stderr).toBe(4);
    expect(JSON.parse(stop.stdout).conflicts).toEqual([
      expect.objectContaining({
        handle: 'RELEASE_DIGEST',
        pinned: DIGEST,
        offers: [{ source: 'live:ecr.DescribeImages', value: REBUILT }],
      }),
    ]);
    const repinned = await gatewalk(root, [
      'run',
      'release',
      '--sandbox',
      ...notes,
      '--repin',
      `RELEASE_DIGEST=${REBUILT}`,
      '--reason',
      'rebuild accepted by release manager',
    ]);
    expect(repinned.code, repinned.stdout + repinned.stderr).toBe(0);
    expect(await readFile(at('.gatewalk/sandbox/shop_stage/registry/shop_stage.yaml'), 'utf8')).toContain(`value: ${REBUILT}`);
  });
});
