import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { formatProblem, ValidationError } from '../../src/core/errors.js';
import { loadProgram, type LoadOptions } from '../../src/load/load-program.js';

// A temp copy of the real project inputs that a test edits as text, plus helpers that compute
// expected positions from that text (so expectations stay exact when the real files grow).

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const REGISTRY = 'registry/dev_min.yaml';
export const RUNBOOK = 'runbooks/dev_min_spine_green_v0.yaml';

export interface Fixture {
  root: string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Replace the first `from` (which must exist, so a stale fixture fails loudly). */
  edit(file: string, from: string, to: string): void;
  /** `file:line:col` of the first `needle` at or after the first `after` (when given), 1-based. */
  at(file: string, needle: string, after?: string): string;
  cleanup(): void;
}

export function fixture(): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), 'gatewalk-load-'));
  for (const dir of ['registry', 'runbooks']) cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  const abs = (f: string) => path.join(root, f);
  const f: Fixture = {
    root,
    read: (file) => readFileSync(abs(file), 'utf8'),
    write: (file, text) => {
      mkdirSync(path.dirname(abs(file)), { recursive: true });
      writeFileSync(abs(file), text);
    },
    edit: (file, from, to) => {
      const text = f.read(file);
      expect(text, `fixture edit: "${from}" not found in ${file}`).toContain(from);
      f.write(file, text.replace(from, to));
    },
    at: (file, needle, after = '') => {
      const text = f.read(file);
      const start = text.indexOf(after);
      const offset = text.indexOf(needle, start);
      expect(start >= 0 && offset >= 0, `"${needle}" not found in ${file}`).toBe(true);
      const lines = text.slice(0, offset).split('\n');
      return `${file}:${lines.length}:${lines.at(-1)!.length + 1}`;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  return f;
}

/** Every problem of loading the fixture, formatted; [] when it loads. */
export async function problemsOf(root: string, opts: Partial<LoadOptions> = {}): Promise<string[]> {
  try {
    await loadProgram({ root, env: 'dev_min', ...opts });
    return [];
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map(formatProblem);
    throw err;
  }
}
