import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewalkError, ValidationError } from '../core/errors.js';
import { displayPath, parseYamlSource, type YamlSource } from '../core/yaml-source.js';
import { advice, input, oneOf } from '../core/advice.js';

// Which program runs: the one runbook for this env, or the one named by --program. Guessing
// between several would silently run the wrong checklist, so that is an error with the choices.

interface Candidate {
  path: string;
  /** The parsed file (absent when it could not be read). */
  src?: YamlSource;
  env?: string;
  program?: string;
}

function candidates(dir: string, root: string): Candidate[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch {
    names = [];
  }
  if (!names.length) {
    throw new GatewalkError(
      `no runbook found: ${displayPath(dir, root)}/ has no *.yaml files`,
      'create runbooks/<program>.yaml (see the shipped dev_min_spine_green_v0.yaml)',
    );
  }
  const found = names.map((n): Candidate & { problems: Problems } => {
    const file = path.join(dir, n);
    // The same guarded parse as every input (size, UTF-8, depth): a runbook that cannot be read
    // as data might be the one meant, so its problems are reported rather than skipped.
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(file);
    } catch {
      /* unreadable: it matches nothing */
    }
    const src = bytes && parseYamlSource(bytes, file, root);
    const data = src?.data;
    const get = (k: string) =>
      data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)[k] : undefined;
    const env = get('env');
    const program = get('program');
    const problems = src && data === undefined ? src.problems : [];
    return {
      path: file,
      problems,
      ...(src ? { src } : {}),
      ...(typeof env === 'string' ? { env } : {}),
      ...(typeof program === 'string' ? { program } : {}),
    };
  });
  const unreadable = found.flatMap((c) => c.problems);
  if (unreadable.length) throw new ValidationError(unreadable);
  return found;
}

type Problems = ValidationError['problems'];

/** The env of the runbook whose `program:` is `program` (for `--program X` without `--env`). */
export function envOfProgram(root: string, program: string): string {
  const dir = path.join(root, 'runbooks');
  const all = candidates(dir, root);
  const hits = all.filter((c) => c.program === program);
  const envs = [...new Set(hits.flatMap((c) => (c.env ? [c.env] : [])))];
  if (envs.length === 1) return envs[0]!;
  const show = (c: Candidate) => `${displayPath(c.path, root)} (program: ${c.program ?? '?'}, env: ${c.env ?? '?'})`;
  if (envs.length > 1) {
    throw new GatewalkError(
      `program ${program} is in runbooks for several envs: ${hits.map(show).join('; ')}`,
      advice`pass ${oneOf('env', envs)}`,
    );
  }
  const programs = [...new Set(all.flatMap((c) => (c.program ? [c.program] : [])))];
  throw new GatewalkError(
    hits.length
      ? `the runbook with program: ${program} names no env: ${hits.map(show).join('; ')}`
      : `no runbook in ${displayPath(dir, root)}/ has program: ${program}; found ${all.map(show).join('; ')}`,
    hits.length
      ? advice`set \`env:\` at the top of the runbook, or pass ${input('env')}`
      : programs.length
        ? advice`pass ${oneOf('program', programs)}`
        : 'set `program:` and `env:` at the top of the runbook',
  );
}

/** The runbook to load: its absolute path and the parse that picked it (reused, not parsed again). */
export async function findRunbook(root: string, env: string, program?: string): Promise<{ path: string; src?: YamlSource }> {
  const dir = path.join(root, 'runbooks');
  const all = candidates(dir, root);
  const show = (c: Candidate) => `${displayPath(c.path, root)} (program: ${c.program ?? '?'}, env: ${c.env ?? '?'})`;
  let hits = all.filter((c) => (program === undefined ? c.env === env : c.program === program));
  if (hits.length > 1 && program !== undefined) hits = hits.filter((c) => c.env === env); // one program, several envs
  if (hits.length === 1) return { path: hits[0]!.path, ...(hits[0]!.src ? { src: hits[0]!.src } : {}) };
  const wanted = program === undefined ? `env: ${env}` : `program: ${program}`;
  const choices = (hits.length ? hits : all).map(show).join('; ');
  const programs = [...new Set((hits.length ? hits : all).flatMap((c) => (c.program ? [c.program] : [])))];
  const tryMessage = programs.length ? advice`pass ${oneOf('program', programs)}` : 'set `program:` and `env:` at the top of the runbook';
  if (!hits.length) throw new GatewalkError(`no runbook in ${displayPath(dir, root)}/ has ${wanted}; found ${choices}`, tryMessage);
  throw new GatewalkError(`${hits.length} runbooks in ${displayPath(dir, root)}/ have ${wanted}: ${choices}`, tryMessage);
}
