import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Item 3: a failing iam.simulate matrix is printed as a grid in the headless report (plain text),
// from the cells the gate keeps in each result's details (all of them, also in --json).

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

const gridOf = (stdout: string, check: string) => {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l === `matrix ${check}:`);
  expect(start, stdout).toBeGreaterThanOrEqual(0);
  return lines.slice(start + 1).filter((l, i, all) => l.startsWith('  ') && all.slice(0, i).every((x) => x.startsWith('  ')));
};

describe('the IAM matrix as a grid in the headless report', { timeout: 300_000 }, () => {
  it('M2.E with the execution role drifted to read every secret: app role 6/6, execution role 6/6 marked as differing', async () => {
    const root = await tempProgramRoot();
    roots.push(root);
    await gatewalk(root, ['sandbox', 'reset']);
    await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:t', '--attest', 'governance=pass:t']);
    expect((await gatewalk(root, ['run', 'M1', '--sandbox'])).code).toBe(0);
    const green = await gatewalk(root, ['run', 'M2.E', '--sandbox']);
    expect(green.code, green.stdout).toBe(0);
    expect(green.stdout).not.toContain('matrix '); // a matrix that holds is not drawn
    expect((await gatewalk(root, ['sandbox', 'apply', 'grant-execution-role-secret-read'])).code).toBe(0);
    const r = await gatewalk(root, ['run', 'M2.E', '--sandbox', '--json']);
    const verdict = JSON.parse(r.stdout) as { checks: Array<{ gate: string; details?: { label?: string; cells?: unknown[] } }> };
    const sim = verdict.checks.filter((c) => c.gate === 'iam.simulate');
    expect(sim.map((c) => [c.details?.label, c.details?.cells?.length])).toContainEqual(['app_role', 6]);
    expect(sim.find((c) => c.details?.label === 'execution_role')?.details?.cells).toHaveLength(6);

    const text = await gatewalk(root, ['run', 'M2.E', '--sandbox']);
    expect(text.code).toBe(3); // BLOCKED
    const grid = gridOf(text.stdout, 'secret-read-matrix');
    expect(grid[0]).toMatch(/^\s+1\s+2\s+3\s+4\s+5\s+6/);
    // The by-path case asks other resources (parent paths): · where a row did not ask.
    expect(grid.find((l) => l.includes('app_role '))).toMatch(/app_role\s+( ✔ ){6}( · )*\s+6\/6 allowed, expected allowed/);
    expect(grid.find((l) => l.includes('execution_role '))).toMatch(
      /execution_role\s+(\[✔\]){6}( · )*\s+6\/6 allowed, expected implicitDeny/,
    );
    expect(grid.some((l) => /^\s+1\s+ssm:GetParameter on parameter\/fraud-platform\/dev_min\//.test(l))).toBe(true);
    expect(grid.some((l) => /^\s+7\s+ssm:GetParametersByPath on parameter\/fraud-platform\/dev_min\/confluent$/.test(l))).toBe(true);
    expect(grid.at(-1)).toContain('[ ] differs from the expectation');
  });

  it('on the second program (us-east-1): the worker drifted to read the payment key is the one marked cell', async () => {
    const root = await copyProgram(SHOP);
    roots.push(root);
    expect((await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:qa'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'stage-account', '--sandbox'])).code).toBe(0);
    expect((await gatewalk(root, ['sandbox', 'apply', 'create-worker-role'])).code).toBe(0);
    const roles = await gatewalk(root, ['run', 'stage-roles', '--sandbox', '--repin-from', 'terraform', '--reason', 'created']);
    expect(roles.code, roles.stdout + roles.stderr).toBe(0);
    expect((await gatewalk(root, ['sandbox', 'apply', 'grant-worker-payment-key'])).code).toBe(0);
    const r = await gatewalk(root, ['run', 'access-review', '--sandbox']);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    const grid = gridOf(r.stdout, 'payment-key-read');
    expect(grid.find((l) => l.includes('checkout '))).toMatch(/checkout\s+ ✔ \s+1\/1 allowed, expected allowed/);
    expect(grid.find((l) => l.includes('worker '))).toMatch(/worker\s+\[✔\]\s+1\/1 allowed, expected implicitDeny/);
    expect(grid.join('\n')).toContain('parameter/shop/stage/payments/api_key');
  });
});
