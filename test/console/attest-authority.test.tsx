import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, tempRoot } from './helpers.js';
import { expectFits, sandboxConsole } from './sandbox-console.js';

// Item 7 (rest) and item 8 (second half), at 80×24 on real sessions of both programs: an
// attestation about the authority stack shows the documents, their ranks and pinned SHA-256;
// guidance longer than the rows it gets says so and opens whole (tab on the attestation, where
// letters are the note's) and scrolls; every attestation step shows its own guidance.

const open = sandboxConsole();
const AT_80x24 = { size: { columns: 80, rows: 24 } };
const fits = (frame: string) => expectFits(frame);

describe('attestation steps at 80×24', () => {
  it('dev_min M0: the authority stack with ranks and pinned hashes, the whole guidance on tab, then the governance step', async () => {
    const { press } = await open(await tempRoot(), 'dev_min', AT_80x24);
    await press('', /› M0\s/);
    await press(KEY.enter, 'enter run step');
    let frame = await press(KEY.enter, 'Attest M0 · authority-lock');
    fits(frame);
    expect(frame).toContain('M0 closes on documents, not runtime roots.');
    expect(frame).toMatch(/… \d+ more line\(s\): tab reads it all/);
    expect(frame).toContain('tab guidance and documents');
    await press('pinned docs match', '> pinned docs match');

    frame = await press(KEY.tab, /lines 1–\d+ of \d+ \(↑↓\)/);
    fits(frame);
    expect(frame).toContain('Attest M0 · authority-lock — Authority stack locked');
    expect(frame).not.toContain('> pinned docs match'); // the form is hidden, not gone
    frame = await press(KEY.down.repeat(40), 'sha256 2b1e0fc153fb8064fa457e2c90d47a5daf18975dbff9b6afa415c988f5c649bf');
    fits(frame);
    expect(frame).toMatch(
      /rank 4 {2}platform_build_plan\n +docs\/model_spec\/platform\/implementation_maps\/dev_substrate\/platform\.build_/,
    );
    expect(frame).toMatch(/rank 3 {2}local_parity_run_process_flow/);
    expect(frame).not.toContain('platform_impl_actual'); // not selected by the check
    frame = await press(KEY.up.repeat(40), 'lines 1–');
    expect(frame).toContain('M0 closes on documents');

    await press(KEY.tab, '> pinned docs match'); // the note survived
    await press(KEY.enter, 'step green');
    // Attest again: what docs.pinned found in each file is shown beside its hash.
    await press('a', 'Attest M0 · authority-lock');
    await press(KEY.tab, 'lines 1–');
    frame = await press(KEY.down.repeat(40), 'sha256 2b1e0fc153fb8064fa457e2c90d47a5daf18975dbff9b6afa415c988f5c649bf');
    expect(frame).toContain('rank 4  platform_build_plan  ✔ file matches');
    await press(KEY.esc, 'tab guidance and documents');
    await press(KEY.esc, 'step green');

    frame = await press(KEY.enter, 'Attest M0 · governance');
    fits(frame);
    expect(frame).toContain('One status owner; phase transitions only through verdict snapshots');
    expect(frame).toContain('e.g. what you checked for “Governance model and evidence templates”, and where');
    expect(frame).not.toContain('Authority stack');
    expect(frame).not.toContain('“Authority stack locked”');
  });

  it('shop: a docs.pinned check on its release step shows its own stack: a pinned hash and a document without a pin', async () => {
    const root = await copyProgram(SHOP);
    const runbook = path.join(root, 'runbooks', 'shop_launch.yaml');
    await writeFile(
      runbook,
      (await readFile(runbook, 'utf8')).replace(
        '            blocker: REL-1\n',
        '            blocker: REL-1\n          - id: plan-pinned\n            gate: docs.pinned\n            params: { documents: ["shop_*"] }\n            blocker: REL-1\n',
      ),
    );
    const hash = 'ab'.repeat(32);
    const registry = path.join(root, 'registry', 'shop_stage.yaml');
    await writeFile(
      registry,
      (await readFile(registry, 'utf8'))
        .replace(
          '      rank: 1\n      path: docs/launch-plan.md',
          '      rank: 1\n      path: docs/launch-plan.md\n      sha256_pin: SHOP_PLAN_SHA256',
        )
        .replace('handles:\n', `handles:\n  SHOP_PLAN_SHA256:\n    kind: sha256\n    value: ${hash}\n`),
    );
    const { press } = await open(root, SHOP.env, AT_80x24);
    await press('', /› release\s/);
    await press(KEY.enter, 'enter run step');
    let frame = await press(KEY.enter, 'Attest release · notes');
    fits(frame);
    expect(frame).toContain('Authority stack (rank 1 wins): 2 document(s), 1 hash(es) pinned');
    expect(frame).toMatch(/ {2}1 {2}shop_launch_plan {2}abab/);
    expect(frame).toMatch(/ {2}2 {2}shop_handles +no sha256_pin/);
    frame = await press(KEY.tab, 'all ');
    expect(frame).toMatch(/rank 1 {2}shop_launch_plan\n +docs\/launch-plan\.md\n +sha256 (ab){32}\n/);
    expect(frame).toMatch(/rank 2 {2}shop_handles\n +docs\/handles\.md\n +no sha256_pin/);
    await press(KEY.tab, 'Your attestation:');
  });
});
