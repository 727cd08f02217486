import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../src/cli/args.js';
import { sandboxCommand } from '../../../src/cli/sandbox-command.js';
import { tempRoot } from './helpers.js';

// `gatewalk sandbox serve` stops on Ctrl-C, also on one that lands while it is still printing
// where it listens (the abort has then fired before anyone waited for it: it used to serve forever).
describe('sandbox serve', () => {
  it('an interrupt that arrived before it started waiting stops it at once, exit 0', async () => {
    const root = await tempRoot();
    const out: string[] = [];
    const interrupted = new AbortController();
    interrupted.abort();
    const code = await sandboxCommand(await parseCli(['sandbox', 'serve', '--root', root]), { out: (t) => out.push(t), err: () => {} }, interrupted.signal);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^sandbox dev_min serving AWS STS, IAM, SSM, EC2, ECR, ECS, ELBv2, Budgets and the Tagging API in eu-west-2 on http:\/\/127\.0\.0\.1:\d+$/);
    await rm(root, { recursive: true, force: true });
  }, 30_000);
});
