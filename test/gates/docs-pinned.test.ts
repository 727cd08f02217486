import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { docsPinned } from '../../src/gates/docs-pinned.js';
import { resetSandbox, sandboxWorkspacePaths } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { gateHarness, type GateHarness } from './sandbox-context.js';

// docs.pinned against the sandbox workspace's copy of the authority documents.
let h: GateHarness;
let documentsRoot: string;
beforeAll(async () => {
  h = await gateHarness();
  documentsRoot = sandboxWorkspacePaths(h.root, ENV).documents;
});
afterAll(() => h.close());

const PINNED = [
  'platform_blueprint_notes',
  'deployment_tooling_notes',
  'dev_min_run_process_flow',
  'dev_min_handles_registry',
  'local_parity_*',
  'platform_build_plan',
];
const run = async (documents = PINNED, root: string | null = documentsRoot) =>
  docsPinned.run(await h.context(root === null ? {} : { documentsRoot: root }), { documents });

describe('docs.pinned', () => {
  it('passes for the eight pinned documents and records each hash in the result details', async () => {
    const out = await run();
    expect(out.results.map((r) => `${r.status} ${r.resource}`)).toEqual([
      'pass platform_blueprint_notes',
      'pass deployment_tooling_notes',
      'pass dev_min_run_process_flow',
      'pass dev_min_handles_registry',
      'pass local_parity_phase_state_machine',
      'pass local_parity_operator_gate_checklist',
      'pass local_parity_run_process_flow',
      'pass platform_build_plan',
    ]);
    expect(out.results[7]!.details).toEqual({
      path: 'docs/model_spec/platform/implementation_maps/dev_substrate/platform.build_plan.md',
      sha256: h.registry.handles.DOC_PLATFORM_BUILD_PLAN_SHA256!.value,
      rank: 4,
    });
    expect(out.observations).toEqual([]);
  });

  it('a changed document fails and offers its new hash for the pin (the engine STOPs); restoring it passes', async () => {
    await h.apply('edit-authority-doc');
    const out = await run(['platform_build_plan']);
    expect(out.results[0]).toMatchObject({ status: 'fail' });
    expect(out.results[0]!.reason).toMatch(
      /platform\.build_plan\.md changed: sha256 [0-9a-f]{64} but DOC_PLATFORM_BUILD_PLAN_SHA256 pins [0-9a-f]{64} \(STOP/,
    );
    expect(out.observations).toEqual([
      { handle: 'DOC_PLATFORM_BUILD_PLAN_SHA256', value: out.results[0]!.details!.sha256, source: 'live:docs.sha256' },
    ]);
    await h.apply('restore-authority-doc');
    expect((await run(['platform_build_plan'])).results[0]!.status).toBe('pass');
  });

  it('a missing document fails (no STOP); a document without a pin fails and names its hash', async () => {
    await h.apply('delete-authority-doc');
    const out = await run(['local_parity_operator_gate_checklist']);
    expect(out.results).toEqual([
      {
        resource: 'local_parity_operator_gate_checklist',
        status: 'fail',
        reason: 'docs/design/platform/local-parity/addendum_1_operator_gate_checklist.txt is missing',
      },
    ]);
    expect(out.observations).toEqual([]);
    const unpinned = await run(['platform_impl_actual']);
    expect(unpinned.results[0]).toMatchObject({ status: 'fail' });
    expect(unpinned.results[0]!.reason).toMatch(/platform\.impl_actual\.md (is missing|has no sha256_pin)/);
    await resetSandbox(h.root, ENV);
  });

  it('is an error when a document cannot be read or there is no documents root (fail closed)', async () => {
    const file = join(documentsRoot, 'docs/model_spec/platform/platform-wide/platform_blueprint_notes_v0.md');
    await rm(file);
    await mkdir(file); // EISDIR: unreadable whatever the user's permissions
    const out = await run(['platform_blueprint_notes']);
    expect(out.results[0]).toMatchObject({ resource: 'platform_blueprint_notes', status: 'error' });
    expect(out.results[0]!.reason).toMatch(
      /^cannot read docs\/model_spec\/platform\/platform-wide\/platform_blueprint_notes_v0\.md: EISDIR/,
    );
    expect((await run(PINNED, null)).results).toEqual([
      { resource: 'authority documents', status: 'error', reason: 'no documents root in this run (fail closed)' },
    ]);
    await resetSandbox(h.root, ENV);
  });
});
