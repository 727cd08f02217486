import { describe, expect, it } from 'vitest';
import { chunkGroups, type StageMeta } from '../../scripts/chunk-groups.mjs';

// The build's second stage joins esbuild's chunks into the files of dist/ (scripts/chunk-groups.mjs).
// What each command loads is pinned on the real build by test/cli/headless-loads.test.ts; here each
// rule is pinned on a small stage graph, so that a changed rule fails by name.

type Output = StageMeta['outputs'][string];
const stat = (path: string) => ({ path, kind: 'import-statement' });
const lazy = (path: string) => ({ path, kind: 'dynamic-import' });
const chunk = (inputs: string[], imports: Output['imports'] = []): Output => ({
  inputs: Object.fromEntries(inputs.map((i) => [i, {}])),
  imports,
});
const root = (entryPoint: string, imports: Output['imports'] = []): Output => ({ ...chunk([entryPoint], imports), entryPoint });

function stage(): StageMeta {
  return {
    outputs: {
      'gatewalk.js': root('src/cli.ts', [
        stat('shared-cli.js'),
        stat('cli-only.js'),
        lazy('run.js'),
        lazy('status.js'),
        lazy('tui.js'),
        lazy('history.js'),
      ]),
      'cli-only.js': chunk(['src/core/io.ts']),
      'shared-cli.js': chunk(['src/core/errors.ts']),
      'run.js': root('src/cli/run-command.ts', [
        stat('shared-cli.js'),
        stat('engine.js'),
        stat('ledger.js'),
        lazy('attest.js'),
        lazy('repin.js'),
        lazy('sts.js'),
        lazy('iam.js'),
      ]),
      'status.js': root('src/cli/status-command.ts', [stat('ledger.js'), stat('worker-shared.js')]),
      'tui.js': root('src/cli/tui-command.ts', [stat('ledger.js'), stat('engine.js'), lazy('start-tui.js')]),
      'start-tui.js': root('src/console/start-tui.tsx', [stat('ink.js'), stat('engine.js')]),
      'ink.js': chunk(['node_modules/ink/build/index.js']),
      'history.js': root('src/cli/history-command.ts', [stat('ledger.js'), stat('lazy-shared.js')]),
      'engine.js': chunk(['src/engine/phase-run.ts']),
      'ledger.js': chunk(['src/engine/ledger.ts']),
      'attest.js': root('src/gates/attest.ts', [stat('gate-helper.js')]),
      'gate-helper.js': chunk(['src/gates/gate.ts']),
      'repin.js': root('src/registry/yaml-repin.ts', [stat('yaml.js'), stat('yaml-extra.js'), stat('repin-shared.js')]),
      'yaml-extra.js': chunk(['node_modules/yaml/dist/doc.js']),
      'yaml.js': chunk(['node_modules/yaml/dist/index.js']),
      'repin-shared.js': chunk(['src/registry/edit.ts']),
      'fresh.js': root('src/load/load-fresh.ts', [stat('yaml.js'), stat('yaml-extra.js'), stat('lazy-shared.js')]),
      'lazy-shared.js': chunk(['src/load/parse.ts']),
      'sts.js': root('src/substrate/aws-sdk/sts.ts', [stat('sdk-core.js'), stat('sts-only.js')]),
      'iam.js': root('src/substrate/aws-sdk/iam.ts', [stat('sdk-core.js'), stat('query.js')]),
      'ssm.js': root('src/substrate/aws-sdk/ssm.ts', [stat('sdk-core.js'), stat('query.js')]),
      'sdk-core.js': chunk(['node_modules/@smithy/core/dist-es/index.js', 'node_modules/@aws-sdk/core/dist-es/index.js']),
      'sts-only.js': chunk(['node_modules/@aws-sdk/client-sts/dist-es/index.js']),
      'query.js': chunk(['node_modules/@aws-sdk/core/dist-es/protocols/query.js']),
      'worker.js': root('src/logbook/verify-worker.ts', [stat('worker-shared.js')]),
      'worker-shared.js': chunk(['src/logbook/chain-walk.ts']),
    },
  };
}

describe('which esbuild chunks the build joins into one file of dist/', () => {
  const groups = chunkGroups(stage());

  it("leaves a chunk that only one root reaches with that root (rollup's own placement)", () => {
    expect(groups.get('cli-only.js')).toBeUndefined();
    expect(groups.get('gatewalk.js')).toBeUndefined(); // the entry stays apart: its top-level await
    expect(groups.get('worker.js')).toBeUndefined();
  });

  it('joins what the entry shares with anything else into cli', () => {
    expect(groups.get('shared-cli.js')).toBe('cli');
  });

  it('joins what the lanes load as they start by the set of lanes, whatever lazy part also reaches it', () => {
    expect(groups.get('run.js')).toBe('lane-R');
    expect(groups.get('status.js')).toBe('lane-S');
    expect(groups.get('ledger.js')).toBe('lane-SRT');
    expect(groups.get('engine.js')).toBe('lane-RTC'); // the console behind the first frame is its own lane
    expect(groups.get('repin-shared.js')).toBeUndefined(); // only the lazy repin reaches it: stays lazy
  });

  it("counts the gate kinds as the gate loader's code, keeping their AWS clients lazy", () => {
    expect(groups.get('attest.js')).toBe('lane-R');
    expect(groups.get('gate-helper.js')).toBe('lane-R');
    expect(groups.get('sts.js')).toBeUndefined();
  });

  it('keeps Ink with the console, out of every other lane', () => {
    expect(groups.get('start-tui.js')).toBe('lane-C');
    expect(groups.get('ink.js')).toBe('lane-C');
  });

  it('joins the AWS SDK code STS shares into aws-core; code only other services share keeps its own grouping', () => {
    expect(groups.get('sdk-core.js')).toBe('aws-core');
    expect(groups.get('sts-only.js')).toBeUndefined();
    expect(groups.get('query.js')).toMatch(/^x-[0-9a-f]{8}$/);
  });

  it("never joins what a worker thread shares into a lane: the worker would load the lane's code", () => {
    expect(groups.get('worker-shared.js')).toMatch(/^x-[0-9a-f]{8}$/);
  });

  it('keeps what only lazy roots share grouped as esbuild did: one file per set of roots', () => {
    expect(groups.get('yaml.js')).toMatch(/^x-[0-9a-f]{8}$/); // repin and the fresh load: never on a warm start
    expect(groups.get('yaml-extra.js')).toBe(groups.get('yaml.js'));
    expect(groups.get('lazy-shared.js')).toMatch(/^x-[0-9a-f]{8}$/); // history (no lane) and the fresh load
    expect(groups.get('lazy-shared.js')).not.toBe(groups.get('yaml.js'));
  });
});
