import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { GateContext } from '../../../src/core/context.js';
import { GATES } from '../../../src/gates/index.js';
import { applySandboxChange, resetSandbox, sandboxWorkspacePaths } from '../../../src/substrate/sandbox/index.js';
import { ancestorPathArns } from '../../../src/gates/ssm-ancestor-paths.js';
import { ec2Client, ENV, iamClient, REPO, startHarness, type Harness } from './helpers.js';

// The shipped scenario must tell the runbook's story: M1–M3 evidence assertions hold, M2.E's
// simulation matrix holds, and M4.C's holds once the lane roles are materialized. This reads the
// runbook and registry themselves, so editing either without the scenario fails here.

interface Check {
  id: string;
  gate: string;
  params: Record<string, unknown>;
  blocker?: string;
}
interface Phase {
  id: string;
  steps: Array<{ checks: Check[] }>;
}

const runbook = parse(await readFile(join(REPO, 'runbooks', 'dev_min_spine_green_v0.yaml'), 'utf8')) as { phases: Phase[] };
const registry = parse(await readFile(join(REPO, 'registry', `${ENV}.yaml`), 'utf8')) as {
  handles: Record<string, { kind: string; value?: string; role_name?: string }>;
};
const checksOf = (phase: string, gate: string) => runbook.phases.find((p) => p.id === phase)!.steps.flatMap((s) => s.checks).filter((c) => c.gate === gate);

/** `${HANDLE}`, `${HANDLE.arn}`; a PENDING lane role stands for the role its role_name pins. */
function interpolate(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?:\.(arn|name))?\}/g, (_m, name: string, attr?: string) => {
    const h = registry.handles[name];
    if (!h) throw new Error(`unknown handle ${name}`);
    const value = h.value ?? (h.kind === 'iam_role' ? `arn:aws:iam::111122223333:role/${h.role_name}` : undefined);
    if (value === undefined) throw new Error(`handle ${name} has no value`);
    if (attr === 'arn') return `arn:aws:ssm:eu-west-2:111122223333:parameter${value}`;
    if (attr === 'name') return value.slice(value.lastIndexOf('/') + 1);
    return value;
  });
}

/** `<pointer> <op> <value>` with ==, =~, <=, exists (what the runbook uses). */
function assertionHolds(doc: unknown, assertion: string): boolean {
  const m = /^(\/\S*)\s+(==|=~|<=|exists)(?:\s+(.*))?$/.exec(assertion)!;
  const [, pointer, op, raw] = m;
  let value: unknown = doc;
  for (const part of pointer!.slice(1).split('/')) {
    if (value === null || typeof value !== 'object' || !(part in value)) return false;
    value = (value as Record<string, unknown>)[part];
  }
  if (op === 'exists') return true;
  let expected: unknown = raw;
  try {
    expected = JSON.parse(raw!);
  } catch {
    // literal text
  }
  if (op === '==') return isDeepStrictEqual(value, expected) || (typeof value === 'string' && value === String(expected));
  if (op === '=~') return typeof value === 'string' && new RegExp(raw!).test(value);
  return typeof value === 'number' && typeof expected === 'number' && value <= expected;
}

async function latest(evidenceRoot: string, pattern: string): Promise<string> {
  const [dir, star, file] = pattern.split('/');
  expect(star).toBe('*');
  const stamps = (await readdir(join(evidenceRoot, dir!))).sort().reverse();
  return join(evidenceRoot, dir!, stamps[0]!, file!);
}

describe('scenario evidence satisfies the runbook (M1–M3)', () => {
  const root = { dir: '' };
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    root.dir = h.root;
  });
  afterAll(() => h.close());

  for (const phase of ['M1', 'M2', 'M3']) {
    for (const check of checksOf(phase, 'evidence.json')) {
      it(`${phase} ${check.id}`, async () => {
        const file = await latest(sandboxWorkspacePaths(root.dir, ENV).evidence, check.params.path as string);
        const doc = JSON.parse(await readFile(file, 'utf8'));
        expect(doc.substrate).toBe('sandbox');
        for (const a of (check.params.assert as string[] | undefined) ?? []) {
          expect(assertionHolds(doc, interpolate(a)), `${file}: ${a}`).toBe(true);
        }
      });
    }
  }
});

