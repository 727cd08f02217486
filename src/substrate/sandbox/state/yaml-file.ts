import type * as z from '../../../core/zod-mini.js';
import { formatProblem, GatewalkError, type Problem } from '../../../core/errors.js';
import { readTextIfExists } from '../../../core/fs/read-file.js';
import { parseYamlSource, problemAt, type Path } from '../../../core/yaml-source.js';

// Scenario and change files are operator-editable YAML: every problem is reported as
// file:line:col so the fix is one jump away. Parsed by the same positioned parser as the program.

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

export async function loadYamlFile<S extends z.ZodMiniType>(file: string, schema: S): Promise<z.output<S>> {
  const text = await readTextIfExists(file);
  if (text === undefined) throw new SandboxFileError([{ file, line: 1, col: 1, message: 'cannot read: ENOENT' }]);
  const src = parseYamlSource(text, file, undefined, { merge: true });
  if (src.problems.length > 0) throw new SandboxFileError(src.problems);
  const parsed = schema.safeParse(src.data);
  if (parsed.success) return parsed.data;
  throw new SandboxFileError(
    parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
      return problemAt(src, issue.path as Path, issue.message + where);
    }),
  );
}
