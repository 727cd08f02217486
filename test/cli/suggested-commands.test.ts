import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, runBinary } from './cli-harness.js';

// Issue 7.11 (and 7.7): a command gatewalk suggests carries the flags in effect, so pasted as shown
// it acts on the same root, env and substrate, never on the real account or another registry. The
// engine only says "run release" as data; the CLI spells it with the flags of this invocation.

/** The binary as a user runs it: from `cwd`, with exactly these words (no --root added). */
const pasted = (cwd: string, argv: string[]) => runBinary(argv, { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1' }, cwd);

describe('suggested commands carry the flags in effect (second program, shop_stage)', { timeout: 240_000 }, () => {
  let root: string;
  let elsewhere: string;
  beforeAll(async () => {
    root = await copyProgram(SHOP);
    elsewhere = await mkdtemp(path.join(os.tmpdir(), 'gw-elsewhere-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('the requires refusal suggests `gatewalk run release --env … --sandbox --root …`; pasted from another folder, it acts on this root', async () => {
    const refused = await pasted(elsewhere, ['run', 'stage-account', '--env', SHOP.env, '--sandbox', '--root', root]);
    expect(refused.code, refused.stderr).toBe(3);
    const line = `gatewalk run release --env ${SHOP.env} --sandbox --root ${root}`;
    expect(refused.stderr).toContain(`close release green first (${line}), then rerun what depends on it`);

    // Paste it (plus the attestation headless runs need) from a folder that is not the program.
    const words = line.split(' ').slice(1);
    const ran = await pasted(elsewhere, [...words, '--attest', 'notes=pass:signed off']);
    expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toContain('release GREEN');
    const status = await pasted(elsewhere, ['status', '--env', SHOP.env, '--sandbox', '--root', root]);
    expect(status.stdout).toMatch(/GREEN\s+release /);
    expect(status.stdout).toMatch(/READY\s+stage-account /);
  });

  it('engine refusals of a repin name the flag on the command line and suggest commands with the flags in effect', async () => {
    const unknown = await gatewalk(root, ['run', 'release', '--sandbox', '--repin', 'NO_SUCH=x', '--reason', 'typo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('gatewalk: --repin NO_SUCH: no such handle in the registry');
    expect(unknown.stderr).toContain(`try: check the name with \`gatewalk validate --env ${SHOP.env} --sandbox --root ${root}\``);
    const invalid = await gatewalk(root, ['run', 'release', '--sandbox', '--repin', 'WORKER_ROLE=not-an-arn', '--reason', 'typo']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^gatewalk: --repin WORKER_ROLE=not-an-arn: \S/m);
  });
});