describe('scenario IAM satisfies the runbook simulations', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** Labels of cases whose decisions are not all the expected one. */
  async function failingCases(phase: string): Promise<string[]> {
    const failing: string[] = [];
    const iam = iamClient(h.server);
    for (const check of checksOf(phase, 'iam.simulate')) {
      const actions = check.params.actions as string[];
      const resources = (check.params.resources as string[]).map(interpolate);
      for (const c of check.params.cases as Array<{ label: string; principal: string; expect: string; actions?: string[]; ancestor_paths?: boolean }>) {
        const acts = c.actions ?? actions;
        const res = c.ancestor_paths ? ancestorPathArns(resources) : resources;
        const expected = (d: string | undefined) => (c.expect === 'denied' ? d !== 'allowed' : d === c.expect);
        try {
          const out = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: interpolate(c.principal), ActionNames: acts, ResourceArns: res }));
          const decisions = out.EvaluationResults?.map((r) => r.EvalDecision) ?? [];
          if (decisions.length !== acts.length * res.length || !decisions.every(expected)) failing.push(`${check.id}/${c.label}`);
        } catch (e) {
          failing.push(`${check.id}/${c.label}: ${(e as Error).name}`);
        }
      }
    }
    return failing;
  }

  it('M2.E holds on the initial scenario', async () => {
    expect(await failingCases('M2.E')).toEqual([]);
  });

  it('M4.C is unverifiable before the fix: every lane case fails on a missing role', async () => {
    const failing = await failingCases('M4.C');
    expect(failing.filter((f) => !f.includes('execution_role'))).toHaveLength(13); // 6 + 2 + 5 lane cases
    expect(failing.every((f) => f.endsWith('NoSuchEntityException'))).toBe(true);
  });

  it('M4.C holds after materialize-lane-roles, M2.E still holds', async () => {
    await applySandboxChange(h.root, ENV, 'materialize-lane-roles');
    expect(await failingCases('M4.C')).toEqual([]);
    expect(await failingCases('M2.E')).toEqual([]);
  });

  it('the execution-role drift makes M2.E (and the M4.C execution case) fail', async () => {
    await applySandboxChange(h.root, ENV, 'grant-execution-role-secret-read');
    expect(await failingCases('M2.E')).toEqual(['secret-read-matrix/execution_role']);
    expect(await failingCases('M4.C')).toEqual(['lane-secret-read/execution_role']);
    await applySandboxChange(h.root, ENV, 'revoke-execution-role-secret-read');
    expect(await failingCases('M2.E')).toEqual([]);
    await resetSandbox(h.root, ENV);
  });

  it('a GetParametersByPath grant on a parent path makes M2.E fail on the by-path case only', async () => {
    await applySandboxChange(h.root, ENV, 'grant-execution-role-path-read');
    expect(await failingCases('M2.E')).toEqual(['secret-read-matrix/execution_role_by_path']);
    await applySandboxChange(h.root, ENV, 'revoke-execution-role-path-read');
    expect(await failingCases('M2.E')).toEqual([]);
    await resetSandbox(h.root, ENV);
  });
});

describe('scenario EC2 satisfies the runbook NAT guardrail (M2)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  /** Statuses of M2's live NAT check, run through the gate with the runbook's own params. */
  async function natStatuses(): Promise<string[]> {
    const [check, ...more] = checksOf('M2', 'ec2.no_nat_gateways');
    expect(more).toEqual([]);
    expect(check).toMatchObject({ id: 'no-nat-live', blocker: 'M2-B3' });
    const gate = GATES.get(check!.gate)!;
    const ec2 = ec2Client(h.server);
    const ctx = { clients: { ec2: async () => ec2 }, signal: new AbortController().signal } as unknown as GateContext;
    const out = await gate.run(ctx, gate.params.parse(check!.params));
    return out.results.map((r) => `${r.status} ${r.resource}`);
  }

  it('passes on the initial scenario (no NAT gateway)', async () => {
    expect(await natStatuses()).toEqual(['pass all VPCs']);
  });

  it('fails with add-nat-gateway applied, passes again after remove-nat-gateway', async () => {
    await applySandboxChange(h.root, ENV, 'add-nat-gateway');
    expect(await natStatuses()).toEqual(['fail nat-0f1e2d3c4b5a69788']);
    await applySandboxChange(h.root, ENV, 'remove-nat-gateway');
    expect(await natStatuses()).toEqual(['pass all VPCs']);
  });
});
