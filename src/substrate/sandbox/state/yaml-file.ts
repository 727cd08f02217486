import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { formatProblem, GatewalkError, type Problem } from '../../../core/errors.js';

// Scenario and change files are operator-editable YAML: every problem is reported as
// file:line:col so the fix is one jump away.

export class SandboxFileError extends GatewalkError {
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in sandbox scenario files:\n` +
        problems.map((p) => '  ' + formatProblem(p)).join('\n'),
      'fix the lines above (formats: sandbox/<env>/README.md), then retry',
    );
    this.name = 'SandboxFileError';
  }
}

export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SandboxFileError([{ file, line: 1, col: 1, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  if (doc.errors.length > 0) {
    throw new SandboxFileError(doc.errors.map((e) => ({ file, ...at(e.pos[0]), message: e.message })));
  }
  const parsed = schema.safeParse(doc.toJS({ maxAliasCount: 1000 }));
  if (parsed.success) return parsed.data;
  throw new SandboxFileError(
    parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
      return { file, ...at(offsetOf(doc.contents, issue.path)), message: issue.message + where };
    }),
  );
}

/** Source offset of the deepest node that exists along `path` (a missing key points at its parent). */
function offsetOf(root: unknown, path: readonly PropertyKey[]): number {
  let node = root as Node | null | undefined;
  let offset = node?.range?.[0] ?? 0;
  for (const key of path) {
    const container = node as { get?: (k: unknown, keepScalar: boolean) => unknown } | null | undefined;
    if (typeof container?.get !== 'function') break;
    const next = container.get(key, true) as Node | undefined;
    if (!next?.range) break;
    node = next;
    offset = next.range[0];
  }
  return offset;
}
