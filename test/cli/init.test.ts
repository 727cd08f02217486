import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_EXAMPLES } from '../../src/cli/init/gate-examples.js';
import { GATES } from '../../src/gates/index.js';
import { gatewalk } from './cli-harness.js';

// `gatewalk init` through the built binary: a scaffold that validates and runs green on its own
// sandbox (env, program and region unlike the shipped example), examples for every gate kind,
// resolvable $schema references, and no file ever overwritten.

const emptyRoot = () => mkdtemp(path.join(os.tmpdir(), 'gw-init-'));

/** Every `$schema=` reference in the YAML files under root resolves to a file. */
function schemaRefs(root: string): Array<{ file: string; target: string }> {
  const refs = [];
  for (const dir of ['registry', 'runbooks']) {
    for (const f of readdirSync(path.join(root, dir))) {
      const m = /\$schema=(\S+)/.exec(readFileSync(path.join(root, dir, f), 'utf8'));
      expect(m, `${dir}/${f} has a $schema line`).not.toBeNull();
      refs.push({ file: `${dir}/${f}`, target: path.resolve(root, dir, m![1]!) });
    }
  }
  return refs;
}

describe('gatewalk init', { timeout: 120_000 }, () => {
  it('has an example check for every gate kind (add one to src/cli/init/gate-examples.ts)', () => {
    expect(Object.keys(GATE_EXAMPLES).sort()).toEqual([...GATES.keys()].sort());
  });

  it('scaffolds a program that validates and runs green on the sandbox', async () => {
    const root = await emptyRoot();
    const init = await gatewalk(root, ['init', '--env', 'staging', '--program', 'shop_rollout', '--region', 'us-east-1']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('registry/staging.yaml');
    for (const f of ['registry/staging.yaml', 'runbooks/shop_rollout.yaml', 'sandbox/staging/scenario.yaml'])
      expect(existsSync(path.join(root, f)), f).toBe(true);
    for (const { file, target } of schemaRefs(root)) expect(existsSync(target), `${file} → ${target}`).toBe(true);

    const validate = await gatewalk(root, ['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/2 phases/);
    for (const phase of ['foundation', 'access']) {
      const run = await gatewalk(root, ['run', phase, '--sandbox']);
      expect(run.code, `${phase}: ${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('blockers: []');
    }
    // The scaffold's sandbox is a real scenario: a named change trips the guardrail.
    expect((await gatewalk(root, ['sandbox', 'apply', 'add-nat-gateway'])).code).toBe(0);
    const blocked = await gatewalk(root, ['run', 'foundation', '--sandbox']);
    expect(blocked.code).toBe(3);
    expect(blocked.stdout).toContain('NET-B1');
  });

  it('lists the gate kinds not used live as a commented phase that validates once uncommented', async () => {
    const root = await emptyRoot();
    expect((await gatewalk(root, ['init'])).code).toBe(0);
    const file = path.join(root, 'runbooks', 'dev_program.yaml');
    const lines = readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('  # - id: more'));
    expect(start).toBeGreaterThan(0);
    const text = [...lines.slice(0, start), ...lines.slice(start).map((l) => l.replace(/^ {2}# /, '  '))].join('\n');
    for (const kind of GATES.keys()) expect(text, kind).toContain(`gate: ${kind}`);
    writeFileSync(file, text);
    const validate = await gatewalk(root, ['validate']);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toMatch(/3 phases/);
    expect(validate.stdout).toContain(`of ${GATES.size} gate kinds`);
    expect(validate.stdout).toMatch(new RegExp(`over ${GATES.size} of`));
  });

  it('never overwrites: names the files already there, exits 2 and writes nothing', async () => {
    const root = await emptyRoot();
    expect((await gatewalk(root, ['init', '--env', 'qa'])).code).toBe(0);
    const registry = path.join(root, 'registry', 'qa.yaml');
    writeFileSync(registry, 'env: qa # edited by the operator\n');
    const again = await gatewalk(root, ['init', '--env', 'qa', '--program', 'other']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('registry/qa.yaml');
    expect(readFileSync(registry, 'utf8')).toBe('env: qa # edited by the operator\n');
    expect(existsSync(path.join(root, 'runbooks', 'other.yaml'))).toBe(false);
  });

  it('--example dev_min copies the shipped program, which validates and runs', async () => {
    const root = await emptyRoot();
    const init = await gatewalk(root, ['init', '--example', 'dev_min']);
    expect(init.code, init.stderr).toBe(0);
    for (const { file, target } of schemaRefs(root)) expect(existsSync(target), `${file} → ${target}`).toBe(true);
    expect((await gatewalk(root, ['validate'])).code).toBe(0);
    const m0 = await gatewalk(root, [
      'run',
      'M0',
      '--sandbox',
      '--attest',
      'authority-lock=pass:init test',
      '--attest',
      'governance=pass:init test',
    ]);
    expect(m0.code, m0.stderr).toBe(0);
    expect((await gatewalk(root, ['init', '--example', 'nope'])).stderr).toContain('examples: dev_min');
  });
});
