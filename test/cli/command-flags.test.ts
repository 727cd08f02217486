import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Item 13: each command has its own flags. A flag the command does not take is a usage error
// (exit 2) naming it; `gatewalk COMMAND --help` lists exactly that command's flags.

describe('per-command flags through the built CLI', () => {
  let root: string;
  let shop: string;
  beforeAll(async () => {
    [root, shop] = await Promise.all([tempProgramRoot(), copyProgram(SHOP)]);
  });
  afterAll(async () => {
    await Promise.all([rm(root, { recursive: true, force: true }), rm(shop, { recursive: true, force: true })]);
  });

  it('status with run-only and serve-only flags is refused, naming the first such flag', async () => {
    const r = await gatewalk(root, ['status', '--repin', 'ROLE_IG=x', '--port', '99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--repin is not a flag of gatewalk status');
    expect(r.stderr).toContain('gatewalk status --help');
    expect(r.stdout).toBe('');
  });

  it.each([
    [['validate', '--json'], '--json is not a flag of gatewalk validate'],
    [['sandbox', 'serve', '--json'], '--json is not a flag of gatewalk sandbox serve'],
    [['sandbox', 'reset', '--sandbox'], '--sandbox is not a flag of gatewalk sandbox reset'],
    [['logbook', 'verify', '--attest', 'x=pass:y'], '--attest is not a flag of gatewalk logbook verify'],
    [['run', 'release', '--port', '1'], '--port is not a flag of gatewalk run'],
    [['run', 'release', '--bogus'], 'unknown flag --bogus'],
  ])('%j → exit 2 (%s), on a user program too', async (args, message) => {
    for (const dir of [root, shop]) {
      const r = await gatewalk(dir, args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });

  it("COMMAND --help lists that command's flags and no other", async () => {
    const run = await gatewalk(shop, ['run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: gatewalk run PHASE');
    for (const f of ['--attest', '--repin', '--repin-from', '--reason', '--json', '--sandbox']) expect(run.stdout).toContain(f);
    expect(run.stdout).not.toContain('--port');
    const serve = await gatewalk(shop, ['sandbox', 'serve', '--help']);
    expect(serve.stdout).toContain('--port N');
    expect(serve.stdout).not.toContain('--repin');
    const status = await gatewalk(shop, ['status', '--help']);
    expect(status.stdout).toContain('--json');
    expect(status.stdout).not.toMatch(/--attest|--repin|--port|--profile/);
  });

  it('flags still accepted where they apply', async () => {
    expect((await gatewalk(shop, ['status', '--sandbox', '--json', '--env', SHOP.env])).code).toBe(0);
    expect((await gatewalk(shop, ['sandbox', 'status', '--json'])).code).toBe(0);
  });
});
