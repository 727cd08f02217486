import { afterEach, describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/load/load-program.js';
import { fixture, problemsOf, REGISTRY, type Fixture } from './fixture.js';

let f: Fixture;
afterEach(() => f?.cleanup());

const header = '# yaml-language-server: $schema=../../schemas/overlay.schema.json\n';
const listOverlays = (...paths: string[]) =>
  f.edit(
    REGISTRY,
    '\n# `terraform output -json`',
    `\noverlays:\n${paths.map((p) => `  - path: ${p}\n`).join('')}\n# \`terraform output -json\``,
  );

describe('overlays merged by authority rank', () => {
  it('lets the higher rank win (logged), adds overlay-only handles, and records same-rank conflicts', async () => {
    f = fixture();
    listOverlays('registry/overlays/blueprint.yaml', 'registry/overlays/build-plan.yaml', 'registry/overlays/run-flow.yaml');
    f.write(
      'registry/overlays/blueprint.yaml',
      `${header}authority: { self: platform_blueprint_notes }\nhandles:\n  ACCOUNT_ID: { kind: account_id, value: "444455556666" }\n  BLUEPRINT_ONLY: { kind: string, value: x }\n`,
    );
    f.write(
      'registry/overlays/build-plan.yaml',
      `${header}authority: { self: platform_build_plan }\nhandles:\n  REGION: { kind: region, value: us-east-1 }\n  ROLE_IG: { kind: iam_role, value: "arn:aws:iam::111122223333:role/ig" }\n`,
    );
    f.write(
      'registry/overlays/run-flow.yaml',
      `${header}authority: { self: dev_min_run_process_flow }\nhandles:\n  PLATFORM_RUN_ID: { kind: string, value: platform_other }\n  IMAGE_TAG: { kind: string, value: git-799d398a7daf34857cf363c9a1a629c40ec25d5e }\n  ROLE_SR: { kind: iam_role, value: "arn:aws:iam::111122223333:role/sr" }\n`,
    );
    const p = await loadProgram({ root: f.root, env: 'dev_min' });
    expect(p.overlays.map((o) => [o.path.slice(f.root.length + 1), o.rank, o.doc.authority.self])).toEqual([
      ['registry/overlays/blueprint.yaml', 1, 'platform_blueprint_notes'],
      ['registry/overlays/build-plan.yaml', 4, 'platform_build_plan'],
      ['registry/overlays/run-flow.yaml', 2, 'dev_min_run_process_flow'],
    ]);
    expect(p.resolved.handles.ACCOUNT_ID!.value).toBe('444455556666');
    expect(p.resolved.handles.REGION!.value).toBe('eu-west-2');
    expect(p.resolved.handles.ROLE_IG!.pending).toBe(true);
    expect(Object.keys(p.resolved.handles).at(-1)).toBe('BLUEPRINT_ONLY');
    expect(p.authorityDecisions).toEqual([
      {
        handle: 'ACCOUNT_ID',
        winner: { doc: 'platform_blueprint_notes', rank: 1, value: '444455556666' },
        loser: { doc: 'dev_min_handles_registry', rank: 2, value: '111122223333' },
      },
      {
        handle: 'REGION',
        winner: { doc: 'dev_min_handles_registry', rank: 2, value: 'eu-west-2' },
        loser: { doc: 'platform_build_plan', rank: 4, value: 'us-east-1' },
      },
      {
        handle: 'ROLE_IG',
        winner: { doc: 'dev_min_handles_registry', rank: 2, value: null },
        loser: { doc: 'platform_build_plan', rank: 4, value: 'arn:aws:iam::111122223333:role/ig' },
      },
    ]);
    // Same rank: a disagreement STOPs in the engine; the registry's own value stands in meanwhile.
    expect(p.sameRankConflicts).toEqual([
      {
        handle: 'PLATFORM_RUN_ID',
        values: [
          { doc: 'dev_min_handles_registry', rank: 2, value: 'platform_20260213T214223Z' },
          { doc: 'dev_min_run_process_flow', rank: 2, value: 'platform_other' },
        ],
        pending: [],
      },
      {
        handle: 'ROLE_SR',
        values: [{ doc: 'dev_min_run_process_flow', rank: 2, value: 'arn:aws:iam::111122223333:role/sr' }],
        pending: [{ doc: 'dev_min_handles_registry', rank: 2 }],
      },
    ]);
    expect(p.resolved.handles.PLATFORM_RUN_ID!.value).toBe('platform_20260213T214223Z');
    expect(p.phaseHandles.M0).toEqual(['ACCOUNT_ID', 'REGION', 'OPERATOR_ROLE_NAME']);
  });

  it('reports missing, unranked, misplaced and malformed overlays with the rest', async () => {
    f = fixture();
    listOverlays(
      'registry/overlays/missing.yaml',
      'registry/overlays/unranked.yaml',
      'registry/overlays/self.yaml',
      'registry/overlays/bad.yaml',
    );
    f.write('registry/overlays/unranked.yaml', 'authority: { self: blueprint }\nhandles: {}\n');
    f.write('registry/overlays/self.yaml', 'authority: { self: dev_min_handles_registry }\nhandles: {}\n');
    f.write(
      'registry/overlays/bad.yaml',
      'env: dev_min\nauthority: { self: platform_build_plan }\nhandles:\n  ROLE_X: { kind: iam_role, pending: true, terraform: { source: nowhere, output: x } }\n',
    );
    expect(await problemsOf(f.root)).toEqual([
      `${f.at(REGISTRY, 'registry/overlays/missing.yaml')}: overlay file not found: registry/overlays/missing.yaml (paths are relative to the project root)`,
      'registry/overlays/bad.yaml:1:1: top level: unknown field "env"',
      'registry/overlays/bad.yaml:4:65: handle ROLE_X: terraform source "nowhere" is not under terraform.sources (core, demo)',
      'registry/overlays/self.yaml:1:20: authority document "dev_min_handles_registry" is already spoken for by registry/dev_min.yaml',
      expect.stringMatching(
        /^registry\/overlays\/unranked\.yaml:1:20: overlay authority\.self "blueprint" is not one of the registry's authority\.documents \(platform_blueprint_notes, /,
      ),
    ]);
  });
});
