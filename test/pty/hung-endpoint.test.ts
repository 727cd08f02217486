import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { awsEnvAt, silentEndpoint, type SilentEndpoint } from '../support/silent-endpoint.js';
import { KEY, openTerminal, type Terminal } from './terminal.js';

// Issue 7.4: `q` and Ctrl-C leave the console at once while an AWS call hangs. The endpoint accepts
// and never answers, and the timeout is set to ten minutes, so only closing the session (which
// aborts every call in flight) lets the process end. The guard below is a "did not hang" bound.
const GUARD_MS = 30_000;
const TEN_MINUTES = '600000';

function exitedWithin(t: Terminal, ms: number): Promise<number | 'hung'> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), ms)));
  return Promise.race([t.exited, hung]).finally(() => clearTimeout(timer));
}

interface Case {
  name: string;
  root: () => Promise<string>;
  region: string;
  /** A phase with AWS checks, ready to run once `prepare` closed what it requires. */
  awsPhase: string;
  prepare: (root: string, env: Record<string, string>) => Promise<void>;
}

const CASES: Case[] = [
  {
    name: 'dev_min',
    root: async () => {
      const root = await tempProgramRoot();
      await cp(path.join(REPO, 'sandbox/dev_min/documents'), root, { recursive: true });
      return root;
    },
    region: 'eu-west-2',
    awsPhase: 'M1',
    prepare: async (root, env) => {
      const m0 = await gatewalk(root, ['run', 'M0', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'], env, 60_000);
      expect(m0.code, m0.stderr).toBe(0);
    },
  },
  {
    name: 'shop',
    root: () => copyProgram(SHOP),
    region: SHOP.region,
    awsPhase: 'stage-account', // below go-live-notes (docs-only), where the cursor starts
    prepare: async (root, env) => {
      await cp(path.join(root, 'sandbox/shop_stage/evidence'), path.join(root, 'evidence/stage'), { recursive: true });
      const release = await gatewalk(root, ['run', 'release', '--attest', 'notes=pass:signed'], env, 60_000);
      expect(release.code, release.stderr).toBe(0);
    },
  },
];

describe.each(CASES)('the console on a hung AWS endpoint: $name (issue 7.4)', (c) => {
  let hung: SilentEndpoint;
  let root: string;
  let env: Record<string, string>;
  const open = () =>
    openTerminal(process.execPath, [BIN, '--root', root, '--aws-timeout-ms', TEN_MINUTES], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env },
    });
  beforeAll(async () => {
    hung = await silentEndpoint();
    root = await c.root();
    env = awsEnvAt(hung.url, c.region);
    await c.prepare(root, env);
  }, 120_000);
  afterAll(() => hung?.close());
  const ready = () => new RegExp(`${c.awsPhase}\\s*▶ READY`);

  /** Moves the home cursor onto `id` (the console, not the plain first frame, draws the `›`). */
  async function select(t: Terminal, id: string) {
    const selected = (s: string) => s.includes(`› ${id} `);
    await t.waitFor((s) => selected(s) || /› \S/.test(s));
    for (let i = 0; i < 12 && !selected(t.screen()); i++) {
      const was = t.screen();
      t.press(KEY.down);
      await t.waitFor((s) => s !== was);
    }
    await t.waitFor(selected, 1_000);
  }

  it('q on the home screen quits while the identity lookup hangs', async () => {
    const t = open();
    try {
      await t.waitFor(ready()); // the table is drawn before the header asks STS
      await expect.poll(() => hung.connections(), { timeout: 20_000 }).toBeGreaterThan(0); // the header's identity lookup is hanging
      t.press('q');
      expect(await exitedWithin(t, GUARD_MS)).toBe(0);
    } finally {
      t.kill();
    }
  });

  it('Ctrl-C while opening a phase with AWS checks (its calls hanging) leaves, recorded as interrupted', async () => {
    const t = open();
    try {
      const atOpen = hung.connections();
      await t.waitFor(ready());
      // The header's own identity lookup connects first; only a connection after it is the phase's.
      await expect.poll(() => hung.connections(), { timeout: 20_000 }).toBeGreaterThan(atOpen);
      const before = hung.connections();
      await select(t, c.awsPhase);
      t.press(KEY.enter); // open the AWS phase: its identity lookup hangs
      await t.waitFor(`opening ${c.awsPhase}: asking STS who you are`);
      await expect.poll(() => hung.connections(), { timeout: 20_000 }).toBeGreaterThan(before);
      t.press(KEY.ctrlC);
      expect(await exitedWithin(t, GUARD_MS)).toBe(130);
    } finally {
      t.kill();
    }
  });
});
