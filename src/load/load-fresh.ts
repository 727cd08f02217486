import path from 'node:path';
import { assertResolvesInside } from '../core/confine.js';
import { advice, input, type Said } from '../core/advice.js';
import { GatewalkError, ValidationError } from '../core/errors.js';
import { OverlayDoc, RegistryDoc } from '../core/registry-schema.js';
import { RunbookDoc } from '../core/runbook-schema.js';
import { displayPath, readYamlSource, type YamlSource } from '../core/yaml-source.js';
import { GATES } from '../gates/index.js';
import { findRunbook } from './find-runbook.js';
import type { LoadedFile, LoadedProgram, LoadOptions } from './load-program.js';
import { readRegistry } from './read-registry.js';
import { validateProgram } from './validate-program.js';

// Reading a program from its files: parse (once each), merge by authority, validate every shape and
// reference with the gates' own param schemas. Loaded on demand by load-program.ts, only when the
// validated-program cache cannot answer.

async function mustRead(file: string, root: string, what: string, tryMessage: Said, parsed?: YamlSource) {
  await assertResolvesInside(root, file, what);
  const src = parsed ?? (await readYamlSource(file, root));
  if (!src) throw new GatewalkError(`${what} not found: ${displayPath(file, root)}`, tryMessage);
  return src;
}

export async function loadFresh(root: string, registryFile: string, opts: LoadOptions): Promise<LoadedProgram> {
  const { env, gates = GATES } = opts;
  const registrySrc = await mustRead(
    registryFile,
    root,
    'registry',
    advice`create registry/${env}.yaml, or pass ${input('env')} with an env that has one`,
  );
  const found = opts.runbookPath ? { path: path.resolve(root, opts.runbookPath) } : await findRunbook(root, env, opts.program);
  // findRunbook parsed every candidate to read its env/program: the one picked is not parsed again.
  const runbookSrc = await mustRead(found.path, root, 'runbook', 'check the path, or omit it to pick the runbook for this env', found.src);

  const registry = await readRegistry(registrySrc, root, env);
  const { problems, resolved, phaseHandles } = validateProgram(registry, runbookSrc, gates, env);
  if (problems.length) throw new ValidationError(problems);

  // No problems means every document parses; parse again for defaults and exact types.
  const file = <D>(src: typeof registrySrc, schema: { parse(v: unknown): D }): LoadedFile<D> => ({
    path: src.path,
    text: src.text,
    sha256: src.sha256,
    doc: schema.parse(src.data),
  });
  return {
    root,
    env,
    registry: file(registrySrc, RegistryDoc),
    overlays: registry.overlays.map((o) => ({ path: o.src.path, sha256: o.src.sha256, doc: OverlayDoc.parse(o.src.data), rank: o.rank! })),
    runbook: file(runbookSrc, RunbookDoc),
    resolved,
    authorityDecisions: registry.authorityDecisions,
    sameRankConflicts: registry.sameRankConflicts,
    phaseHandles,
  };
}
