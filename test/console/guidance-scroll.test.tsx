import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, tempRoot } from './helpers.js';
import { expectFits, sandboxConsole } from './sandbox-console.js';

// Item 8 (second half) at 80×24: guidance longer than the rows a screen gives it says how much is
// left; m opens it whole on the body, ↑↓ scroll it, m or esc close it, and the screen is as it was.

const open = sandboxConsole();
const AT_80x24 = { size: { columns: 80, rows: 24 } };
const fits = (frame: string) => expectFits(frame);

describe('long guidance at 80×24', () => {
  it('dev_min M1: the step screen cuts the guidance at three rows and m opens all of it', async () => {
    const { press } = await open(await tempRoot(), 'dev_min', {
      ...AT_80x24,
      green: { M0: { 'authority-lock': { status: 'pass', note: 'pinned' }, governance: { status: 'pass', note: 'owner' } } },
    });
    await press('', /› M1\s/);
    await press(KEY.enter, 'enter run step');
    let frame = await press(KEY.enter, /step green|step not green/);
    fits(frame);
    expect(frame).toContain('One image, one immutable identity');
    expect(frame).not.toContain('the run (repin or abort).');
    expect(frame).toMatch(/… \d+ more line\(s\): m reads it all/);
    expect(frame).toContain('m/tab all guidance');
    frame = await press('m', 'the run (repin or abort).');
    expect(frame).toMatch(/^repository whose tags are IMMUTABLE/m); // wrapped rows start at the margin
    fits(frame);
    expect(frame).toContain('M1 · step 1/2 · provenance — Immutable image identity');
    expect(frame).toMatch(/all \d+ line\(s\)/);
    expect(frame).toContain('m/tab close guidance');
    frame = await press('m', /step green|step not green/);
    expect(frame).toContain('m reads it all');
  });

  it('shop: a step whose guidance does not fit the phase screen scrolls on its page; esc closes it', async () => {
    const root = await copyProgram(SHOP);
    const runbook = path.join(root, 'runbooks', 'shop_launch.yaml');
    const paragraphs = Array.from({ length: 30 }, (_, i) => `            Point ${i + 1}: check the release manifest against the tag.`).join(
      '\n\n',
    );
    await writeFile(
      runbook,
      (await readFile(runbook, 'utf8')).replace(
        '        title: Release manifest\n',
        `        title: Release manifest\n        guidance: |\n${paragraphs}\n`,
      ),
    );
    const { press } = await open(root, SHOP.env, AT_80x24);
    await press('', /› release\s/);
    await press(KEY.enter, 'enter run step');
    let frame = await press('j', /› 2\. manifest/);
    fits(frame);
    expect(frame).toContain('Point 1: check the release manifest against the tag.');
    expect(frame).not.toContain('Point 30:');
    expect(frame).toMatch(/… \d+ more line\(s\): m reads it all/);
    frame = await press('m', 'lines 1–15 of 30 (↑↓)');
    fits(frame);
    expect(frame).toContain('release · manifest: Release manifest');
    frame = await press('j'.repeat(20), 'lines 16–30 of 30');
    expect(frame).toContain('Point 30: check the release manifest against the tag.');
    expect(frame).not.toContain('Point 15:');
    frame = await press(KEY.esc, /› 2\. manifest/);
    expect(frame).toContain('Point 1:');
  });
});
