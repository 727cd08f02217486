import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, gatewalk } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, openTerminal } from './terminal.js';

// Issue 7.17 in the console: the same words as the CLI when registry/<env>.yaml changed since the
// sandbox copied it — at boot, and when it changes while the console is open (the next phase
// opened is refused), never a run on the old copy.
describe('the console and a changed registry (issue 7.17, shop)', () => {
  const open = (root: string) =>
    openTerminal(process.execPath, [BIN, '--sandbox', '--root', root], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
      cols: 120,
    });

  it('refuses to open a phase after the registry changed under it, naming the file and the way forward', async () => {
    const root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    const t = open(root);
    try {
      await t.waitFor(/release\s*▶ READY/);
      await appendFile(path.join(root, 'registry', `${SHOP.env}.yaml`), '# edited while the console is open\n');
      t.press(KEY.enter); // open release
      const screen = await t.waitFor('changed since the sandbox copied it');
      expect(screen).toContain(`registry/${SHOP.env}.yaml`);
      expect(screen).toContain('sandbox sync-registry');
      expect(screen).not.toMatch(/notes-signed|Release notes signed off/); // the phase did not open
    } finally {
      t.kill();
    }
  });

  it('says it at boot and exits 2 when the copy is already stale', async () => {
    const root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    await appendFile(path.join(root, 'registry', `${SHOP.env}.yaml`), '# edited\n');
    const t = open(root);
    try {
      await t.waitFor('changed since the sandbox copied it');
      expect(await t.exited).toBe(2);
      expect(await t.waitFor('sandbox sync-registry')).toContain(`registry/${SHOP.env}.yaml`);
    } finally {
      t.kill();
    }
  });
});
