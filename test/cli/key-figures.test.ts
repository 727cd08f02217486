import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk } from './cli-harness.js';

// Key figures (issue 9.12) on the second program: declared in its runbook, read from a registry
// handle, from one check result and from the verdict; a figure that cannot be read blocks the
// phase (GW-FIGURE) and a figure naming an unknown check is refused at load, at its line.
const FIGURES = `    key_figures:
      - { name: release.tag, value: "\${RELEASE_TAG}" }
      - name: release.manifest_tests
        check: manifest-tag
        where: { /reason: "/tests_passed == true" }
        pointer: /status
      - { name: verdict, pointer: /verdict }
`;
const NOTES = ['--attest', 'notes=pass:signed off by qa'];

describe('declared key figures in the sealed snapshot (second program)', { timeout: 180_000 }, () => {
  let root: string;
  const runbook = () => path.join(root, 'runbooks', 'shop_launch.yaml');
  const withFigures = async (figures: string) => {
    const text = await readFile(runbook(), 'utf8');
    await writeFile(runbook(), text.replace(/( {4}green_label: READY_FOR_STAGE\n)(?: {4}key_figures:\n(?: {6}.*\n)*)?/, `$1${figures}`));
  };
  beforeAll(async () => {
    root = await copyProgram(SHOP);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('carries each declared figure in the snapshot and prints them as name=value', async () => {
    await withFigures(FIGURES);
    const json = await gatewalk(root, ['run', 'release', '--sandbox', ...NOTES, '--json']);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const verdict = JSON.parse(json.stdout);
    expect(verdict.key_figures).toEqual({ 'release.tag': 'v2.3.1', 'release.manifest_tests': 'pass', verdict: 'READY_FOR_STAGE' });
    expect(JSON.parse(await readFile(verdict.snapshot, 'utf8')).key_figures).toEqual(verdict.key_figures);
    const text = await gatewalk(root, ['run', 'release', '--sandbox', ...NOTES]);
    expect(text.stdout).toContain('key figures:\n  release.tag=v2.3.1\n  release.manifest_tests=pass\n  verdict=READY_FOR_STAGE\n');
  });

  it('a figure that cannot be read blocks the phase with GW-FIGURE, saying why', async () => {
    await withFigures(FIGURES.replace('/tests_passed == true', '/tests_passed == false'));
    const r = await gatewalk(root, ['run', 'release', '--sandbox', ...NOTES, '--json']);
    expect(r.code).toBe(3);
    const verdict = JSON.parse(r.stdout);
    expect(verdict.blockers).toEqual([
      {
        code: 'GW-FIGURE',
        check: 'key_figures',
        message:
          'key figure release.manifest_tests: check manifest-tag has 0 results where /reason = /tests_passed == false (needs exactly one)',
      },
    ]);
    expect(verdict.key_figures).toEqual({ 'release.tag': 'v2.3.1', 'release.manifest_tests': null, verdict: 'HOLD' });
  });

  it('a figure naming an unknown check or handle is refused at load, at its line', async () => {
    await withFigures(FIGURES.replace('check: manifest-tag', 'check: manifest-tags').replace('RELEASE_TAG', 'RELEASE_TAGS'));
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    const lines = (await readFile(runbook(), 'utf8')).split('\n');
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(r.stdout + r.stderr).toContain(`shop_launch.yaml:${lineOf('check: manifest-tags')}:`);
    expect(r.stdout + r.stderr).toContain('key figure names unknown check "manifest-tags"');
    expect(r.stdout + r.stderr).toContain(`shop_launch.yaml:${lineOf('RELEASE_TAGS')}:`);
  });
});
