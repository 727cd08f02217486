import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BIN, type CliResult } from '../cli/cli-harness.js';

// Runs the built CLI under crash-preload.mjs and reads back what a crash left, for the
// crash-point suite. Every check reads files only: no gatewalk code decides whether gatewalk
// kept its promises.

const PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-preload.mjs');

export interface CrashRun extends CliResult {
  signal: NodeJS.Signals | null;
}

/**
 * The built CLI with the crash preload: killed after file operation `crashAt` (0: never), or
 * `killAfterMs` after it started (SIGKILL from outside, at whatever it was doing).
 */
export function gatewalkCrashing(
  root: string,
  args: string[],
  crashAt: number,
  countFile?: string,
  signal = 'SIGKILL',
  killAfterMs?: number,
): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: root,
      NO_COLOR: '1',
      GATEWALK_CRASH_AT: String(crashAt),
      GATEWALK_CRASH_SIGNAL: signal,
      ...(countFile ? { GATEWALK_CRASH_COUNT: countFile } : {}),
    };
    const child = spawn(process.execPath, ['--import', PRELOAD, BIN, ...args, '--root', root], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export async function copyRoot(from: string): Promise<string> {
  const to = await mkdtemp(path.join(os.tmpdir(), 'gw-crash-'));
  await cp(from, to, { recursive: true });
  return to;
}

export async function removeRoot(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 2 });
}

interface Rec {
  seq: number;
  kind: string;
  data: Record<string, unknown>;
}

export interface Workspace {
  logbook: string;
  implActual: string;
  registry: string;
  evidence: string;
}

export function sandboxFiles(root: string, env: string): Workspace {
  const dir = path.join(root, '.gatewalk', 'sandbox', env);
  return {
    logbook: path.join(dir, 'logbook.jsonl'),
    implActual: path.join(dir, 'impl_actual.md'),
    registry: path.join(dir, 'registry', `${env}.yaml`),
    evidence: path.join(dir, 'evidence'),
  };
}

export async function records(ws: Workspace): Promise<Rec[]> {
  const text = await readFile(ws.logbook, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
}

/** handle → pinned value (or PENDING). */
export async function pins(registry: string): Promise<Record<string, string>> {
  const doc = parse(await readFile(registry, 'utf8')) as { handles: Record<string, { value?: string; pending?: boolean }> };
  return Object.fromEntries(Object.entries(doc.handles).map(([h, v]) => [h, v.value ?? 'PENDING']));
}

/** Every published snapshot: `<evidence>/<phase>/<stamp>/<file>.json` with its SHA-256. */
export async function snapshots(ws: Workspace, names: ReadonlySet<string>): Promise<Array<{ file: string; sha256: string }>> {
  const out: Array<{ file: string; sha256: string }> = [];
  for (const phase of await readdir(ws.evidence).catch(() => [] as string[])) {
    for (const stamp of await readdir(path.join(ws.evidence, phase)).catch(() => [] as string[])) {
      if (stamp.startsWith('.')) continue;
      for (const name of await readdir(path.join(ws.evidence, phase, stamp)).catch(() => [] as string[])) {
        if (!names.has(name)) continue;
        const file = path.join(ws.evidence, phase, stamp, name);
        out.push({
          file,
          sha256: createHash('sha256')
            .update(await readFile(file))
            .digest('hex'),
        });
      }
    }
  }
  return out;
}

/** Logbook seqs impl_actual has a section for, in file order. */
export async function implSeqs(ws: Workspace): Promise<number[]> {
  const text = await readFile(ws.implActual, 'utf8').catch(() => '');
  return [...text.matchAll(/^- \*\*logbook_seq:\*\* (\d+)$/gm)].map((m) => Number(m[1]));
}

/** Kinds that have an impl_actual section. */
export const DESCRIBED = new Set(['repin', 'repin.failed', 'conflict.stop', 'abort', 'attest', 'verdict.sealed', 'verdict.failed']);

/** Staging folders left in phase folders. */
export async function stagingLeft(ws: Workspace): Promise<string[]> {
  const left: string[] = [];
  for (const phase of await readdir(ws.evidence).catch(() => [] as string[])) {
    for (const e of await readdir(path.join(ws.evidence, phase)).catch(() => [] as string[]))
      if (e.startsWith('.staging-')) left.push(path.join(phase, e));
  }
  return left;
}
