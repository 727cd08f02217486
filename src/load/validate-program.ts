import type { ResolvedRegistry } from '../core/context.js';
import type { Problem } from '../core/errors.js';
import type { AnyGate } from '../gates/gate.js';
import type { RegistryRead } from './read-registry.js';
import { runbookParts } from './runbook-parts.js';
import { RunbookDoc } from '../core/runbook-schema.js';
import { validateChecks } from './validate-checks.js';
import { validateStructure } from './validate-structure.js';
import { problemAt, type YamlSource } from '../core/yaml-source.js';
import { zodProblems } from './zod-problems.js';

// The runbook against its own rules and against the merged registry, plus everything the
// registry read already found: one sorted list, so the operator fixes them all in one pass.

export interface ProgramCheck {
  problems: Problem[];
  resolved: ResolvedRegistry;
  phaseHandles: Record<string, string[]>;
}

/** By file, then position; identical problems (one cause seen twice) are listed once. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const key = (p: Problem) => `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
  const unique = [...new Map(problems.map((p) => [key(p), p])).values()];
  return unique.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : 1),
  );
}

export function validateProgram(
  registry: RegistryRead,
  runbook: YamlSource,
  gates: ReadonlyMap<string, AnyGate>,
  env: string,
): ProgramCheck {
  const { parts } = registry.primary;
  const registryEnv = parts.env ?? env;
  const resolved: ResolvedRegistry = { env: registryEnv, handles: registry.handles, services: parts.services, documents: parts.documents };
  const problems = [...registry.problems, ...runbook.problems];
  let phaseHandles: Record<string, string[]> = {};
  if (runbook.data !== undefined) {
    const shape = RunbookDoc.safeParse(runbook.data);
    if (!shape.success) problems.push(...zodProblems(runbook, shape.error.issues, { data: runbook.data }));
    const book = runbookParts(runbook.data);
    problems.push(...validateStructure(runbook, book));
    if (book.env !== undefined && book.env !== registryEnv) {
      problems.push(problemAt(runbook, ['env'], `runbook env "${book.env}" does not match the registry env "${registryEnv}"`));
    }
    // With a registry file unreadable, every reference would look unknown: report the cause only.
    if (registry.complete) {
      const files = [registry.primary, ...registry.overlays];
      const checked = validateChecks(runbook, book, gates, {
        resolved,
        malformed: new Set(files.flatMap((f) => [...f.parts.malformed])),
        malformedServices: parts.malformedServices,
      });
      problems.push(...checked.problems);
      phaseHandles = checked.phaseHandles;
    }
  }
  return { problems: sortProblems(problems), resolved, phaseHandles };
}
