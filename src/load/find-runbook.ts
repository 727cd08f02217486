import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, parseDocument } from 'yaml';
import { GatewalkError } from '../core/errors.js';
import { displayPath } from '../core/yaml-source.js';

// Which program runs: the one runbook for this env, or the one named by --program. Guessing
// between several would silently run the wrong checklist, so that is an error with the choices.

interface Candidate {
  path: string;
  env?: string;
  program?: string;
}

async function candidates(dir: string, root: string): Promise<Candidate[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  } catch {
    names = [];
  }
  if (!names.length) {
    throw new GatewalkError(`no runbook found: ${displayPath(dir, root)}/ has no *.yaml files`, 'create runbooks/<program>.yaml (see the shipped dev_min_spine_green_v0.yaml)');
  }
  return Promise.all(
    names.map(async (n): Promise<Candidate> => {
      const file = path.join(dir, n);
      // Only the top-level keys are read here; the chosen file is fully validated later.
      const text = await readFile(file, 'utf8').catch(() => '');
      const doc = parseDocument(text, { prettyErrors: false });
      const get = (k: string) => (isMap(doc.contents) ? doc.get(k) : undefined);
      const env = get('env');
      const program = get('program');
      return { path: file, ...(typeof env === 'string' ? { env } : {}), ...(typeof program === 'string' ? { program } : {}) };
    }),
  );
}

/** Absolute path of the runbook to load. */
export async function findRunbook(root: string, env: string, program?: string): Promise<string> {
  const dir = path.join(root, 'runbooks');
  const all = await candidates(dir, root);
  const show = (c: Candidate) => `${displayPath(c.path, root)} (program: ${c.program ?? '?'}, env: ${c.env ?? '?'})`;
  const hits = all.filter((c) => (program === undefined ? c.env === env : c.program === program));
  if (hits.length === 1) return hits[0]!.path;
  const wanted = program === undefined ? `env: ${env}` : `program: ${program}`;
  const choices = (hits.length ? hits : all).map(show).join('; ');
  const programs = [...new Set((hits.length ? hits : all).flatMap((c) => (c.program ? [c.program] : [])))];
  const tryMessage = programs.length ? `pass --program ${programs.join(' or --program ')}` : 'set `program:` and `env:` at the top of the runbook';
  if (!hits.length) throw new GatewalkError(`no runbook in ${displayPath(dir, root)}/ has ${wanted}; found ${choices}`, tryMessage);
  throw new GatewalkError(`${hits.length} runbooks in ${displayPath(dir, root)}/ have ${wanted}: ${choices}`, tryMessage);
}
