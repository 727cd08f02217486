// The build's last step: dist/v8, the V8 code cache of dist/'s files (src/core/code-cache/install.ts), made by
// running the commands an operator runs most (logbook verify, --help, validate, status, the dev_min program's phases
// headless on the sandbox, M4.C blocked, then repinned and green) on a copy of the shipped program,
// each process writing the cache of every dist/ file it loaded, with the functions it compiled. A
// file several commands load keeps the cache of the last one, so the fullest run goes last.
// Commands run with HOME in a scratch folder: nothing of the user's (the program-cache key) is used.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLogbook } from '../bench/gen-logbook.mjs';

export function trainCodeCache(repo) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gatewalk-train-'));
  try {
    // A copy of the shipped program: its registry, runbooks, schemas and sandbox scenario.
    const program = (name) => {
      const root = path.join(scratch, name);
      for (const d of ['registry', 'runbooks', 'schemas', 'sandbox']) cpSync(path.join(repo, d), path.join(root, d), { recursive: true });
      return root;
    };
    const root = program('program');
    mkdirSync(path.join(scratch, 'home'));
    const env = {
      PATH: process.env.PATH,
      HOME: path.join(scratch, 'home'),
      NO_COLOR: '1',
      GATEWALK_CODE_CACHE_WRITE: '1', // into dist/v8 and dist/v8-deps
    };
    const gw = (args, ok = [0], extra = {}) => {
      const r = spawnSync(process.execPath, [path.join(repo, 'bin', 'gatewalk.js'), ...args], {
        env: { ...env, ...extra },
        encoding: 'utf8',
      });
      if (!ok.includes(r.status)) throw new Error(`build: training run \`gatewalk ${args.join(' ')}\` exited ${r.status}\n${r.stderr}`);
    };
    const on = ['--env', 'dev_min', '--root', root];
    // First (what it shares with the commands below is theirs to keep): `logbook verify` on a logbook
    // big enough to be walked by a worker thread too.
    const big = program('big');
    gw(['status', '--env', 'dev_min', '--root', big, '--sandbox']);
    generateLogbook(path.join(big, '.gatewalk', 'sandbox', 'dev_min', 'logbook.jsonl'), 20_000, { env: 'dev_min', kinds: ['note'] });
    gw(['logbook', 'verify', '--env', 'dev_min', '--root', big, '--sandbox']);
    gw(['--help']);
    gw(['validate', ...on]);
    gw(['status', ...on, '--sandbox']);
    gw(['run', 'M0', ...on, '--sandbox', '--attest', 'authority-lock=pass:training', '--attest', 'governance=pass:training']);
    gw(['run', 'M1', ...on, '--sandbox']);
    // Caches off once: what a run loads when the program changed or the sandbox state has no valid
    // note (edited by hand, another machine's key): the program read afresh, the state's schema.
    gw(['run', 'M2.E', ...on, '--sandbox'], [0], { GATEWALK_CACHE: 'off' });
    for (const phase of ['M2', 'M3']) gw(['run', phase, ...on, '--sandbox']);
    gw(['run', 'M4.C', ...on, '--sandbox'], [3]); // blocked: the lane roles are not there yet
    gw(['sandbox', 'apply', 'materialize-lane-roles', ...on]);
    gw(['run', 'M4.C', ...on, '--sandbox', '--repin-from', 'terraform', '--reason', 'training']);
    gw(['run', 'M4.C', ...on, '--sandbox', '--json']);
    return readdirSync(path.join(repo, 'dist', 'v8')).length;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
